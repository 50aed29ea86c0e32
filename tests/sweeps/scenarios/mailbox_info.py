# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.mailbox_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DOMAIN

SCENARIO = Scenario(
    name="mailbox_info",
    kind="info",
    seed={"domains": [DOMAIN]},
    setup=[("mailbox", dict(address="alice@example.com", firstname="Alice", password="Sw33p-info-pw1"))],
    steps={"one": dict(address="alice@example.com"), "all": dict(domain="example.com", status="enabled")},
    ops=[Op("find", "one", "GET", "/api/domains/*/email_accounts"), Op("list", "all", "GET", "/api/domains/*/email_accounts")],
    secrets=["Sw33p-info-pw1"],
    bad=[
        Bad(dict(code="../../delivery"), "code", base="all"),
        Bad(dict(code="EA1"), "code", base="all"),
        Bad(dict(address="not-an-address"), "address", base="one"),
        Bad(dict(name="a/b"), "name", base="all"),
        Bad(dict(domain="bad domain"), "domain", base="all"),
    ],
    valid=[dict(base="one", address="ALICE@example.com")],
)
