# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.account_export: reads only, its changes are the files it writes."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

MAILBOX_PW = "Sw33p-export-mailbox-pw"
SMTP_PW = "Sw33p-export-smtp-pw"
SEND_TOKEN = "qbxs_sw33pexport0123456789abcdef0123456"
SEED = {
    "domains": [{"name": "example.com", "customer_code": "C100000001", "status": "enabled", "code": "D100000001"},
                {"name": "example.org", "customer_code": "C100000001", "status": "enabled", "code": "D100000002"}],
    "email_accounts": [{"domain_code": "D100000001", "name": "alice", "firstname": "Alice", "code": "EA10000001",
                        "password": MAILBOX_PW},
                       {"domain_code": "D100000002", "name": "bob", "firstname": "Bob", "code": "EA10000002",
                        "password": MAILBOX_PW}],
    "alias_email_accounts": [{"domain_code": "D100000001", "name": "sales", "destinations": ["alice@example.com"]}],
    "delivery_accounts": [{"id": 901, "description": "Shop", "password": SMTP_PW}],
    "send_tokens": [{"account_id": 901, "label": "backend", "token": SEND_TOKEN}],
    "addressbooks": [{"email_account_code": "EA10000001", "name": "Customers", "id": 7}],
    "contacts": [{"addressbook_id": 7, "given_name": "Ann", "emails": [{"value": "ann@example.org", "type": "work"}]}],
}

SCENARIO = Scenario(
    name="account_export",
    kind="files",
    seed=SEED,
    setup=[("signature", dict(mailbox="alice@example.com", body="<p>Alice</p>"))],
    files={"vars.yml": "# an older export, edited by hand\n"},
    steps={
        "all": dict(dest="{files}/export-all"),
        "subset": dict(dest="{files}/export-subset", domains=["example.com"], include=["mailboxes", "aliases"]),
        "force": dict(dest="{files}", domains=[], include=["delivery"], force=True),
    },
    ops=[
        Op("domains", "all", "GET", "/api/domains"),
        Op("mailboxes", "all", "GET", "/api/domains/*/email_accounts"),
        Op("aliases", "subset", "GET", "/api/domains/*/alias_email_accounts"),
        Op("signatures", "all", "GET", "/api/signatures/*"),
        Op("addressbooks", "all", "GET", "/api/addressbooks/*"),
        Op("contacts", "all", "GET", "/api/addressbooks/*/*/contacts"),
        Op("unsigned", "all", "GET", "/api/domains/*/email_accounts_without_signature"),
        Op("vault", "all", "GET", "/api/archive/domains"),
        Op("delivery_accounts", "force", "GET", "/api/delivery/accounts"),
        Op("tokens", "force", "GET", "/api/delivery/accounts/*/api_tokens"),
        Op("team_members", "all", "GET", "/api/team_members"),
    ],
    bad=[
        Bad(dict(include=["contacts"]), "include", base="subset"),
        Bad(dict(domains=["not a domain"]), "domains", base="subset"),
        Bad(dict(domains=["www.example.com"]), "domains", base="subset"),
        Bad(dict(force=False), "dest", base="force", reads=True,
            note="an existing file that differs from the export is refused unless force=true"),
        Bad(dict(domains=["nope.example"]), "domains", base="subset", reads=True,
            note="a domain the token does not see is named, not exported as nothing"),
    ],
    valid=[dict(base="subset", domains=["EXAMPLE.COM."]), dict(base="all", include=[])],
    secrets=[MAILBOX_PW, SMTP_PW, SEND_TOKEN],
)
