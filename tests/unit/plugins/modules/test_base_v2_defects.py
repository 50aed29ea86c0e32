# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regression tests of the defects the base v2 issue lists, against the simulator (and scripted HTTP where the
simulator cannot show the difference)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DKIM_UNKNOWN, dkim_state
from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    alias, alias_info, delivery_account, delivery_api_token_info, delivery_domain, domain, domain_info, mailbox,
    suppression, suppression_info,
)
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.modules.test_delivery import make_domain, publish
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import page, run_scripted

ADMIN = "qbx-admin-dev-token"
SECRET = "Mailb0x-secret"


def seed_domain(sim, name="example.com"):
    sim.seed(domains=[{"name": name, "customer_code": "C100000001", "status": "enabled"}])
    sim.clear_requests()


# ------------------------------------------------------------------------------------------ suppression
def test_suppression_with_an_admin_token_names_the_customer(run_module, sim):
    admin = dict(api_token=ADMIN, customer_code="C100000001")
    created, failed = run_module(suppression.main, dict(admin, email="a@example.org", reason="complaint"))
    assert not failed and created["changed"], created
    again, failed = run_module(suppression.main, dict(admin, email="a@example.org", reason="complaint"))
    assert not failed and not again["changed"]
    edited, failed = run_module(suppression.main, dict(admin, email="a@example.org", active=False))
    assert not failed and edited["changed"]
    info, failed = run_module(suppression_info.main, dict(admin, email="a@example.org"))
    assert not failed and info["suppressions"][0]["active"] is False
    writes = sim.requests(write=True)
    assert all(w["body"].get("customer_code") == "C100000001" for w in writes if w["body"])
    gone, failed = run_module(suppression.main, dict(admin, email="a@example.org", state="absent"))
    assert not failed and gone["changed"] and sim.state("suppressions") == []


def test_suppression_export_with_an_admin_token_is_filtered_by_customer(run_module, sim, tmp_path):
    sim.seed(suppressions=[{"customer_code": "C100000001", "email": "mine@example.org", "reason": "bounce"},
                           {"customer_code": "C100000002", "email": "theirs@example.org", "reason": "bounce"}])
    out = tmp_path / "x.csv"
    result, failed = run_module(suppression.main, dict(api_token=ADMIN, customer_code="C100000001", export_csv=str(out)))
    assert not failed, result
    assert "mine@example.org" in out.read_text() and "theirs@example.org" not in out.read_text()


def test_suppression_accounts_are_sent_as_strings(run_module, sim):
    run_module(delivery_account.main, dict(description="Shop", type="transactional"))
    sim.clear_requests()
    run_module(suppression.main, dict(email="a@example.org", reason="complaint", accounts=["Shop"]))
    posted = [w for w in sim.requests(write=True) if w["path"] == "/api/delivery/suppression_lists"]
    assert posted[0]["body"]["accounts"] == ["1"]


# ------------------------------------------------------------------------------------------ delivery_domain
def test_a_misconfigured_domain_is_not_ready_and_verify_runs_again(run_module, sim):
    created = make_domain(run_module, sim)
    sim.unpublish_dns()
    code = sim.state("delivery_domains")[0]["code"]
    assert sim.api("PUT", "/api/delivery/domains/%s/verify" % code, token="qbx-customer-dev-token").status == 200
    broken, failed = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True, wait=False))
    assert not failed and broken["changed"] and broken["delivery_domain"]["display_status"] == "misconfigured"
    assert broken["verification"]["verified"] is False and broken["verification"]["missing_records"]
    plain, failed = run_module(delivery_domain.main, dict(name="mail.example.com"))
    assert failed and "is misconfigured" in plain["msg"] and "verify=true" in plain["msg"]
    publish(sim, created)
    fixed, failed = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True, wait_for_verification=True,
                                                          wait_timeout=10))
    assert not failed and fixed["changed"] and fixed["verification"] == dict(verified=True, approved=True, missing_records=[])


# ------------------------------------------------------------------------------------------ mailbox
def test_autoresponder_interval_can_be_removed(run_module, sim):
    seed_domain(sim)
    args = dict(address="a@example.com", firstname="A", password=SECRET, autoresponder_enabled=True,
                autoresponder_start_date="2026-08-01", autoresponder_end_date="2026-08-20")
    first, failed = run_module(mailbox.main, args)
    assert not failed and first["mailbox"]["autoresponder_intervals_enabled"] is True
    cleared, failed = run_module(mailbox.main, dict(address="a@example.com", autoresponder_start_date="",
                                                    autoresponder_end_date=""), diff=True)
    assert not failed and cleared["changed"]
    box = cleared["mailbox"]
    assert box["autoresponder_intervals_enabled"] is False and not box["autoresponder_start_date"]
    again, failed = run_module(mailbox.main, dict(address="a@example.com", autoresponder_start_date="",
                                                  autoresponder_end_date=""))
    assert not failed and not again["changed"]


def test_bounce_message_goes_with_reject_incoming(run_module, sim):
    seed_domain(sim)
    run_module(mailbox.main, dict(address="a@example.com", firstname="A", password=SECRET))
    result, failed = run_module(mailbox.main, dict(address="a@example.com", reject_incoming=True,
                                                   bounce_message="Gone, write to info@example.com"))
    assert not failed and result["changed"] and result["mailbox"]["bounce_msg"] == "Gone, write to info@example.com"
    again, failed = run_module(mailbox.main, dict(address="a@example.com", reject_incoming=True,
                                                  bounce_message="Gone, write to info@example.com"))
    assert not failed and not again["changed"]
    refused, failed = run_module(mailbox.main, dict(address="a@example.com", bounce_message="x"))
    assert failed and "state=disabled or reject_incoming=true" in refused["msg"]


