# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: POST /v1/send and /v1/send/bulk (checks in order, limits, templating), TraceMail recording."""
from __future__ import annotations

import base64
import re
import time
import urllib.error
import urllib.request
import uuid

import pytest

from tests.simulator.app import MAX_BODY
from tests.simulator.testing import CUSTOMER_TOKEN

SENDER = "Shop <news@mail.example.com>"
MESSAGE = {"from": SENDER, "to": ["john@example.org"], "subject": "Hi", "text_body": "Hello"}
PNG = base64.b64encode(b"\x89PNG fake").decode()


@pytest.fixture(name="ready")
def fixture_ready(sim):
    """A verified Delivery domain assigned to an account of the customer, and a Send token of that account."""
    domain = sim.seed(delivery_domains=[{"name": "mail.example.com", "verified": True}])["delivery_domains"][0]
    account = sim.seed(delivery_accounts=[{"description": "Shop", "domain_codes": [domain]}])["delivery_accounts"][0]
    token = sim.seed(send_tokens=[{"account_id": account, "token": "send-token-1"}])["send_tokens"][0]
    return {"domain": domain, "account": account, "token_id": token, "token": "send-token-1"}


def send(sim, body, token="send-token-1", bulk=False):
    return sim.send("POST", "/v1/send/bulk" if bulk else "/v1/send", body, token=token)


def error_of(reply):
    return reply.status, (reply.body or {}).get("error")


def entries(sim, **query):
    path = "/api/delivery/tracemail/mailouts?" + "&".join("%s=%s" % item for item in dict({"per": 100}, **query).items())
    reply = sim.api("GET", path)
    assert reply.status == 200, reply
    return reply.body["resources"]


def account_of(sim, account_id):
    return sim.resource("/api/delivery/accounts/%d" % account_id)


def limits(sim, **body):
    return sim.control("PUT", "send_limits", body)


# ------------------------------------------------------------------------------------------ acceptance
def test_send_accepted_queued_then_worked(sim, ready):
    sim.control("PUT", "tracemail", {"worked_delay": 30})
    message = dict(MESSAGE, cc="Ann <ann@example.org>", bcc=[{"address": "bob@example.org", "name": "Bob"}, "john@example.org"])
    reply = send(sim, {"messages": [message, dict(MESSAGE, to="zoe@example.org")]})
    assert reply.status == 202, reply
    body = reply.body
    uuid.UUID(body["request_id"])
    assert (body["error_code"], body["message"], body["queued_messages"]) == (0, "OK", 2)
    first, second = body["messages"]
    assert first["to"] == "john@example.org" and second["to"] == "zoe@example.org"
    for item in body["messages"]:
        assert (item["error_code"], item["message"], item["request_id"]) == (0, "OK", body["request_id"])
        assert re.fullmatch(r"[0-9a-f-]{36}@mail\.example\.com", item["message_id"])
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", item["submitted_at"])
    assert body["suppression_summary"] == {"status": "checked", "accepted": 4, "suppressed": 0, "suppressed_recipients": []}
    # quota: 4 distinct recipients consumed from the Free plan's 3000
    account = account_of(sim, ready["account"])
    assert (account["remaining_messages"], account["messages_sent"]) == (2996, 4)
    assert sim.control("GET", "send_limits")["quotas"][str(ready["account"])] == 2996
    # TraceMail: one queued entry per distinct recipient (to, cc, bcc), nothing worked yet
    assert entries(sim) == []
    queued = entries(sim, collection="queued")
    assert sorted(e["to"] for e in queued) == ["ann@example.org", "bob@example.org", "john@example.org", "zoe@example.org"]
    entry = next(e for e in queued if e["to"] == "ann@example.org")
    assert entry == {
        "message_id": first["message_id"], "request_id": body["request_id"], "account": ready["account"],
        "domain": "mail.example.com", "from": "news@mail.example.com", "to": "ann@example.org", "subject": "Hi",
        "status": None, "collection": "queued", "error_category": None, "error_message": None, "auth_protocol": "api",
        "submitted_at": first["submitted_at"], "processed_at": None, "customer_code": "C100000001",
    }
    # with the default async delay new sends reach `worked` by themselves
    sim.control("PUT", "tracemail", {"worked_delay": None})
    third = send(sim, {"messages": [dict(MESSAGE, to="late@example.org")]}).body["messages"][0]
    worked = sim.wait_until(lambda: [e for e in entries(sim) if e["to"] == "late@example.org"])[0]
    assert (worked["status"], worked["message_id"]) == ("delivered", third["message_id"])
    assert worked["processed_at"] >= worked["submitted_at"]
    # worked_delay 0: worked at once
    sim.control("PUT", "tracemail", {"worked_delay": 0})
    send(sim, {"messages": [dict(MESSAGE, to="now@example.org")]})
    assert [e["status"] for e in entries(sim, to="now@example.org")] == ["delivered"]
    token = sim.resource("/api/delivery/accounts/%d/api_tokens" % ready["account"])
    assert token["last_used_at"]


