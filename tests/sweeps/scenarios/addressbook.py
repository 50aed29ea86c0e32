# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.addressbook."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.signature import SEED

BOOKS = "/api/addressbooks/*"

SCENARIO = Scenario(
    name="addressbook",
    kind="resource",
    seed=SEED,
    steps={
        "create": dict(mailbox="alice@example.com", name="Suppliers"),
        "rename": dict(mailbox="alice@example.com", name="Suppliers", new_name="Vendors"),
        "delete": dict(mailbox="alice@example.com", name="Vendors", state="absent"),
    },
    ops=[
        Op("find", "rename", "GET", BOOKS),
        Op("create", "create", "POST", BOOKS, write=True, idempotent=False),
        Op("update", "rename", "PUT", BOOKS + "/*", write=True),
        Op("delete", "delete", "DELETE", BOOKS + "/*", write=True),
    ],
    bad=[
        Bad(dict(name=" "), "name", base="create"),
        Bad(dict(mailbox="not-an-address"), "mailbox", base="create"),
        Bad(dict(new_name=""), "new_name", base="rename"),
        Bad(dict(new_name="X", state="absent"), "new_name", base="delete"),
        Bad(dict(mailbox="nobody@example.com"), "mailbox", base="create", reads=True),
    ],
    valid=[dict(base="create", name="Fornitori — 2026 (IT)"), dict(base="create", name="suppliers")],
    count=lambda sim: len(sim.state("addressbooks")),
)
