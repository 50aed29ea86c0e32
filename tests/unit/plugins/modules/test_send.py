# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""send and tracemail_info in-process against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import importlib
import json

import pytest

from ansible.module_utils.common.parameters import PASS_VARS

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _resource
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._tracemail import lookup
from ansible_collections.qboxmail.qboxmail.plugins.modules import send, tracemail_info

SEND_TOKEN = "qbxs-unit-send-token-0123456789"
OTHER_TOKEN = "qbxs-unit-other-token-9876543210"
SENDER = "Shop <orders@mail.example.com>"
# ansible-core 2.21 adds the module arguments to the result only when asked; 2.19 knows no such flag
INJECT = {"_ansible_inject_invocation": True} if "inject_invocation" in PASS_VARS else {}


@pytest.fixture
def setup(sim, monkeypatch):
    """A verified Delivery domain, an account with it, a Send token; TraceMail entries final at once."""
    sim.seed(delivery_domains=[{"name": "mail.example.com", "code": "dlv-mail", "verified": True},
                               {"name": "other.example.com", "code": "dlv-other", "verified": True}],
             delivery_accounts=[{"id": 501, "description": "Shop", "domain_codes": ["dlv-mail"]}],
             send_tokens=[{"account_id": 501, "label": "unit", "token": SEND_TOKEN},
                          {"account_id": 501, "label": "fenced", "token": OTHER_TOKEN, "allow_nets": ["192.0.2.0/24"]}])
    sim.control("PUT", "tracemail", {"worked_delay": 0})
    monkeypatch.setattr(_resource, "SLEEP", lambda s: None)


def args(sim, **more):
    out = dict(send_api_url=sim.url, send_api_token=SEND_TOKEN)
    out.update(more)
    return out


def sends(sim):
    return sim.control("GET", "send_requests")


def test_single_message_with_wait_for_final(run_module, sim, setup):
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "to": ["john@example.org"], "cc": ["x@bounce.test"],
                                                        "subject": "Order 1", "text_body": "Thanks", "wait_for": "final"}))
    assert not failed, result
    assert result["changed"] and result["queued_messages"] == 1 and len(result["message_ids"]) == 1
    message = result["messages"][0]
    assert message["status"] == "mixed"
    states = sorted((r["to"], r["state"]) for r in message["recipients"])
    assert states == [("john@example.org", "delivered"), ("x@bounce.test", "bounce")]
    assert SEND_TOKEN not in json.dumps(result)
    assert result["requests"] == [{"index": 1, "path": "/v1/send", "items": "1-1", "count": 1,
                                   "bytes": result["requests"][0]["bytes"], "state": "accepted",
                                   "request_id": result["request_ids"][0]}]


def test_check_mode_sends_nothing(run_module, sim, setup):
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "to": ["john@example.org"], "subject": "S",
                                                        "text_body": "secret body", "hide_bodies": True}, **INJECT),
                                check_mode=True)
    assert not failed and result["changed"]
    assert not INJECT or result["invocation"]["module_args"]["text_body"] == "(hidden: hide_bodies)"
    assert sends(sim) == [] and sim.requests() == []
    assert "secret body" not in json.dumps(result) and SEND_TOKEN not in json.dumps(result)
    assert result["would_send"][0]["body"]["messages"][0]["text_body"] == "(11 characters, hidden)"


def test_hide_bodies_keeps_bodies_contents_and_substitutions_out_of_the_output(run_module, sim, setup):
    result, failed = run_module(send.main, args(sim, **{
        "from": SENDER, "subject": "S", "html_body": "<p>private html {{code}}</p>", "hide_bodies": True,
        "attachments": [{"content": base64.b64encode(b"private attachment").decode(), "filename": "a.txt"}],
        "recipients": [{"email": "a@example.org", "substitutions": {"code": "private-code-1"}}]}, **INJECT))
    assert not failed, result
    text = json.dumps(result)
    assert "private" not in text and base64.b64encode(b"private attachment").decode() not in text
    assert sim.state("tracemail")[0]["_message"]["html_body"] == "<p>private html private-code-1</p>"


