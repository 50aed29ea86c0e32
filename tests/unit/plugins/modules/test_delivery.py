# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""delivery_domain, delivery_account, delivery_api_token, suppression and their _info twins, in-process against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import stat


from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    delivery_account, delivery_account_info, delivery_api_token, delivery_api_token_info, delivery_domain,
    delivery_domain_info, suppression, suppression_info,
)

NOBILLING_TOKEN = "qbx-nobilling-dev-token"
MESSAGE = {"from": "app@mail.example.com", "to": "john@example.org", "subject": "Hi", "text_body": "Hello"}


def publish(sim, result, skip=()):
    sim.publish_dns([dict((k, r[k]) for k in ("name", "type", "value")) for r in result["dns_records"]
                     if r["required"] and r["purpose"] not in skip])


def make_domain(run_module, sim, name="mail.example.com", verify=True):
    created, failed = run_module(delivery_domain.main, dict(name=name))
    assert not failed, created
    if verify:
        publish(sim, created)
        result, failed = run_module(delivery_domain.main, dict(name=name, verify=True, wait_for_verification=True, wait_timeout=10))
        assert not failed, result
    return created


# ------------------------------------------------------------------------------------------ delivery_domain
def test_domain_check_mode_create_writes_nothing(run_module, sim):
    result, failed = run_module(delivery_domain.main, dict(name="Mail.Example.com", verify=True), check_mode=True, diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["after"] == {"state": "present", "name": "mail.example.com",
                                       "verification": "verification requested"}
    assert any("would verify the DNS records" in w for w in result["warnings"])
    assert sim.requests(write=True) == []


def test_verify_by_default_warns_with_the_missing_records_and_goes_on(run_module, sim):
    """Was: `verify: true` polled the verification silently for wait_timeout (300 s) seconds, then failed."""
    created = make_domain(run_module, sim, verify=False)
    publish(sim, created, skip=("spf",))
    result, failed = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True, wait_timeout=30), diff=True)
    assert not failed and result["changed"]
    assert result["diff"] == {"before": {"verification": "not_verified"}, "after": {"verification": "verification requested"}}
    assert any("is not verified yet" in w and "v=spf1" in w for w in result["warnings"])
    assert len(sim.requests(path="/api/delivery/domains/*/verify")) == 1


def test_check_mode_of_verify_predicts_the_request_and_names_the_missing_records(run_module, sim):
    """Was: check mode reported ok, no change, while the real run requested a verification (and failed after the wait)."""
    created = make_domain(run_module, sim, verify=False)
    args = dict(name="mail.example.com", verify=True)
    run_module(delivery_domain.main, args)          # one verification: the records it did not find are known
    sim.clear_requests()
    predicted, failed = run_module(delivery_domain.main, args, check_mode=True, diff=True)
    assert not failed and predicted["changed"] and sim.requests(write=True) == []
    spf = created["dns_records"][0]
    assert any("would verify" in w and spf["name"] in w and spf["value"] in w for w in predicted["warnings"])
    real, failed = run_module(delivery_domain.main, args, diff=True)
    assert not failed and (real["changed"], real["diff"]) == (predicted["changed"], predicted["diff"])


def test_wait_for_verification_needs_verify(run_module, sim):
    result, failed = run_module(delivery_domain.main, dict(name="mail.example.com", wait_for_verification=True))
    assert failed and "wait_for_verification needs verify=true" in result["msg"] and sim.requests() == []


