# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.addressbook_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.signature import SEED

SCENARIO = Scenario(
    name="addressbook_info",
    kind="info",
    seed=dict(SEED, addressbooks=[{"email_account_code": "EA10000001", "name": "Staff"}]),
    steps={
        "all": dict(mailbox="alice@example.com"),
        "name": dict(mailbox="alice@example.com", name="staff"),
    },
    ops=[Op("list", "all", "GET", "/api/addressbooks/*"), Op("find", "name", "GET", "/api/addressbooks/*")],
    bad=[
        Bad(dict(mailbox="alice"), "mailbox", base="all"),
        Bad(dict(name="a", query="b"), "name", base="all"),
    ],
    valid=[dict(base="all", query="sta")],
)
