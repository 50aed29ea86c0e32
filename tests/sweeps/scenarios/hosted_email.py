# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of the role qboxmail.qboxmail.hosted_email (secret, idempotency and check-mode sweeps).

Two domains through the whole chain: domain -> ownership and DKIM -> alias domain -> mailboxes -> aliases ->
signatures -> address book and contacts -> Vault.
"""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Scenario

SECRET = "Sw33p-role-postmaster-3"
BOX_SECRET = "Sw33p-role-box-4"
SECOND_SECRET = "Sw33p-role-postmaster-5"

SCENARIO = Scenario(
    name="hosted_email",
    kind="role",
    steps={"converge": dict(
        hosted_email_ownership_method="dns_sync", hosted_email_dkim="enabled",
        hosted_email_domains=[
            dict(name="role.example.com", postmaster_password=SECRET, settings=dict(plan="professional"),
                 alias_domains=["role.example.net"],
                 mailboxes=[dict(name="alice", firstname="Alice", password=BOX_SECRET),
                            dict(name="reception", firstname="Reception", password=BOX_SECRET)],
                 aliases=[dict(name="info", destinations=["alice@role.example.com"])],
                 signatures=[dict(mailbox="alice", body="<p>Alice</p>", default_signature=True)],
                 addressbooks=[dict(mailbox="reception", name="Staff", contacts=[
                     dict(email="alice@role.example.com", given_name="Alice")])],
                 vault=dict(retention=12, mailboxes=[dict(address="alice@role.example.com")])),
            dict(name="second.example.com", postmaster_password=SECOND_SECRET, dkim="disabled",
                 mailboxes=[dict(name="bob", firstname="Bob", password=BOX_SECRET)]),
        ])},
    secrets=[SECRET, BOX_SECRET, SECOND_SECRET],
)
