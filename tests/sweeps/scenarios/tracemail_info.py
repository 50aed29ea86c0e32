# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.tracemail_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

ENTRIES = ([{"account": 802, "to": "r%03d@example.org" % i, "subject": "Sweep %d" % i} for i in range(230)]
           + [{"account": 802, "to": "gone@bounce.test", "status": "bounce"}] * 3)

SCENARIO = Scenario(
    name="tracemail_info",
    kind="info",
    seed={"delivery_domains": [{"name": "mail.example.com", "code": "dlv-sweep", "verified": True}],
          "delivery_accounts": [{"id": 802, "description": "Sweep", "domain_codes": ["dlv-sweep"]}],
          "tracemail": ENTRIES},
    steps={
        "everything": dict(include=["mailouts", "counters", "daily_statistics", "domain_ranking", "accounts", "domains"]),
        "filtered": dict(account="Sweep", to="gone@bounce.test", status="bounce"),
        "page": dict(page=2),
    },
    ops=[
        Op("paging", "everything", "GET", "/api/delivery/tracemail/mailouts"),
        Op("counters", "everything", "GET", "/api/delivery/tracemail/counters"),
        Op("reports", "everything", "GET", "/api/delivery/tracemail/daily_statistics"),
        Op("find", "filtered", "GET", "/api/delivery/accounts"),
        Op("list", "page", "GET", "/api/delivery/tracemail/mailouts"),
    ],
    bad=[
        Bad(dict(start_date="2026-02-30"), "start_date", base="filtered"),
        Bad(dict(start_date="2026-05-01", end_date="2026-04-01"), "start_date", base="filtered"),
        Bad(dict(to="nobody"), "to", base="filtered"),
        Bad(dict(collection="errors", status="bounce"), "status", base="filtered"),
        Bad(dict(error_category="auth"), "error_category", base="everything"),
        Bad(dict(page=0), "page", base="page"),
        Bad(dict(include=["counters"], page=1), "page", base="page"),
        Bad(dict(account="No such account"), "account", base="filtered", reads=True),
    ],
    valid=[
        dict(base="filtered", start_date="2026-01-01", end_date="2026-12-31"),
        dict(base="everything", collection="errors", error_category="limits"),
        dict(base="filtered", account="802", **{"from": "Sender@Mail.Example.com"}),
    ],
)
