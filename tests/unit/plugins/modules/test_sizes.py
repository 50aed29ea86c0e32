# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every module that takes a size reads it with the one converter (_common.parse_size): binary units only, and
`5 GB` / `5gb` refused before any request, naming the option (they were taken as GiB without a word)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.modules import csv_import, domain, mailbox, manager

PASSWORD = "Passw0rd-sizes"
CASES = [
    (domain.main, dict(name="example.com", postmaster_password=PASSWORD), "default_quota"),
    (domain.main, dict(name="example.com", postmaster_password=PASSWORD), "max_email_quota"),
    (mailbox.main, dict(address="alice@example.com", firstname="Alice", password=PASSWORD), "quota"),
    (manager.main, dict(email="it@example.com", firstname="Ada", lastname="Byron", password=PASSWORD,
                        api_token="qbx-reseller-dev-token"), "max_email_quota"),
]


@pytest.mark.parametrize("size", ["5 GB", "5gb", "5GB"])
@pytest.mark.parametrize("main,args,option", CASES)
def test_a_decimal_looking_size_is_refused_before_any_request(run_module, sim, main, args, option, size):
    result, failed = run_module(main, dict(args, **{option: size}))
    assert failed and option in result["msg"] and "ambiguous" in result["msg"] and "5G or 5GiB" in result["msg"]
    assert "Traceback" not in result["msg"]
    assert sim.requests() == []


@pytest.mark.parametrize("size", ["5 GB", "5gb"])
def test_csv_import_refuses_a_decimal_looking_quota_before_any_request(run_module, sim, size):
    rows = [dict(email_address="alice@example.com", password=PASSWORD, firstname="Alice", quota=size)]
    result, failed = run_module(csv_import.main, dict(type="email_accounts", rows=rows))
    assert failed and "quota" in result["msg"] and "ambiguous" in result["msg"]
    assert sim.requests() == []


@pytest.mark.parametrize("size", ["5G", "5g", "5GiB", "5 G", 5368709120])
def test_binary_spellings_are_one_quota(run_module, sim, size):
    sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}])
    result, failed = run_module(mailbox.main, dict(address="alice@example.com", firstname="Alice", password=PASSWORD,
                                                   quota=str(size)))
    assert not failed, result
    assert result["mailbox"]["max_email_quota"] == 5368709120
