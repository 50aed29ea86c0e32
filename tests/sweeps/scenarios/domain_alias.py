# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.domain_alias."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DOMAIN, named

ALIASES = "/api/domains/*/aliases"

SCENARIO = Scenario(
    name="domain_alias",
    kind="resource",
    seed={"domains": [DOMAIN]},
    steps={
        "create": dict(name="example.net", domain="example.com"),
        "ownership": dict(name="example.net", domain="example.com", ownership_method="email",
                          ownership_email="postmaster@example.net"),
        "delete": dict(name="example.net", domain="example.com", state="absent"),
    },
    ops=[
        Op("find", "create", "GET", ALIASES),
        Op("create", "create", "POST", ALIASES, write=True, idempotent=False),
        Op("ownership", "ownership", "PUT", ALIASES + "/*/email_ownership_check", write=True, idempotent=False),
        Op("delete", "delete", "DELETE", ALIASES + "/*", write=True),
    ],
    bad=[
        Bad(dict(name="www.example.net"), "name", base="create"),
        Bad(dict(name="example.net/.."), "name", base="create"),
        Bad(dict(ownership_method="email"), "ownership_method", base="create"),
        Bad(dict(ownership_method="dns", ownership_code="123456"), "ownership", base="create"),
        Bad(dict(ownership_email="nobody"), "ownership_email", base="ownership"),
        Bad(dict(domain="not a domain"), "domain", base="create"),
        Bad(dict(name="EXAMPLE.com"), "name", base="create", note="the domain itself"),
        Bad(dict(ownership_method="skip", api_url="https://api.qboxmail.com"), "ownership_method", base="create",
            note="skip on the production API"),
    ],
    valid=[dict(base="create", name="Example.NET")],
    count=named("alias_domains", "name", "example.net"),
)