def test_batch_is_split_into_the_fewest_requests(run_module, sim, setup):
    messages = [{"to": ["u%d@example.org" % i], "text_body": "n %d" % i} for i in range(1001)]
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "subject": "Batch", "messages": messages}))
    assert not failed, result["msg"] if failed else None
    assert [r["count"] for r in result["requests"]] == [500, 500, 1]
    assert [s["messages"] for s in sends(sim)] == [500, 500, 1]
    assert result["queued_messages"] == 1001 and len(set(result["message_ids"])) == 1001


def test_bulk_missing_variable_fails_before_any_request(run_module, sim, setup):
    recipients = [{"email": "a@example.org", "substitutions": {"name": "A"}}, {"email": "b@example.org"}]
    result, failed = run_module(send.main, args(sim, template={"from": SENDER, "subject": "Hi {{name}}",
                                                               "text_body": "{{ name }} {{code}} {{email}}"},
                                                recipients=recipients))
    assert failed and "recipients[0] (a@example.org): code" in result["msg"] and "recipients[1]" in result["msg"]
    assert sim.requests() == []


def test_bulk_with_substitutions_waits_for_accepted(run_module, sim, setup):
    recipients = [{"email": "u%d@example.org" % i, "substitutions": {"name": "N%d" % i}} for i in range(3)]
    result, failed = run_module(send.main, args(sim, template={"from": SENDER, "subject": "Hi {{name}}",
                                                               "text_body": "for {{email}}"},
                                                recipients=recipients, wait_for="accepted"))
    assert not failed, result
    assert [m["to"] for m in result["messages"]] == ["u0@example.org", "u1@example.org", "u2@example.org"]
    assert all(m["status"] in ("queued", "delivered") for m in result["messages"])
    entries = sim.state("tracemail")
    assert sorted(e["subject"] for e in entries) == ["Hi N0", "Hi N1", "Hi N2"]


def test_attachments_from_a_file_and_inline(run_module, sim, setup, tmp_path):
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(b"%PDF-1.4 test")
    png = base64.b64encode(b"\x89PNG fake").decode()
    result, failed = run_module(send.main, args(sim, **{
        "from": SENDER, "to": ["john@example.org"], "subject": "Invoice", "html_body": "<img src='cid:logo'>",
        "attachments": [{"path": str(pdf)}, {"content": png, "filename": "logo.png", "content_id": "logo"}]}))
    assert not failed, result
    queued = sim.state("tracemail")[0]["_message"]["attachments"]
    assert queued[0] == {"filename": "invoice.pdf", "content_type": "application/pdf", "disposition": "attachment",
                         "content": base64.b64encode(b"%PDF-1.4 test").decode()}
    assert queued[1]["disposition"] == "inline" and queued[1]["content_id"] == "logo"


@pytest.mark.parametrize("bad, option", [
    ({"from": "not an address"}, "from"),
    ({"to": ["x@"]}, "to[0]"),
    ({"text_body": None}, "text_body or html_body"),
    ({"attachments": [{"path": "/nonexistent/file.pdf"}]}, "attachments[0].path"),
    ({"attachments": [{"content": "***", "filename": "a.bin"}]}, "attachments[0].content"),
    ({"attachments": [{"content": "YQ==", "filename": "a.png", "disposition": "inline"}]}, "attachments[0].content_id"),
    ({"tags": ["t%d" % i for i in range(11)]}, "tags"),
    ({"headers": {"Bad Name": "x"}}, "headers"),
    ({"send_api_token": None}, "send_api_token"),
    ({"wait_for": "final", "api_token": None}, "api_token"),
])
def test_bad_input_fails_before_any_request(run_module, sim, setup, bad, option, monkeypatch):
    monkeypatch.delenv("QBOXMAIL_API_TOKEN", raising=False)
    monkeypatch.delenv("QBOXMAIL_SEND_API_TOKEN", raising=False)
    base = args(sim, **{"from": SENDER, "to": ["john@example.org"], "subject": "S", "text_body": "B"})
    base.update(bad)
    result, failed = run_module(send.main, base)
    assert failed and option in result["msg"], result["msg"]
    assert sim.requests() == []


def test_management_token_as_send_token_is_explained(run_module, sim, setup):
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "to": ["j@example.org"], "subject": "S",
                                                        "text_body": "B", "send_api_token": "qbx-customer-dev-token"}))
    assert failed and "HTTP 401" in result["msg"] and "send_api_token" in result["msg"] and "two kinds" in result["msg"]
    assert "qbx-customer-dev-token" not in json.dumps(result)