def test_domain_create_records_idempotent(run_module, sim):
    first, failed = run_module(delivery_domain.main, dict(name="mail.example.com"))
    assert not failed and first["changed"]
    records = first["dns_records"]
    assert [r["purpose"] for r in records] == ["spf", "dkim_transactional", "dkim_newsletter", "dmarc"]
    assert records[0] == {"name": "mail.example.com", "type": "TXT", "purpose": "spf", "required": True,
                          "value": "v=spf1 include:spf.delivery.qboxmail.com ~all"}
    assert records[1]["type"] == "CNAME" and records[1]["name"].endswith("._domainkey.mail.example.com")
    assert records[3]["name"] == "_dmarc.mail.example.com" and records[3]["required"] is False
    assert first["verification"]["verified"] is False and len(first["verification"]["missing_records"]) == 3
    second = run_module(delivery_domain.main, dict(name="MAIL.example.com"))[0]
    assert not second["changed"] and second["delivery_domain"]["code"] == first["delivery_domain"]["code"]
    assert [w["method"] for w in sim.requests(write=True)] == ["POST"]


def test_domain_verify_without_wait_warns_and_names_missing_records(run_module, sim):
    created = make_domain(run_module, sim, verify=False)
    publish(sim, created, skip=("dkim_newsletter",))
    result, failed = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True, wait=False))
    assert not failed and result["changed"]
    assert any("mail.example.com is not verified yet" in w and "CNAME" in w for w in result.get("warnings", []))
    assert [r["purpose"] for r in result["verification"]["missing_records"]] == ["dkim_newsletter"]


def test_domain_verify_wait_timeout_names_missing_records(run_module, sim):
    created = make_domain(run_module, sim, verify=False)
    publish(sim, created, skip=("spf",))
    result, failed = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True, wait_for_verification=True, wait_timeout=1))
    assert failed
    assert "records still missing: mail.example.com TXT v=spf1 include:spf.delivery.qboxmail.com ~all" in result["msg"]
    assert "_domainkey" not in result["msg"]
    assert len(sim.requests(path="/api/delivery/domains/*/verify")) >= 2  # retried with backoff


def test_domain_verify_wait_until_approved_then_disable_and_delete(run_module, sim):
    created = make_domain(run_module, sim, verify=False)
    publish(sim, created)
    result, failed = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True, wait_for_verification=True, wait_timeout=10), diff=True)
    assert not failed and result["changed"]
    assert result["delivery_domain"]["display_status"] == "enabled" and result["verification"]["approved"]
    assert result["diff"] == {"before": {"verification": "not_verified"}, "after": {"verification": "verification requested"}}
    again = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True))[0]
    assert not again["changed"]
    disabled = run_module(delivery_domain.main, dict(name="mail.example.com", state="disabled"), diff=True)[0]
    assert disabled["changed"] and disabled["diff"]["after"] == {"status": "disabled"}
    assert disabled["delivery_domain"]["display_status"] == "disabled"
    gone = run_module(delivery_domain.main, dict(name="mail.example.com", state="absent"))[0]
    assert gone["changed"] and gone["delivery_domain"] == {}
    assert not run_module(delivery_domain.main, dict(name="mail.example.com", state="absent"))[0]["changed"]


def test_domain_blocked_approval_fails_at_once(run_module, sim):
    created = make_domain(run_module, sim, verify=False)
    publish(sim, created)
    sim.call("PUT", "/_sim/approvals", {"domain": "mail.example.com", "action": "block"})
    result, failed = run_module(delivery_domain.main, dict(name="mail.example.com", verify=True, wait_for_verification=True, wait_timeout=30))
    assert failed and "blocked" in result["msg"]


def test_domain_duplicate_of_another_customer_is_422(run_module, sim):
    run_module(delivery_domain.main, dict(name="taken.example.com", api_token=NOBILLING_TOKEN))
    result, failed = run_module(delivery_domain.main, dict(name="taken.example.com"))
    assert failed and result["status"] == 422 and "name already exists" in result["msg"]


def test_domain_info(run_module, sim):
    make_domain(run_module, sim, verify=False)
    result, failed = run_module(delivery_domain_info.main, dict(name="mail.example.com"))
    assert not failed and len(result["delivery_domains"]) == 1
    assert len(result["delivery_domains"][0]["dns_records"]) == 4
    assert run_module(delivery_domain_info.main, dict(status="enabled"))[0]["delivery_domains"] == []