def test_final_statuses_and_bounce_suppression(sim, ready):
    sim.control("PUT", "tracemail", {"worked_delay": 0})
    base = "/api/delivery/suppression_lists"
    sim.api("POST", base, {"email": "gone@example.org", "reason": "complaint"}, token=CUSTOMER_TOKEN)
    reply = send(sim, {"messages": [dict(MESSAGE, to=["ok@example.org", "gone@example.org", "x@bounce.test", "y@deep.bounce.test"])]})
    assert reply.body["suppression_summary"] == {"status": "checked", "accepted": 3, "suppressed": 1,
                                                 "suppressed_recipients": ["gone@example.org"]}
    assert account_of(sim, ready["account"])["remaining_messages"] == 2997
    found = {e["to"]: e for e in entries(sim)}
    assert {to: e["status"] for to, e in found.items()} == {
        "ok@example.org": "delivered", "gone@example.org": "suppressed", "x@bounce.test": "bounce", "y@deep.bounce.test": "bounce"}
    assert "550" in found["x@bounce.test"]["error_message"] and "suppression" in found["gone@example.org"]["error_message"]
    assert found["ok@example.org"]["error_message"] is None
    # bounced addresses were added to the suppression list (reason bounce, every account)
    listed = {e["email"]: e for e in sim.api("GET", base, token=CUSTOMER_TOKEN).body["resources"]}
    assert sorted(listed) == ["gone@example.org", "x@bounce.test", "y@deep.bounce.test"]
    assert (listed["x@bounce.test"]["reason"], listed["x@bounce.test"]["accounts"], listed["x@bounce.test"]["active"]) == ("bounce", [], True)
    assert listed["x@bounce.test"]["category"] == "automatic" and listed["gone@example.org"]["reason"] == "complaint"
    # ... so the next send suppresses them
    again = send(sim, {"messages": [dict(MESSAGE, to="x@bounce.test")]}).body["suppression_summary"]
    assert again == {"status": "checked", "accepted": 0, "suppressed": 1, "suppressed_recipients": ["x@bounce.test"]}
    # an account that ignores the suppression list delivers (and bounces) anyway, and consumes quota for them
    sim.api("PUT", "/api/delivery/accounts/%d" % ready["account"], {"ignore_suppression_list": True}, token=CUSTOMER_TOKEN)
    ignored = send(sim, {"messages": [dict(MESSAGE, to=["gone@example.org", "x@bounce.test"], subject="ignored")]}).body
    assert ignored["suppression_summary"] == {"status": "ignored", "accepted": 2, "suppressed": 0, "suppressed_recipients": []}
    assert {e["to"]: e["status"] for e in entries(sim, subject="ignored")} == {"gone@example.org": "delivered", "x@bounce.test": "bounce"}
    assert account_of(sim, ready["account"])["remaining_messages"] == 2995


@pytest.mark.usefixtures("ready")
def test_bounce_suppression_waits_for_the_worked_transition(sim):
    sim.control("PUT", "tracemail", {"worked_delay": 0.3})
    send(sim, {"messages": [dict(MESSAGE, to="x@bounce.test")]})
    base = "/api/delivery/suppression_lists"
    assert sim.api("GET", base, token=CUSTOMER_TOKEN).body["resources"] == []
    assert entries(sim, collection="queued")[0]["to"] == "x@bounce.test"
    listed = sim.wait_until(lambda: sim.api("GET", base, token=CUSTOMER_TOKEN).body["resources"])
    assert [e["email"] for e in listed] == ["x@bounce.test"]
    assert entries(sim, status="bounce")[0]["to"] == "x@bounce.test" and sim.state("tracemail_bounces") == []


