# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Regression tests of the reliability issue's defects that the sweeps do not already pin down."""

from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    delivery_account, delivery_api_token, domain, domain_alias, mailbox, suppression,
)
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import FakeResponse, page, run_scripted


def seed_domain(sim):
    sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}])


def test_a_new_token_whose_allow_list_cannot_be_set_is_revoked(run_module, sim):
    run_module(delivery_account.main, dict(description="Shop", type="transactional"))
    sim.fault(method="PUT", path="/api/delivery/accounts/*/api_tokens/*", status=500, count=5)
    result, failed = run_module(delivery_api_token.main, dict(account="Shop", label="ci", allow_nets=["127.0.0.1"]))
    assert failed and "the new token was revoked" in result["msg"] and "token" not in result
    assert sim.state("send_tokens") == []


def test_check_mode_predicts_no_change_for_an_unpublished_dkim_record(run_module, sim):
    args = dict(name="example.com", postmaster_password="Passw0rd-dkim", dkim="enabled")
    first, failed = run_module(domain.main, args)
    assert not failed and first["changed"] and first["domain"]["dkim_status"] == "pending_dns"
    predicted, failed = run_module(domain.main, args, check_mode=True)
    assert not failed and not predicted["changed"]
    assert any("would verify the DKIM record" in w for w in predicted["warnings"])
    real, failed = run_module(domain.main, args)
    assert not failed and not real["changed"] and any("DKIM of example.com is not verified yet" in w for w in real["warnings"])


def test_check_mode_predicts_the_ownership_check_of_an_unpublished_record(run_module, sim):
    """Was: check mode said `changed: false`, no diff, where the real run requests a check (issue 19)."""
    seed_domain(sim)
    run_module(domain_alias.main, dict(name="example.net", domain="example.com"))
    args = dict(name="example.net", domain="example.com", ownership_method="dns_sync")
    sim.clear_requests()
    predicted, failed = run_module(domain_alias.main, args, check_mode=True, diff=True)
    assert not failed and predicted["changed"] and predicted["diff"]["after"] == {"ownership": "check requested (dns_sync)"}
    assert any("would check the ownership DNS record" in w and "185." in w for w in predicted["warnings"]), predicted
    assert sim.requests(write=True) == []
    real, failed = run_module(domain_alias.main, args, diff=True)
    assert not failed and (real["changed"], real["diff"]) == (predicted["changed"], predicted["diff"])
    assert any("publish the DNS record" in w for w in real["warnings"])


def test_skip_refused_in_production_leaves_no_alias_domain_behind(run_module, sim):
    seed_domain(sim)
    result, failed = run_module(domain_alias.main, dict(name="example.net", domain="example.com", ownership_method="skip"))
    assert failed and result["status"] == 403 and "was deleted again" in result["msg"]
    assert result["changed"] is False and sim.state("alias_domains") == []


def test_a_422_names_the_option_the_api_field_belongs_to(monkeypatch):
    domain_obj = {"code": "D000000001", "name": "example.com", "max_email_quota": 107374182400}
    box = {"code": "EA00000001", "name": "alice", "status": "enabled", "max_email_quota": 1073741824}
    errors = [{"field": "max_email_quota", "description": "is not valid"}]
    refusal = FakeResponse(422, {"message": "Validation failed", "errors": errors})
    result, failed, _session = run_scripted(monkeypatch, mailbox.main, dict(address="alice@example.com", quota="50G"),
                                            [page([domain_obj]), page([box]), refusal])
    assert failed and result["status"] == 422
    assert "API field max_email_quota is the option quota" in result["msg"]


def test_formula_like_addresses_are_escaped_on_export_and_refused_as_input(run_module, sim, tmp_path):
    """Was: `=cmd...` was accepted as an entry and sent in an import (issue 19); the export escape stays."""
    sim.seed(suppressions=[{"email": "=cmd@example.org", "reason": "complaint", "customer_code": "C100000001"},
                           {"email": "+plus@example.org", "reason": "bounce", "customer_code": "C100000001"},
                           {"email": "ok@example.org", "reason": "bounce", "customer_code": "C100000001"}])
    out = tmp_path / "list.csv"
    exported, failed = run_module(suppression.main, dict(export_csv=str(out)))
    assert not failed and "'=cmd@example.org" in out.read_text() and "'+plus@example.org" in out.read_text()
    sim.clear_requests()
    again, failed = run_module(suppression.main, dict(import_csv=str(out)))
    assert failed and "line 2" in again["msg"] and "formula" in again["msg"] and sim.requests() == []
    for bad in ("=cmd@example.org", "+x@example.org", "-x@example.org", "@x@example.org", "\tx@example.org"):
        one, failed = run_module(suppression.main, dict(email=bad, reason="complaint"))
        assert failed and one["msg"].startswith("email: ") and "formula" in one["msg"], (bad, one["msg"])
        many, failed = run_module(suppression.main, dict(reason="complaint", entries=[{"email": bad}]))
        assert failed and "formula" in many["msg"], (bad, many["msg"])
    assert sim.requests() == []
