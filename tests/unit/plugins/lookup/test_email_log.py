# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The email_log lookup against the threaded simulator: entries, filters, and errors as AnsibleError."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib

import pytest


from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator
from ansible_collections.qboxmail.qboxmail.tests.tools.core_compat import controller_flag as _internal

TOKEN = "qbx-customer-dev-token"
DEFAULTS = dict(api_url="https://api.qboxmail.com", api_token=None, customer_code=None, validate_certs=True, ca_path=None,
                timeout=30.0, retries=5, domain=None, mailbox=None, start_date=None, end_date=None, days=None, query=None,
                status=None)


@pytest.fixture(scope="module")
def controller():
    """The lookup and AnsibleError, imported here: importing controller code marks the process as the controller,
    which makes module warnings go to the display; the mark is taken back for the module tests in this process."""
    saved = _internal.is_controller
    plugin = importlib.import_module("ansible_collections.qboxmail.qboxmail.plugins.lookup.email_log")
    errors = importlib.import_module("ansible.errors")
    yield plugin, errors.AnsibleError
    _internal.is_controller = saved


@pytest.fixture
def AnsibleError(controller):  # pylint: disable=invalid-name
    return controller[1]


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(mode="production", async_delay=0.05) as sim:
        yield sim


@pytest.fixture
def lookup(simulator, controller):
    """The plugin's run() with its options as Ansible would set them (the option definitions are checked by
    ansible-doc in sanity, the loading by the integration target)."""
    simulator.reset()

    def run(*terms, **kwargs):
        plugin = controller[0].LookupModule()
        options = dict(dict(DEFAULTS, api_url=simulator.url, api_token=TOKEN, retries=0), **kwargs)
        plugin.set_options = lambda var_options=None, direct=None: None
        plugin.get_option = options.get
        return plugin.run(list(terms), {})
    return run


def seed(sim):
    code = sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}])["domains"][0]
    sim.seed(email_accounts=[{"domain_code": code, "name": "alice", "firstname": "A"}])
    sim.control("POST", "email_logs", {"domain": "example.com", "kind": "access", "email_address": "alice@example.com",
                                       "entries": [{"ip": "203.0.113.9"}, {"ip": "198.51.100.1", "result": "failed"}]})
    sim.control("POST", "email_logs", {"domain": "example.com", "kind": "outgoing", "email_address": "alice@example.com",
                                       "entries": [{"to": "bob@example.org", "status": "bounced", "detail": "550 no such user"}]})


def test_entries_of_several_kinds_with_filters(lookup, simulator):
    seed(simulator)
    found = lookup("access", "outgoing", mailbox="alice@example.com", days=1)
    assert [(e["kind"], e.get("ip") or e.get("to")) for e in found] == [
        ("access", "203.0.113.9"), ("access", "198.51.100.1"), ("outgoing", "bob@example.org")]
    failed = lookup("access", domain="example.com", status="failed")
    assert [e["ip"] for e in failed] == ["198.51.100.1"]


def test_errors_are_ansible_errors_without_the_token(lookup, simulator, AnsibleError):  # pylint: disable=invalid-name
    seed(simulator)
    with pytest.raises(AnsibleError) as unknown:
        lookup("incoming", domain="nope.example")
    assert "Hosting domain nope.example does not exist" in str(unknown.value)
    with pytest.raises(AnsibleError) as refused:
        lookup("incoming", domain="example.com", api_token="wrong-secret-token")
    assert "HTTP 401" in str(refused.value) and "wrong-secret-token" not in str(refused.value)
    with pytest.raises(AnsibleError) as bad:
        lookup("everything", domain="example.com")
    assert "kind:" in str(bad.value)
    with pytest.raises(AnsibleError) as window:
        lookup("incoming", domain="example.com", days=2, start_date="2026-01-01")
    assert "days:" in str(window.value)
    with pytest.raises(AnsibleError) as missing:
        lookup("incoming", domain="example.com", api_token="")
    assert "api_token is required" in str(missing.value)