def test_the_create_body_holds_no_update_only_field(run_module, sim):
    seed_domain(sim)
    run_module(mailbox.main, dict(address="a@example.com", firstname="A", password=SECRET, force_new_password=True,
                                  autoresponder_end_date="2026-09-01"))
    create, update = [w["body"] for w in sim.requests(write=True)]
    assert not set(create) & {"force_new_password", "autoresponder_end_date", "autoresponder_intervals_enabled"}
    assert sorted(update) == ["autoresponder_end_date", "autoresponder_intervals_enabled", "force_new_password"]
    box = [b for b in sim.state("email_accounts") if b["name"] == "a"][0]
    assert box["force_new_password"] is True and box["autoresponder_end_date"] == "2026-09-01"


# ------------------------------------------------------------------------------------------ domain DKIM
def test_dkim_state_from_the_documented_fields():
    assert dkim_state({"dkim_status": "disabled", "has_dkim": 1}) == "disabled"
    assert dkim_state({"has_dkim": 1, "dkim_last_check_ok": True}) == DKIM_UNKNOWN  # CONTRACT: 1 when disabled too
    assert dkim_state({"has_dkim": 0, "dkim_selector": "qbm1"}) == "pending_dns"
    assert dkim_state({"has_dkim": 0, "dkim_last_check_ok": False}) == "pending_dns"
    assert dkim_state({"has_dkim": 0}) is None


def test_dkim_is_not_redone_without_dkim_status(monkeypatch):
    """A real API without the inferred `dkim_status`: a domain with `has_dkim: 1` needs no DKIM request."""
    obj = {"code": "D000000001", "name": "example.com", "status": "enabled", "status_detail": "ok", "has_dkim": 1,
           "dkim_last_check_ok": True, "dkim_selector": "qbm1", "dkim_public_key": "v=DKIM1; p=x"}
    result, failed, session = run_scripted(monkeypatch, domain.main, dict(name="example.com", dkim="enabled"), [page([obj])])
    assert not failed and not result["changed"]
    assert session.sequence() == ["GET /api/domains"]


# ------------------------------------------------------------------------------------------ queries
def test_domain_and_alias_info_filter_status_themselves(monkeypatch):
    objs = [{"code": "D000000001", "name": "a.com", "status": "enabled"},
            {"code": "D000000002", "name": "b.com", "status": "disabled"}]
    result, failed, session = run_scripted(monkeypatch, domain_info.main, dict(status="disabled"), [page(objs)])
    assert not failed and [d["name"] for d in result["domains"]] == ["b.com"]
    assert "status" not in session.calls[0]["params"]
    aliases = [{"code": "AE00000001", "name": "x", "status": "updating"}, {"code": "AE00000002", "name": "y", "status": "enabled"}]
    result, failed, session = run_scripted(monkeypatch, alias_info.main, dict(domain="a.com", status="enabled"),
                                           [page([objs[0]]), page(aliases)])
    assert not failed and [a["name"] for a in result["aliases"]] == ["y"]
    assert all("status" not in call["params"] for call in session.calls)


def test_the_token_list_is_read_without_paging_parameters(monkeypatch):
    account = {"id": 7, "description": "Shop", "status": 0}
    tokens = {"resources": [{"id": 1, "label": "ci"}, {"id": 2, "label": "other"}]}
    from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import FakeResponse
    result, failed, session = run_scripted(monkeypatch, delivery_api_token_info.main, dict(account="Shop", label="ci"),
                                           [page([account]), FakeResponse(200, tokens)])
    assert not failed and [t["label"] for t in result["api_tokens"]] == ["ci"]
    assert session.calls[1]["params"] == {}


# ------------------------------------------------------------------------------------------ list mode and references
def test_a_first_list_converge_sends_one_create_per_item_plus_list_reads(run_module, sim):
    sim.config(async_delay=0)
    seed_domain(sim)
    run_module(mailbox.main, dict(address="taken@example.com", firstname="T", password=SECRET))
    sim.clear_requests()
    items = [dict(name="a%02d" % i, destinations=["x@example.org"]) for i in range(30)]
    result, failed = run_module(alias.main, dict(domain="example.com", aliases=items, workers=4))
    assert not failed and result["summary"]["created"] == 30
    log = sim.requests()
    assert sum(1 for e in log if e["method"] == "POST") == 30
    assert sum(1 for e in log if e["method"] == "GET") == 3   # domain lookup, the empty list, one settle page


def test_check_mode_predicts_under_resources_a_previous_task_creates(run_module, sim):
    account, failed = run_module(delivery_account.main, dict(description="New", type="transactional",
                                                             domains=["mail.new.example"]), check_mode=True)
    assert not failed and account["changed"], account
    assert any("Delivery domain mail.new.example does not exist yet" in w for w in account["warnings"])
    entry, failed = run_module(suppression.main, dict(email="a@example.org", reason="bounce", accounts=["New"]),
                               check_mode=True)
    assert not failed and entry["changed"]
    assert any("Delivery account New does not exist yet" in w for w in entry["warnings"])
    boxes, failed = run_module(mailbox.main, dict(domain="new.example", mailboxes=[dict(name="a", firstname="A",
                                                                                        password=SECRET)]), check_mode=True)
    assert not failed and boxes["summary"]["created"] == 1
    assert sim.requests(write=True) == []
