# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""domain / domain_alias / mailbox settings beside the objects (trusted networks, outbound limits, checks, HTML
ownership, e-mail ownership reset), domain_info lists and email_log_info, against the threaded simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    domain, domain_alias, domain_info, email_log_info, mailbox,
)
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import dropped, page, run_scripted

ADMIN = dict(api_token="qbx-admin-dev-token", customer_code="C100000001")
PASSWORD = "Postm4ster-secret"
NETS = [{"ip": "203.0.113.0/24", "description": "Office"}, {"ip": "198.51.100.7", "description": "VPN"}]


def enabled_domain(sim, name="example.com", **extra):
    code = sim.seed(domains=[dict({"name": name, "customer_code": "C100000001", "status": "enabled"}, **extra)])["domains"][0]
    sim.clear_requests()
    return code


# ------------------------------------------------------------------------------------------ trusted networks
def test_trusted_networks_admin_only(run_module, sim):
    enabled_domain(sim)
    result, failed = run_module(domain.main, dict(name="example.com", trusted_networks=NETS))
    assert failed and "only admin tokens" in result["msg"] and result["status"] == 403
    assert sim.requests(write=True) == []
    result, failed = run_module(domain.main, dict(ADMIN, name="example.com", trusted_networks=NETS), check_mode=True, diff=True)
    assert not failed and result["changed"] and sim.requests(write=True) == []
    result, failed = run_module(domain.main, dict(ADMIN, name="example.com", trusted_networks=NETS))
    assert not failed and result["changed"] and result["trusted_networks"] == NETS
    again, _failed = run_module(domain.main, dict(ADMIN, name="example.com", trusted_networks=NETS[::-1]))
    assert not again["changed"]
    cleared, _failed = run_module(domain.main, dict(ADMIN, name="example.com", trusted_networks=[]), diff=True)
    assert cleared["changed"] and cleared["diff"]["after"] == {"trusted_networks": []}
    assert sim.requests(write=True)[-1]["body"] == {"trusted_networks": []}


def test_trusted_networks_bad_input_and_create_without_customer_code(run_module, sim):
    result, failed = run_module(domain.main, dict(ADMIN, name="example.com", trusted_networks=[{"ip": "10.0.0.300", "description": "x"}]))
    assert failed and result["msg"].startswith("trusted_networks item 1: ip:") and sim.requests() == []
    result, failed = run_module(domain.main, dict(name="new.example", postmaster_password=PASSWORD, trusted_networks=NETS))
    assert failed and "only admin tokens" in result["msg"] and sim.requests(write=True) == []


# ------------------------------------------------------------------------------------------ outbound limits
def test_outbound_limit_by_description(run_module, sim):
    enabled_domain(sim)
    result, failed = run_module(domain.main, dict(name="example.com", outbound_limit="500 Messages per day"), diff=True)
    assert not failed and result["changed"] and result["domain"]["outbound_limit"] == 2
    assert result["diff"] == {"before": {"outbound_limit": 0}, "after": {"outbound_limit": "500 Messages per day"}}
    again, _failed = run_module(domain.main, dict(name="example.com", outbound_limit="500 messages per day"))
    assert not again["changed"]
    same_id, _failed = run_module(domain.main, dict(name="example.com", outbound_limit=2))
    assert not same_id["changed"]
    sim.clear_requests()
    unknown, failed = run_module(domain.main, dict(name="example.com", outbound_limit="a million per second"))
    assert failed and unknown["msg"].startswith("outbound_limit:") and "250 messages per day" in unknown["msg"]
    assert sim.requests(write=True) == []
    bad_id, failed = run_module(domain.main, dict(name="example.com", outbound_limit=9))
    assert failed and "is not an outbound limit option" in bad_id["msg"]
    negative, failed = run_module(domain.main, dict(name="example.com", outbound_limit=-1))
    assert failed and negative["msg"].startswith("outbound_limit:")


def test_outbound_limit_description_is_set_right_after_a_create(run_module, sim):
    result, failed = run_module(domain.main, dict(name="new.example", postmaster_password=PASSWORD,
                                                  outbound_limit="1,000 messages per day"))
    assert not failed and result["domain"]["outbound_limit"] == 3, result
    writes = [(w["method"], w["path"]) for w in sim.requests(write=True)]
    assert writes[0] == ("POST", "/api/domains") and "outbound_limit" not in sim.requests(write=True)[0]["body"]
    assert writes[1][0] == "PUT" and sim.requests(write=True)[1]["body"] == {"outbound_limit": 3}
    box, failed = run_module(mailbox.main, dict(address="carol@new.example", firstname="Carol", password="Passw0rd-1",
                                                outbound_limit="250 messages per day"))
    assert not failed and box["mailbox"]["outbound_limit"] == 1, box
    again, _failed = run_module(mailbox.main, dict(address="carol@new.example", outbound_limit="250 MESSAGES PER DAY"))
    assert not again["changed"]
    listed, failed = run_module(mailbox.main, dict(domain="new.example", mailboxes=[
        {"name": "carol", "outbound_limit": "500 messages per day"}, {"name": "dave", "firstname": "D",
                                                                      "password": "Passw0rd-1", "outbound_limit": 2}]))
    assert not failed and listed["summary"]["changed"] == 2
    boxes = dict((b["name"], b.get("outbound_limit")) for b in sim.state("email_accounts"))
    assert boxes["carol"] == 2 and boxes["dave"] == 2


