# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The send module's helpers (_send, _tracemail) and its exact request sequences with scripted HTTP."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _resource, _send, _task
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import Client
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._tracemail import (
    Tracker, check_filters, date_window, unwrap,
)
from ansible_collections.qboxmail.qboxmail.plugins.modules import send
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import (
    FakeResponse, ScriptedSession, dropped, page,
)
from ansible_collections.qboxmail.qboxmail.tests.tools.module_runner import call_main, capture_exits

SENDER = "Shop <orders@mail.example.com>"


# ------------------------------------------------------------------------------------------ helpers
def test_split_makes_the_fewest_requests_within_both_limits(monkeypatch):
    assert _send.split([10] * 1001, 500, 20, str) == [(0, 500), (500, 1000), (1000, 1001)]
    monkeypatch.setattr(_send, "MAX_BODY_BYTES", 100)
    # 20 + 30 + 2 + 30 = 82; a third would make 114
    assert _send.split([30, 30, 30, 30, 30], 500, 20, str) == [(0, 2), (2, 4), (4, 5)]
    with pytest.raises(ValueError, match="item 1 is 101 bytes"):
        _send.split([30, 81], 500, 20, lambda i: "item %d" % i)


def test_the_computed_size_is_the_size_requests_sends():
    messages = [_send.build_message({"from": SENDER, "to": ["a@example.org", "B <b@example.org>"], "subject": u"S\u00e9",
                                     "text_body": "x" * (i + 1), "tags": ["t"]}, "")[0] for i in range(5)]
    sizes = _send.message_sizes(messages)
    assert sum(sizes) + 2 * 4 + _send.send_overhead() == len(json.dumps({"messages": messages}).encode("utf-8"))


def test_addresses_and_placeholders():
    assert _send.mailbox(" Shop Team <Orders@Mail.Example.com> ", "from") == ("Shop Team <Orders@Mail.Example.com>",
                                                                              "orders@mail.example.com")
    assert _send.address_list(['"Doe, John" <j@example.org>, k@example.org'], "to")[1] == ["j@example.org", "k@example.org"]
    for bad in ("a@b", "Name <a@example.org", "x\r\nBcc: y@example.org", "<a@example.org> <b@example.org>"):
        with pytest.raises(ValueError, match="to"):
            _send.address_list([bad], "to")
    message = {"subject": "Hi {{ first_name }}", "text_body": "{{email}}", "headers": {"X-Id": "{{id}}"},
               "tags": ["{{tag}}"], "attachments": [{"filename": "{{file}}.pdf", "content": "{{not_templated}}"}]}
    assert _send.template_variables(message) == {"first_name", "email", "id", "tag", "file"}
    assert _send.render("Hi {{name}} {{missing}}!", {"name": True}) == "Hi true !"


def test_bulk_recipients_name_every_missing_variable():
    items = [("recipients[%d]" % i, {"email": "u%d@example.org" % i, "substitutions": {"a": 1}}) for i in range(8)]
    with pytest.raises(ValueError) as err:
        _send.bulk_recipients(items, {"a", "b", "email"}, True)
    assert "recipients[0] (u0@example.org): b" in str(err.value) and "and 3 more" in str(err.value)
    assert len(_send.bulk_recipients(items, {"a", "b"}, False)) == 8


def test_recipients_file_csv_and_json(tmp_path):
    csv_file = tmp_path / "r.csv"
    csv_file.write_text(u"\ufeffemail,first_name\nann@example.org,Ann\n\nbob@example.org,Bob\n")
    assert _send.read_recipients(str(csv_file)) == [
        ("recipients_file line 2", {"email": "ann@example.org", "substitutions": {"first_name": "Ann"}}),
        ("recipients_file line 4", {"email": "bob@example.org", "substitutions": {"first_name": "Bob"}})]
    json_file = tmp_path / "r.json"
    json_file.write_text(json.dumps([{"email": "a@example.org"}]))
    assert _send.read_recipients(str(json_file)) == [("recipients_file item 1", {"email": "a@example.org"})]
    csv_file.write_text(u"name\nx\n")
    with pytest.raises(ValueError, match="first line names the columns"):
        _send.read_recipients(str(csv_file))
    csv_file.write_text(u"email,a\nx@example.org\n")
    with pytest.raises(ValueError, match="line 2 has 1 columns"):
        _send.read_recipients(str(csv_file))


def test_attachment_rules(tmp_path):
    path = tmp_path / "logo.png"
    path.write_bytes(b"\x89PNG")
    item = _send.attachment({"path": str(path), "content_id": "logo"}, "attachments[0]")
    assert item == {"filename": "logo.png", "content_type": "image/png", "content": "iVBORw==", "disposition": "inline",
                    "content_id": "logo"}
    with pytest.raises(ValueError, match="exactly one of path"):
        _send.attachment({"path": str(path), "content": "YQ=="}, "a")
    with pytest.raises(ValueError, match="disposition must be inline"):
        _send.attachment({"content": "YQ==", "filename": "a", "content_id": "x", "disposition": "attachment"}, "a")


