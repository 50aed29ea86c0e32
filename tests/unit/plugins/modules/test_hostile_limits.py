# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Issue 19, hostile inputs: every documented limit is checked before the first write, naming the option."""

from __future__ import annotations

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import MAX_TEXT, Field
from ansible_collections.qboxmail.qboxmail.plugins.modules import domain, domain_alias, mailbox, signature

SECRET = "Hostile-passw0rd"


def seed_domain(sim):
    sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}])
    sim.clear_requests()


def test_a_mailbox_with_21_forward_destinations_is_refused_before_any_request(run_module, sim):
    """Was: written, then 422 from the API."""
    seed_domain(sim)
    args = dict(address="a@example.com", firstname="A", password=SECRET,
                forward_to=["f%d@example.org" % i for i in range(21)])
    result, failed = run_module(mailbox.main, args)
    assert failed and result["msg"].startswith("forward_to: has 21 items; at most 20"), result["msg"]
    assert sim.requests() == []
    listed, failed = run_module(mailbox.main, dict(domain="example.com", mailboxes=[dict(args, address=None, name="a")]))
    assert failed and "forward_to" in listed["msg"] and sim.requests(write=True) == []
    ok, failed = run_module(mailbox.main, dict(args, forward_to=args["forward_to"][:20]))
    assert not failed and ok["changed"]


@pytest.mark.parametrize("module,args,option", [
    (mailbox, dict(address="a@example.com", firstname="x" * 100000, password=SECRET), "firstname"),
    (mailbox, dict(address="a@example.com", firstname="A", password=SECRET, tags=["t" * 100000]), "tags"),
    (signature, dict(mailbox="a@example.com", title="t" * 100000, body="b"), "title"),
])
def test_absurd_string_lengths_are_refused_before_any_request(run_module, sim, module, args, option):
    """Was: a 100,000-character mailbox field was accepted and written."""
    seed_domain(sim)
    result, failed = run_module(module.main, args)
    assert failed and result["msg"].startswith("%s: is 100000 characters long; at most %d" % (option, MAX_TEXT)), result["msg"]
    assert sim.requests() == []


def test_long_bodies_keep_their_larger_cap():
    assert mailbox.Mailbox.fields["autoresponder_body"].max_length > 100000
    assert signature.Signature.fields["body"].max_length > 100000
    assert Field().max_length == MAX_TEXT


def test_an_alias_domain_equal_to_its_own_domain_is_refused_before_any_write(run_module, sim):
    """Was: POSTed, then 422."""
    seed_domain(sim)
    result, failed = run_module(domain_alias.main, dict(name="EXAMPLE.com.", domain="example.com"))
    assert failed and result["msg"].startswith("name: alias domain example.com is the domain itself")
    assert sim.requests() == []


@pytest.mark.parametrize("module,args", [
    (domain, dict(name="new.example", postmaster_password=SECRET, ownership_method="skip")),
    (domain_alias, dict(name="example.net", domain="example.com", ownership_method="skip")),
])
def test_skip_with_the_production_api_url_fails_before_any_request(run_module, sim, module, args):
    """Was: the object was created (3 writes) before production's 403. The production host is known by api_url."""
    result, failed = run_module(module.main, dict(args, api_url="https://api.qboxmail.com"))
    assert failed and "ownership_method=skip is only allowed in the Qboxmail sandbox" in result["msg"], result["msg"]
    assert "api_url" in result["msg"] and sim.requests() == []


def test_one_time_secrets_after_a_failure_are_documented():
    """What is right and was not documented (issue 19): credentials in the failed result, a token revoked."""
    import os
    from ansible_collections.qboxmail.qboxmail.plugins.modules import delivery_account, delivery_api_token
    assert "failed result still carries RV(smtp_credentials)" in " ".join(delivery_account.DOCUMENTATION.split())
    assert "revoked at once" in delivery_api_token.DOCUMENTATION and "state=absent" in delivery_api_token.DOCUMENTATION
    guide = open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "..", "docs", "guide.md")).read()
    assert "### One-time secrets when a task fails" in guide and "no_log: true" in guide


@pytest.mark.parametrize("module,args,option", [
    (mailbox, dict(address="a@example.com", firstname="A", password=SECRET,
                   forward_to=["f%d@example.org" % i for i in range(21)]), "forward_to"),
    (mailbox, dict(address="a@example.com", firstname="x" * 100000, password=SECRET), "firstname"),
    (domain_alias, dict(name="example.com", domain="example.com"), "name"),
    (domain, dict(name="new.example", postmaster_password=SECRET, ownership_method="skip",
                  api_url="https://api.qboxmail.com"), "ownership_method"),
])
def test_check_mode_refuses_the_same_inputs(run_module, sim, module, args, option):
    """A dry run predicts the refusal of the real run instead of a green task."""
    seed_domain(sim)
    result, failed = run_module(module.main, args, check_mode=True)
    assert failed and option in result["msg"] and sim.requests() == []