# ------------------------------------------------------------------------------------------ check order
def test_checks_in_documented_order(sim, ready):
    account_path = "/api/delivery/accounts/%d" % ready["account"]
    token_path = account_path + "/api_tokens/%d" % ready["token_id"]
    bad = {"messages": [dict(MESSAGE, subject="")]}
    good = {"messages": [MESSAGE]}
    # an unknown token: 401, no account, nothing recorded in TraceMail
    assert error_of(send(sim, good, token="nope")) == (401, "unauthorized")
    # account disabled + IP not allowed + bad payload: the account comes first
    sim.api("PUT", account_path + "/status", {"status": "disabled"}, token=CUSTOMER_TOKEN)
    sim.api("PUT", token_path, {"allow_nets": ["192.0.2.0/24"]}, token=CUSTOMER_TOKEN)
    assert error_of(send(sim, bad)) == (403, "account_disabled")
    sim.api("PUT", account_path + "/status", {"status": "enabled"}, token=CUSTOMER_TOKEN)
    assert error_of(send(sim, bad)) == (403, "ip_not_allowed")
    sim.api("PUT", token_path, {"allow_nets": ["127.0.0.0/8"]}, token=CUSTOMER_TOKEN)
    sim.api("PUT", account_path, {"allow_nets": ["10.0.0.0/8"]}, token=CUSTOMER_TOKEN)
    assert error_of(send(sim, bad)) == (403, "ip_not_allowed")  # the account's allow-list too
    sim.api("PUT", account_path, {"allow_nets": []}, token=CUSTOMER_TOKEN)
    # payload before rate limit and quota: rate 1 per second, quota 0
    limits(sim, rate_per_second=1, quotas={str(ready["account"]): 0})
    assert error_of(send(sim, bad)) == (400, "invalid_message")
    assert error_of(send(sim, {"messages": [dict(MESSAGE, **{"from": "x@other.example.com"})]})) == (403, "sender_domain_not_allowed")
    first = send(sim, good)  # admitted by the rate limiter, refused by the quota
    assert error_of(first) == (429, "quota_exceeded") and "Retry-After" not in first.headers
    limited = send(sim, good)  # the window holds one request: rate limit before quota
    assert error_of(limited) == (429, "rate_limited")
    assert int(limited.headers["Retry-After"]) >= 1
    assert error_of(send(sim, bad)) == (400, "invalid_message")  # payload still first
    # quota reservation after the suppression pre-check: 1 left, 2 recipients of which 1 suppressed -> accepted
    limits(sim, rate_per_second=100, quotas={str(ready["account"]): 1})
    sim.api("POST", "/api/delivery/suppression_lists", {"email": "gone@example.org", "reason": "bounce"}, token=CUSTOMER_TOKEN)
    two = {"messages": [dict(MESSAGE, to=["gone@example.org", "kept@example.org"])]}
    accepted = send(sim, two)
    assert accepted.status == 202 and accepted.body["suppression_summary"]["accepted"] == 1
    assert account_of(sim, ready["account"])["remaining_messages"] == 0
    limits(sim, quotas={str(ready["account"]): 1})
    reserve = send(sim, {"messages": [dict(MESSAGE, to=["a@example.org", "b@example.org"])]})
    assert error_of(reserve) == (429, "quota_exceeded") and "needs 2" in reserve.body["message"]
    assert account_of(sim, ready["account"])["remaining_messages"] == 1  # nothing reserved on refusal
    assert sim.control("GET", "send_limits") == {"rate_per_second": 100, "quotas": {str(ready["account"]): 1}}
    # every request that reached the handlers is listed, with its token, size and outcome
    logged = sim.control("GET", "send_requests", query={"token_id": ready["token_id"]})
    assert [(r["status"], r["error"]) for r in logged] == [
        (403, "account_disabled"), (403, "ip_not_allowed"), (403, "ip_not_allowed"), (400, "invalid_message"),
        (403, "sender_domain_not_allowed"), (429, "quota_exceeded"), (429, "rate_limited"), (400, "invalid_message"),
        (202, None), (429, "quota_exceeded")]
    assert logged[8]["request_id"] == accepted.body["request_id"] and (logged[8]["messages"], logged[8]["recipients"]) == (1, 2)
    assert all(r["kind"] == "send" and r["account_id"] == ready["account"] and r["at"].endswith("Z") for r in logged)


