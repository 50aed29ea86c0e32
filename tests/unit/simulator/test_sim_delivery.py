# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: Delivery domains (+ /_sim/approvals), accounts, Send API tokens, suppression list, POST /v1/send."""
from __future__ import annotations

import base64
import re
import time

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

BILLING_403 = {
    "message": "Forbidden: complete the first order in the Qboxmail panel before creating paid resources via API", "errors": [],
}


def make_domain(sim, name="mail.example.com", token=CUSTOMER_TOKEN):
    reply = sim.api("POST", "/api/delivery/domains", {"name": name}, token=token)
    assert reply.status == 200, reply
    return reply.body["resources"][0]


def records_of(domain):
    return ([{"name": domain["name"], "type": "TXT", "value": domain["txt_spf_record"]}]
            + [dict(rec) for rec in domain["cname_verification_records"]])


def ready_domain(sim, name="mail.example.com"):
    domain = make_domain(sim, name)
    sim.publish_dns(records_of(domain))
    assert sim.api("PUT", "/api/delivery/domains/%s/verify" % domain["code"], token=CUSTOMER_TOKEN).status == 200
    return wait_for(sim, domain["code"], "display_status", "enabled")


def wait_for(sim, code, field, value):

    def check():
        found = sim.resource("/api/delivery/domains/" + code, token=CUSTOMER_TOKEN)
        return found if found[field] == value else None
    return sim.wait_until(check)


def make_account(sim, description="Shop", kind="transactional", token=CUSTOMER_TOKEN, **fields):
    reply = sim.api("POST", "/api/delivery/accounts", dict({"description": description, "type": kind}, **fields), token=token)
    assert reply.status == 200, reply
    return reply.body["resources"][0]


def make_token(sim, account_id, label="ci"):
    reply = sim.api("POST", "/api/delivery/accounts/%d/api_tokens" % account_id, {"label": label}, token=CUSTOMER_TOKEN)
    assert reply.status == 200, reply
    return reply.body["resources"][0]


MESSAGE = {"from": "Shop <news@mail.example.com>", "to": ["john@example.org"], "subject": "Hi", "text_body": "Hello"}