def test_ip_allow_list_and_unassigned_domain_are_explained(run_module, sim, setup):
    message = {"to": ["j@example.org"], "subject": "S", "text_body": "B"}
    result, failed = run_module(send.main, args(sim, send_api_token=OTHER_TOKEN, **dict(message, **{"from": SENDER})))
    assert failed and "ip_not_allowed" in result["msg"] and "allow_nets" in result["msg"]
    result, failed = run_module(send.main, args(sim, **dict(message, **{"from": "x@other.example.com"})))
    assert failed and "sender_domain_not_allowed" in result["msg"] and "delivery_account" in result["msg"]
    assert result["changed"] is False


def test_rate_limit_is_waited_out(run_module, sim, setup):
    sim.control("PUT", "send_limits", {"rate_per_second": 1})
    recipients = [{"email": "u%d@example.org" % i} for i in range(501)]
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "subject": "S", "text_body": "B",
                                                        "recipients": recipients, "retries": 3}))
    assert not failed, result
    assert [(s["kind"], s["status"], s["error"]) for s in sends(sim)] == [
        ("bulk", 202, None), ("bulk", 429, "rate_limited"), ("bulk", 202, None)]
    assert result["queued_messages"] == 501


def test_dropped_chunk_is_reported_and_never_repeated(run_module, sim, setup):
    sim.fault(method="POST", path="/v1/send", after=True, drop=True)
    messages = [{"to": ["u%d@example.org" % i]} for i in range(1200)]
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "subject": "S", "text_body": "B",
                                                        "messages": messages}))
    assert failed and result["changed"] is True
    assert [r["state"] for r in result["requests"]] == ["unknown", "accepted", "accepted"]
    assert "request 1 of 3" in result["msg"] and "not repeated" in result["msg"]
    assert len(result["request_ids"]) == 2 and all(rid in result["msg"] for rid in result["request_ids"])
    assert len(sends(sim)) == 3 and len(sim.state("tracemail")) == 1200


def test_fail_on_bounce_and_suppressed(run_module, sim, setup):
    sim.seed(suppressions=[{"email": "gone@example.org", "reason": "complaint", "customer_code": "C100000001"}])
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "subject": "S", "text_body": "B",
                                                        "messages": [{"to": ["a@bounce.test"]}, {"to": ["gone@example.org"]},
                                                                     {"to": ["ok@example.org"]}],
                                                        "wait_for": "final", "fail_on": ["bounce", "suppressed"]}))
    assert failed and result["changed"] is True
    assert "a@bounce.test: bounce" in result["msg"] and "gone@example.org: suppressed" in result["msg"]
    assert [m["status"] for m in result["messages"]] == ["bounce", "suppressed", "delivered"]


# ------------------------------------------------------------------------------------------ tracemail_info, lookup
def seed_entries(sim, count, **fields):
    entries = [dict({"account": 501, "to": "r%04d@example.org" % i, "subject": "Seeded %d" % i}, **fields)
               for i in range(count)]
    return sim.control("POST", "tracemail", {"entries": entries})["entries"]


def test_tracemail_info_reads_every_page_at_the_largest_size(run_module, sim, setup):
    seed_entries(sim, 250)
    seed_entries(sim, 3, status="bounce", to="b@bounce.test")
    sim.clear_requests()
    result, failed = run_module(tracemail_info.main, dict(include=["mailouts", "counters", "daily_statistics",
                                                                   "domain_ranking", "accounts", "domains"]))
    assert not failed, result
    assert len(result["mailouts"]) == 253 and result["counters"]["all"] == 253 and result["counters"]["bounce"] == 3
    assert result["domain_ranking"][0]["domain"] == "mail.example.com"
    assert {"id": 501, "name": "Shop"} in result["accounts"]
    pages = [e for e in sim.requests() if e["path"] == "/api/delivery/tracemail/mailouts"]
    assert [(e["query"].get("per"), e["query"].get("page")) for e in pages] == [("100", "1"), ("100", "2"), ("100", "3")]
    result, failed = run_module(tracemail_info.main, {"to": "b@bounce.test", "status": "bounce", "account": "Shop"})
    assert not failed and len(result["mailouts"]) == 3
    result, failed = run_module(tracemail_info.main, {"page": 3})
    assert not failed and len(result["mailouts"]) == 53 and result["pagination"]["total_pages"] == 3


