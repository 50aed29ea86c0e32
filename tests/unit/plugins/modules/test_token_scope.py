# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What a manager token sees, through every `_info` module: exactly its own resources.

Two managers of the reseller (assigned with the `manager` module itself) and resources of nobody: each `_info`
module runs with each manager's token and must return that manager's resources, and none of the others (neither
the other manager's nor the unassigned ones). A reference the token cannot see fails as "no such ..." (or reads nothing).
To cover a new `_info` module, add a row to CASES (the meta-test below fails until every `_info` module has one).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import pkgutil

import pytest

from ansible_collections.qboxmail.qboxmail.plugins import modules as modules_pkg
from ansible_collections.qboxmail.qboxmail.plugins.modules import manager

RESELLER = "qbx-reseller-dev-token"
CUSTOMER = "C100000003"
MANAGERS = {"one": "qbx-test-manager-one", "two": "qbx-test-manager-two"}
# What belongs to whom: `one` and `two` are the managers, `none` is assigned to nobody.
OWNERS = ("one", "two", "none")


def names(*kinds):
    """The fixture names of one kind, by owner: {owner: [names]}."""
    return dict((owner, [kind % owner for kind in kinds]) for owner in OWNERS)


DOMAINS = names("%s.example.com")
MAILBOXES = names("box@%s.example.com", "postmaster@%s.example.com")
ALIASES = names("info@%s.example.com")
ALIAS_DOMAINS = names("%s.example.net")
SENDING = names("mail.%s.example.org")
ACCOUNTS = names("Account %s")
TOKENS = names("token-%s")
SUPPRESSED = names("rcpt-%s@example.org")
TRACED = names("traced-%s@example.org")
BOOKS = names("Book %s")


@pytest.fixture
def world(sim, run_module):
    """The reseller's resources, two managers with tokens and their assignments; returns the owner of each."""
    seeded = sim.seed(domains=[{"name": DOMAINS[o][0], "customer_code": CUSTOMER, "status": "enabled"} for o in OWNERS],
                      delivery_domains=[{"name": SENDING[o][0], "customer_code": CUSTOMER, "verified": True} for o in OWNERS])
    domain = dict(zip(OWNERS, seeded["domains"]))
    sending = dict(zip(OWNERS, seeded["delivery_domains"]))
    accounts = dict(zip(OWNERS, sim.seed(delivery_accounts=[
        {"description": ACCOUNTS[o][0], "customer_code": CUSTOMER, "domain_codes": [sending[o]]} for o in OWNERS])["delivery_accounts"]))
    boxes = sim.seed(email_accounts=[{"domain_code": domain[o], "name": "box"} for o in OWNERS])["email_accounts"]
    sim.seed(addressbooks=[{"email_account_code": box, "name": BOOKS[o][0]} for o, box in zip(OWNERS, boxes)],
             alias_email_accounts=[{"domain_code": domain[o], "name": "info", "destinations": [MAILBOXES[o][0]]} for o in OWNERS],
             send_tokens=[{"account_id": accounts[o], "label": TOKENS[o][0]} for o in OWNERS],
             suppressions=[{"email": SUPPRESSED[o][0], "customer_code": CUSTOMER, "accounts": [accounts[o]]} for o in OWNERS]
             + [{"email": "everyone@example.org", "customer_code": CUSTOMER, "accounts": []}])
    for owner in OWNERS:
        reply = sim.api("POST", "/api/domains/%s/aliases" % domain[owner], {"name": ALIAS_DOMAINS[owner][0]}, token=RESELLER)
        assert reply.status == 200, reply
    for owner in ("one", "two"):
        result, failed = run_module(manager.main, dict(
            api_token=RESELLER, email="%s@reseller.example.com" % owner, firstname=owner, lastname="Manager",
            password="Manag3r-%s-pw" % owner, domains=[DOMAINS[owner][0]], delivery_accounts=[ACCOUNTS[owner][0]]))
        assert not failed and result["linked_resources"]["delivery_domains"] == [SENDING[owner][0]], result
        sim.seed(tokens=[{"token": MANAGERS[owner], "role": "manager", "manager_code": result["manager"]["code"]}])
    sim.control("POST", "tracemail", {"entries": [{"account": accounts[o], "status": "delivered", "to": TRACED[o][0],
                                                   "domain": SENDING[o][0], "from": "shop@" + SENDING[o][0]}
                                                  for o in OWNERS]})
    return accounts


def named(result, key, field):
    """The lower-case names of the objects of a result."""
    return [str(field(obj) if callable(field) else obj[field]).lower() for obj in result[key]]


# Each case: (module, args for a manager `owner`, result key, field (or function) naming an object, the fixture names
# by owner).
CASES = {
    "domain_info": (lambda o: {}, "domains", "name", DOMAINS),
    "mailbox_info": (lambda o: {"domain": DOMAINS[o][0]}, "mailboxes", "email_address", MAILBOXES),
    "alias_info": (lambda o: {"domain": DOMAINS[o][0]}, "aliases", lambda obj: "%s@%s" % (obj["name"], obj["domain_name"]), ALIASES),
    "domain_alias_info": (lambda o: {"domain": DOMAINS[o][0]}, "domain_aliases", "name", ALIAS_DOMAINS),
    "delivery_domain_info": (lambda o: {}, "delivery_domains", "name", SENDING),
    "delivery_account_info": (lambda o: {}, "delivery_accounts", "description", ACCOUNTS),
    "delivery_api_token_info": (lambda o: {"account": ACCOUNTS[o][0]}, "api_tokens", "label", TOKENS),
    "suppression_info": (lambda o: {}, "suppressions", "email", SUPPRESSED),
    "tracemail_info": (lambda o: {"include": ["mailouts"]}, "mailouts", "to", TRACED),
    "addressbook_info": (lambda o: {"mailbox": MAILBOXES[o][0]}, "addressbooks", "name", BOOKS),
    "signature_info": (lambda o: {"domain": DOMAINS[o][0]}, "accounts_without_signature", "email_address", MAILBOXES),
    "vault_info": (lambda o: {}, "domains", "name", DOMAINS),
}
# The `_info` modules that read a mailbox's data (no list of owned objects): a manager reads its own mailboxes'
# and cannot name the others'.
MAILBOX_DATA = {
    "contact_info": lambda o: {"mailbox": MAILBOXES[o][0], "addressbook": BOOKS[o][0]},
    "email_log_info": lambda o: {"mailbox": MAILBOXES[o][0], "kind": "incoming"},
}
# The `_info` modules a manager token may not use at all (CONTRACT: 403 on /api/managers* and /api/team_members*).
FORBIDDEN = ("manager_info", "team_member_info")
# The `_info` modules whose result is not a list of owned objects: checked by their own test below.
OTHERS = ("delivery_price_info", "delivery_dashboard_info", "migration_info", "csv_import_info")
INFO_MODULES = sorted(m.name for m in pkgutil.iter_modules(modules_pkg.__path__) if m.name.endswith("_info"))


def main_of(name):
    return importlib.import_module("%s.%s" % (modules_pkg.__name__, name)).main


def test_every_info_module_is_covered():
    assert sorted(set(CASES) | set(FORBIDDEN) | set(OTHERS) | set(MAILBOX_DATA)) == INFO_MODULES


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("owner", ["one", "two"])
def test_manager_token_sees_exactly_its_own(world, run_module, name, owner):
    args, key, field, fixture = CASES[name]
    result, failed = run_module(main_of(name), dict(args(owner), api_token=MANAGERS[owner]))
    assert not failed, result
    found = named(result, key, field)
    assert sorted(found) == sorted(n.lower() for n in fixture[owner]), found     # included: its own, once
    for other in OWNERS:
        if other != owner:
            assert not set(n.lower() for n in fixture[other]) & set(found)     # excluded: the other's and nobody's
    customer, failed = run_module(main_of(name), dict(args(owner), api_token=RESELLER))
    assert not failed and set(n.lower() for n in fixture[owner]) <= set(named(customer, key, field))


@pytest.mark.parametrize("name", sorted(n for n in CASES if set(CASES[n][0]("one")) & {"domain", "account", "mailbox"}))
def test_manager_token_cannot_name_what_is_not_its_own(world, run_module, name):
    args, key, _field, _fixture = CASES[name]
    for other in ("two", "none"):
        result, failed = run_module(main_of(name), dict(args(other), api_token=MANAGERS["one"]))
        if failed:
            assert "no such" in result["msg"] and "cannot see it" in result["msg"], result
        else:
            assert result[key] == [], result   # delivery_api_token_info: an unknown account has no tokens


@pytest.mark.parametrize("name", FORBIDDEN)
def test_manager_token_cannot_read_users(world, run_module, name):
    result, failed = run_module(main_of(name), dict(api_token=MANAGERS["one"]))
    assert failed and result["status"] == 403


def test_manager_token_sees_its_own_prices_and_dashboard(world, run_module):
    for owner in ("one", "two"):
        page = run_module(main_of("delivery_price_info"), dict(api_token=MANAGERS[owner], pricing_page=True))[0]
        assert [a["description"] for a in page["pricing_page"]["accounts"]] == [ACCOUNTS[owner][0]]
        dash = run_module(main_of("delivery_dashboard_info"), dict(api_token=MANAGERS[owner]))[0]["dashboard"]
        assert [a["name"] for a in dash["top_accounts"]] == [ACCOUNTS[owner][0]] and dash["totals"]["all"] == 1


@pytest.mark.parametrize("name", sorted(MAILBOX_DATA))
def test_manager_token_reads_only_its_own_mailboxes(world, run_module, name):
    result, failed = run_module(main_of(name), dict(MAILBOX_DATA[name]("one"), api_token=MANAGERS["one"]))
    assert not failed, result
    for other in ("two", "none"):
        result, failed = run_module(main_of(name), dict(MAILBOX_DATA[name](other), api_token=MANAGERS["one"]))
        assert failed and "no such" in result["msg"] and "cannot see it" in result["msg"], result


def test_manager_token_sees_no_customer_jobs(world, sim, run_module):
    """Migrations and CSV imports belong to the customer, not to a manager's domains: a manager sees none."""
    sim.seed(migrations=[{"customer_code": CUSTOMER, "csv_file_name": "m.csv"}])
    for name, key in (("migration_info", "migrations"), ("csv_import_info", "imports")):
        result, failed = run_module(main_of(name), dict(api_token=MANAGERS["one"]))
        assert not failed and result[key] == [], result
    result, failed = run_module(main_of("migration_info"), dict(api_token=RESELLER))
    assert not failed and [m["csv_file_name"] for m in result["migrations"]] == ["m.csv"], result
