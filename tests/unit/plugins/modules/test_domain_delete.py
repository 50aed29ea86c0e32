# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""domain state=absent deletes every mailbox and its mail: it needs confirm_delete_domain=true, checked before any request."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.modules import domain


def seed(sim):
    sim.seed(domains=[{"name": "old.example.com", "customer_code": "C100000001", "status": "enabled"}])
    sim.seed(email_accounts=[{"domain_code": sim.state("domains")[0]["code"], "name": "alice", "firstname": "Alice"}])
    sim.clear_requests()


@pytest.mark.parametrize("check_mode", [False, True])
def test_delete_without_confirmation_fails_before_any_request_naming_the_option(run_module, sim, check_mode):
    seed(sim)
    result, failed = run_module(domain.main, dict(name="old.example.com", state="absent"), check_mode=check_mode)
    assert failed and not result["changed"]
    assert "confirm_delete_domain=true" in result["msg"] and "old.example.com" in result["msg"]
    assert "mailboxes" in result["msg"]
    assert sim.requests() == []
    assert [d["name"] for d in sim.state("domains")] == ["old.example.com"]


def test_confirmed_delete_deletes_and_is_idempotent(run_module, sim):
    seed(sim)
    args = dict(name="old.example.com", state="absent", confirm_delete_domain=True)
    check, failed = run_module(domain.main, args, check_mode=True)
    assert not failed and check["changed"] and sim.requests(write=True) == []
    gone, failed = run_module(domain.main, args)
    assert not failed and gone["changed"]
    assert [r["method"] for r in sim.requests(write=True)] == ["DELETE"]
    again, failed = run_module(domain.main, args)
    assert not failed and not again["changed"]
