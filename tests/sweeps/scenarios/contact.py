# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.contact."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.signature import SEED

CONTACTS = "/api/addressbooks/*/*/contacts"
BOOK = dict(mailbox="alice@example.com", addressbook="Staff")

SCENARIO = Scenario(
    name="contact",
    kind="resource",
    seed=dict(SEED, addressbooks=[{"email_account_code": "EA10000001", "name": "Staff", "id": 7}]),
    steps={
        "create": dict(BOOK, email="bob@supplier.example", given_name="Bob", surname="Rossi",
                       phone_numbers=[{"value": "+39 02 1234567", "type": "work"}]),
        "update": dict(BOOK, email="bob@supplier.example", company_name="Supplier Ltd",
                       addresses=[{"street_address": "Via Roma 1", "city": "Milano", "type": "work"}]),
        "list": dict(BOOK, contacts=[{"email": "user%d@corp.example" % i, "given_name": "User %d" % i} for i in range(5)],
                     workers=2, purge=True),
        "delete": dict(BOOK, email="user0@corp.example", state="absent"),
    },
    ops=[
        Op("find", "update", "GET", CONTACTS),
        Op("read", "update", "GET", CONTACTS + "/*"),
        Op("create", "create", "POST", CONTACTS, write=True, idempotent=False),
        Op("update", "update", "PUT", CONTACTS + "/*", write=True),
        Op("list_mode", "list", "POST", CONTACTS, write=True, idempotent=False),
        Op("paging", "list", "GET", CONTACTS),
        Op("delete", "delete", "DELETE", CONTACTS + "/*", write=True),
    ],
    bad=[
        Bad(dict(email="not-an-address"), "email", base="create"),
        Bad(dict(email=None, given_name="No address"), "email", base="create"),
        Bad(dict(emails=[{"value": "other@supplier.example"}]), "email", base="create"),
        Bad(dict(emails=[{"value": "bad address"}], email=None), "emails", base="create"),
        Bad(dict(birthday="1990-02-30"), "birthday", base="update"),
        Bad(dict(mailbox="alice"), "mailbox", base="update"),
        Bad(dict(contacts=[{"email": "a@corp.example"}, {"given_name": "No address"}]), "email", base="list",
            note="a list item without an e-mail address"),
        Bad(dict(contacts=[{"email": "a@corp.example"}, {"email": "A@corp.example"}]), "contacts", base="list"),
        Bad(dict(workers=0), "workers", base="list"),
        Bad(dict(addressbook="Nope"), "addressbook", base="update", reads=True),
    ],
    valid=[
        dict(base="update", notes="Line 1\nLine 2 — ✓"),
        dict(base="update", birthday=""),
        dict(base="create", email="o'brien+tag@supplier.example"),
        dict(base="update", urls=[{"value": "https://supplier.example/a?b=c&d=e"}]),
    ],
    count=lambda sim: sum(1 for c in sim.state("contacts") if any(e["value"] == "bob@supplier.example" for e in c["emails"])),
    notes="The contact list documents only names per item, so the list form reads each contact it compares.",
)
