# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of the lookup qboxmail.qboxmail.tracemail (its options are the lookup's keyword arguments)."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="tracemail",
    kind="lookup",
    seed={"delivery_domains": [{"name": "mail.example.com", "code": "dlv-sweep", "verified": True}],
          "delivery_accounts": [{"id": 803, "description": "Sweep", "domain_codes": ["dlv-sweep"]}],
          "tracemail": [{"account": 803, "to": "r%03d@example.org" % i} for i in range(250)]
          + [{"account": 803, "to": "x@bounce.test", "status": "bounce"}] * 3},
    steps={
        "everything": dict(),
        "bounces": dict(to="x@bounce.test", status="bounce", account="Sweep"),
        "counters": dict(kind="counters"),
    },
    ops=[
        Op("paging", "everything", "GET", "/api/delivery/tracemail/mailouts"),
        Op("find", "bounces", "GET", "/api/delivery/accounts"),
        Op("counters", "counters", "GET", "/api/delivery/tracemail/counters"),
    ],
    secrets=["qbx-customer-dev-token"],
    bad=[
        Bad(dict(start_date="20260401"), "start_date", base="bounces"),
        Bad(dict(to="x@"), "to", base="bounces"),
        Bad(dict(collection="queued", status="bounce"), "status", base="bounces"),
        Bad(dict(api_token=""), "api_token", base="everything", note="lookups get no module_defaults"),
        Bad(dict(account="Nobody"), "account", base="bounces", reads=True),
    ],
    valid=[dict(base="bounces", end_date="2099-12-31"), dict(base="counters", auth_protocol="api")],
    notes="A lookup runs on the controller: the runner gives api_url and api_token as keyword arguments (or the "
          "QBOXMAIL_API_URL / QBOXMAIL_API_TOKEN environment variables); errors are AnsibleError with the HTTP status.",
)
