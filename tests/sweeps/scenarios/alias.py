# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.alias."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DOMAIN, named

ALIASES = "/api/domains/*/alias_email_accounts"

SCENARIO = Scenario(
    name="alias",
    kind="resource",
    seed={"domains": [DOMAIN]},
    steps={
        "create": dict(address="info@example.com", destinations=["alice@example.org", "bob@example.org"]),
        "update": dict(address="info@example.com", destinations=["carol@example.org"], destinations_mode="append"),
        "list": dict(domain="example.com", aliases=[dict(name="l%d" % i, destinations=["x@example.org"]) for i in range(3)]),
        "delete": dict(address="info@example.com", state="absent"),
    },
    ops=[
        Op("find", "update", "GET", ALIASES),
        Op("create", "create", "POST", ALIASES, write=True, idempotent=False),
        Op("wait", "create", "GET", ALIASES + "/*"),
        Op("update", "update", "PUT", ALIASES + "/*", write=True),
        Op("list_mode", "list", "POST", ALIASES, write=True, idempotent=False),
        Op("delete", "delete", "DELETE", ALIASES + "/*", write=True),
    ],
    bad=[
        Bad(dict(destinations=["not-an-address"]), "destinations", base="create"),
        Bad(dict(destinations=["a@example.org"] * 1 + ["x%d@example.org" % i for i in range(20)]), "destinations", base="create"),
        Bad(dict(destinations=[]), "destinations", base="create"),
        Bad(dict(address="../etc@example.com"), "name", base="create"),
        Bad(dict(address="in fo@example.com"), "name", base="create"),
        Bad(dict(address="info@example.com", domain="other.com"), "address", base="create"),
        Bad(dict(aliases=[dict(name="a", destinations=["x@example.org"])] * 2), "aliases", base="list"),
        Bad(dict(destinations_mode="replace"), "destinations_mode", base="update"),
        Bad(dict(workers=99), "workers", base="list"),
    ],
    valid=[dict(base="create", destinations=["Alice@Example.org", "alice@example.org"]),
           dict(base="create", address="first.last+tag@example.com")],
    count=named("alias_email_accounts", "name", "info"),
)
