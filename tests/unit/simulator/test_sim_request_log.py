# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: request log entries, secret masking, the ``write`` flag, timestamps and filters."""
from __future__ import annotations

import http.client
import json
import time
import urllib.error
import urllib.request

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN

MASK = "********"


def test_entries_and_masking(sim, make_domain):
    code = make_domain("log.com")
    sim.api("PUT", "/api/domains/%s/email_ownership_check" % code, {"verification_email_address": "admin@log.com"})
    sent = sim.emails()[0]["code"]
    sim.api("PUT", "/api/domains/%s/email_ownership_check/verify" % code, {"verification_code": sent})
    sim.api("PUT", "/api/domains/" + code, {"settings": {"api_token": "t0k", "client_secret": "s3c"}, "list": [{"password": "p"}]})
    sim.api("GET", "/api/domains?query=log&token=abc")
    entries = sim.requests()
    assert [entry["seq"] for entry in entries] == [1, 2, 3, 4, 5]
    assert set(entries[0]) == {"seq", "at", "method", "path", "query", "status", "write", "token", "body", "processed",
                               "handler_status", "fault"}
    create = entries[0]
    assert (create["method"], create["path"], create["status"], create["write"], create["token"]) == (
        "POST", "/api/domains", 200, True, MASK)
    assert create["body"] == {"name": "log.com", "postmaster_password": MASK, "postmaster_password_confirmation": MASK}
    assert entries[1]["body"] == {"verification_email_address": "admin@log.com"}
    assert entries[2]["body"] == {"verification_code": MASK}
    assert entries[3]["body"] == {"settings": {"api_token": MASK, "client_secret": MASK}, "list": [{"password": MASK}]}
    assert entries[4]["query"] == {"query": "log", "token": MASK}
    text = json.dumps(entries)
    for secret in (CUSTOMER_TOKEN, "qbx-admin-dev-token", "Secret123", sent, "t0k", "s3c"):
        assert secret not in text


def test_write_flag_and_filters(sim, make_domain):
    code = make_domain("flags.com")
    sim.api("GET", "/api/domains/" + code)
    sim.api("PUT", "/api/domains/%s/dns" % code)
    sim.api("POST", "/api/domains/%s/details" % code)
    sim.api("DELETE", "/api/domains/" + code)
    sim.api("GET", "/api/domains", token=None)
    flags = [(entry["method"], entry["write"]) for entry in sim.requests()]
    assert flags == [("POST", True), ("GET", False), ("PUT", True), ("POST", False), ("DELETE", True), ("GET", False)]
    assert [entry["method"] for entry in sim.requests(write=True)] == ["POST", "PUT", "DELETE"]
    assert [entry["seq"] for entry in sim.requests(since=4)] == [5, 6]
    assert sim.requests()[-1]["token"] is None and sim.requests()[-1]["status"] == 401
    assert [entry["seq"] for entry in sim.requests(method="get", path="/api/domains/*")] == [2]


def test_control_calls_are_not_logged_and_log_clears(sim):
    sim.api("GET", "/api/domains")
    sim.state("domains")
    sim.config()
    assert len(sim.requests()) == 1
    sim.clear_requests()
    assert sim.requests() == []
    sim.api("GET", "/api/domains")
    sim.reset()
    assert sim.requests() == []


def test_non_json_body(sim):
    request = urllib.request.Request(sim.url + "/api/domains", data=b"name=x", method="POST",
                                     headers={"X-Api-Token": CUSTOMER_TOKEN, "Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)  # pylint: disable=consider-using-with
    assert caught.value.code == 422
    assert json.loads(caught.value.read())["errors"] == [{"field": "body", "description": "is not valid"}]
    assert sim.requests()[-1]["body"] == "<non-JSON body, 6 bytes>"


def test_timestamps(sim):
    before = time.time()
    for _request in range(3):
        sim.api("GET", "/api/domains")
    after = time.time()
    stamps = [entry["at"] for entry in sim.requests()]
    assert all(isinstance(stamp, float) for stamp in stamps)
    assert before <= stamps[0] <= stamps[1] <= stamps[2] <= after


def test_csv_content_is_masked(sim):
    text = "email,reason,accounts,active\nprivate.person@example.org,bounce,,true\n"
    body = {"csv_file_name": "s.csv", "csv_file_content": text, "csv_file_size": len(text)}
    assert sim.api("POST", "/api/delivery/suppression_lists/import", body, token=CUSTOMER_TOKEN).status == 204
    entry = sim.requests()[-1]
    assert entry["body"] == {"csv_file_name": "s.csv", "csv_file_content": MASK, "csv_file_size": len(text)}
    assert "private.person" not in json.dumps(sim.requests())


def test_credential_headers_never_logged(sim):
    send_token = "qbxs_header-value-that-must-not-appear"
    sim.api("GET", "/api/domains")
    sim.api("GET", "/api/domains", token="wrong-token-value")
    sim.send("POST", "/v1/send", {"messages": []}, token=send_token)
    sim.call("GET", "/api/domains", headers={"Authorization": "Bearer qbx-bearer-on-api", "X-Other": "x"})
    sim.fault(path="/api/domains", status=502, after=True)
    sim.api("GET", "/api/domains")
    sim.fault(path="/api/domains", drop=True)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        sim.api("GET", "/api/domains")
    entries = sim.requests()
    assert [entry["token"] for entry in entries] == [MASK] * 6
    text = json.dumps(entries)
    for secret in (CUSTOMER_TOKEN, "qbx-admin-dev-token", "wrong-token-value", send_token, "qbx-bearer-on-api", "Bearer"):
        assert secret not in text