@pytest.mark.parametrize("bad, option", [({"start_date": "2026-02-30"}, "start_date"), ({"to": "x"}, "to"),
                                         ({"page": 0}, "page"), ({"collection": "errors", "status": "bounce"}, "status")])
def test_tracemail_info_bad_filters_fail_before_any_request(run_module, sim, setup, bad, option):
    sim.clear_requests()
    result, failed = run_module(tracemail_info.main, bad)
    assert failed and option in result["msg"] and sim.requests() == []


def test_tracemail_lookup_returns_every_page_and_counters(sim, setup):
    """The lookup's work (plugins/lookup/tracemail.py only maps its options and errors; importing it here would switch
    ansible-core 2.19 to controller-side warnings for the rest of the session)."""
    seed_entries(sim, 120)
    options = dict(api_url=sim.url, api_token="qbx-customer-dev-token", customer_code=None, validate_certs=True,
                   ca_path=None, timeout=30.0, retries=1, kind="mailouts")
    assert len(lookup(dict(options, account="Shop"))) == 120
    assert lookup(dict(options, kind="counters", **{"from": "sender@mail.example.com"}))[0]["all"] == 120
    with pytest.raises(QboxmailError, match="HTTP 401"):
        lookup(dict(options, api_token=SEND_TOKEN))
    for bad, message in (({"api_token": None}, "api_token is required"), ({"kind": "x"}, "kind must be"),
                         ({"account": "Nobody"}, "no such Delivery account"), ({"to": "x"}, "to:")):
        with pytest.raises(ValueError, match=message):
            lookup(dict(options, **bad))


# ------------------------------------------------------------------------------------------ the sweep scenarios' inputs
def scenario_args(sim, scenario, base, extra):
    args = dict(scenario.steps[base], send_api_url=sim.url) if scenario.name == "send" else dict(scenario.steps[base])
    args.update(extra)
    return args


@pytest.mark.parametrize("module, name", [(send, "send"), (tracemail_info, "tracemail_info")])
def test_scenario_bad_inputs_fail_before_any_write_naming_the_option(run_module, sim, monkeypatch, module, name):
    scenario = importlib.import_module("ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios." + name).SCENARIO
    for var in ("QBOXMAIL_API_TOKEN", "QBOXMAIL_SEND_API_TOKEN"):
        monkeypatch.delenv(var, raising=False)
    sim.seed(**scenario.seed)
    for bad in scenario.bad:
        sim.clear_requests()
        result, failed = run_module(module.main, scenario_args(sim, scenario, bad.base, bad.args))
        assert failed and bad.option in result["msg"], (bad, result.get("msg"))
        assert sim.requests(write=True) == [] and (bad.reads or sim.requests() == []), bad
    for valid in scenario.valid:
        extra = dict((k, v) for k, v in valid.items() if k != "base")
        result, failed = run_module(module.main, scenario_args(sim, scenario, valid["base"], extra))
        assert not failed, (valid, result.get("msg"))


@pytest.mark.parametrize("status", [500, 503])
def test_a_server_error_after_the_send_may_have_been_accepted(run_module, sim, setup, status):
    """Was: a 500/503 after the Send API had queued the message ended with changed=false, as if nothing was sent."""
    sim.fault(method="POST", path="/v1/send", after=True, status=status, count=1)
    messages = [{"to": ["u%d@example.org" % i]} for i in range(501)]
    result, failed = run_module(send.main, args(sim, **{"from": SENDER, "subject": "S", "text_body": "B",
                                                        "messages": messages}))
    assert failed and result["changed"] is True
    assert "may have been accepted" in result["msg"] and "HTTP %d" % status in result["msg"], result["msg"]
    assert [r["state"] for r in result["requests"]] == ["unknown", "accepted"]
    assert len(result["message_ids"]) == 1 and result["request_ids"][0] in result["msg"]
    assert "their 1 message ids are in message_ids" in result["msg"]
    assert len(sends(sim)) == 2 and len(sim.state("tracemail")) == 501   # nothing resent


def test_a_server_error_on_a_management_write_is_not_uncertain():
    """The wider set is the Send API's only: a Management 500 stays a plain failure (its writes are looked up)."""
    from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import UNCERTAIN_STATUSES
    assert 500 not in UNCERTAIN_STATUSES["management"] and {500, 503} <= UNCERTAIN_STATUSES["send"]
