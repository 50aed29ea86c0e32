# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the examples test gives an example: the account it runs on (a named seed), its token, the variables a user
keeps in a vault or passes in (`VARS`), and the files it reads (`FILES`).

A seed is the state a reader of that part of the docs has: `fresh` (a new account: the README and the guide build
from nothing) or `account` (the objects the EXAMPLES of the modules name: example.com with its mailboxes, the
Delivery account "Shop notifications" (id 42) with its verified domain mail.example.com, ...). `reseller` is the
same under the reseller customer, for the manager examples; `pending` has two domains still in `ownership_check` (a new
setup after its first run, before the records are verified).
"""
from __future__ import annotations

SEND_TOKEN = "qbxs_examples0123456789abcdef0123456789ab"

TOKENS = {
    "customer": "qbx-customer-dev-token",
    "reseller": "qbx-reseller-dev-token",
    "admin": "qbx-admin-dev-token",
}

# Passwords and tokens a user keeps in a vault, and the inputs the examples name without defining.
VARS = {
    "vault_qboxmail_token": "{{ lookup('ansible.builtin.env', 'QBOXMAIL_API_TOKEN') }}",
    "vault_qboxmail_reseller_token": TOKENS["reseller"],
    "vault_qboxmail_sandbox_token": TOKENS["customer"],
    "vault_postmaster_password": "Postm4ster-Example-1",
    "vault_postmaster_passwords": {"example.com": "Postm4ster-Example-1", "example-shop.com": "Postm4ster-Shop-1"},
    "vault_mailbox_passwords": {"alice@example.com": "Alice-Passw0rd-1", "reception@example.com": "Recepti0n-Pass-1"},
    "vault_alice_pw": "Alice-Passw0rd-1", "vault_bob_pw": "Bob-Passw0rd-1", "vault_carol_pw": "Carol-Passw0rd-1",
    "vault_dave_pw": "Dave-Passw0rd-1", "vault_erin_pw": "Erin-Passw0rd-1",
    "vault_alice_password": "Alice-Passw0rd-1",
    "vault_alice_old_pw": "old-imap-secret-a", "vault_bob_old_pw": "old-imap-secret-b",
    "vault_manager_password": "Manager-Passw0rd-1", "vault_helpdesk_password": "Helpdesk-Passw0rd-1",
    "vault_dns_tsig_secret": "c2VjcmV0",
    "staff": [{"name": "dave", "firstname": "Dave"}, {"name": "erin", "firstname": "Erin"}],
    "initial_password": "Initial-Passw0rd-1",
    "shop_send_nets": ["203.0.113.10", "127.0.0.1"],
    "subscribers": [{"email": "ann@example.org", "substitutions": {"first_name": "Ann"}}],
    "report_csv": "day,sent\n2026-03-01,12\n",
    "qbx_api_url": "{{ lookup('ansible.builtin.env', 'QBOXMAIL_API_URL') }}",
    "qbx_api_token": "{{ lookup('ansible.builtin.env', 'QBOXMAIL_API_TOKEN') }}",
    # the code the e-mail ownership check mails to the postmaster, as the reader copies it from the mail
    "code_from_mail": "{{ (lookup('ansible.builtin.url', qbx_sim_url ~ '/_sim/emails', split_lines=false) | from_json"
                      " | map(attribute='code') | list + ['000000']) | first }}",
}

# Files the examples read, relative to the playbook's directory (absolute paths are rooted in the test's directory).
FILES = {
    "files/invoice-1234.pdf": "%PDF-1.4\n% invoice 1234\n",
    "files/logo.png": "\x89PNG\r\n",
    "files/aliases.csv": "sales@example.com;alice@example.com\n",
    "files/suppression.csv": "email,reason,accounts,active\nx@example.org,complaint,,true\n",
    "files/subscribers.csv": "email,first_name\nann@example.org,Ann\n",
    "/secure/migration.csv": "alice@example.com;alice;old-imap-secret-a;imap.old-provider.example\n",
}
# Files that exist only on an account where they were made before (not on a fresh one: a play creates them).
ACCOUNT_FILES = {"/etc/shop/qboxmail-send-token": SEND_TOKEN}
# Directories the examples write into.
DIRS = ["/etc/shop", "/etc/myapp", "/var/www/example.net", "/var/backups"]


def seed_fresh(sim, customer="C100000001"):
    """A new account: nothing."""


def seed_account(sim, customer="C100000001"):
    """The objects the modules' EXAMPLES name."""
    vault = {"archive_status": "enabled", "archive": True, "default_retention": 120, "default_archive": True,
             "archive_activated_at": "2026-01-01T00:00:00Z"}
    codes = sim.seed(domains=[dict(vault, name="example.com", status="enabled", customer_code=customer),
                              {"name": "example.org", "status": "enabled", "customer_code": customer},
                              {"name": "old-example.com", "status": "enabled", "customer_code": customer}])["domains"]
    boxes = ["alice", "bob", "carol", "reception", "ceo", "accounting", "former", "old", "shop"]
    sim.seed(email_accounts=[{"domain_code": codes[0], "name": name, "firstname": name.title()} for name in boxes])
    sim.seed(alias_email_accounts=[{"domain_code": codes[0], "name": "sales", "destinations": ["alice@example.com"]}])
    mailbox = dict((box["name"], box["code"]) for box in sim.state("email_accounts"))
    books = sim.seed(addressbooks=[{"email_account_code": mailbox["alice"], "name": "Suppliers"},
                                   {"email_account_code": mailbox["reception"], "name": "Staff"}])["addressbooks"]
    sim.seed(contacts=[{"addressbook_id": books[0], "given_name": "Bob", "surname": "Rossi",
                        "emails": [{"value": "orders@supplier.example", "type": "work"}]}])
    domain = sim.seed(delivery_domains=[{"name": "mail.example.com", "verified": True, "customer_code": customer}])
    sim.seed(delivery_accounts=[{"id": 42, "description": "Shop notifications", "type": "transactional",
                                 "customer_code": customer, "status": "enabled",
                                 "domain_codes": domain["delivery_domains"]}])
    sim.seed(send_tokens=[{"account_id": 42, "label": "old-integration", "token": SEND_TOKEN}])
    sim.seed(archive_email_accounts=[{"code": mailbox[name]} for name in ("ceo", "accounting", "former")])
    sim.seed(team_members=[{"code": code, "customer_code": customer, "email_address": address, "firstname": first,
                            "lastname": "Example", "status": "enabled"}
                           for code, address, first in (("T100000009", "helpdesk@example.com", "Grace"),
                                                        ("T100000008", "automation@example.com", "Automation"))])
    sim.seed(suppressions=[{"email": "angry@example.org", "reason": "complaint", "customer_code": customer}])


def seed_pending(sim, customer="C100000001"):
    """A new setup after its first run: the domains exist, their ownership records are not verified yet."""
    sim.seed(domains=[{"name": name, "status": "ownership_check", "customer_code": customer}
                      for name in ("example.com", "example-shop.com")])


def seed_hosting(sim, customer="C100000001"):
    """The account, plus example.net waiting for its HTML-file ownership proof (the domain module's EXAMPLES)."""
    seed_account(sim, customer)
    sim.seed(domains=[{"name": "example.net", "status": "ownership_check", "ownership_method": "html",
                       "customer_code": customer}])


def seed_reseller(sim):
    seed_account(sim, customer="C100000003")
    sim.seed(managers=[{"code": "MN10000009", "customer_code": "C100000003", "email_address": "it@example.com",
                        "firstname": "Ada", "lastname": "Byron", "status": "enabled"}])


SEEDS = {"fresh": seed_fresh, "account": seed_account, "pending": seed_pending, "hosting": seed_hosting, "reseller": seed_reseller}
