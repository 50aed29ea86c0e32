# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""vault and vault_info, in-process against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.modules import vault, vault_info

NAMES = ("alice", "bob", "carol", "dan", "eve", "fay")


def seed(sim, names=NAMES, domain="vault.example"):
    code = sim.seed(domains=[{"name": domain, "status": "enabled", "customer_code": "C100000001"}])["domains"][0]
    sim.seed(email_accounts=[{"domain_code": code, "name": name} for name in names])
    return code


def boxes(*names):
    return [dict(address="%s@vault.example" % name) for name in names]


def writes(sim):
    return [(entry["method"], entry["path"], entry["body"]) for entry in sim.requests(write=True)]


def activate(run_module, sim, **extra):
    args = dict(domain="vault.example", retention=12, mailboxes=boxes("alice", "bob"))
    args.update(extra)
    result, failed = run_module(vault.main, args)
    assert not failed, result
    return result


def test_activation_check_mode_real_run_and_rerun(run_module, sim):
    code = seed(sim)
    args = dict(domain="vault.example", retention=12,
                mailboxes=boxes("alice") + [dict(address="bob@vault.example", retention=24)])
    check, failed = run_module(vault.main, args, check_mode=True, diff=True)
    assert not failed and check["changed"] and writes(sim) == []
    assert check["vault"]["archive_status"] == "enabled" and check["vault"]["default_retention"] == 12
    assert check["diff"]["before"] == {"state": "absent", "archive_status": "disabled", "default_retention": 0,
                                       "mailboxes": {"alice@vault.example": None, "bob@vault.example": None}}
    assert check["diff"]["after"]["mailboxes"]["bob@vault.example"] == {"status": "enabled", "retention": 24}
    real, failed = run_module(vault.main, args, diff=True)
    assert not failed and real["changed"] and real["diff"] == check["diff"]
    assert real["vault"]["archive_status"] == "enabled" and real["vault"]["archive"] is True
    assert [m["archive"]["retention"] for m in real["mailboxes"]] == [12, 24]
    logged = writes(sim)
    assert [(m, p) for m, p, _b in logged] == [("POST", "/api/archive/domains/%s" % code),
                                               ("PUT", "/api/archive/domains/%s/email_accounts/%s" % (
                                                   code, real["mailboxes"][1]["code"]))]
    assert logged[0][2] == {"email_codes": [m["code"] for m in real["mailboxes"]], "retention": 12}
    again, failed = run_module(vault.main, args, diff=True)
    assert not failed and not again["changed"] and "diff" not in again and len(writes(sim)) == 2