def test_extra_messages_are_counted_once_and_used_after_the_plan(sim, ready):
    """remaining_messages already holds the extra messages bought (delivery_accounts.update_plan): the quota check,
    /_sim/send_limits and the consumption count them once, the plan's messages going first."""
    account = ready["account"]
    limits(sim, rate_per_second=100, quotas={str(account): 2})
    bought = sim.api("PUT", "/api/delivery/accounts/%d" % account, {"volume": 1, "payment_method": "paypal"},
                     token=CUSTOMER_TOKEN)
    assert bought.status == 200, bought
    extra = bought.body["resources"][0]["remaining_extra_messages_bought"]
    assert extra > 4 and account_of(sim, account)["remaining_messages"] == 2 + extra
    assert sim.control("GET", "send_limits")["quotas"][str(account)] == 2 + extra
    recipients = ["r%d@example.org" % i for i in range(4)]
    assert send(sim, {"messages": [dict(MESSAGE, to=recipients)]}).status == 202
    after = account_of(sim, account)
    assert (after["remaining_messages"], after["remaining_extra_messages_bought"]) == (extra - 2, extra - 2)
    too_many = send(sim, {"messages": [dict(MESSAGE, to=["x%d@example.org" % i for i in range(extra - 1)])]})
    assert error_of(too_many) == (429, "quota_exceeded") and "has %d left" % (extra - 2) in too_many.body["message"]


def test_errors_collection(sim, ready):
    assert error_of(send(sim, {"messages": [MESSAGE]}, token="unknown")) == (401, "unauthorized")
    sim.api("PUT", "/api/delivery/accounts/%d/api_tokens/%d" % (ready["account"], ready["token_id"]),
            {"allow_nets": ["192.0.2.1"]}, token=CUSTOMER_TOKEN)
    refused = send(sim, {"messages": [dict(MESSAGE, subject="Blocked")]})
    assert error_of(refused) == (403, "ip_not_allowed")
    sim.api("PUT", "/api/delivery/accounts/%d/api_tokens/%d" % (ready["account"], ready["token_id"]),
            {"allow_nets": []}, token=CUSTOMER_TOKEN)
    limits(sim, rate_per_second=1)
    assert send(sim, {"messages": [MESSAGE]}).status == 202
    assert error_of(send(sim, {"messages": [MESSAGE]})) == (429, "rate_limited")
    assert error_of(send(sim, {"messages": []})) == (400, "missing_send_payload")
    errors = entries(sim, collection="errors")
    assert sorted(e["error_category"] for e in errors) == ["auth", "generic", "limits"]  # the 401 has no account
    auth = entries(sim, collection="errors", error_category="auth")
    assert len(auth) == 1
    assert auth[0] | {"submitted_at": None, "processed_at": None} == {
        "message_id": None, "request_id": refused.body["request_id"], "account": ready["account"], "domain": "mail.example.com",
        "from": "news@mail.example.com", "to": "john@example.org", "subject": "Blocked", "status": None, "collection": "errors",
        "error_category": "auth", "error_message": refused.body["message"], "auth_protocol": "api", "submitted_at": None,
        "processed_at": None, "customer_code": "C100000001"}
    assert [e["error_message"] for e in entries(sim, collection="errors", error_category="limits")][0].startswith("Too many")
    counters = sim.resource("/api/delivery/tracemail/counters")
    assert (counters["errors"], counters["authErrors"], counters["limitsErrors"], counters["genericErrors"]) == (3, 1, 1, 1)


# ------------------------------------------------------------------------------------------ rate limit
def test_rate_limit_ten_per_second_per_token(sim, ready):
    other = sim.seed(send_tokens=[{"account_id": ready["account"], "token": "send-token-2"}])["send_tokens"][0]
    started = time.monotonic()
    statuses = [send(sim, {"messages": [MESSAGE]}).status for _i in range(11)]
    elapsed = time.monotonic() - started
    if elapsed < 1.0:  # the window is one second; a very slow machine cannot fill it
        assert statuses == [202] * 10 + [429]
        assert send(sim, {"messages": [MESSAGE]}, token="send-token-2").status == 202  # per token
    logged = sim.control("GET", "send_requests", query={"token_id": ready["token_id"]})
    assert len(logged) == 11 and logged[-1]["status"] == statuses[-1]
    assert len(sim.control("GET", "send_requests", query={"token_id": other})) == (1 if elapsed < 1.0 else 0)
    # a sliding window: once a second has passed since the oldest admitted request, it admits again
    limits(sim, rate_per_second=1)
    time.sleep(1.05)
    assert send(sim, {"messages": [MESSAGE]}).status == 202
    reply = send(sim, {"messages": [MESSAGE]})
    assert error_of(reply) == (429, "rate_limited") and reply.headers["Retry-After"] == "1"
    assert reply.body["message"] == "Too many requests: at most 1 per second for this token"


