# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.contact_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.contact import BOOK, SCENARIO as CONTACT

SCENARIO = Scenario(
    name="contact_info",
    kind="info",
    seed=dict(CONTACT.seed, contacts=[{"addressbook_id": 7, "given_name": "Bob", "emails": [{"value": "bob@supplier.example"}]}]),
    steps={
        "all": dict(BOOK),
        "email": dict(BOOK, email="BOB@supplier.example"),
        "details": dict(BOOK, details=True),
    },
    ops=[
        Op("list", "all", "GET", "/api/addressbooks/*/*/contacts"),
        Op("read", "details", "GET", "/api/addressbooks/*/*/contacts/*"),
    ],
    bad=[
        Bad(dict(email="x"), "email", base="all"),
        Bad(dict(mailbox="alice"), "mailbox", base="all"),
        Bad(dict(uid="u", email="a@b.example"), "uid", base="all"),
    ],
    valid=[dict(base="all", uid="no-such-uid"), dict(base="all", query="bob")],
)
