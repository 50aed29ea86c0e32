# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.alias_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DOMAIN

SCENARIO = Scenario(
    name="alias_info",
    kind="info",
    seed={"domains": [DOMAIN]},
    setup=[("alias", dict(address="info@example.com", destinations=["a@example.org"]))],
    steps={"one": dict(address="info@example.com"), "all": dict(domain="example.com")},
    ops=[Op("find", "one", "GET", "/api/domains/*/alias_email_accounts"),
         Op("list", "all", "GET", "/api/domains/*/alias_email_accounts")],
    bad=[Bad(dict(code="AE1/../x"), "code", base="all"), Bad(dict(address="info"), "address", base="one"),
         Bad(dict(address="info@example.com", code="AE12345678"), "address", base="one")],
    valid=[dict(base="one", address="INFO@example.com")],
)
