# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The inventory plugin qboxmail.qboxmail.qboxmail against the in-thread simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import sys

import pytest
import yaml

import ansible_collections

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _client
from ansible_collections.qboxmail.qboxmail.tests.simulator.app import resource_modules
from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator
from ansible_collections.qboxmail.qboxmail.tests.tools.core_compat import NATIVE_TEMPLATES, controller_flag as _internal

# Importing the controller side sets ansible-core's process-wide "this is the controller" flag, which changes how
# modules report warnings: module tests run in the same process (the quick loop) need it off. So the flag is put
# back at once, set again by the fixture below only while these tests run.
_WAS_CONTROLLER = _internal.is_controller
from ansible.errors import AnsibleError, AnsibleParserError  # noqa: E402 pylint: disable=wrong-import-position
from ansible.inventory.data import InventoryData  # noqa: E402 pylint: disable=wrong-import-position
from ansible.inventory.manager import InventoryManager  # noqa: E402 pylint: disable=wrong-import-position
from ansible.parsing.dataloader import DataLoader  # noqa: E402 pylint: disable=wrong-import-position
from ansible.plugins.loader import init_plugin_loader, inventory_loader  # noqa: E402 pylint: disable=wrong-import-position
from ansible.utils.collection_loader import AnsibleCollectionConfig  # noqa: E402 pylint: disable=wrong-import-position
_internal.is_controller = _WAS_CONTROLLER
resource_modules()  # the simulator's routes, imported once (ansible-test runs each test in a fork of this process)

NAME = "qboxmail.qboxmail.qboxmail"
CUSTOMER_TOKEN = "qbx-customer-dev-token"
WRONG_TOKEN = "Inv3ntory-wrong-T0ken"


@pytest.fixture(scope="module", autouse=True)
def controller():
    """The controller flag on while these tests run; the plugin loader finds collection plugins.

    ansible-test units installs the collection finder before anything is imported; a bare pytest run (the quick
    loop) imported the collection as a plain package, so the finder is installed here and given the collection
    metadata that importing through it would have loaded."""
    was_controller = _internal.is_controller
    _internal.is_controller = True
    if AnsibleCollectionConfig.collection_finder is None:
        init_plugin_loader([os.path.dirname(list(ansible_collections.__path__)[0])])
        package = sys.modules["ansible_collections.qboxmail.qboxmail"]
        if getattr(package, "_collection_meta", None) is None:
            with open(os.path.join(list(package.__path__)[0], "meta", "runtime.yml")) as runtime:
                package._collection_meta = yaml.safe_load(runtime) or {}
    yield
    _internal.is_controller = was_controller


@pytest.fixture(scope="module")
def simulator():
    with running_simulator(mode="production", async_delay=0) as sim:
        yield sim


@pytest.fixture
def sim(simulator, monkeypatch):
    simulator.reset(async_delay=0)
    monkeypatch.setattr(_client, "SLEEP", lambda seconds: None)
    for name in ("QBOXMAIL_API_URL", "QBOXMAIL_API_TOKEN", "QBOXMAIL_CUSTOMER_CODE", "QBOXMAIL_VALIDATE_CERTS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QBOXMAIL_API_URL", simulator.url)
    monkeypatch.setenv("QBOXMAIL_API_TOKEN", CUSTOMER_TOKEN)
    return simulator


def write(tmp_path, config, name="test.qboxmail.yml"):
    path = tmp_path / name
    path.write_text(json.dumps(dict({"plugin": NAME, "retries": 1}, **config)))
    return str(path)


def parse(tmp_path, cache=True, **config):
    """Run the plugin on a config file; returns the InventoryData it filled."""
    inventory = InventoryData()
    plugin = inventory_loader.get(NAME)
    path = write(tmp_path, config)
    assert plugin.verify_file(path)
    plugin.parse(inventory, DataLoader(), path, cache=cache)
    return inventory


def hostvars(inventory, host):
    return inventory.get_host(host).get_vars()


def group(inventory, name):
    return sorted(h.name for h in inventory.groups[name].get_hosts()) if name in inventory.groups else None


def seed_domains(sim, *names, **fields):
    return sim.seed(domains=[dict({"name": n, "customer_code": "C100000001", "status": "enabled"}, **fields)
                             for n in names])["domains"]


def domain_reads(sim):
    return [r for r in sim.requests() if r["path"] == "/api/domains"]


