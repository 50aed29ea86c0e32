# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.email_log_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.signature import SEED

# Log entries come only from POST /_sim/email_logs (not a seed collection): the sweep reads empty logs, which still
# exercises the references, the paging and every fault.

SCENARIO = Scenario(
    name="email_log_info",
    kind="info",
    seed=SEED,
    steps={
        "domain": dict(kind="incoming", domain="example.com", days=7),
        "mailbox": dict(kind="incoming", mailbox="alice@example.com", status="rejected"),
        "window": dict(kind="access", domain="example.com", start_date="2026-01-01", end_date="2026-01-31", query="203.0"),
    },
    ops=[
        Op("list", "domain", "GET", "/api/domains/*/logs/incoming"),
        Op("list", "mailbox", "GET", "/api/domains/*/email_accounts/*/logs/incoming"),
        Op("find", "mailbox", "GET", "/api/domains/*/email_accounts"),
    ],
    bad=[
        Bad(dict(start_date="2026-02-30"), "start_date", base="window"),
        Bad(dict(start_date="2026-02-01", end_date="2026-01-01"), "start_date", base="window"),
        Bad(dict(days=0), "days", base="domain"),
        Bad(dict(days=31), "days", base="domain"),
        Bad(dict(kind="all"), "kind", base="domain"),
        Bad(dict(mailbox="alice@example.org"), "mailbox", base="domain"),
        Bad(dict(domain="not a domain"), "domain", base="domain"),
        Bad(dict(domain="nope.example"), "domain", base="domain", reads=True),
    ],
    valid=[dict(base="domain", days=30), dict(base="window", query="o'brien+x@example.com")],
)