# ------------------------------------------------------------------------------------------ delivery_account
def test_account_create_reveals_credentials_once(run_module, sim):
    make_domain(run_module, sim)
    result, failed = run_module(delivery_account.main, dict(description="Shop", type="transactional",
                                                            domains=["mail.example.com"], allow_nets=["127.0.0.1"],
                                                            bounce_notification="b@example.com"))
    assert not failed and result["changed"]
    creds = result["smtp_credentials"]
    assert creds["username"] == result["delivery_account"]["username"] and creds["password"]
    assert creds["hostname"]
    assert "password" not in result["delivery_account"]
    assert result["delivery_account"]["domains"][0]["name"] == "mail.example.com"
    assert result["delivery_account"]["bounce_notification"] == "b@example.com"
    again = run_module(delivery_account.main, dict(description="Shop", type="transactional",
                                                   domains=["MAIL.example.com"], allow_nets=["127.0.0.1"],
                                                   bounce_notification="b@example.com"))[0]
    assert not again["changed"] and "smtp_credentials" not in again
    assert creds["password"] not in repr(again)


def test_account_check_mode_diff_and_reset_password(run_module, sim):
    run_module(delivery_account.main, dict(description="Shop", type="newsletter"))
    before = len(sim.requests(write=True))
    result = run_module(delivery_account.main, dict(description="Shop", allow_nets=["10.0.0.0/8"],
                                                    reset_password=True), check_mode=True, diff=True)[0]
    assert result["changed"] and "smtp_credentials" not in result
    assert result["diff"] == {"before": {"allow_nets": [], "password": "********"},
                              "after": {"allow_nets": ["10.0.0.0/8"], "password": "******** (reset)"}}
    assert len(sim.requests(write=True)) == before
    reset = run_module(delivery_account.main, dict(description="Shop", reset_password=True))[0]
    assert reset["changed"] and reset["smtp_credentials"]["password"]
    again = run_module(delivery_account.main, dict(description="Shop", reset_password=True))[0]
    assert again["changed"] and again["smtp_credentials"]["password"] != reset["smtp_credentials"]["password"]


def test_account_type_change_refused_before_any_write(run_module, sim):
    run_module(delivery_account.main, dict(description="Shop", type="transactional"))
    before = len(sim.requests(write=True))
    result, failed = run_module(delivery_account.main, dict(description="Shop", type="newsletter", allow_nets=[]))
    assert failed and "cannot be changed" in result["msg"] and "transactional" in result["msg"]
    assert len(sim.requests(write=True)) == before


def test_account_unknown_domain_fails_before_any_write(run_module, sim):
    make_domain(run_module, sim, verify=False)
    before = len(sim.requests(write=True))
    result, failed = run_module(delivery_account.main, dict(description="Shop", type="transactional",
                                                            domains=["mail.example.com", "nope.example.com"]))
    assert failed and "nope.example.com" in result["msg"] and "mail.example.com" not in result["msg"]
    assert len(sim.requests(write=True)) == before


def test_account_billing_403_explained(run_module, sim):
    result, failed = run_module(delivery_account.main, dict(description="Shop", type="transactional",
                                                            api_token=NOBILLING_TOKEN))
    assert failed and result["status"] == 403
    assert "complete the first order" in result["msg"] and "does not apply to Delivery" in result["msg"]


def test_account_status_and_deletion_modes(run_module, sim):
    created = run_module(delivery_account.main, dict(description="Shop", type="transactional", state="disabled"))[0]
    assert created["delivery_account"]["status_name"] == "disabled"
    enabled = run_module(delivery_account.main, dict(id=created["delivery_account"]["id"], state="enabled"))[0]
    assert enabled["changed"] and enabled["delivery_account"]["status"] == 0
    later = run_module(delivery_account.main, dict(description="Shop", state="absent", delete_after_billing=True))[0]
    assert later["changed"]
    assert sim.requests(method="DELETE")[-1]["query"] == {"delete_after_billing": "true"}
    # scheduled for deletion counts as absent
    assert not run_module(delivery_account.main, dict(description="Shop", state="absent"))[0]["changed"]
    info = run_module(delivery_account_info.main, dict(description="Shop"))[0]
    assert info["delivery_accounts"][0]["delete_on"] and "password" not in info["delivery_accounts"][0]


