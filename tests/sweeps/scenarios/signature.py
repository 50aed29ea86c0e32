# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.signature."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SIGS = "/api/signatures/*"
SEED = {
    "domains": [{"name": "example.com", "customer_code": "C100000001", "status": "enabled", "code": "D100000001"}],
    "email_accounts": [{"domain_code": "D100000001", "name": "alice", "firstname": "Alice", "code": "EA10000001"}],
}

SCENARIO = Scenario(
    name="signature",
    kind="resource",
    seed=SEED,
    steps={
        "create": dict(mailbox="alice@example.com", title="Work", body="<p>Alice Rossi<br>Example Ltd</p>",
                       default_signature=True),
        "second": dict(mailbox="alice@example.com", identity="sales@example.com", body="<p>Sales</p>"),
        "update": dict(mailbox="alice@example.com", only_new_messages=True, sender_in_bcc=True),
        "delete": dict(mailbox="alice@example.com", state="absent"),
    },
    ops=[
        Op("find", "update", "GET", SIGS),
        Op("create", "create", "POST", SIGS, write=True, idempotent=False),
        Op("update", "update", "PUT", SIGS, write=True),
        # by position: a repeat after a lost answer would delete the next identity, so it is never repeated blindly
        Op("delete", "delete", "DELETE", SIGS + "/*", write=True, idempotent=False),
    ],
    bad=[
        Bad(dict(identity="not-an-address"), "identity", base="second"),
        Bad(dict(mailbox="alice"), "mailbox", base="update"),
        Bad(dict(identity="new@example.com", body=None, title="x"), "body", base="second", reads=True,
            note="a create needs a body; judged once the identity is known to be new"),
        Bad(dict(mailbox="nobody@example.com"), "mailbox", base="update", reads=True),
    ],
    valid=[
        dict(base="update", identity="ALICE@EXAMPLE.COM"),
        dict(base="create", body="<p>Ünïcode — ✓</p>\n"),
        dict(base="update", title=""),
    ],
    count=lambda sim: len(sim.state("signatures")),
)
