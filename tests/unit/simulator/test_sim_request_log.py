# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: request log entries, secret masking, the ``write`` flag and filters."""
from __future__ import annotations

import json
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
    assert set(entries[0]) == {"seq", "method", "path", "query", "status", "write", "token", "body"}
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
