# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.domain."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import named

SECRET = "Sw33p-postmaster-9\n"

SCENARIO = Scenario(
    name="domain",
    kind="resource",
    steps={
        "create": dict(name="example.com", postmaster_password=SECRET, plan="professional", default_quota="2G"),
        "update": dict(name="example.com", antispam_level="aggressive", allow_nets=["203.0.113.0/24"],
                       max_email_accounts=50, imap=False),
        "delete": dict(name="example.com", state="absent", confirm_delete_domain=True),
    },
    ops=[
        Op("find", "update", "GET", "/api/domains"),
        Op("create", "create", "POST", "/api/domains", write=True, idempotent=False),
        Op("wait", "create", "GET", "/api/domains/*"),
        Op("update", "update", "PUT", "/api/domains/*", write=True),
        Op("delete", "delete", "DELETE", "/api/domains/*", write=True),
    ],
    secrets=[SECRET],
    bad=[
        Bad(dict(postmaster_password="onlyletters"), "postmaster_password", base="create"),
        Bad(dict(default_quota="3.5G"), "default_quota", base="create"),
        Bad(dict(max_email_quota="12G"), "max_email_quota", base="create"),
        Bad(dict(name="www.example.com"), "name", base="create"),
        Bad(dict(name="example..com"), "name", base="create"),
        Bad(dict(name="example.com/../x"), "name", base="create"),
        Bad(dict(name="exa?mple.com"), "name", base="create"),
        Bad(dict(name="x" * 300 + ".com"), "name", base="create"),
        Bad(dict(allow_nets=["203.0.113.0/33"]), "allow_nets", base="update"),
        Bad(dict(catch_all_enabled=True, catch_all_destination="nobody"), "catch_all_destination", base="update"),
        Bad(dict(catch_all_enabled=True), "catch_all_destination", base="update"),
        Bad(dict(max_email_accounts=-2), "max_email_accounts", base="update"),
        Bad(dict(max_email_accounts_25gb="many"), "max_email_accounts_25gb", base="update"),
        Bad(dict(outbound_limit=-1), "outbound_limit", base="update"),
        Bad(dict(plan="gold"), "plan", base="update"),
        Bad(dict(ownership_method="email"), "ownership_method", base="update"),
        Bad(dict(ownership_email="postmaster@example.com"), "ownership_email", base="update"),
        Bad(dict(state="absent", dkim="enabled"), "dkim", base="delete"),
        Bad(dict(confirm_delete_domain=False), "confirm_delete_domain", base="delete"),
        Bad(dict(default_quota="5 GB"), "default_quota", base="create"),
    ],
    valid=[
        dict(base="create", name="Example.COM."),
        dict(base="create", name="example.xn--p1ai"),
        dict(base="update", max_email_accounts=-1),
        dict(base="update", allow_nets=[]),
    ],
    count=named("domains", "name", "example.com"),
)
