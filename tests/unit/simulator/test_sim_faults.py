# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: fault injection (status, Retry-After, count, latency, drop) and configured latency."""
from __future__ import annotations

import http.client
import time
import urllib.error

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN

GOOD = {"name": "fault.com", "postmaster_password": "Secret123", "postmaster_password_confirmation": "Secret123"}


def test_status_with_retry_after_for_count_requests(sim):
    sim.fault(method="GET", path="/api/domains", status=503, retry_after=2, count=2)
    for _attempt in range(2):
        reply = sim.api("GET", "/api/domains")
        assert (reply.status, reply.body) == (503, {"message": "Service unavailable", "errors": []})
        assert reply.headers["Retry-After"] == "2"
    reply = sim.api("GET", "/api/domains")
    assert reply.status == 200 and "Retry-After" not in reply.headers
    assert [entry["status"] for entry in sim.requests()] == [503, 503, 200]


def test_default_429_body_and_custom_body(sim):
    sim.fault(path="/api/domains", status=429)
    reply = sim.api("GET", "/api/domains")
    assert (reply.status, reply.body) == (429, {"message": "Too Many Requests", "errors": []})
    assert "Retry-After" not in reply.headers
    sim.fault(path="/api/domains", status=500, body={"oops": True})
    assert sim.api("GET", "/api/domains").body == {"oops": True}


def test_fault_applies_before_auth(sim):
    sim.fault(method="*", path="/api/*", status=502)
    assert sim.api("GET", "/api/domains", token=None).status == 502
    assert sim.api("GET", "/api/domains", token=None).status == 401


def test_method_and_glob_matching(sim, make_domain):
    code = make_domain("glob.com")
    sim.fault(method="put", path="/api/domains/*/dkim/*", status=504, count=5)
    assert sim.api("GET", "/api/domains/%s" % code).status == 200
    assert sim.api("POST", "/api/domains/%s/dkim" % code).status == 200
    assert sim.api("PUT", "/api/domains/%s/dkim/verify" % code).status == 504
    assert sim.control("GET", "faults")["faults"][0]["count"] == 4
    sim.clear_faults()
    assert sim.api("PUT", "/api/domains/%s/dkim/reset" % code).status == 204


def test_faulted_post_changes_nothing(sim):
    sim.fault(method="POST", path="/api/domains", status=500)
    reply = sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN)
    assert reply.status == 500
    assert sim.state("domains") == [] and sim.state("email_accounts") == []
    entry = sim.requests()[-1]
    assert (entry["method"], entry["status"], entry["write"]) == ("POST", 500, True)
    assert sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN).status == 200


def test_drop_closes_the_connection(sim):
    sim.fault(method="POST", path="/api/domains", drop=True)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN)
    assert sim.state("domains") == []
    entry = sim.requests()[-1]
    assert (entry["path"], entry["status"]) == ("/api/domains", None)
    assert sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN).status == 200


def test_fault_latency_then_normal_processing(sim):
    sim.fault(path="/api/domains", latency_ms=250)
    started = time.monotonic()
    assert sim.api("GET", "/api/domains").status == 200
    assert time.monotonic() - started >= 0.25
    started = time.monotonic()
    sim.api("GET", "/api/domains")
    assert time.monotonic() - started < 0.2


def test_send_api_fault_uses_send_error_shape(sim):
    sim.fault(method="POST", path="/v1/send", status=429, retry_after=1)
    reply = sim.send("POST", "/v1/send", {})
    assert reply.status == 429
    assert (reply.body["error_code"], reply.body["error"]) == (429, "rate_limited")
    assert reply.headers["Retry-After"] == "1"


def test_configured_latency(sim):
    sim.config(latency_ms=200)
    started = time.monotonic()
    sim.api("GET", "/api/domains")
    assert time.monotonic() - started >= 0.2
    started = time.monotonic()
    sim.control("GET", "config")
    assert time.monotonic() - started < 0.2


def test_bad_fault_is_400(sim):
    reply = sim.call("POST", "/_sim/faults", {"status": "nope"})
    assert reply.status == 400
    assert sim.control("GET", "faults") == {"faults": []}