def test_account_ambiguous_description(run_module, sim):
    sim.seed(delivery_accounts=[{"description": "Twin"}, {"description": "Twin"}])
    result, failed = run_module(delivery_account.main, dict(description="Twin", allow_nets=[]))
    assert failed and "ambiguous" in result["msg"]


# ------------------------------------------------------------------------------------------ tokens
def test_token_create_once_to_file_and_authenticates(run_module, sim, tmp_path):
    make_domain(run_module, sim)
    run_module(delivery_account.main, dict(description="Shop", type="transactional", domains=["mail.example.com"]))
    path = str(tmp_path / "send-token")
    check = run_module(delivery_api_token.main, dict(account="Shop", label="ci", token_file=path), check_mode=True)[0]
    assert check["changed"] and not os.path.exists(path) and "token" not in check
    result, failed = run_module(delivery_api_token.main, dict(account="Shop", label="ci", allow_nets=["127.0.0.1/32"],
                                                              token_file=path))
    assert not failed and result["changed"] and "token" not in result and result["token_file"] == path
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    plain = open(path).read()
    assert plain.startswith("qbxs_") and plain not in repr(result)
    assert result["api_token"]["allow_nets"] == ["127.0.0.1/32"]
    again = run_module(delivery_api_token.main, dict(account="Shop", label="ci", allow_nets=["127.0.0.1/32"],
                                                     token_file=path))[0]
    assert not again["changed"] and open(path).read() == plain
    reply = sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=plain)
    assert reply.status == 202 and reply.body["queued_messages"] == 1
    info = run_module(delivery_api_token_info.main, dict(account="Shop"))[0]
    assert [t["label"] for t in info["api_tokens"]] == ["ci"] and plain not in repr(info)
    regen = run_module(delivery_api_token.main, dict(account="Shop", label="ci", regenerate=True, token_file=path))[0]
    assert regen["changed"] and open(path).read() != plain
    assert sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=plain).status == 401
    assert sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=open(path).read()).status == 202


def test_token_returned_without_file_and_revoked(run_module, sim):
    run_module(delivery_account.main, dict(description="Shop", type="transactional"))
    result = run_module(delivery_api_token.main, dict(account="Shop", label="ci"))[0]
    assert result["token"].startswith("qbxs_")
    logged = [entry for entry in sim.requests() if "api_tokens" in entry["path"]]
    assert result["token"] not in repr(logged)
    nets = run_module(delivery_api_token.main, dict(account="Shop", label="ci", allow_nets=["192.0.2.1"]), diff=True)[0]
    assert nets["changed"] and "token" not in nets and nets["diff"]["after"] == {"allow_nets": ["192.0.2.1"]}
    gone = run_module(delivery_api_token.main, dict(account="Shop", label="ci", state="absent"))[0]
    assert gone["changed"] and sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=result["token"]).status == 401


def test_token_label_reused_is_ambiguous(run_module, sim):
    created = run_module(delivery_account.main, dict(description="Shop", type="transactional"))[0]
    account_id = created["delivery_account"]["id"]
    sim.seed(send_tokens=[{"account_id": account_id, "label": "dup"}, {"account_id": account_id, "label": "dup"}])
    result, failed = run_module(delivery_api_token.main, dict(account=str(account_id), label="dup", allow_nets=[]))
    assert failed and "ambiguous" in result["msg"] and "dup" in result["msg"]


