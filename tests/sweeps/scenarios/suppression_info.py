# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.suppression_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="suppression_info",
    kind="info",
    seed={"suppressions": [{"customer_code": "C100000001", "email": "a@example.org", "reason": "bounce"}]},
    steps={"one": dict(email="a@example.org"), "all": dict(reason="bounce", status="enabled"), "page": dict(page=1)},
    ops=[Op("find", "one", "POST", "/api/delivery/suppression_lists/details"),
         Op("list", "all", "GET", "/api/delivery/suppression_lists")],
    bad=[Bad(dict(email="not-an-address"), "email", base="one"), Bad(dict(page=0), "page", base="page"),
         Bad(dict(email="a@example.org", query="a"), "email", base="one"),
         Bad(dict(account="Nobody"), "account", base="all", reads=True),
         Bad(dict(added_on="07/12/2026"), "added_on", base="all"), Bad(dict(category=" "), "category", base="all"),
         Bad(dict(account_code=""), "account_code", base="all")],
    valid=[dict(base="one", email="A@Example.org")],
)