def test_send_limits_control_validation(sim, ready):
    for body in ({"rate_per_second": 0}, {"rate_per_second": "9"}, {"quotas": {"999": 1}}, {"quotas": {str(ready["account"]): -1}},
                 {"quotas": []}):
        assert sim.call("PUT", "/_sim/send_limits", body).status == 400
    assert limits(sim, rate_per_second=None)["rate_per_second"] == 10
    sim.reset()
    assert sim.control("GET", "send_limits") == {"rate_per_second": 10, "quotas": {}}


# ------------------------------------------------------------------------------------------ payload
@pytest.mark.parametrize("change, field", [
    ({"from": None}, "messages[0].from: is required"),
    ({"from": "not an address"}, "messages[0].from: is not a valid"),
    ({"from": "a@mail.example.com, b@mail.example.com"}, "messages[0].from: must be a single address"),
    ({"from": {"name": "Shop"}}, "messages[0].from.address: is required"),
    ({"from": {"address": "news@mail.example.com", "name": 3}}, "messages[0].from.name"),
    ({"to": ["ok@example.org", "broken"]}, "messages[0].to[1]"),
    ({"to": 42}, "messages[0].to: must be"),
    ({"cc": "ok@example.org, nope"}, "messages[0].cc: is not a valid"),
    ({"reply_to": [7]}, "messages[0].reply_to[0]"),
    ({"subject": None}, "messages[0].subject: is required"),
    ({"subject": 5}, "messages[0].subject"),
    ({"text_body": None}, "messages[0].text_body: is required when html_body is absent"),
    ({"html_body": ["x"]}, "messages[0].html_body: must be a string"),
    ({"headers": ["X-A"]}, "messages[0].headers: must be an object"),
    ({"headers": {"Bad Name": "x"}}, "messages[0].headers"),
    ({"headers": {"X-A": {"nested": 1}}}, "messages[0].headers.X-A"),
    ({"headers": {"X-A": None}}, "messages[0].headers.X-A"),
    ({"attachments": {}}, "messages[0].attachments: must be an array"),
    ({"attachments": [{"content_type": "text/plain", "content": PNG}]}, "messages[0].attachments[0].filename: is required"),
    ({"attachments": [{"filename": "a", "content_type": "nonsense", "content": PNG}]}, "messages[0].attachments[0].content_type"),
    ({"attachments": [{"filename": "a", "content_type": "text/plain"}]}, "messages[0].attachments[0].content: is required"),
    ({"attachments": [{"filename": "a", "content_type": "text/plain", "content": "%%%"}]}, "messages[0].attachments[0].content: must be base64"),
    ({"attachments": [{"filename": "a", "content_type": "image/png", "content": PNG, "content_id": "logo", "disposition": "attachment"}]},
     "messages[0].attachments[0].disposition: must be inline when content_id is set"),
    ({"attachments": [{"filename": "a", "content_type": "image/png", "content": PNG, "disposition": "inline"}]},
     "messages[0].attachments[0].content_id: is required for inline attachments"),
    ({"attachments": [{"filename": "a", "content_type": "image/png", "content": PNG, "disposition": "floating"}]},
     "messages[0].attachments[0].disposition"),
    ({"metadata": ["a"]}, "messages[0].metadata: must be an object"),
    ({"metadata": {"order": 12}}, "messages[0].metadata.order: must be a string"),
    ({"tags": ["t"] * 11}, "messages[0].tags: must be an array of at most 10"),
    ({"tags": ["x" * 65]}, "messages[0].tags[0]"),
    ({"tags": [""]}, "messages[0].tags[0]"),
    ({"to": None}, "messages[0].to: at least one recipient"),
])
@pytest.mark.usefixtures("ready")
def test_invalid_message_fields(sim, change, field):
    message = dict(MESSAGE, **change)
    if change.get("from", "") is None:
        del message["from"]
    reply = send(sim, {"messages": [message]})
    assert error_of(reply) == (400, "invalid_message"), reply
    assert reply.body["message"].startswith(field), reply.body["message"]


