# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.mailbox."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SECRET = "Sw33p-mailbox-pw\n"      # distinctive; the trailing newline is part of the secret sweep
ITEM_SECRET = "Sw33p-item-pw-7"
BOXES = "/api/domains/*/email_accounts"

SCENARIO = Scenario(
    name="mailbox",
    kind="resource",
    seed={"domains": [{"name": "example.com", "customer_code": "C100000001", "status": "enabled",
                       "max_email_quota": 8589934592}]},
    steps={
        "create": dict(address="alice@example.com", firstname="Alice", password=SECRET, quota="2G"),
        "update": dict(address="alice@example.com", quota="5G", language="it", forward_to=["bob@example.org"]),
        "disable": dict(address="alice@example.com", state="disabled", bounce_message="Alice has left"),
        "list": dict(domain="example.com", mailboxes=[dict(name="l%d" % i, firstname="L", password=ITEM_SECRET)
                                                      for i in range(3)], workers=2),
        "delete": dict(address="alice@example.com", state="absent"),
    },
    ops=[
        Op("find", "update", "GET", BOXES),
        Op("create", "create", "POST", BOXES, write=True, idempotent=False),
        Op("wait", "create", "GET", BOXES + "/*"),
        Op("update", "update", "PUT", BOXES + "/*", write=True),
        Op("status", "disable", "PUT", BOXES + "/*/status", write=True),
        Op("list_mode", "list", "POST", BOXES, write=True, idempotent=False),
        Op("delete", "delete", "DELETE", BOXES + "/*", write=True),
    ],
    secrets=[SECRET, ITEM_SECRET],
    bad=[
        Bad(dict(quota="7M"), "quota", base="create"),
        Bad(dict(quota="5gb"), "quota", base="create"),
        Bad(dict(password="short1"), "password", base="create"),
        Bad(dict(password="onlyletters"), "password", base="create"),
        Bad(dict(quota="16G"), "quota", base="create", reads=True, note="above the domain's maximum"),
        Bad(dict(forward_to=["not-an-address"]), "forward_to", base="update"),
        Bad(dict(allow_nets=["10.0.0.300"]), "allow_nets", base="update"),
        Bad(dict(timezone="Mars/Olympus"), "timezone", base="update"),
        Bad(dict(autoresponder_start_date="2026-02-31"), "autoresponder_start_date", base="update"),
        Bad(dict(outbound_limit=-1), "outbound_limit", base="update"),
        Bad(dict(outbound_limit="a million a day"), "outbound_limit", base="update", reads=True,
            note="a description that names no outbound limit option"),
        Bad(dict(address="../x@example.com"), "name", base="create"),
        Bad(dict(address="a/b?c@example.com"), "name", base="create"),
        Bad(dict(address="x" * 300 + "@example.com"), "name", base="create"),
        Bad(dict(bounce_message="bye"), "bounce_message", base="update"),
        Bad(dict(workers=0), "workers", base="list"),
        Bad(dict(wait_timeout=-1), "wait_timeout", base="update"),
        Bad(dict(address="alice@example.com", name="bob"), "name", base="update"),
    ],
    valid=[
        dict(base="update", autoresponder_start_date="", autoresponder_end_date=""),
        dict(base="update", timezone="UTC"),
        dict(base="update", outbound_limit="250 Messages per day"),
        dict(base="update", allow_nets=["2001:db8::/32", "203.0.113.0/24"]),
        dict(base="create", address="First.Last+tag@Example.COM"),
    ],
    count=lambda sim: sum(1 for b in sim.state("email_accounts") if b["name"] == "alice"),
)