def test_pacer_starts_a_request_a_window_after_the_answer_rate_places_before():
    now = [0.0]
    sleeps = []

    def sleep(seconds):
        sleeps.append(seconds)
        now[0] += seconds
    pacer = _send.Pacer(rate=3, window=1.0, clock=lambda: now[0], sleep=sleep)
    starts = []
    for _i in range(7):
        pacer.wait()
        starts.append(now[0])
        now[0] += 0.1    # the answer takes 0.1 s
        pacer.done()
    assert starts == pytest.approx([0, 0.1, 0.2, 1.1, 1.2, 1.3, 2.2])
    assert all(b - a > 1.0 for a, b in zip(starts, starts[3:]))


def test_date_window_is_widened_across_midnight():
    assert date_window("2026-04-16T08:41:13.225Z") == ("2026-04-16", "2026-04-16")
    assert date_window("2026-04-16T23:55:00.000Z") == ("2026-04-16", "2026-04-17")
    assert date_window("2026-04-17T00:02:00Z") == ("2026-04-16", "2026-04-17")
    now = datetime.datetime(2026, 1, 2, 12, tzinfo=datetime.timezone.utc)
    assert date_window(None, now) == ("2026-01-02", "2026-01-02")


def test_filters_are_checked_and_entries_unwrapped():
    assert check_filters({"from": "A@Example.COM", "start_date": "2026-04-01", "status": "bounce", "to": ""}) == {
        "from": "a@example.com", "start_date": "2026-04-01", "status": "bounce"}
    for bad, option in (({"start_date": "2026-02-30"}, "start_date"), ({"to": "nobody"}, "to"),
                        ({"start_date": "2026-05-01", "end_date": "2026-04-01"}, "start_date"),
                        ({"collection": "errors", "status": "bounce"}, "status"), ({"error_category": "auth"}, "error_category")):
        with pytest.raises(ValueError, match=option):
            check_filters(bad)
    assert unwrap({"data": {"message_id": "m"}}) == {"message_id": "m"}


def test_tracker_reports_each_recipient():
    tracker = Tracker(None, [{"message_id": "m1", "recipients": ["a@x.org", "b@x.org"]}])
    tracker.record({"message_id": "m1", "to": "a@x.org", "collection": "worked", "status": "delivered"}, "worked")
    tracker.record({"message_id": "m1", "to": "a@x.org", "collection": "queued"}, "queued")   # older news: ignored
    assert not tracker.done("final") and tracker.done("accepted")
    tracker.record({"message_id": "m1", "to": "B@x.org", "collection": "worked", "status": "bounce"}, "worked")
    assert tracker.done("final")
    report = tracker.report({"message_id": "m1", "recipients": ["a@x.org", "b@x.org"]})
    assert report["status"] == "mixed" and [r["state"] for r in report["recipients"]] == ["delivered", "bounce"]


# ------------------------------------------------------------------------------------------ request sequences
def run(monkeypatch, args, script, check_mode=False):
    """The send module with both clients (Send and Management) answering from one script."""
    session = ScriptedSession(script)
    sleeps = []

    def factory(family, base):
        def make(module):
            option = "send_api_token" if family == "send" else "api_token"
            return Client(base, module.params[option], family=family, session=session, sleep=sleeps.append,
                          retries=module.params["retries"])
        return make

    capture_exits(monkeypatch)
    monkeypatch.setattr(_task, "management_client", factory("management", "http://api.test"))
    monkeypatch.setattr(_task, "send_client", factory("send", "http://send.test"))
    monkeypatch.setattr(_send, "SLEEP", sleeps.append)
    monkeypatch.setattr(_resource, "SLEEP", sleeps.append)
    full = dict(api_url="http://api.test", api_token="mgmt-tok", send_api_url="http://send.test",
                send_api_token="send-tok", retries=2)
    full.update(args)
    result, failed = call_main(send.main, full, check_mode=check_mode)
    return result, failed, session, sleeps


def accepted(count, request_id="r1", start=0, submitted="2026-04-16T08:41:13.225Z"):
    return FakeResponse(202, {"error_code": 0, "message": "OK", "request_id": request_id, "queued_messages": count,
                              "messages": [{"error_code": 0, "message": "OK", "request_id": request_id,
                                            "message_id": "m%d@mail.example.com" % (start + i), "submitted_at": submitted,
                                            "to": "u%d@example.org" % (start + i)} for i in range(count)],
                              "suppression_summary": {"status": "checked", "accepted": count, "suppressed": 0,
                                                      "suppressed_recipients": []}})