@pytest.mark.usefixtures("ready")
def test_valid_message_forms_and_payload_limits(sim):
    message = {
        "from": {"address": "news@mail.example.com", "name": "Shop"},
        "to": ['"Doe, John" <John@Example.org>', {"address": "ann@example.org"}],
        "cc": "Bob <bob@example.org>, carl@example.org", "bcc": {"address": "dan@example.org"},
        "reply_to": "help@mail.example.com", "subject": "Forms", "html_body": "<p>x</p>",
        "headers": {"X-Campaign": "spring", "X-Count": 3, "X-Flag": True, "X-List": ["a", 1, False]},
        "attachments": [{"filename": "logo.png", "content_type": "image/png", "content": PNG, "content_id": "logo"},
                        {"filename": "a.txt", "content_type": "text/plain; charset=utf-8", "content": "aGVs\nbG8=",
                         "disposition": "attachment"}],
        "metadata": {"order": "12"}, "tags": ["t%d" % i + "x" * 60 for i in range(10)], "unknown_field": "ignored",
    }
    reply = send(sim, {"messages": [message, dict(message, subject="second")]})
    assert reply.status == 202, reply
    assert reply.body["messages"][0]["to"] == "john@example.org, ann@example.org"
    assert reply.body["suppression_summary"]["accepted"] == 10
    # missing payload, wrong JSON, batch size
    assert error_of(send(sim, {})) == (400, "missing_send_payload")
    assert error_of(send(sim, {"messages": {}})) == (400, "missing_send_payload")
    missing = send(sim, {"messages": []})
    assert missing.body["message"] == "Request body must include a non-empty `messages` array."
    raw = sim.call("POST", "/v1/send", None, {"Authorization": "Bearer send-token-1", "Content-Type": "application/json"})
    assert error_of(raw) == (400, "missing_send_payload")
    limits(sim, rate_per_second=100)
    sim.control("PUT", "tracemail", {"worked_delay": 30})   # stay queued while counted, however loaded the machine
    many = [dict(MESSAGE, to="r%d@example.org" % i) for i in range(501)]
    assert error_of(send(sim, {"messages": many})) == (400, "too_many_messages")
    accepted = send(sim, {"messages": many[:500]})
    assert accepted.status == 202 and accepted.body["queued_messages"] == 500
    assert len(entries(sim, collection="queued", per=1000)) == 100  # per is clamped to 100
    assert MAX_BODY == 52428800
    big = dict(MESSAGE, attachments=[{"filename": "big.bin", "content_type": "application/octet-stream",
                                      "content": "A" * (MAX_BODY + 4)}])
    too_large = send(sim, {"messages": [big]})
    assert error_of(too_large) == (413, "payload_too_large")
    assert set(too_large.body) == {"error_code", "message", "error", "request_id"} and too_large.body["error_code"] == 413


@pytest.mark.usefixtures("ready")
def test_invalid_json_body(sim):
    request = urllib.request.Request(sim.url + "/v1/send", data=b"{not json", method="POST",
                                     headers={"Authorization": "Bearer send-token-1", "Content-Type": "application/json"})
    try:
        urllib.request.urlopen(request, timeout=5)
        status = None
    except urllib.error.HTTPError as err:
        status = err.code
    assert status == 400


def test_sender_domain_must_be_assigned_and_enabled(sim, ready):
    unverified = sim.seed(delivery_domains=[{"name": "new.example.com"}])["delivery_domains"][0]
    sim.seed(delivery_domains=[{"name": "other.example.com", "verified": True}])  # verified, but not the account's
    sim.api("PUT", "/api/delivery/accounts/%d" % ready["account"], {"domain_codes": [ready["domain"], unverified]},
            token=CUSTOMER_TOKEN)
    for sender in ("x@new.example.com", "x@other.example.com"):
        reply = send(sim, {"messages": [MESSAGE, dict(MESSAGE, **{"from": sender})]})
        assert error_of(reply) == (403, "sender_domain_not_allowed")
        assert reply.body["message"].startswith("messages[1]: the sender domain %s" % sender.split("@")[1])
    assert send(sim, {"messages": [MESSAGE]}).status == 202