# ------------------------------------------------------------------------------------------------ hosts
def test_domains_are_hosts_named_by_domain_name_with_their_fields_as_host_vars(sim, tmp_path):
    codes = seed_domains(sim, "a.example.com", "b.example.com", plan="professional")
    sim.seed(domains=[{"name": "other.example.com", "customer_code": "C100000002"}])
    inventory = parse(tmp_path)
    assert group(inventory, "qboxmail_domains") == ["a.example.com", "b.example.com"]
    assert group(inventory, "qboxmail_delivery_accounts") == []
    assert "other.example.com" not in inventory.hosts  # another customer's domain
    hv = hostvars(inventory, "a.example.com")
    assert hv["qboxmail_code"] == codes[0] and hv["qboxmail_kind"] == "domain"
    assert hv["qboxmail_name"] == "a.example.com" and hv["qboxmail_plan"] == "professional"
    assert hv["qboxmail_status"] == "enabled" and hv["qboxmail_default_quota"] == 1073741824
    assert hv["ansible_connection"] == "local"
    assert not [k for k in hv if "password" in k or "token" in k or k.startswith("qboxmail__")]
    assert len(domain_reads(sim)) == 1 and sim.requests(write=True) == []


def test_query_is_sent_to_qboxmail_and_status_matched_here(sim, tmp_path):
    seed_domains(sim, "shop.example.com", "blog.example.com", "shop.example.org")
    sim.seed(domains=[{"name": "new-shop.example.net", "customer_code": "C100000001"}])  # ownership_check
    inventory = parse(tmp_path, query="shop", status="enabled")
    assert group(inventory, "qboxmail_domains") == ["shop.example.com", "shop.example.org"]
    (read,) = domain_reads(sim)   # the simulator refuses status= on this list (undocumented; tests/simulator/gaps.py)
    assert read["query"] == {"query": "shop", "per": "100", "page": "1"}
    inventory = parse(tmp_path, status="ownership_check")
    assert group(inventory, "qboxmail_domains") == ["new-shop.example.net"]


