# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.manager."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SECRET = "Sw33p-manager-pw\n"      # distinctive; the trailing newline is part of the secret sweep
ITEM = "/api/managers/*"
RESELLER = "C100000003"

SCENARIO = Scenario(
    name="manager",
    kind="resource",
    token="qbx-reseller-dev-token",
    seed={"domains": [{"name": "a.example.com", "customer_code": RESELLER, "status": "enabled"},
                      {"name": "b.example.com", "customer_code": RESELLER, "status": "enabled"}],
          "delivery_domains": [{"name": "mail.example.com", "customer_code": RESELLER, "verified": True,
                                "code": "DDSWEEP0001"}],
          "delivery_accounts": [{"description": "Shop", "customer_code": RESELLER, "domain_codes": ["DDSWEEP0001"]},
                                {"description": "Other", "customer_code": RESELLER}]},
    steps={
        "create": dict(email="it@example.com", firstname="Ada", lastname="Byron", password=SECRET,
                       domains=["a.example.com"], delivery_domains=["mail.example.com"], max_email_quota="5G",
                       max_delivery_accounts=5),
        "update": dict(email="it@example.com", domains=["b.example.com"], max_domains=3, delivery_domains=[],
                       delivery_accounts=["Other"]),
        "password": dict(email="it@example.com", password=SECRET, update_password="always"),
        "disable": dict(email="it@example.com", state="disabled"),
        "delete": dict(email="it@example.com", state="absent"),
    },
    ops=[
        Op("find", "update", "GET", "/api/managers"),
        Op("create", "create", "POST", "/api/managers", write=True, idempotent=False),
        Op("update", "update", "PUT", ITEM, write=True),
        Op("preview", "update", "PUT", ITEM + "/assign/delivery/preview"),
        Op("assign", "update", "PUT", ITEM + "/assign/delivery", write=True),
        Op("unassign", "update", "PUT", ITEM + "/unassign/delivery", write=True),
        Op("secret", "password", "PUT", ITEM, write=True),
        Op("status", "disable", "PUT", ITEM + "/status", write=True),
        Op("delete", "delete", "DELETE", ITEM, write=True),
    ],
    secrets=[SECRET],
    triggers=["password"],
    bad=[
        Bad(dict(max_email_quota="7M"), "max_email_quota", base="create"),
        Bad(dict(max_email_quota="5 GB"), "max_email_quota", base="create"),
        Bad(dict(max_domains=-2), "max_domains", base="update"),
        Bad(dict(max_delivery_accounts="many"), "max_delivery_accounts", base="update"),
        Bad(dict(password="short1"), "password", base="create"),
        Bad(dict(password="onlyletters"), "password", base="create"),
        Bad(dict(email="not-an-address"), "email", base="create"),
        Bad(dict(email="a@b@example.com"), "email", base="create"),
        Bad(dict(domains=["bad_domain"]), "domains", base="update"),
        Bad(dict(domains=["unknown.example.com"]), "domains", base="update", reads=True),
        Bad(dict(delivery_domains=["unknown.example.com"]), "delivery_domains", base="update", reads=True),
        Bad(dict(delivery_accounts=["Missing"]), "delivery_accounts", base="update", reads=True),
        Bad(dict(firstname=None, password=None), "firstname", base="create", reads=True, note="required to create"),
    ],
    valid=[
        dict(base="update", max_email_quota="100G"),
        dict(base="update", domains=[], delivery_accounts=[]),
        dict(base="update", max_domains=-1),
    ],
    count=lambda sim: sum(1 for m in sim.state("managers") if m["email_address"] == "it@example.com"),
)