# ------------------------------------------------------------------------------------------ bulk
BULK = {
    "message": {
        "from": {"address": "news@mail.example.com", "name": "{{brand}}"}, "cc": "copy@example.org",
        "subject": "Hello {{ first_name }}", "text_body": "Hi {{first_name}}, this is for {{email}}",
        "html_body": "<p>{{first_name}}</p>", "headers": {"X-Customer": "{{id}}", "X-List": ["{{id}}", 2]},
        "metadata": {"customer": "{{id}}"}, "tags": ["welcome", "c-{{id}}"],
        "attachments": [{"filename": "{{id}}.txt", "content_type": "text/plain", "content": "aGk=", "disposition": "attachment"},
                        {"filename": "logo.png", "content_type": "image/png", "content": PNG, "content_id": "logo-{{id}}"}],
    },
    "recipients": [
        {"email": "ann@example.org", "substitutions": {"first_name": "Ann", "id": 7, "brand": "Shop"}},
        {"email": "Bob <bob@example.org>", "substitutions": {"first_name": "Bob", "id": "b", "brand": "Shop"}},
    ],
}


@pytest.mark.usefixtures("ready")
def test_bulk_renders_every_templated_field(sim):
    sim.control("PUT", "tracemail", {"worked_delay": 0})
    reply = send(sim, BULK, bulk=True)
    assert reply.status == 202, reply
    body = reply.body
    assert body["queued_messages"] == 2 and [m["to"] for m in body["messages"]] == ["ann@example.org", "bob@example.org"]
    assert len({m["message_id"] for m in body["messages"]}) == 2
    assert body["suppression_summary"] == {"status": "checked", "accepted": 4, "suppressed": 0, "suppressed_recipients": []}
    found = {(e["to"], e["message_id"]): e for e in entries(sim)}
    assert len(found) == 4  # each message goes to its recipient and to the cc
    assert {e["subject"] for e in found.values()} == {"Hello Ann", "Hello Bob"}
    stored = {e["_message"]["to"]: e["_message"] for e in sim.state("tracemail") if e["to"] != "copy@example.org"}
    ann = stored["ann@example.org"]
    assert ann["text_body"] == "Hi Ann, this is for ann@example.org" and ann["html_body"] == "<p>Ann</p>"
    assert ann["from"] == {"address": "news@mail.example.com", "name": "Shop"}
    assert ann["headers"] == {"X-Customer": "7", "X-List": ["7", 2]} and ann["metadata"] == {"customer": "7"}
    assert ann["tags"] == ["welcome", "c-7"]
    assert [a["filename"] for a in ann["attachments"]] == ["7.txt", "logo.png"]
    assert ann["attachments"][1]["content_id"] == "logo-7"
    assert stored["bob@example.org"]["text_body"] == "Hi Bob, this is for bob@example.org"
    assert BULK["message"]["subject"] == "Hello {{ first_name }}"  # the template itself is untouched
    logged = sim.control("GET", "send_requests")[-1]
    assert (logged["kind"], logged["messages"], logged["recipients"]) == ("bulk", 2, 4)


@pytest.mark.usefixtures("ready")
def test_bulk_strict_and_lenient_substitutions(sim):
    body = {"message": {"from": "news@mail.example.com", "subject": "Hi {{first_name}}", "text_body": "for {{email}} {{code}}"},
            "recipients": [{"email": "ann@example.org", "substitutions": {"first_name": "Ann", "code": 1}},
                           {"email": "bob@example.org", "substitutions": {"first_name": "Bob"}},
                           {"email": "cy@example.org"}]}
    strict = send(sim, body, bulk=True)
    assert error_of(strict) == (400, "missing_bulk_substitutions")
    assert strict.body["message"] == "recipients[1]: missing substitutions for code"
    assert error_of(send(sim, dict(body, options={"strict_substitutions": True}), bulk=True)) == (400, "missing_bulk_substitutions")
    lenient = send(sim, dict(body, options={"strict_substitutions": False}), bulk=True)
    assert lenient.status == 202 and lenient.body["queued_messages"] == 3
    stored = {e["to"]: e["_message"] for e in sim.state("tracemail") if e["collection"] != "errors"}
    assert stored["bob@example.org"]["text_body"] == "for bob@example.org "
    assert stored["cy@example.org"]["subject"] == "Hi "
    # {{email}} alone never needs a substitution
    only_email = {"message": {"from": "news@mail.example.com", "subject": "For {{email}}", "text_body": "x"},
                  "recipients": [{"email": "dee@example.org"}]}
    assert send(sim, only_email, bulk=True).status == 202
    # a whole address may come from a substitution
    whole = {"message": {"from": "{{sender}}", "subject": "s", "text_body": "t"},
             "recipients": [{"email": "dee@example.org", "substitutions": {"sender": "Shop <news@mail.example.com>"}}]}
    assert send(sim, whole, bulk=True).status == 202
    # a placeholder used only in a header is a variable too
    header_only = {"message": dict(only_email["message"], headers={"X-Id": "{{id}}"}), "recipients": [{"email": "dee@example.org"}]}
    assert error_of(send(sim, header_only, bulk=True)) == (400, "missing_bulk_substitutions")


