# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.vault."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

DOMAIN = "D100000101"
VAULT = "/api/archive/domains/*"

SCENARIO = Scenario(
    name="vault",
    kind="resource",
    seed={"domains": [{"code": DOMAIN, "name": "example.com", "customer_code": "C100000001", "status": "enabled"}],
          "email_accounts": [{"domain_code": DOMAIN, "name": name} for name in ("alice", "bob", "carol", "dan")]},
    steps={
        "create": dict(domain="example.com", retention=12, mailboxes=[
            dict(address="alice@example.com"), dict(address="bob@example.com", retention=24)]),
        "update": dict(domain="example.com", retention=6, default_archive=False, purge=True, mailboxes=[
            dict(address="alice@example.com"), dict(address="carol@example.com")]),
        "disable": dict(domain="example.com", state="disabled"),
        "enable": dict(domain="example.com", state="enabled"),
        "delete_mailbox": dict(domain="example.com", confirm_delete_archive=True, mailboxes=[
            dict(address="bob@example.com", state="absent")]),
        "delete": dict(domain="example.com", state="absent", confirm_delete_archive=True),
    },
    ops=[
        Op("find", "update", "GET", "/api/domains"),
        Op("list", "update", "GET", VAULT + "/email_accounts"),
        Op("create", "create", "POST", VAULT, write=True, idempotent=False),
        Op("wait", "create", "GET", "/api/domains/*"),
        Op("update", "update", "PUT", VAULT, write=True),
        Op("list_mode", "update", "POST", VAULT + "/email_accounts", write=True, idempotent=False),
        Op("status", "disable", "PUT", VAULT + "/status", write=True),
        Op("status", "update", "PUT", VAULT + "/email_accounts/*/status", write=True),
        Op("delete", "delete_mailbox", "DELETE", VAULT + "/email_accounts/*", write=True),
        Op("delete", "delete", "DELETE", VAULT, write=True),
    ],
    bad=[
        Bad(dict(state="absent", confirm_delete_archive=False), "confirm_delete_archive", base="delete",
            note="deleting archived mail needs the confirmation"),
        Bad(dict(confirm_delete_archive=False), "confirm_delete_archive", base="delete_mailbox"),
        Bad(dict(retention=0), "retention", base="create"),
        Bad(dict(retention=None), "retention", base="create", reads=True, note="an activation needs a retention"),
        Bad(dict(mailboxes=[dict(address="alice@example.org")]), "mailboxes", base="create"),
        Bad(dict(mailboxes=[dict(address="alice@example.com"), dict(address="Alice@example.com")]), "mailboxes",
            base="create"),
        Bad(dict(mailboxes=[dict(address="alice@example.com", retention=-3)]), "mailboxes", base="create"),
        Bad(dict(mailboxes=[dict(address="nobody@example.com")]), "mailboxes", base="create", reads=True),
        Bad(dict(domain="../x"), "domain", base="create"),
        Bad(dict(retention=5, confirm_delete_archive=True), "retention", base="delete"),
        Bad(dict(wait_timeout=-1), "wait_timeout", base="update"),
    ],
    valid=[
        dict(base="create", domain="Example.COM."),
        dict(base="create", mailboxes=[dict(address="ALICE@example.com", state="disabled")]),
        dict(base="update", mailboxes=[]),
    ],
    count=lambda sim: sum(1 for a in sim.state("archive_email_accounts") if a["email_address"] == "alice@example.com"),
    notes="An activation that ends in failure: PUT /_sim/vault_failures {domain: example.com} before `create`.",
)