def test_new_mailboxes_settings_and_purge_keep_the_archive(run_module, sim):
    code = seed(sim)
    activate(run_module, sim)
    sim.clear_requests()
    args = dict(domain="vault.example", retention=6, default_archive=False, purge=True,
                mailboxes=boxes("carol", "dan", "eve", "fay", "alice"))
    result, failed = run_module(vault.main, args, diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["before"]["default_retention"] == 12 and result["diff"]["after"]["default_retention"] == 6
    assert result["diff"]["after"]["mailboxes"]["bob@vault.example"] == {"status": "disabled", "retention": 12}
    bob = [m for m in result["mailboxes"] if m["address"] == "bob@vault.example"][0]
    assert bob["state"] == "disabled" and bob["archive"]["archive_status"] == "disabled"
    reads = [e["path"] for e in sim.requests(write=False)]
    assert reads.count("/api/domains/%s/email_accounts" % code) == 1   # 4 new addresses: one read of the mailboxes
    assert [(m, p) for m, p, _b in writes(sim)] == [
        ("PUT", "/api/archive/domains/%s" % code), ("POST", "/api/archive/domains/%s/email_accounts" % code),
        ("PUT", "/api/archive/domains/%s/email_accounts/%s/status" % (code, bob["code"]))]
    assert writes(sim)[0][2] == {"default_retention": 6, "default_archive": False}
    assert len(sim.state("archive_email_accounts")) == 6   # bob is disabled, not deleted
    again, failed = run_module(vault.main, args)
    assert not failed and not again["changed"]


def test_few_new_mailboxes_are_resolved_through_the_mailbox_reference(run_module, sim):
    code = seed(sim)
    activate(run_module, sim, mailboxes=[])
    sim.clear_requests()
    result, failed = run_module(vault.main, dict(domain="vault.example", mailboxes=boxes("carol")))
    assert not failed and result["changed"]
    assert ("/api/domains/%s/email_accounts" % code, {"query": "carol", "per": "100", "page": "1"}) in [
        (e["path"], e["query"]) for e in sim.requests(write=False)]


def test_disable_enable_and_item_states(run_module, sim):
    code = seed(sim)
    activate(run_module, sim)
    result, failed = run_module(vault.main, dict(domain="vault.example", state="disabled"), diff=True)
    assert not failed and result["changed"] and result["vault"]["archive_status"] == "disabled"
    assert result["diff"] == {"before": {"archive_status": "enabled"}, "after": {"archive_status": "disabled"}}
    assert not run_module(vault.main, dict(domain="vault.example", state="disabled"))[0]["changed"]
    present, failed = run_module(vault.main, dict(domain="vault.example", mailboxes=boxes("carol")))
    assert failed and "use state=enabled" in present["msg"] and not present["changed"]
    result, failed = run_module(vault.main, dict(domain="vault.example", state="enabled", mailboxes=[
        dict(address="carol@vault.example"), dict(address="bob@vault.example", state="disabled")]))
    assert not failed and result["vault"]["archive_status"] == "enabled"
    assert [m["archive"]["archive_status"] for m in result["mailboxes"]] == ["enabled", "disabled"]
    assert writes(sim)[-3][1] == "/api/archive/domains/%s/status" % code


def test_deleting_archives_needs_the_confirmation_before_any_request(run_module, sim):
    seed(sim)
    activate(run_module, sim)
    sim.clear_requests()
    refused, failed = run_module(vault.main, dict(domain="vault.example", state="absent"))
    assert failed and "deleted for good" in refused["msg"] and "confirm_delete_archive" in refused["msg"]
    refused, failed = run_module(vault.main, dict(domain="vault.example", mailboxes=[
        dict(address="bob@vault.example", state="absent")]))
    assert failed and "mailboxes item 1" in refused["msg"] and "confirm_delete_archive" in refused["msg"]
    assert sim.requests() == []
    one, failed = run_module(vault.main, dict(domain="vault.example", confirm_delete_archive=True, mailboxes=[
        dict(address="bob@vault.example", state="absent")]), diff=True)
    assert not failed and one["changed"] and one["diff"]["after"] == {"mailboxes": {"bob@vault.example": None}}
    assert [e["method"] for e in sim.requests(write=True)] == ["DELETE"]
    gone, failed = run_module(vault.main, dict(domain="vault.example", state="absent", confirm_delete_archive=True))
    assert not failed and gone["changed"] and gone["vault"] == {}
    assert sim.state("archive_email_accounts") == []
    again, failed = run_module(vault.main, dict(domain="vault.example", state="absent", confirm_delete_archive=True))
    assert not failed and not again["changed"]


def test_activation_failure_is_reported_then_repaired(run_module, sim):
    seed(sim)
    sim.control("PUT", "vault_failures", {"domain": "vault.example", "message": "archive storage unavailable"})
    args = dict(domain="vault.example", retention=12, mailboxes=boxes("alice"))
    failure, failed = run_module(vault.main, args)
    assert failed and failure["changed"] and "reached status failure (archive storage unavailable)" in failure["msg"]
    assert failure["vault"]["archive_status_detail"] == "archive storage unavailable"
    repaired, failed = run_module(vault.main, args)
    assert not failed and repaired["changed"] and repaired["vault"]["archive_status"] == "enabled"
    assert [e["method"] for e in sim.requests(write=True)] == ["POST", "POST"]


def test_bad_input_fails_before_any_request(run_module, sim):
    seed(sim)
    cases = [
        (dict(mailboxes=boxes("alice") + boxes("alice")), "listed twice"),
        (dict(mailboxes=[dict(address="alice@other.example")]), "not in domain vault.example"),
        (dict(retention=0), "retention: must be a whole number of months"),
        (dict(mailboxes=[dict(address="x", retention=3)]), "mailboxes item 1"),
        (dict(state="absent", retention=3, confirm_delete_archive=True), "retention cannot go with state=absent"),
        (dict(domain="www.vault.example"), "domain:"),
    ]
    for args, message in cases:
        result, failed = run_module(vault.main, dict(dict(domain="vault.example"), **args))
        assert failed and message in result["msg"], (args, result)
    assert sim.requests() == []
    missing, failed = run_module(vault.main, dict(domain="vault.example"))
    assert failed and "retention is required to activate" in missing["msg"] and sim.requests(write=True) == []
    unknown, failed = run_module(vault.main, dict(domain="vault.example", retention=3, mailboxes=boxes("nobody")))
    assert failed and "no such mailbox" in unknown["msg"] and sim.requests(write=True) == []


def test_never_activated_and_a_domain_a_previous_task_creates(run_module, sim):
    seed(sim)
    result, failed = run_module(vault.main, dict(domain="vault.example", state="disabled", retention=3))
    assert not failed and not result["changed"] and any("never activated" in w for w in result["warnings"])
    check, failed = run_module(vault.main, dict(domain="new.example", retention=3, mailboxes=[
        dict(address="a@new.example")]), check_mode=True)
    assert not failed and check["changed"] and any("does not exist yet" in w for w in check["warnings"])
    assert sim.requests(write=True) == []


def test_vault_info(run_module, sim):
    seed(sim)
    seed(sim, names=("zed",), domain="plain.example")
    activate(run_module, sim)
    run_module(vault.main, dict(domain="vault.example", mailboxes=[dict(address="bob@vault.example", state="disabled")]))
    listed, failed = run_module(vault_info.main, dict(archive_status="enabled"))
    assert not failed and [d["name"] for d in listed["domains"]] == ["vault.example"] and "accounts" not in listed
    assert set(listed["domains"][0]) >= {"archive_status", "default_retention", "archive_status_detail"}
    one, failed = run_module(vault_info.main, dict(domain="vault.example", archive_status="disabled"))
    assert not failed and [a["email_address"] for a in one["accounts"]] == ["bob@vault.example"]
    exact, failed = run_module(vault_info.main, dict(domain="vault.example", address="Alice@vault.example"))
    assert not failed and [a["email_address"] for a in exact["accounts"]] == ["alice@vault.example"]
    plain, failed = run_module(vault_info.main, dict(domain="plain.example"))
    assert not failed and plain["accounts"] == [] and plain["domains"][0]["archive_status"] == "disabled"
    assert sim.requests(write=True)[-1]["method"] == "PUT"   # the reads wrote nothing


def test_an_activation_processed_then_lost_is_not_sent_again(run_module, sim):
    seed(sim)
    sim.fault(method="POST", path="/api/archive/domains/*", drop=True, after=True)
    result, failed = run_module(vault.main, dict(domain="vault.example", retention=12, mailboxes=boxes("alice")))
    assert not failed and result["changed"] and result["vault"]["archive_status"] == "enabled"
    assert any("got no answer, but Vault is" in w for w in result["warnings"])
    assert [e["method"] for e in sim.requests(write=True)] == ["POST"]
    sim.fault(method="POST", path="/api/archive/domains/*/email_accounts", status=504, after=True)
    result, failed = run_module(vault.main, dict(domain="vault.example", mailboxes=boxes("bob")))
    assert not failed and result["changed"] and any("not sent again" in w for w in result["warnings"])
    sim.fault(method="POST", path="/api/archive/domains/*/email_accounts", status=502)
    result, failed = run_module(vault.main, dict(domain="vault.example", mailboxes=boxes("carol")))
    assert not failed and result["changed"] and result["mailboxes"][0]["archive"]["archive_status"] == "enabled"
    assert [e["method"] for e in sim.requests(write=True)] == ["POST"] * 4   # carol's: lost before processing, sent again
    sim.fault(method="DELETE", path="/api/archive/domains/*", drop=True, after=True)
    gone, failed = run_module(vault.main, dict(domain="vault.example", state="absent", confirm_delete_archive=True))
    assert not failed and gone["changed"]