def test_token_unknown_account(run_module, sim):
    result, failed = run_module(delivery_api_token.main, dict(account="Nope", label="x"))
    assert failed and "no such Delivery account Nope" in result["msg"]


# ------------------------------------------------------------------------------------------ suppression
def test_suppression_single_entry(run_module, sim):
    run_module(delivery_account.main, dict(description="Shop", type="transactional"))
    check = run_module(suppression.main, dict(email="A@example.org", reason="complaint", accounts=["Shop"]),
                       check_mode=True)[0]
    assert check["changed"] and sim.requests(write=True)[-1]["path"] == "/api/delivery/accounts"
    result, failed = run_module(suppression.main, dict(email="A@example.org", reason="complaint", accounts=["Shop"]))
    assert not failed and result["changed"] and result["suppression"]["email"] == "a@example.org"
    assert result["suppression"]["accounts"] == [1]
    again = run_module(suppression.main, dict(email="a@example.org", reason="complaint", accounts=["1"]))[0]
    assert not again["changed"]
    edit = run_module(suppression.main, dict(email="a@example.org", accounts=[], active=False), diff=True)[0]
    assert edit["changed"] and edit["diff"] == {"before": {"accounts": ["1"], "active": True},
                                                "after": {"accounts": [], "active": False}}
    gone = run_module(suppression.main, dict(email="a@example.org", state="absent"))[0]
    assert gone["changed"] and gone["suppression"] == {}
    missing, failed = run_module(suppression.main, dict(email="new@example.org"))
    assert failed and "reason is required" in missing["msg"]


def test_suppression_list_form_and_info(run_module, sim):
    entries = [dict(email="u%02d@example.org" % i) for i in range(30)]
    result, failed = run_module(suppression.main, dict(entries=entries, reason="bounce", workers=4))
    assert not failed and result["summary"]["created"] == 30
    again = run_module(suppression.main, dict(entries=entries, reason="bounce"))[0]
    assert not again["changed"] and again["summary"]["requests"] == 1
    entries[0]["active"] = False
    purge = run_module(suppression.main, dict(entries=entries[:10], reason="bounce", purge=True))[0]
    assert purge["summary"]["updated"] == 1 and purge["summary"]["deleted"] == 20
    info = run_module(suppression_info.main, dict(status="disabled"))[0]
    assert [e["email"] for e in info["suppressions"]] == ["u00@example.org"]
    one = run_module(suppression_info.main, dict(email="u01@example.org"))[0]
    assert len(one["suppressions"]) == 1
    page = run_module(suppression_info.main, dict(page=1))[0]
    assert page["pagination"]["total_records"] == 10


def test_suppression_import_export(run_module, sim, tmp_path):
    src = tmp_path / "in.csv"
    src.write_text("email,reason,accounts,active\nx@example.org,bounce,,true\ny@example.org,complaint,,false\n")
    check = run_module(suppression.main, dict(import_csv=str(src)), check_mode=True)[0]
    assert check["changed"] and sim.requests(write=True) == []
    result, failed = run_module(suppression.main, dict(import_csv=str(src)))
    assert not failed and result["summary"]["created"] == 2
    again = run_module(suppression.main, dict(import_csv=str(src)))[0]
    assert not again["changed"]
    out = tmp_path / "out.csv"
    exported = run_module(suppression.main, dict(export_csv=str(out)))[0]
    assert exported["changed"] and exported["summary"]["rows"] == 2
    assert out.read_text() == src.read_text()
    assert not run_module(suppression.main, dict(export_csv=str(out)))[0]["changed"]
    bad = tmp_path / "bad.csv"
    bad.write_text("email,reason,accounts,active\nnope,spam,x,maybe\n")
    before = len(sim.requests())
    result, failed = run_module(suppression.main, dict(import_csv=str(bad)))
    assert failed and "line 2" in result["msg"] and "reason" in result["msg"]
    assert len(sim.requests()) == before
