# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: fault injection (status, Retry-After, count, latency, drop, after processing, counters) and configured latency."""
from __future__ import annotations

import http.client
import time
import urllib.error
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN, Simulator

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
    armed = sim.faults()["faults"][0]
    assert (armed["count"], armed["remaining"], armed["fired"]) == (5, 4, 1)
    sim.clear_faults()
    assert sim.api("PUT", "/api/domains/%s/dkim/reset" % code).status == 204


def test_faulted_post_changes_nothing(sim):
    sim.fault(method="POST", path="/api/domains", status=500)
    reply = sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN)
    assert reply.status == 500
    assert sim.state("domains") == [] and sim.state("email_accounts") == []
    entry = sim.requests()[-1]
    assert (entry["method"], entry["status"], entry["write"]) == ("POST", 500, True)
    assert (entry["processed"], entry["handler_status"]) == (False, None)
    assert sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN).status == 200


def test_drop_closes_the_connection(sim):
    sim.fault(method="POST", path="/api/domains", drop=True)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN)
    assert sim.state("domains") == []
    entry = sim.requests()[-1]
    assert (entry["path"], entry["status"], entry["processed"]) == ("/api/domains", None, False)
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


def test_configured_latency_overlaps_across_concurrent_requests(sim):
    """The latency is a non-blocking wait: 8 requests sent at once take about one latency, not eight (what the
    scale_across_domains benchmark relies on: forks and pool workers waiting side by side)."""
    sim.config(latency_ms=400)
    with ThreadPoolExecutor(max_workers=8) as pool:
        started = time.monotonic()
        statuses = list(pool.map(lambda _n: sim.api("GET", "/api/domains").status, range(8)))
        elapsed = time.monotonic() - started
    assert statuses == [200] * 8
    assert 0.4 <= elapsed < 4 * 0.4   # serialised it would be 3.2 s


def test_bad_fault_is_400(sim):
    reply = sim.call("POST", "/_sim/faults", {"status": "nope"})
    assert reply.status == 400
    assert sim.faults() == {"faults": [], "spent": []}


# ------------------------------------------------------------------ processed-then-fault (``after: true``)
def test_after_fault_processes_then_answers_the_fault_status(sim):
    fault = sim.fault(method="POST", path="/api/domains", status=502, after=True)
    assert (fault["after"], fault["count"], fault["remaining"], fault["fired"]) == (True, 1, 1, 0)
    reply = sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (502, {"message": "Bad gateway", "errors": []})
    assert [domain["name"] for domain in sim.state("domains")] == ["fault.com"]
    entry = sim.requests()[-1]
    assert (entry["status"], entry["processed"], entry["handler_status"], entry["fault"]) == (502, True, 200, fault["id"])
    # the retry of the write meets the object it created
    assert sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN).status == 422


def test_after_fault_keeps_the_real_status_of_a_refused_request(sim):
    fault = sim.fault(method="POST", path="/api/domains", status=504, after=True, retry_after=3)
    reply = sim.api("POST", "/api/domains", {"name": "bad name"}, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.headers["Retry-After"]) == (504, "3")
    entry = sim.requests()[-1]
    assert (entry["status"], entry["handler_status"], entry["fault"]) == (504, 422, fault["id"])
    assert sim.state("domains") == []


def test_after_drop_processes_then_closes_the_connection(sim):
    fault = sim.fault(method="POST", path="/api/domains", drop=True, after=True)
    with pytest.raises((http.client.RemoteDisconnected, ConnectionError, urllib.error.URLError)):
        sim.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN)
    assert [domain["name"] for domain in sim.state("domains")] == ["fault.com"]
    entry = sim.requests()[-1]
    assert (entry["status"], entry["processed"], entry["handler_status"], entry["fault"]) == (None, True, 200, fault["id"])


def test_after_latency_lets_the_client_time_out_although_the_write_happened(sim):
    sim.fault(method="POST", path="/api/domains", latency_ms=1500, after=True)
    impatient = Simulator(sim.url, timeout=0.3)
    started = time.monotonic()
    with pytest.raises((TimeoutError, urllib.error.URLError)):
        impatient.api("POST", "/api/domains", GOOD, token=CUSTOMER_TOKEN)
    assert time.monotonic() - started < 1.0
    # processed and logged before the wait
    assert [domain["name"] for domain in sim.state("domains")] == ["fault.com"]
    entry = sim.requests()[-1]
    assert (entry["status"], entry["processed"], entry["handler_status"]) == (200, True, 200)


def test_after_fault_on_the_send_api_uses_its_error_shape(sim):
    sim.fault(method="POST", path="/v1/send", status=502, after=True)
    reply = sim.send("POST", "/v1/send", {}, token="not-a-token")
    assert reply.status == 502 and reply.body["error"] == "bad_gateway"
    entry = sim.requests()[-1]
    assert (entry["status"], entry["handler_status"]) == (502, 401)


def test_fault_counters_spent_list_and_ids(sim):
    first = sim.fault(method="GET", path="/api/domains", status=503, count=2)
    second = sim.fault(method="GET", path="/api/domains/*", status=500)
    assert second["id"] == first["id"] + 1
    sim.api("GET", "/api/domains")
    armed = sim.faults()
    assert [(f["id"], f["remaining"], f["fired"]) for f in armed["faults"]] == [(first["id"], 1, 1), (second["id"], 1, 0)]
    assert armed["spent"] == []
    sim.api("GET", "/api/domains")
    sim.api("GET", "/api/domains")
    faults = sim.faults()
    assert [f["id"] for f in faults["faults"]] == [second["id"]]
    assert [(f["id"], f["count"], f["remaining"], f["fired"]) for f in faults["spent"]] == [(first["id"], 2, 0, 2)]
    assert [entry["fault"] for entry in sim.requests()] == [first["id"], first["id"], None]
    sim.clear_faults()
    assert sim.faults() == {"faults": [], "spent": []}
    assert sim.fault(status=500)["id"] == second["id"] + 1  # ids count on until a reset
    sim.reset()
    assert sim.fault(status=500)["id"] == 1


def test_several_faults_in_one_post(sim):
    added = sim.control("POST", "faults", {"faults": [{"path": "/api/a", "status": 500}, {"path": "/api/b", "after": True}]})["added"]
    assert [(f["path"], f["after"]) for f in added] == [("/api/a", False), ("/api/b", True)]


@pytest.mark.parametrize("spec", [{"after": "yes"}, {"drop": 1}, {"count": True}, {"latency_ms": -1}])
def test_bad_fault_flags_are_400(sim, spec):
    assert sim.call("POST", "/_sim/faults", spec).status == 400
    assert sim.faults()["faults"] == []