# ------------------------------------------------------------------------------------------ checks
def test_check_mx_is_a_trigger_that_waits_for_its_result(run_module, sim):
    enabled_domain(sim)
    result, failed = run_module(domain.main, dict(name="example.com", check_mx=True), check_mode=True)
    assert not failed and result["changed"] and result["mx_last_check_ok"] is None and sim.requests(write=True) == []
    result, failed = run_module(domain.main, dict(name="example.com", check_mx=True))
    assert not failed and result["changed"] and result["mx_last_check_ok"] is False
    sim.publish_dns([{"name": "example.com", "type": "MX", "value": "10 mx01.qboxmail.com"},
                     {"name": "example.com", "type": "MX", "value": "20 mx02.qboxmail.com"}])
    result, failed = run_module(domain.main, dict(name="example.com", check_mx=True))
    assert not failed and result["changed"] and result["mx_last_check_ok"] is True
    assert [w["path"] for w in sim.requests(write=True)] == ["/api/domains/%s/dns" % result["domain"]["code"]] * 2


def test_dkim_reset_and_recheck(run_module, sim):
    enabled_domain(sim)
    result, failed = run_module(domain.main, dict(name="example.com", dkim_recheck=True))
    assert failed and result["msg"].startswith("dkim_recheck:") and sim.requests(write=True) == []
    result, failed = run_module(domain.main, dict(name="example.com", dkim_reset=True))
    assert failed and result["msg"].startswith("dkim_reset:")
    first, _failed = run_module(domain.main, dict(name="example.com", dkim="enabled"))
    record = [r for r in first["dns_records"] if r["purpose"] == "dkim"][0]
    reset, failed = run_module(domain.main, dict(name="example.com", dkim_reset=True, dkim="enabled"))
    assert not failed and reset["changed"], reset
    new = [r for r in reset["dns_records"] if r["purpose"] == "dkim"]
    assert new, (reset, sim.requests(write=True))
    new = new[0]
    assert new["value"] != record["value"]
    sim.publish_dns([{"name": new["name"], "type": "TXT", "value": new["value"]}])
    verified, _failed = run_module(domain.main, dict(name="example.com", dkim="enabled"))
    assert verified["domain"]["dkim_status"] == "enabled"
    rechecked, failed = run_module(domain.main, dict(name="example.com", dkim_recheck=True))
    assert not failed and rechecked["changed"] and rechecked["dkim_last_check_ok"] is True


# ------------------------------------------------------------------------------------------ ownership
def test_html_ownership_of_a_domain(run_module, sim):
    result, failed = run_module(domain.main, dict(name="new.example", postmaster_password=PASSWORD, ownership_method="html"))
    assert not failed and result["changed"] and not result["ownership"]["verified"]
    html = result["ownership"]["html_file"]
    assert html["file_name"] and html["file_content"] and html["url"].endswith(html["file_name"])
    assert any("publish a file named %s" % html["file_name"] in w for w in result["warnings"])
    sim.clear_requests()
    check, _failed = run_module(domain.main, dict(name="new.example", ownership_method="html"), check_mode=True)
    assert check["ownership"]["html_file"] == html and sim.requests(write=True) == []
    sim.control("PUT", "website", {"url": html["url"], "file_content": html["file_content"]})
    done, failed = run_module(domain.main, dict(name="new.example", ownership_method="html"))
    assert not failed and done["changed"] and done["ownership"]["verified"] and done["domain"]["status"] == "enabled"
    again, _failed = run_module(domain.main, dict(name="new.example", ownership_method="html"))
    assert not again["changed"] and again["ownership"]["html_file"] is None


def test_html_ownership_and_email_reset_of_an_alias_domain(run_module, sim):
    enabled_domain(sim)
    result, failed = run_module(domain_alias.main, dict(name="alias.example", domain="example.com", ownership_method="email",
                                                        ownership_email="admin@alias.example"))
    assert not failed and result["ownership"]["email"] == "admin@alias.example"
    reset, failed = run_module(domain_alias.main, dict(name="alias.example", domain="example.com", ownership_email_reset=True,
                                                       ownership_method="email", ownership_email="postmaster@alias.example"))
    assert not failed and reset["changed"] and reset["ownership"]["email"] == "postmaster@alias.example"
    paths = [w["path"] for w in sim.requests(write=True)]
    assert paths[-2].endswith("/email_ownership_check/reset") and paths[-1].endswith("/email_ownership_check")
    html, _failed = run_module(domain_alias.main, dict(name="alias.example", domain="example.com", ownership_method="html"))
    spec = html["ownership"]["html_file"]
    sim.control("PUT", "website", {"url": spec["url"], "file_content": spec["file_content"]})
    done, failed = run_module(domain_alias.main, dict(name="alias.example", domain="example.com", ownership_method="html"))
    assert not failed and done["changed"] and done["ownership"]["verified"]
    after, _failed = run_module(domain_alias.main, dict(name="alias.example", domain="example.com", ownership_email_reset=True))
    assert not after["changed"]