def send_error(status, code, headers=None):
    return FakeResponse(status, {"error_code": status, "message": "refused", "error": code, "request_id": "e1"},
                        headers=headers)


BATCH = {"from": SENDER, "subject": "S", "text_body": "B"}


def test_batch_sequence_is_one_post_per_500(monkeypatch):
    messages = [{"to": ["u%d@example.org" % i]} for i in range(1001)]
    result, failed, session, _sleeps = run(monkeypatch, dict(BATCH, messages=messages),
                                           [accepted(500), accepted(500, "r2", 500), accepted(1, "r3", 1000)])
    assert not failed and session.sequence() == ["POST /v1/send"] * 3
    assert [len(c["json"]["messages"]) for c in session.calls] == [500, 500, 1]
    assert result["request_ids"] == ["r1", "r2", "r3"] and result["message_ids"][1000] == "m1000@mail.example.com"
    assert result["queued_messages"] == 1001 and result["suppression_summary"]["accepted"] == 1001


def test_rate_limited_is_retried_after_retry_after_and_quota_exceeded_is_final(monkeypatch):
    result, failed, session, sleeps = run(monkeypatch, dict(BATCH, to=["a@example.org"]),
                                          [send_error(429, "rate_limited", {"Retry-After": "2"}), accepted(1)])
    assert not failed and session.sequence() == ["POST /v1/send"] * 2 and 2.0 in sleeps
    recipients = [{"email": "u%d@example.org" % i} for i in range(1000)]
    result, failed, session, _sleeps = run(monkeypatch, dict(BATCH, recipients=recipients),
                                           [accepted(500), send_error(429, "quota_exceeded")])
    assert failed and session.sequence() == ["POST /v1/send/bulk"] * 2
    assert "quota_exceeded" in result["msg"] and "no messages left" in result["msg"]
    assert [r["state"] for r in result["requests"]] == ["accepted", "failed"] and result["changed"] is True


def test_an_ambiguous_failure_is_never_repeated_and_later_chunks_go_once(monkeypatch):
    messages = [{"to": ["u%d@example.org" % i]} for i in range(1500)]
    result, failed, session, _sleeps = run(monkeypatch, dict(BATCH, messages=messages),
                                           [accepted(500), FakeResponse(504, {"message": "Gateway timeout"}), dropped(),
                                            ])
    assert failed and session.sequence() == ["POST /v1/send"] * 3
    assert [r["state"] for r in result["requests"]] == ["accepted", "unknown", "unknown"]
    assert "2 request(s) got no answer" in result["msg"] and "r1" in result["msg"]
    assert result["request_ids"] == ["r1"] and len(result["message_ids"]) == 500


def test_wait_for_accepted_finds_the_message_by_sender_subject_recipient_and_date(monkeypatch):
    entry = {"data": {"message_id": "m0@mail.example.com", "to": "u0@example.org", "collection": "queued"}}
    result, failed, session, _sleeps = run(monkeypatch, dict(BATCH, to=["u0@example.org"], wait_for="accepted"),
                                           [accepted(1), page([entry]), page([])])
    assert not failed, result
    assert session.sequence() == ["POST /v1/send", "GET /api/delivery/tracemail/mailouts",
                                  "GET /api/delivery/tracemail/mailouts"]
    assert session.calls[1]["params"] == {"from": "orders@mail.example.com", "subject": "S", "to": "u0@example.org",
                                          "start_date": "2026-04-16", "end_date": "2026-04-16", "collection": "queued",
                                          "per": 100, "page": 1}
    assert session.calls[2]["params"]["collection"] == "worked"
    assert result["messages"][0]["status"] == "queued"


def test_a_management_401_during_the_wait_explains_the_tokens(monkeypatch):
    result, failed, session, _sleeps = run(monkeypatch, dict(BATCH, to=["u0@example.org"], wait_for="final"),
                                           [accepted(1), FakeResponse(401, {"message": "Unauthorized", "errors": []})])
    assert failed and result["changed"] is True and "did not accept api_token" in result["msg"]
    assert "QBOXMAIL_API_TOKEN" in result["msg"] and "A Send token (send_api_token" in result["msg"]
    assert result["request_ids"] == ["r1"]


def test_check_mode_makes_no_request(monkeypatch):
    result, failed, session, _sleeps = run(monkeypatch, dict(BATCH, to=["u0@example.org"], wait_for="final"), [],
                                           check_mode=True)
    assert not failed and result["changed"] and session.calls == []
    assert result["would_send"][0]["path"] == "/v1/send" and result["requests"][0]["state"] == "planned"
