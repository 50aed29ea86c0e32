# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.vault_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.vault import SCENARIO as VAULT

SCENARIO = Scenario(
    name="vault_info",
    kind="info",
    seed=VAULT.seed,
    setup=[("vault", VAULT.steps["create"])],
    steps={
        "list": dict(archive_status="enabled", query="example"),
        "domain": dict(domain="example.com"),
        "account": dict(domain="example.com", address="bob@example.com"),
    },
    ops=[
        Op("list", "list", "GET", "/api/archive/domains"),
        Op("find", "domain", "GET", "/api/domains"),
        Op("list", "account", "GET", "/api/archive/domains/*/email_accounts"),
    ],
    bad=[
        Bad(dict(archive_status="archived"), "archive_status", base="list"),
        Bad(dict(sort="down"), "sort", base="list"), Bad(dict(sort_field="name desc"), "sort_field", base="list"),
        Bad(dict(sort="asc"), "sort", base="domain"),
        Bad(dict(domain=None), "domain", base="account", note="address needs domain"),
        Bad(dict(address="bob"), "address", base="account"),
        Bad(dict(address="bob@example.org"), "address", base="account", reads=True),
        Bad(dict(domain="example.org"), "domain", base="domain", reads=True),
    ],
    valid=[dict(base="domain", domain="EXAMPLE.com"), dict(base="account", archive_status="failure")],
)
