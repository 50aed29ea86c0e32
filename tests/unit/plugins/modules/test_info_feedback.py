# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every `_info` item's `options` fed back into its module changes nothing, in check mode and for real.

Each pair creates an object with non-default values through the module, reads it with the `_info` module and
runs the module again with the item's `options` (plus only what the module needs beside: a confirmation, no
secrets, which the view never has)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    alias, alias_info, domain, domain_alias, domain_alias_info, domain_info, mailbox, mailbox_info,
)

DOMAIN_PASSWORD = "Postm4ster-secret"
MAILBOX_PASSWORD = "Mailb0x-secret-42"

BASE_DOMAIN = dict(name="example.com", postmaster_password=DOMAIN_PASSWORD, ownership_method="dns")

# (name, module, its _info, [(module, args) creating what the object needs], args creating the object,
#  _info args reading it, result key)
PAIRS = [
    ("domain", domain, domain_info, [],
     dict(BASE_DOMAIN, plan="professional", antispam_level="aggressive", default_quota="2G", max_email_quota="16G",
          webmail=False, chat=True, dkim="enabled", catch_all_enabled=True, catch_all_destination="all@example.org",
          allow_nets=["192.0.2.0/24"], max_email_accounts=50),
     dict(name="example.com"), "domains"),
    ("domain_alias", domain_alias, domain_alias_info, [(domain, BASE_DOMAIN)],
     dict(name="example.net", domain="example.com", ownership_method="dns"),
     dict(domain="example.com", name="example.net"), "domain_aliases"),
    ("mailbox", mailbox, mailbox_info, [(domain, BASE_DOMAIN)],
     dict(address="carol@example.com", firstname="Carol", lastname="Rossi", password=MAILBOX_PASSWORD, quota="5G",
          forward_to=["carol@example.org"], forward_keep_copy=True, imap=False, pop=False, tags=["sales"],
          language="it", timezone="Europe/London", state="disabled", bounce_message="Carol has left"),
     dict(address="carol@example.com"), "mailboxes"),
    ("alias", alias, alias_info, [(domain, BASE_DOMAIN)],
     dict(address="info@example.com", destinations=["alice@example.org", "bob@example.org"]),
     dict(address="info@example.com"), "aliases"),
]


@pytest.mark.parametrize("pair", PAIRS, ids=[p[0] for p in PAIRS])
def test_info_options_feed_back_unchanged(run_module, sim, pair):
    name, module, info_module, setup, create, read, key = pair
    for setup_module, args in setup:
        done, failed = run_module(setup_module.main, args)
        assert not failed, done
    made, failed = run_module(module.main, create)
    assert not failed and made["changed"], made
    info, failed = run_module(info_module.main, read)
    assert not failed, info
    [item] = info[key]
    options = item["options"]
    for secret in (DOMAIN_PASSWORD, MAILBOX_PASSWORD):
        assert secret not in repr(options)
    sim.clear_requests()
    for check_mode in (True, False):
        again, failed = run_module(module.main, dict(options), check_mode=check_mode, diff=True)
        assert not failed, (options, again)
        assert again["changed"] is False, (options, again.get("diff"))
        assert "diff" not in again
    fed_back = writes(sim)
    run_module(module.main, create)   # the task that made the object, run again, sends at least as much
    assert fed_back <= writes(sim)
    assert all(path.endswith("/dkim/verify") for method, path in fed_back), fed_back


def writes(sim):
    """The write requests since the last call (a DKIM record still unpublished is verified by every run)."""
    found = set((r["method"], r["path"]) for r in sim.requests(write=True))
    sim.clear_requests()
    return found


def test_the_view_names_options_in_the_module_units(run_module, sim):
    """The issue's cases: quota 5G, forward_to, bounce_message, dkim enabled while its record is unpublished."""
    run_module(domain.main, dict(BASE_DOMAIN, dkim="enabled"))
    run_module(mailbox.main, dict(address="carol@example.com", firstname="Carol", password=MAILBOX_PASSWORD,
                                  quota="5G", forward_to=["carol@example.org"], state="disabled", bounce_message="gone"))
    [box] = run_module(mailbox_info.main, dict(address="carol@example.com"))[0]["mailboxes"]
    assert box["max_email_quota"] == 5368709120   # the API's keys stay
    view = box["options"]
    assert (view["quota"], view["forward_to"], view["bounce_message"], view["state"]) == (
        "5G", ["carol@example.org"], "gone", "disabled")
    assert (view["name"], view["domain"]) == ("carol", "example.com")
    assert "password" not in view and "max_email_quota" not in view and "bounce_msg" not in view
    [dom] = run_module(domain_info.main, dict(name="example.com"))[0]["domains"]
    assert dom["options"]["dkim"] == "enabled" and dom["dkim_status"] == "pending_dns"
    assert "postmaster_password" not in dom["options"]
