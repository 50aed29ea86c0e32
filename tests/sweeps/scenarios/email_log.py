# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of the qboxmail.qboxmail.email_log lookup (terms under `_terms`, options as keyword arguments)."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.signature import SEED

SCENARIO = Scenario(
    name="email_log",
    kind="lookup",
    seed=SEED,
    steps={
        "domain": dict(_terms=["incoming", "outgoing"], domain="example.com", days=7),
        "mailbox": dict(_terms=["incoming"], mailbox="alice@example.com", status="rejected"),
    },
    ops=[
        Op("find", "domain", "GET", "/api/domains"),
        Op("list", "domain", "GET", "/api/domains/*/logs/*"),
        Op("list", "mailbox", "GET", "/api/domains/*/email_accounts/*/logs/incoming"),
    ],
    bad=[
        Bad(dict(_terms=["everything"]), "kind", base="domain"),
        Bad(dict(_terms=[]), "kind", base="domain"),
        Bad(dict(days=2, start_date="2026-01-01"), "days", base="domain"),
        Bad(dict(start_date="2026-13-01", days=None), "start_date", base="domain"),
        Bad(dict(domain=None, mailbox=None), "domain", base="domain"),
        Bad(dict(api_url="ftp://example.com"), "api_url", base="domain"),
        Bad(dict(domain="nope.example"), "domain", base="domain", reads=True),
    ],
    valid=[dict(base="mailbox", mailbox="ALICE@example.com")],
    notes="Lookups get no module_defaults: the sweep passes api_url and api_token as keyword arguments.",
)