def test_hosts_get_the_controller_python_unless_told_otherwise(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    assert hostvars(parse(tmp_path), "a.example.com")["ansible_python_interpreter"] == sys.executable
    hv = hostvars(parse(tmp_path, ansible_python_interpreter="/opt/py/bin/python3"), "a.example.com")
    assert hv["ansible_python_interpreter"] == "/opt/py/bin/python3"
    assert "ansible_python_interpreter" not in hostvars(parse(tmp_path, ansible_python_interpreter=""), "a.example.com")
    assert "ansible_python_interpreter" not in hostvars(parse(tmp_path, ansible_connection="ssh"), "a.example.com")


def test_admin_token_reads_the_customer_of_customer_code(sim, tmp_path, monkeypatch):
    seed_domains(sim, "a.example.com")
    sim.seed(domains=[{"name": "other.example.com", "customer_code": "C100000002", "status": "enabled"}])
    monkeypatch.setenv("QBOXMAIL_API_TOKEN", "qbx-admin-dev-token")
    monkeypatch.setenv("QBOXMAIL_CUSTOMER_CODE", "C100000002")
    inventory = parse(tmp_path)
    assert group(inventory, "qboxmail_domains") == ["other.example.com"]
    assert domain_reads(sim)[0]["query"]["customer_code"] == "C100000002"


def test_options_in_the_file_win_over_the_environment(sim, tmp_path, monkeypatch):
    seed_domains(sim, "a.example.com")
    monkeypatch.setenv("QBOXMAIL_API_TOKEN", WRONG_TOKEN)
    monkeypatch.setenv("QBOXMAIL_API_URL", "http://127.0.0.1:9")
    inventory = parse(tmp_path, api_url=sim.url, api_token=CUSTOMER_TOKEN)
    assert group(inventory, "qboxmail_domains") == ["a.example.com"]


def test_prefix_and_connection_options(sim, tmp_path):
    code = seed_domains(sim, "a.example.com")[0]
    hv = hostvars(parse(tmp_path, hostvar_prefix="", ansible_connection=""), "a.example.com")
    assert hv["plan"] == "basic" and hv["code"] == code and hv["qboxmail_code"] == code
    assert "ansible_connection" not in hv
    hv = hostvars(parse(tmp_path, hostvar_prefix="qbx_", ansible_connection="ansible.builtin.local"), "a.example.com")
    assert hv["qbx_plan"] == "basic" and hv["qboxmail_kind"] == "domain"
    assert hv["ansible_connection"] == "ansible.builtin.local"
    with pytest.raises(AnsibleParserError, match="hostvar_prefix"):
        parse(tmp_path, hostvar_prefix="1-bad")


# ------------------------------------------------------------------------------------- constructable
def test_keyed_groups_groups_and_compose(sim, tmp_path):
    seed_domains(sim, "a.example.com", plan="professional", archive=True)
    seed_domains(sim, "b.example.com", plan="enterprise")
    sim.seed(domains=[{"name": "c.example.com", "customer_code": "C100000001"}])
    inventory = parse(tmp_path, keyed_groups=[{"key": "qboxmail_plan", "prefix": "plan"},
                                              {"key": "qboxmail_status", "prefix": "status"}],
                      groups={"with_vault": "qboxmail_archive", "unverified": "qboxmail_status == 'ownership_check'"},
                      compose={"quota_gb": "qboxmail_default_quota // 1073741824",
                               "mail_host": "'mail.' ~ inventory_hostname"})
    assert group(inventory, "plan_professional") == ["a.example.com"]
    assert group(inventory, "plan_enterprise") == ["b.example.com"]
    assert group(inventory, "plan_basic") == ["c.example.com"]
    assert group(inventory, "status_enabled") == ["a.example.com", "b.example.com"]
    assert group(inventory, "with_vault") == ["a.example.com"]
    assert group(inventory, "unverified") == ["c.example.com"]
    hv = hostvars(inventory, "b.example.com")
    assert hv["quota_gb"] == (1 if NATIVE_TEMPLATES else "1") and hv["mail_host"] == "mail.b.example.com"


def test_strict_reports_a_bad_expression(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    inventory = parse(tmp_path, compose={"x": "qboxmail_no_such_field.y"})
    assert "x" not in hostvars(inventory, "a.example.com")
    with pytest.raises(AnsibleError, match="a.example.com"):
        parse(tmp_path, strict=True, compose={"x": "qboxmail_no_such_field.y"})


# ---------------------------------------------------------------------------------- delivery accounts
def test_delivery_accounts_are_hosts_with_their_description(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    sim.api("POST", "/api/delivery/accounts", {"description": "Web shop", "type": "transactional"},
            token=CUSTOMER_TOKEN)
    sim.api("POST", "/api/delivery/accounts", {"description": "Newsletter", "type": "newsletter"},
            token=CUSTOMER_TOKEN)
    ids = sorted(a["id"] for a in sim.state("delivery_accounts"))
    inventory = parse(tmp_path, include_delivery_accounts=True,
                      keyed_groups=[{"key": "qboxmail_type | default(omit)", "prefix": "delivery"}])
    hosts = ["delivery_account_%s" % i for i in ids]
    assert group(inventory, "qboxmail_delivery_accounts") == sorted(hosts)
    assert group(inventory, "qboxmail_domains") == ["a.example.com"]
    assert group(inventory, "delivery_transactional") == [hosts[0]]
    hv = hostvars(inventory, hosts[0])
    assert hv["qboxmail_description"] == "Web shop" and hv["qboxmail_id"] == ids[0]
    assert hv["qboxmail_kind"] == "delivery_account" and hv["qboxmail_status_name"] == "enabled"
    assert hv["ansible_connection"] == "local"
    assert not [k for k in hv if "password" in k]
    smtp_passwords = [a["_password"] for a in sim.state("delivery_accounts")]
    assert not [p for p in smtp_passwords if p in json.dumps(hv)]


def test_delivery_accounts_only(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    sim.api("POST", "/api/delivery/accounts", {"description": "Web shop", "type": "transactional"}, token=CUSTOMER_TOKEN)
    sim.clear_requests()
    inventory = parse(tmp_path, include_domains=False, include_delivery_accounts=True)
    assert group(inventory, "qboxmail_domains") == []
    assert len(group(inventory, "qboxmail_delivery_accounts")) == 1
    assert [r["path"] for r in sim.requests()] == ["/api/delivery/accounts"]


# ------------------------------------------------------------------------------------------- paging
def test_250_domains_are_read_in_3_pages_of_100(sim, tmp_path):
    sim.seed(domains=[{"name": "d%03d.example.com" % i, "customer_code": "C100000001", "status": "enabled"}
                      for i in range(250)])
    inventory = parse(tmp_path)
    assert len(group(inventory, "qboxmail_domains")) == 250
    reads = domain_reads(sim)
    assert [(r["query"]["page"], r["query"]["per"]) for r in reads] == [("1", "100"), ("2", "100"), ("3", "100")]
    assert len(sim.requests()) == 3


# -------------------------------------------------------------------------------------------- cache
def manager(path):
    return InventoryManager(loader=DataLoader(), sources=[path])


def test_cache_serves_the_second_parse_and_a_refresh_reads_again(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    cache_dir = tmp_path / "cache"
    config = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": str(cache_dir),
              "cache_timeout": 600}
    path = write(tmp_path, config)
    assert "a.example.com" in manager(path).hosts
    assert len(domain_reads(sim)) == 1
    cached = "".join(p.read_text() for p in cache_dir.iterdir())
    assert "a.example.com" in cached and CUSTOMER_TOKEN not in cached
    seed_domains(sim, "b.example.com")
    sim.clear_requests()
    inventory = manager(path)  # served from the cache: no request, b not seen yet
    assert sorted(inventory.hosts) == ["a.example.com"] and sim.requests() == []
    inventory.refresh_inventory()  # meta: refresh_inventory / --flush-cache reads again
    assert sorted(inventory.hosts) == ["a.example.com", "b.example.com"] and len(domain_reads(sim)) == 1


def test_cache_key_follows_the_filters_and_the_url(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    cache_dir = str(tmp_path / "cache")
    base = {"cache": True, "cache_plugin": "ansible.builtin.jsonfile", "cache_connection": cache_dir}
    assert sorted(manager(write(tmp_path, base)).hosts) == ["a.example.com"]
    sim.clear_requests()
    assert sorted(manager(write(tmp_path, dict(base, status="disabled"))).hosts) == []
    assert len(domain_reads(sim)) == 1  # another filter is another cache entry


def test_without_cache_every_parse_reads(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    path = write(tmp_path, {})
    manager(path)
    manager(path)
    assert len(domain_reads(sim)) == 2


# ------------------------------------------------------------------------------------------- errors
def test_wrong_token_fails_with_the_status_and_never_the_token(sim, tmp_path, monkeypatch):
    monkeypatch.setenv("QBOXMAIL_API_TOKEN", WRONG_TOKEN)
    with pytest.raises(AnsibleError) as err:
        parse(tmp_path)
    text = str(err.value)
    assert "HTTP 401" in text and "GET /api/domains" in text and WRONG_TOKEN not in text
    assert err.value.__cause__ is None and err.value.__suppress_context__  # no chained exception to print


def test_missing_token_names_the_option_and_the_variable(sim, tmp_path, monkeypatch):
    monkeypatch.delenv("QBOXMAIL_API_TOKEN")
    with pytest.raises(AnsibleParserError, match="api_token is required.*QBOXMAIL_API_TOKEN"):
        parse(tmp_path)
    assert sim.requests() == []


@pytest.mark.parametrize("config, option", [
    ({"api_url": "ftp://example.com"}, "api_url"),
    ({"timeout": 0}, "timeout"),
    ({"retries": -1}, "retries"),
    ({"ca_path": "/nonexistent/ca.pem"}, "ca_path"),
])
def test_bad_connection_options_fail_before_any_request(sim, tmp_path, config, option):
    with pytest.raises(AnsibleParserError, match=option):
        parse(tmp_path, **config)
    assert sim.requests() == []


def test_server_errors_are_retried_then_reported(sim, tmp_path):
    seed_domains(sim, "a.example.com")
    sim.fault(method="GET", path="/api/domains", status=503, count=1)
    assert group(parse(tmp_path), "qboxmail_domains") == ["a.example.com"]
    sim.fault(method="GET", path="/api/domains", status=500, count=5)
    with pytest.raises(AnsibleError, match="HTTP 500 on GET /api/domains"):
        parse(tmp_path)


def test_a_failing_second_page_fails_the_whole_source(sim, tmp_path, monkeypatch):
    sim.seed(domains=[{"name": "d%03d.example.com" % i, "customer_code": "C100000001"} for i in range(120)])
    real = _client.Client.request

    def request(self, method, path, **kwargs):
        if kwargs.get("params", {}).get("page") == 2 and not sim.faults()["faults"]:
            sim.fault(method="GET", path="/api/domains", status=502, count=9)
        return real(self, method, path, **kwargs)
    monkeypatch.setattr(_client.Client, "request", request)
    with pytest.raises(AnsibleError, match="HTTP 502"):
        parse(tmp_path)
    pages = [r["query"]["page"] for r in domain_reads(sim)]
    assert pages[0] == "1" and set(pages[1:]) == {"2"} and len(pages) == 3  # page 2, then one retry (retries: 1)


def test_wrong_plugin_name_and_file_names(sim, tmp_path):
    plugin = inventory_loader.get(NAME)
    path = write(tmp_path, {"plugin": "other.plugin"})
    with pytest.raises(AnsibleParserError, match="Incorrect plugin name"):
        plugin.parse(InventoryData(), DataLoader(), path)
    assert plugin.verify_file(write(tmp_path, {}, name="prod.qboxmail.yaml"))
    assert plugin.verify_file(write(tmp_path, {}, name="qboxmail.yml"))
    assert not plugin.verify_file(write(tmp_path, {}, name="prod.yml"))
    assert not plugin.verify_file(str(tmp_path / "missing.qboxmail.yml"))


def test_a_failed_source_leaves_ansible_inventory_without_a_traceback(sim, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("QBOXMAIL_API_TOKEN", WRONG_TOKEN)
    inventory = manager(write(tmp_path, {}))
    assert list(inventory.hosts) == []
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and WRONG_TOKEN not in out.out + out.err
