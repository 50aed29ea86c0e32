# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.suppression."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import named

LISTS = "/api/delivery/suppression_lists"

SCENARIO = Scenario(
    name="suppression",
    kind="resource",
    seed={"delivery_accounts": [{"description": "Shop"}]},
    files={"in.csv": "email,reason,accounts,active\nimported@example.org,bounce,,true\nx@example.org,complaint,,\n",
           "formula.csv": "email,reason,accounts,active\nok@example.org,bounce,,\n=cmd@example.org,complaint,,\n"},
    steps={
        "create": dict(email="angry@example.org", reason="complaint", accounts=["Shop"]),
        "update": dict(email="angry@example.org", active=False, accounts=[]),
        "list": dict(reason="bounce", entries=[dict(email="l%d@example.org" % i) for i in range(3)]),
        "import": dict(import_csv="{files}/in.csv"),
        "export": dict(export_csv="{files}/out.csv"),
        "delete": dict(email="angry@example.org", state="absent"),
    },
    ops=[
        Op("find", "update", "POST", LISTS + "/details"),
        Op("create", "create", "POST", LISTS, write=True, idempotent=False),
        Op("update", "update", "PUT", LISTS + "/edit", write=True),
        Op("list_mode", "list", "POST", LISTS, write=True, idempotent=False),
        Op("import", "import", "POST", LISTS + "/import", write=True, idempotent=False),
        Op("list", "export", "GET", LISTS + "/export"),
        Op("delete", "delete", "DELETE", LISTS, write=True),
    ],
    bad=[
        Bad(dict(email="angry"), "email", base="create"),
        Bad(dict(email="=cmd@example.org"), "email", base="create", note="formula-like address"),
        Bad(dict(email="@SUM(1)@example.org"), "email", base="create", note="formula-like address"),
        Bad(dict(entries=[dict(email="+x@example.org")]), "email", base="list", note="formula-like address"),
        Bad(dict(import_csv="{files}/formula.csv"), "import_csv", base="import", note="formula-like CSV cell"),
        Bad(dict(reason="spam"), "reason", base="create"),
        Bad(dict(accounts=["Nobody"]), "accounts", base="create", reads=True),
        Bad(dict(import_csv="{files}/missing.csv"), "import_csv", base="import"),
        Bad(dict(entries=[dict(email="x@example.org")] * 2), "entries", base="list"),
        Bad(dict(entries=[dict(email="not-an-address")]), "email", base="list"),
        Bad(dict(email="a@example.org", export_csv="{files}/x.csv"), "email", base="create"),
    ],
    valid=[dict(base="create", email="First.Last+tag@Example.org"), dict(base="update", accounts=["1"])],
    count=named("suppressions", "email", "angry@example.org"),
)
