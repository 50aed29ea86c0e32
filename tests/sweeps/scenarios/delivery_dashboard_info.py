# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_dashboard_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="delivery_dashboard_info",
    kind="info",
    seed={"delivery_accounts": [{"id": 901, "description": "Shop"}],
          "tracemail": [{"account": 901, "status": "delivered"}] * 199 + [{"account": 901, "status": "bounce"}]},
    steps={
        "all": dict(),
        "account": dict(account="Shop", alert_severity="warning"),
        "window": dict(start_date="2026-01-01", end_date="2026-01-31", alert_code="quota_usage"),
    },
    ops=[
        Op("find", "account", "GET", "/api/delivery/accounts"),
        Op("dashboard", "all", "GET", "/api/delivery/tracemail/dashboard"),
        Op("alerts", "all", "GET", "/api/delivery/dashboard/alerts"),
    ],
    bad=[
        Bad(dict(start_date="2026-02-30"), "start_date", base="window"),
        Bad(dict(end_date="31/01/2026"), "end_date", base="window"),
        Bad(dict(start_date="2026-02-01", end_date="2026-01-01"), "start_date", base="window"),
        Bad(dict(alert_severity="fatal"), "alert_severity", base="account"),
        Bad(dict(domain="not a domain"), "domain", base="all"),
        Bad(dict(account="Missing"), "account", base="account", reads=True),
    ],
    valid=[dict(base="all", domain="mail.example.com"), dict(base="account", account="901")],
)