@pytest.mark.parametrize("body, expected, text", [
    ({"recipients": [{"email": "a@example.org"}]}, "missing_send_payload", "Request body must include a `message` object"),
    ({"message": {"from": "news@mail.example.com", "subject": "s", "text_body": "t"}, "recipients": []}, "missing_send_payload", None),
    ({"message": {"from": "news@mail.example.com", "to": "x@example.org", "subject": "s", "text_body": "t"},
      "recipients": [{"email": "a@example.org"}]}, "invalid_message", "message.to: is not allowed"),
    ({"message": {"from": "news@mail.example.com", "subject": "s"}, "recipients": [{"email": "a@example.org"}]},
     "invalid_message", "message.text_body"),
    ({"message": {"from": "news@mail.example.com", "subject": "s", "text_body": "t"}, "recipients": [{"email": "a@example.org"}, {"email": "x"}]},
     "invalid_message", "recipients[1].email"),
    ({"message": {"from": "news@mail.example.com", "subject": "s", "text_body": "t"}, "recipients": ["a@example.org"]},
     "invalid_message", "recipients[0]: must be an object"),
    ({"message": {"from": "news@mail.example.com", "subject": "s", "text_body": "t"},
      "recipients": [{"email": "a@example.org", "substitutions": {"x": [1]}}]}, "invalid_message", "recipients[0].substitutions.x"),
    ({"message": {"from": "news@mail.example.com", "subject": "s", "text_body": "t"},
      "recipients": [{"email": "a@example.org"}], "options": {"strict_substitutions": "no"}}, "invalid_message", "options.strict_substitutions"),
    ({"message": {"from": "news@mail.example.com", "subject": "{{s}}", "text_body": "t"},
      "recipients": [{"email": "a@example.org", "substitutions": {"s": ""}}]}, "invalid_message", "recipients[0]: message.subject: is required"),
    ({"message": {"from": "{{who}}", "subject": "s", "text_body": "t"},
      "recipients": [{"email": "a@example.org", "substitutions": {"who": "nobody"}}]}, "invalid_message", "recipients[0]: message.from"),
])
@pytest.mark.usefixtures("ready")
def test_bulk_payload_errors(sim, body, expected, text):
    reply = send(sim, body, bulk=True)
    assert error_of(reply) == (400, expected), reply
    if text:
        assert text in reply.body["message"]


def test_bulk_limits_and_domain(sim, ready):
    limits(sim, rate_per_second=100)
    template = {"from": "news@mail.example.com", "subject": "s", "text_body": "t"}
    many = [{"email": "r%d@example.org" % i} for i in range(501)]
    assert error_of(send(sim, {"message": template, "recipients": many}, bulk=True)) == (400, "too_many_messages")
    assert send(sim, {"message": template, "recipients": many[:500]}, bulk=True).body["queued_messages"] == 500
    other = dict(template, **{"from": "x@elsewhere.example.com"})
    reply = send(sim, {"message": other, "recipients": many[:1]}, bulk=True)
    assert error_of(reply) == (403, "sender_domain_not_allowed") and reply.body["message"].startswith("message: ")
    limits(sim, quotas={str(ready["account"]): 2})
    assert error_of(send(sim, {"message": template, "recipients": many[:3]}, bulk=True)) == (429, "quota_exceeded")
