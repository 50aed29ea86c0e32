# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.signature_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.signature import SEED

SCENARIO = Scenario(
    name="signature_info",
    kind="info",
    seed=SEED,
    setup=[("signature", dict(mailbox="alice@example.com", body="<p>Alice</p>"))],
    steps={
        "mailbox": dict(mailbox="alice@example.com"),
        "identity": dict(mailbox="alice@example.com", identity="alice@example.com"),
        "domain": dict(domain="example.com"),
    },
    ops=[
        Op("list", "mailbox", "GET", "/api/signatures/*"),
        Op("variables", "domain", "GET", "/api/domains/*/signature_variables"),
        Op("paging", "domain", "GET", "/api/domains/*/email_accounts_without_signature"),
    ],
    bad=[
        Bad(dict(mailbox="alice"), "mailbox", base="mailbox"),
        Bad(dict(domain="www.example.com"), "domain", base="domain"),
        Bad(dict(identity="x"), "identity", base="mailbox"),
        Bad(dict(mailbox="alice@example.com", domain="example.com"), "mailbox", base="mailbox"),
    ],
    valid=[dict(base="identity", identity="nobody@example.com")],
)
