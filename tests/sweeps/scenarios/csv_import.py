# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.csv_import (mailbox passwords travel inside the CSV contents)."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SECRET = "Sw33p;import-pw-1"
SECRET2 = "Sw33p-pm-pw-2"
BOXES = [dict(email_address="alice@example.com", password=SECRET, firstname="Alice", quota="5G"),
         dict(email_address="bob@example.com", password=SECRET, firstname="Bob", lastname="Smith")]

SCENARIO = Scenario(
    name="csv_import",
    kind="action",
    seed={"domains": [{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}]},
    files={"domains.csv": "file.example;\"%s\";professional\nfile2.example;%s\n" % (SECRET, SECRET2)},
    steps={
        "create": dict(type="email_accounts", rows=BOXES, wait_for="validated"),
        "domains": dict(type="domains", rows=[dict(name="new.example", postmaster_password=SECRET2, plan="basic")]),
        "aliases": dict(type="email_aliases", rows=[dict(email_address="info@example.com",
                                                         destinations=["alice@example.com", "x@example.org"])],
                        wait_for="validated"),
        "from_file": dict(type="domains", csv_file="{files}/domains.csv", wait_for="validated"),
        "delete": dict(type="email_accounts", rows=BOXES, state="absent"),
    },
    ops=[
        Op("find", "create", "GET", "/api/imports"),
        Op("create", "create", "POST", "/api/imports", write=True, idempotent=False),
        Op("resources", "create", "GET", "/api/imports/*/resources"),
        Op("delete", "delete", "DELETE", "/api/imports/*", write=True),
    ],
    secrets=[SECRET, SECRET2],
    bad=[
        Bad(dict(rows=[dict(BOXES[0], password="short")]), "rows", base="create"),
        Bad(dict(rows=[dict(BOXES[0], quota="7M")]), "rows", base="create"),
        Bad(dict(rows=BOXES + [BOXES[0]]), "rows", base="create"),
        Bad(dict(rows=[dict(BOXES[0], destinations=["a@example.com"])]), "rows", base="create"),
        Bad(dict(rows=[dict(name="bad_name", postmaster_password=SECRET2)]), "rows", base="domains"),
        Bad(dict(type=None), "type", base="create"),
        Bad(dict(type="contacts"), "type", base="create"),
        Bad(dict(code="I1", rows=None, type=None), "code", base="delete"),
        Bad(dict(wait_timeout=-1), "wait_timeout", base="create"),
        Bad(dict(type="email_aliases"), "csv_file", base="from_file", note="the file's rows are not aliases"),
    ],
    valid=[
        dict(base="create", rows=[dict(BOXES[0], password="{SHA512-CRYPT}$6$abc$def", quota="8589934592")]),
        dict(base="domains", rows=[dict(name="New2.Example", postmaster_password=SECRET2)]),
    ],
    count=lambda sim: len(sim.state("imports")),
    notes="A skipped row: PUT /_sim/import_failures {values: [bob@example.com]} before `create`.",
)
