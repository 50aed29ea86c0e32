# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The rules the plugins and the simulator both hold, compared on one corpus.

Neither side imports the other (the simulator stays an independent oracle): this test imports both and
feeds the same values through each side's own copy of a rule. A value is given in the canonical form the
plugins send (lower-case names), so both sides judge the same string.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _client, _common, _delivery, _validate
from ansible_collections.qboxmail.qboxmail.tests.simulator import common as sim_common
from ansible_collections.qboxmail.qboxmail.tests.simulator.resources import delivery_accounts as sim_accounts
from ansible_collections.qboxmail.qboxmail.tests.simulator.resources import hosting_domains as sim_domains
from ansible_collections.qboxmail.qboxmail.tests.simulator.resources import hosting_mailboxes as sim_mailboxes

DOMAINS = [
    ("example.com", True), ("mail.example.co.uk", True), ("xn--80ak6aa92e.com", True), ("example.xn--p1ai", True),
    ("a-b.example.org", True), ("1example.com", True), ("x" * 63 + ".com", True), ("example", False),
    ("example.c", False), ("-example.com", False), ("example-.com", False), ("exa mple.com", False),
    ("example..com", False), ("x" * 64 + ".com", False), (".example.com", False), ("example.com/x", False),
    ("example.com?x", False), ("../delivery", False), ("", False), ("example.123", False), ("ex_ample.com", False),
]
EMAILS = [
    ("alice@example.com", True), ("first.last@example.com", True), ("a+tag@example.co.uk", True),
    ("o'brien@example.org", True), ("=cmd@example.org", True), ("x@example.xn--p1ai", True), ("a_b-c@example.com", True),
    ("plain", False), ("@example.com", False), ("a@", False), ("a@b", False), ("a b@example.com", False),
    ("a@example..com", False), ("a..b@example.com", False), (".a@example.com", False), ("a.@example.com", False),
    ("a@b@example.com", False), ("a@exa mple.com", False), ("x" * 65 + "@example.com", False),
]
LOCAL_PARTS = [
    ("info", True), ("first.last", True), ("a+b", True), ("a_b-c", True), ("a", True), ("0", True),
    (".info", False), ("info.", False), ("a..b", False), ("in fo", False), ("in@fo", False), ("in/fo", False),
    ("x" * 65, False), ("-info", False), ("info-", False), ("", False),
]
PASSWORDS = [
    ("Passw0rd", True), ("abcdefg1", True), ("12345678a", True), ("Ünïcödé1", True), ("abcdefgh", False),
    ("12345678", False), ("Pass0rd", False), ("", False), ("        a1", True),
]
NETWORKS = [
    ("203.0.113.10", True), ("203.0.113.0/24", True), ("10.1.2.3/8", True), ("2001:db8::/32", True), ("::1", True),
    ("203.0.113.256", False), ("203.0.113.0/33", False), ("example.com", False), ("", False), ("1.2.3", False),
]
DATES = [
    ("2026-08-01", True), ("2024-02-29", True), ("2026-02-29", False), ("2026-02-31", False), ("2026-13-01", False),
    ("2026-8-1", False), ("01-08-2026", False), ("", False), ("2026-08-01T00:00:00", False),
]
TIME_ZONES = [
    ("Europe/Rome", True), ("UTC", True), ("America/New_York", True), ("Asia/Kolkata", True),
    ("europe/rome", False), ("Mars/Olympus", False), ("GMT+2", False), ("", False), ("../etc/passwd", False),
]


def plugin_accepts(check, value):
    try:
        check(value)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("value,valid", DOMAINS)
def test_domain_names(value, valid):
    assert (plugin_accepts(_validate.domain_name, value), sim_common.is_domain_name(value)) == (valid, valid)


@pytest.mark.parametrize("value,valid", EMAILS)
def test_email_addresses(value, valid):
    assert (plugin_accepts(_validate.email_address, value), sim_common.is_email(value)) == (valid, valid)


@pytest.mark.parametrize("value,valid", LOCAL_PARTS)
def test_local_parts(value, valid):
    assert (plugin_accepts(_validate.local_part, value), sim_mailboxes.is_local_part(value)) == (valid, valid)


@pytest.mark.parametrize("value,valid", PASSWORDS)
def test_passwords(value, valid):
    assert (plugin_accepts(_validate.password, value), sim_common.is_password(value)) == (valid, valid)


@pytest.mark.parametrize("value,valid", NETWORKS)
def test_networks(value, valid):
    assert (plugin_accepts(_validate.network, value), sim_common.is_net_list([value])) == (valid, valid)


@pytest.mark.parametrize("value,valid", DATES)
def test_dates(value, valid):
    assert (plugin_accepts(_validate.iso_date, value), sim_mailboxes.is_date(value)) == (valid, valid)


@pytest.mark.parametrize("value,valid", TIME_ZONES)
def test_time_zones(value, valid):
    assert (plugin_accepts(_validate.timezone, value), sim_mailboxes.is_time_zone(value)) == (valid, valid)


def test_quota_tables_are_the_same():
    assert tuple(_common.QUOTA_BYTES) == tuple(sim_domains.QUOTAS)


def test_page_size_is_the_same():
    assert _client.MAX_PAGE_SIZE == sim_common.MAX_PER


def test_delivery_account_status_maps_are_the_same():
    assert _delivery.ACCOUNT_STATUS == dict((v, k) for k, v in sim_accounts.STATUS_INT.items())


@pytest.mark.parametrize("kind,prefix,digits", [
    ("domain", "D", 9), ("mailbox", "EA", 8), ("mailbox", "P", 9), ("domain_alias", "AD", 8), ("alias", "AE", 8),
    ("import", "I", 9), ("migration", "MG", 8), ("manager", "MN", 8), ("team_member", "T", 9),
])
def test_codes_the_simulator_issues_pass_the_plugin_check(kind, prefix, digits):
    code = "%s%0*d" % (prefix, digits, 123)
    assert plugin_accepts(_validate.code(kind), code)
    assert not plugin_accepts(_validate.code(kind), code + "0")
    assert not plugin_accepts(_validate.code(kind), "../" + code)
