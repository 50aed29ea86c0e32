# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_account."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DELIVERY_DOMAIN, named

ACCOUNTS = "/api/delivery/accounts"

SCENARIO = Scenario(
    name="delivery_account",
    kind="resource",
    seed={"delivery_domains": [DELIVERY_DOMAIN]},
    steps={
        "create": dict(description="Shop", type="transactional", allow_nets=["203.0.113.0/24"], domains=["mail.example.com"]),
        "update": dict(description="Shop", bounce_notification="bounces@example.com", ignore_suppression_list=True),
        "reset": dict(description="Shop", reset_password=True),
        "disable": dict(description="Shop", state="disabled"),
        "delete": dict(description="Shop", state="absent"),
    },
    triggers=["reset"],
    ops=[
        Op("find", "update", "GET", ACCOUNTS),
        Op("create", "create", "POST", ACCOUNTS, write=True, idempotent=False, reveals="smtp_credentials"),
        Op("update", "update", "PUT", ACCOUNTS + "/*", write=True),
        Op("secret", "reset", "PUT", ACCOUNTS + "/*/reset_password", write=True, idempotent=False,
           reveals="smtp_credentials"),
        Op("status", "disable", "PUT", ACCOUNTS + "/*/status", write=True),
        Op("delete", "delete", "DELETE", ACCOUNTS + "/*", write=True),
    ],
    bad=[
        Bad(dict(type="promo"), "type", base="create"),
        Bad(dict(num_messages=100), "num_messages", base="update"),
        Bad(dict(num_messages=-1, override_plan_num_messages=True), "num_messages", base="update"),
        Bad(dict(allow_nets=["300.1.1.1"]), "allow_nets", base="create"),
        Bad(dict(bounce_notification="bounces"), "bounce_notification", base="update"),
        Bad(dict(domains=["unknown.example.com"]), "domains", base="create", reads=True),
        Bad(dict(description=" "), "description", base="create"),
        Bad(dict(delete_after_billing=True), "delete_after_billing", base="update"),
        Bad(dict(reset_password=True), "reset_password", base="delete"),
        Bad(dict(description=None, id="seven"), "id", base="update"),
    ],
    valid=[dict(base="update", bounce_notification=""), dict(base="create", allow_nets=[])],
    count=named("delivery_accounts", "description", "shop"),
)