# ------------------------------------------------------------------------------------------ domains
def test_domain_create_envelope_and_records(sim):
    reply = sim.api("POST", "/api/delivery/domains", {"name": "mail.example.com"}, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body["pagination"] == {}
    domain = reply.body["resources"][0]
    assert re.fullmatch(r"DD\d{8}", domain["code"])
    assert (domain["display_status"], domain["dns_verification_status"], domain["approval_status"]) == (
        "not_verified", "not_verified", "need_approval")
    assert domain["txt_spf_record"] == "v=spf1 include:spf.delivery.qboxmail.com ~all"
    assert domain["suggested_dmarc_record"].startswith("v=DMARC1;")
    tr_sel, nl_sel = domain["dkim_selector_tr"], domain["dkim_selector_nl"]
    assert domain["cname_verification_records"] == [
        {"name": "%s._domainkey.mail.example.com" % sel, "type": "CNAME", "value": "%s._domainkey.delivery.qboxmail.com" % sel}
        for sel in (tr_sel, nl_sel)]
    assert sim.resource("/api/delivery/domains/" + domain["code"], token=CUSTOMER_TOKEN)["name"] == "mail.example.com"


def test_domain_duplicate_and_invalid_names(sim):
    make_domain(sim, "dup.example.com", token=NOBILLING_TOKEN)
    reply = sim.api("POST", "/api/delivery/domains", {"name": "dup.example.com"}, token=CUSTOMER_TOKEN)
    assert reply.status == 422
    assert reply.body["errors"] == [{"field": "name", "description": "already exists"}]
    assert sim.api("POST", "/api/delivery/domains", {"name": "bad_name"}, token=CUSTOMER_TOKEN).body["errors"][0] == {
        "field": "name", "description": "is not valid"}
    # another customer's domain is invisible
    listed = sim.api("GET", "/api/delivery/domains?query=dup", token=CUSTOMER_TOKEN).body
    assert listed["resources"] == [] and listed["pagination"]["total_records"] == 0


def test_verify_reports_missing_records_then_approves(sim):
    sim.reset(async_delay=0.2)
    domain = make_domain(sim)
    path = "/api/delivery/domains/%s/verify" % domain["code"]
    sim.publish_dns(records_of(domain)[:2])  # SPF and the transactional CNAME only
    after = sim.api("PUT", path, token=CUSTOMER_TOKEN).body["resources"][0]
    assert (after["spf_last_check_ok"], after["dkim_tr_last_check_ok"], after["dkim_nl_last_check_ok"]) == (True, True, False)
    assert after["dns_verification_status"] == "not_verified" and after["display_status"] == "not_verified"
    sim.publish_dns(records_of(domain)[2:])
    after = sim.api("PUT", path, token=CUSTOMER_TOKEN).body["resources"][0]
    assert after["dns_verification_status"] == "verified" and after["approval_status"] == "need_approval"
    assert after["display_status"] == "not_verified" and after["status_detail"] == "awaiting_approval"
    final = wait_for(sim, domain["code"], "approval_status", "approved")
    assert final["display_status"] == "enabled" and final["status_detail"] == "ok"
    # records removed later: a new verification marks it misconfigured
    sim.unpublish_dns()
    assert sim.api("PUT", path, token=CUSTOMER_TOKEN).body["resources"][0]["display_status"] == "misconfigured"


def test_sim_approvals_hold_block_approve(sim):
    domain = make_domain(sim, "held.example.com")
    reply = sim.call("PUT", "/_sim/approvals", {"domain": "held.example.com", "action": "hold"})
    assert reply.status == 200 and reply.body["approvals"] == [{"domain": "held.example.com", "action": "hold"}]
    sim.publish_dns(records_of(domain))
    sim.api("PUT", "/api/delivery/domains/%s/verify" % domain["code"], token=CUSTOMER_TOKEN)
    time.sleep(0.15)
    held = sim.resource("/api/delivery/domains/" + domain["code"])
    assert (held["dns_verification_status"], held["approval_status"]) == ("verified", "need_approval")
    sim.call("PUT", "/_sim/approvals", {"domain": "held.example.com", "action": "approve"})
    assert sim.resource("/api/delivery/domains/" + domain["code"])["display_status"] == "enabled"
    sim.call("PUT", "/_sim/approvals", {"domain": "held.example.com", "action": "block"})
    blocked = sim.resource("/api/delivery/domains/" + domain["code"])
    assert (blocked["display_status"], blocked["approval_status"]) == ("blocked", "blocked")
    assert sim.call("PUT", "/_sim/approvals", {"domain": "x.com", "action": "maybe"}).status == 400
    assert all(not entry["path"].startswith("/_sim") for entry in sim.requests())  # control calls are not logged


def test_domain_status_filter_and_delete(sim):
    domain = ready_domain(sim)
    make_domain(sim, "other.example.com")
    reply = sim.api("PUT", "/api/delivery/domains/%s/status" % domain["code"], {"status": "disabled"}, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body["resources"][0]["display_status"] == "disabled"
    listed = sim.api("GET", "/api/delivery/domains?status=disabled", token=CUSTOMER_TOKEN).body
    assert [d["name"] for d in listed["resources"]] == ["mail.example.com"]
    assert listed["pagination"]["status"] == "disabled"
    assert sim.api("PUT", "/api/delivery/domains/%s/status" % domain["code"], {"status": "on"}, token=CUSTOMER_TOKEN).status == 422
    assert sim.api("DELETE", "/api/delivery/domains/" + domain["code"], token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", "/api/delivery/domains/" + domain["code"], token=CUSTOMER_TOKEN).status == 404


# ------------------------------------------------------------------------------------------ accounts
def test_account_create_reveals_password_once(sim):
    account = make_account(sim, allow_nets=["192.0.2.0/24"], ignore_suppression_list=True)
    assert isinstance(account["id"], int) and account["password"] and re.fullmatch(r"[a-z0-9]{12}", account["username"])
    assert (account["status"], account["status_detail"], account["type"], account["plan"]) == (0, "ok", "transactional", "free")
    assert account["allow_nets"] == ["192.0.2.0/24"] and account["ignore_suppression_list"] is True
    got = sim.resource("/api/delivery/accounts/%d" % account["id"], token=CUSTOMER_TOKEN)
    assert "password" not in got
    assert all("password" not in item for item in sim.api("GET", "/api/delivery/accounts", token=CUSTOMER_TOKEN).body["resources"])
    reset = sim.api("PUT", "/api/delivery/accounts/%d/reset_password" % account["id"], token=CUSTOMER_TOKEN)
    assert reset.status == 200 and reset.body["resources"][0]["password"] not in ("", account["password"])
    logged = sim.requests(method="POST", path="/api/delivery/accounts")[0]
    assert logged["status"] == 200


def test_account_billing_403_in_production_only(sim):
    reply = sim.api("POST", "/api/delivery/accounts", {"description": "x", "type": "newsletter"}, token=NOBILLING_TOKEN)
    assert (reply.status, reply.body) == (403, BILLING_403)
    sim.reset(mode="sandbox")
    assert make_account(sim, token=NOBILLING_TOKEN)["customer_code"] == "C100000002"


def test_account_validation_and_domains(sim):
    reply = sim.api("POST", "/api/delivery/accounts", {"type": "promotional", "allow_nets": ["nope"]}, token=CUSTOMER_TOKEN)
    assert {e["field"]: e["description"] for e in reply.body["errors"]} == {
        "description": "is required", "type": "is not valid", "allow_nets": "is not valid"}
    account = make_account(sim)
    domain = make_domain(sim)
    other = make_domain(sim, "foreign.example.com", token=NOBILLING_TOKEN)
    path = "/api/delivery/accounts/%d" % account["id"]
    bad = sim.api("PUT", path, {"domain_codes": [domain["code"], other["code"]]}, token=CUSTOMER_TOKEN)
    assert bad.status == 422 and bad.body["errors"] == [{"field": "domain_codes", "description": "is not valid"}]
    good = sim.api("PUT", path, {"domain_codes": [domain["code"]], "bounce_notification": "b@example.com",
                                 "bounce_notification_to_sender": True}, token=CUSTOMER_TOKEN)
    assert good.status == 200
    updated = good.body["resources"][0]
    assert updated["domains"] == [{"code": domain["code"], "name": "mail.example.com"}] and updated["domains_count"] == 1
    assert sim.resource("/api/delivery/domains/" + domain["code"])["accounts_count"] == 1
    assert sim.api("PUT", path, {"num_messages": 5}, token=CUSTOMER_TOKEN).status == 422  # admin only


def test_account_status_filters_and_deletion(sim):
    first = make_account(sim, "First")
    second = make_account(sim, "Second", "newsletter")
    sim.api("PUT", "/api/delivery/accounts/%d/status" % first["id"], {"status": "disabled"}, token=CUSTOMER_TOKEN)

    def names(query):
        return [a["description"] for a in sim.api("GET", "/api/delivery/accounts?" + query, token=CUSTOMER_TOKEN).body["resources"]]

    assert names("status=disabled") == ["First"]
    assert names("type=promotional") == ["Second"]
    assert names("query=sec") == ["Second"]
    assert sim.api("DELETE", "/api/delivery/accounts/%d?delete_after_billing=true" % second["id"], token=CUSTOMER_TOKEN).status == 204
    assert sim.resource("/api/delivery/accounts/%d" % second["id"])["delete_on"]
    assert sim.api("DELETE", "/api/delivery/accounts/%d" % first["id"], token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", "/api/delivery/accounts/%d" % first["id"], token=CUSTOMER_TOKEN).status == 404
    seeded = sim.seed(delivery_accounts=[{"description": "Unpaid", "status": "wait_pay"}])["delivery_accounts"][0]
    assert sim.api("PUT", "/api/delivery/accounts/%d/status" % seeded, {"status": "enabled"}, token=CUSTOMER_TOKEN).status == 422


# ------------------------------------------------------------------------------------------ tokens + send
def test_token_plain_value_only_on_create_and_authenticates(sim):
    domain = ready_domain(sim)
    account = make_account(sim)
    sim.api("PUT", "/api/delivery/accounts/%d" % account["id"], {"domain_codes": [domain["code"]]}, token=CUSTOMER_TOKEN)
    created = make_token(sim, account["id"])
    plain = created["token"]
    assert plain.startswith("qbxs_") and created["token_preview"] == plain[:9] + "..."
    listed = sim.api("GET", "/api/delivery/accounts/%d/api_tokens" % account["id"], token=CUSTOMER_TOKEN).body["resources"]
    assert listed == [{k: v for k, v in created.items() if k != "token"}]
    assert sim.requests(method="POST")[-1]["body"] == {"label": "ci"}
    reply = sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=plain)
    assert reply.status == 202, reply
    body = reply.body
    assert (body["error_code"], body["message"], body["queued_messages"]) == (0, "OK", 1)
    item = body["messages"][0]
    assert item["request_id"] == body["request_id"] and item["to"] == "john@example.org"
    assert re.fullmatch(r"[0-9a-f-]{36}@mail\.example\.com", item["message_id"])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", item["submitted_at"])
    assert body["suppression_summary"] == {"status": "checked", "accepted": 1, "suppressed": 0, "suppressed_recipients": []}
    # a Management token on /v1 and a Send token on /api are both refused
    assert sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=CUSTOMER_TOKEN).status == 401
    assert sim.api("GET", "/api/delivery/domains", token=plain).status == 401
    # revoked: no longer authenticates
    sim.api("DELETE", "/api/delivery/accounts/%d/api_tokens/%d" % (account["id"], created["id"]), token=CUSTOMER_TOKEN)
    assert sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=plain).status == 401


def test_send_checks(sim):
    domain = ready_domain(sim)
    account = make_account(sim)
    path = "/api/delivery/accounts/%d" % account["id"]
    token = make_token(sim, account["id"])
    plain = token["token"]

    def send(body=None):
        reply = sim.send("POST", "/v1/send", body or {"messages": [MESSAGE]}, token=plain)
        return reply.status, (reply.body or {}).get("error")

    assert send() == (403, "sender_domain_not_allowed")  # not assigned yet
    sim.api("PUT", path, {"domain_codes": [domain["code"]]}, token=CUSTOMER_TOKEN)
    assert send({"messages": []}) == (400, "missing_send_payload")
    assert send({"messages": [dict(MESSAGE, subject="")]}) == (400, "invalid_message")
    sim.api("PUT", path + "/api_tokens/%d" % token["id"], {"allow_nets": ["192.0.2.0/24"]}, token=CUSTOMER_TOKEN)
    assert send() == (403, "ip_not_allowed")
    sim.api("PUT", path + "/api_tokens/%d" % token["id"], {"allow_nets": ["127.0.0.0/8"]}, token=CUSTOMER_TOKEN)
    sim.api("PUT", path, {"allow_nets": ["10.0.0.0/8"]}, token=CUSTOMER_TOKEN)
    assert send() == (403, "ip_not_allowed")
    sim.api("PUT", path, {"allow_nets": []}, token=CUSTOMER_TOKEN)
    assert send() == (202, None)
    sim.api("PUT", "/api/delivery/domains/%s/status" % domain["code"], {"status": "disabled"}, token=CUSTOMER_TOKEN)
    assert send() == (403, "sender_domain_not_allowed")
    sim.api("PUT", "/api/delivery/domains/%s/status" % domain["code"], {"status": "enabled"}, token=CUSTOMER_TOKEN)
    sim.api("PUT", path + "/status", {"status": "disabled"}, token=CUSTOMER_TOKEN)
    assert send() == (403, "account_disabled")
    sim.api("PUT", path + "/status", {"status": "enabled"}, token=CUSTOMER_TOKEN)
    sim.api("POST", "/api/delivery/suppression_lists", {"email": "john@example.org", "reason": "complaint"}, token=CUSTOMER_TOKEN)
    summary = sim.send("POST", "/v1/send", {"messages": [dict(MESSAGE, cc="Ann <ann@example.org>")]}, token=plain).body["suppression_summary"]
    assert summary == {"status": "checked", "accepted": 1, "suppressed": 1, "suppressed_recipients": ["john@example.org"]}
    sim.reset(mode="sandbox")
    assert sim.send("POST", "/v1/send", {"messages": [MESSAGE]}, token=plain).status == 404


# ------------------------------------------------------------------------------------------ suppression
def test_suppression_crud(sim):
    account = make_account(sim)
    base = "/api/delivery/suppression_lists"
    assert sim.api("POST", base, {"email": "a@example.org", "reason": "bounce"}, token=CUSTOMER_TOKEN).status == 204
    dup = sim.api("POST", base, {"email": "A@example.org", "reason": "bounce"}, token=CUSTOMER_TOKEN)
    assert dup.status == 422 and dup.body["errors"] == [{"field": "email", "description": "already exists"}]
    assert sim.api("POST", base, {"email": "b@example.org", "reason": "spam"}, token=CUSTOMER_TOKEN).status == 422
    assert sim.api("POST", base, {"email": "b@example.org", "reason": "complaint", "accounts": [999]},
                   token=CUSTOMER_TOKEN).status == 422
    assert sim.api("POST", base, {"email": "b@example.org", "reason": "complaint", "accounts": [str(account["id"])]},
                   token=CUSTOMER_TOKEN).status == 204
    details = sim.api("POST", base + "/details", {"email": "b@example.org"}, token=CUSTOMER_TOKEN)
    entry = details.body["resources"][0]
    assert (entry["reason"], entry["accounts"], entry["active"], entry["customer_id"]) == (
        "complaint", [account["id"]], True, "C100000001")
    assert sim.requests(path=base + "/details")[0]["write"] is False
    assert sim.api("PUT", base + "/edit", {"email": "b@example.org", "accounts": [], "active": False},
                   token=CUSTOMER_TOKEN).status == 204
    entry = sim.api("POST", base + "/details", {"email": "b@example.org"}, token=CUSTOMER_TOKEN).body["resources"][0]
    assert (entry["accounts"], entry["active"]) == ([], False)
    listed = sim.api("GET", base + "?status=disabled", token=CUSTOMER_TOKEN).body
    assert [e["email"] for e in listed["resources"]] == ["b@example.org"]
    assert sim.api("DELETE", base, {"email": "b@example.org"}, token=CUSTOMER_TOKEN).status == 204
    assert sim.api("POST", base + "/details", {"email": "b@example.org"}, token=CUSTOMER_TOKEN).status == 404
    assert sim.api("DELETE", base, {"email": "b@example.org"}, token=CUSTOMER_TOKEN).status == 404
    # another customer's list is separate
    assert sim.api("GET", base, token=NOBILLING_TOKEN).body["resources"] == []


def test_suppression_import_export(sim):
    account = make_account(sim)
    base = "/api/delivery/suppression_lists"
    text = "email,reason,accounts,active\nx@example.org,bounce,,true\ny@example.org,complaint,%d,false\n" % account["id"]
    body = {"csv_file_name": "s.csv", "csv_file_content": text, "csv_file_size": len(text)}
    assert sim.api("POST", base + "/import", body, token=CUSTOMER_TOKEN).status == 204
    exported = sim.api("GET", base + "/export", token=CUSTOMER_TOKEN)
    assert exported.status == 200 and exported.body == text
    # data URL with base64, upsert of an existing row
    again = "email,reason,accounts,active\nx@example.org,complaint,,\n"
    data_url = "data:text/csv;base64," + base64.b64encode(again.encode()).decode()
    assert sim.api("POST", base + "/import", {"csv_file_name": "s.csv", "csv_file_content": data_url},
                   token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", base + "/export?reason=complaint", token=CUSTOMER_TOKEN).body.count("\n") == 3
    bad = "email,reason,accounts,active\nnot-an-email,bounce,,\nz@example.org,spam,42,maybe\n"
    reply = sim.api("POST", base + "/import", {"csv_file_name": "b.csv", "csv_file_content": bad}, token=CUSTOMER_TOKEN)
    assert reply.status == 422
    assert [e["description"] for e in reply.body["errors"]] == [
        "line 2: email is not valid", "line 3: reason is not valid", "line 3: active is not valid",
        "line 3: account 42 is not valid"]
    assert sim.api("POST", base + "/import", {"csv_file_name": "b.csv", "csv_file_content": "a,b\n"},
                   token=CUSTOMER_TOKEN).status == 422
    assert sim.api("GET", base + "/export", token=ADMIN_TOKEN).body.count("\n") == 3