# ------------------------------------------------------------------------------------------ domain lists and logs
def test_domain_info_lists(run_module, sim):
    enabled_domain(sim, "a.example")
    enabled_domain(sim, "b.example", manager_code="MN10000001", customization="CUST1")
    run_module(domain.main, dict(name="c.example", postmaster_password=PASSWORD))
    unmanaged, _failed = run_module(domain_info.main, dict(list="without_manager"))
    assert sorted(d["name"] for d in unmanaged["domains"]) == ["a.example", "c.example"]
    uncustomized, _failed = run_module(domain_info.main, dict(list="without_customization"))
    assert [d["name"] for d in uncustomized["domains"]] == ["a.example"]
    postmasters, _failed = run_module(domain_info.main, dict(list="postmasters", query="c.example"))
    assert [p["email_address"] for p in postmasters["postmasters"]] == ["postmaster@c.example"]
    assert "domains" not in postmasters


def test_email_log_info(run_module, sim):
    enabled_domain(sim)
    sim.seed(email_accounts=[{"domain_code": sim.state("domains")[0]["code"], "name": "alice", "firstname": "A"}])
    sim.control("POST", "email_logs", {"domain": "example.com", "kind": "incoming", "email_address": "alice@example.com",
                                       "entries": [{"subject": "Invoice", "date": "2026-03-01T10:00:00Z"},
                                                   {"subject": "Spam", "status": "rejected", "date": "2026-03-02T10:00:00Z"}]})
    sim.control("POST", "email_logs", {"domain": "example.com", "kind": "incoming", "email_address": "bob@example.com",
                                       "entries": [{"subject": "Other"}]})
    result, failed = run_module(email_log_info.main, dict(kind="incoming", mailbox="alice@example.com"))
    assert not failed and [e["subject"] for e in result["entries"]] == ["Invoice", "Spam"]
    assert result["summary"] == {"total": 2, "by_status": {"delivered": 1, "rejected": 1}}
    window, _failed = run_module(email_log_info.main, dict(kind="incoming", domain="example.com", start_date="2026-03-02",
                                                           end_date="2026-03-02"))
    assert "entries" in window, window
    assert [e["subject"] for e in window["entries"]] == ["Spam"]
    rejected, _failed = run_module(email_log_info.main, dict(kind="incoming", domain="example.com", status="rejected"))
    assert len(rejected["entries"]) == 1
    query = [r["query"] for r in sim.requests() if r["path"].endswith("/logs/incoming")][-1]
    assert query["per"] == "100" and query["status"] == "rejected"
    sim.clear_requests()
    bad, failed = run_module(email_log_info.main, dict(kind="access", domain="example.com", start_date="2026-02-30"))
    assert failed and bad["msg"].startswith("start_date:") and sim.requests() == []
    bad, failed = run_module(email_log_info.main, dict(kind="access", mailbox="alice@example.com", domain="other.example"))
    assert failed and bad["msg"].startswith("mailbox:")
    today, failed = run_module(email_log_info.main, dict(kind="incoming", domain="example.com", days=1))
    assert not failed and [e["subject"] for e in today["entries"]] == ["Other"]


def test_create_with_trusted_networks_and_an_mx_check(run_module, sim):
    result, failed = run_module(domain.main, dict(ADMIN, name="new.example", postmaster_password=PASSWORD,
                                                  trusted_networks=NETS, check_mx=True))
    assert not failed and result["changed"] and result["trusted_networks"] == NETS, result
    assert result["mx_last_check_ok"] is False
    writes = [(w["method"], w["path"].rsplit("/", 1)[-1]) for w in sim.requests(write=True)]
    assert writes == [("POST", "domains"), ("PUT", "trusted_networks"), ("PUT", "dns")]


def test_mx_check_is_never_repeated_after_a_lost_answer(monkeypatch):
    script = [page([{"code": "D000000001", "name": "example.com", "status": "enabled"}]), dropped()]
    result, failed, session = run_scripted(monkeypatch, domain.main, dict(name="example.com", check_mx=True), script)
    assert failed and result["changed"] is True and "may have been queued" in result["msg"]
    assert session.sequence() == ["GET /api/domains", "PUT /api/domains/D000000001/dns"]
