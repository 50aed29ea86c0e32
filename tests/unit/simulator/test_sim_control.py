# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: the /_sim/ control API (reset, config, seed, state, DNS) and the command line."""
from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys
import time
import urllib.request

from tests.simulator.testing import CUSTOMER_TOKEN

ROOT = pathlib.Path(__file__).resolve().parents[3]


def test_reset_and_config(sim):
    assert sim.config() == {"mode": "production", "async_delay": 0.2, "latency_ms": 0, "dns_server": None}
    assert sim.reset(mode="sandbox", async_delay=1)["config"] == {"mode": "sandbox", "async_delay": 1.0, "latency_ms": 0, "dns_server": None}
    assert sim.config(latency_ms=5) == {"mode": "sandbox", "async_delay": 1.0, "latency_ms": 5, "dns_server": None}
    assert sim.reset()["config"] == {"mode": "production", "async_delay": 0.2, "latency_ms": 0, "dns_server": None}
    for bad in ({"mode": "staging"}, {"async_delay": -1}, {"latency_ms": "x"}):
        assert sim.call("PUT", "/_sim/config", bad).status == 400
        assert sim.call("POST", "/_sim/reset", bad).status == 400
    assert sim.config()["mode"] == "production"


NEW_DOMAIN = {"name": "new.com", "customer_code": "C100000001", "postmaster_password": "Secret123",
              "postmaster_password_confirmation": "Secret123"}


def test_snapshot_and_restore(sim):
    sim.reset(async_delay=1)
    kept = sim.seed(domains=[{"name": "kept.com", "status": "enabled"}])["domains"][0]
    sim.publish_dns([{"name": "kept.com", "type": "TXT", "value": "v=spf1 -all"}])
    assert sim.snapshot("one") == {"snapshots": ["one"]}
    sim.api("DELETE", "/api/domains/" + kept)
    sim.seed(domains=[{"name": "later.com"}])
    sim.fault(path="/api/domains", status=500)
    sim.reset()  # snapshots survive a reset
    assert sim.restore("one") is True
    assert [d["name"] for d in sim.state("domains")] == ["kept.com"]
    assert sim.config()["async_delay"] == 1.0
    assert sim.control("GET", "dns")["records"][0]["name"] == "kept.com"
    assert sim.faults()["faults"] == [] and sim.requests() == []
    # a deep copy both ways: what happens after a restore does not change the snapshot, and codes repeat
    first = sim.api("POST", "/api/domains", NEW_DOMAIN).body
    sim.restore("one")
    assert [d["name"] for d in sim.state("domains")] == ["kept.com"]
    again = sim.api("POST", "/api/domains", NEW_DOMAIN).body
    assert first["resource_code"] and first == again
    assert sim.restore("two") is False
    assert sim.call("POST", "/_sim/restore", {"name": "two"}).body["errors"] == ["one"]
    for bad in (None, {}, {"name": ""}, {"name": 3}):
        assert sim.call("POST", "/_sim/snapshot", bad).status == 400


def test_seed_domains(sim):
    codes = sim.seed(domains=[
        {"name": "a.com"}, {"name": "b.com", "status": "enabled", "code": "D123456789", "plan": "enterprise"},
        {"name": "c.com", "status": "disabled", "customer_code": "C100000002"},
    ])["domains"]
    assert codes[1] == "D123456789"
    a_dom, b_dom, c_dom = (sim.resource("/api/domains/" + code) for code in codes)
    assert (a_dom["status"], a_dom["status_detail"], a_dom["customer_code"]) == ("ownership_check", "ownership_check", "C100000001")
    assert (b_dom["status"], b_dom["status_detail"], b_dom["plan"], b_dom["is_healthy"]) == ("enabled", "ok", "enterprise", True)
    assert b_dom["activated_at"]
    assert (c_dom["status"], c_dom["status_detail"], c_dom["customer_fullname"]) == ("disabled", "ok", "No Billing Customer")
    assert len(sim.state("email_accounts")) == 3
    assert [entry["method"] for entry in sim.requests()] == ["GET"] * 3


def test_seed_customers_tokens_and_generic(sim):
    sim.seed(customers=[{"code": "C100000003", "fullname": "Third", "billing_profile": False}],
             tokens=[{"token": "third-token", "customer_code": "C100000003"}],
             widgets=[{"id": 5, "label": "x"}])
    assert sim.api("GET", "/api/domains", token="third-token").status == 200
    assert sim.state("widgets") == [{"id": 5, "label": "x"}]
    assert sim.call("GET", "/_sim/state/nothing").status == 404
    assert sim.call("POST", "/_sim/seed", {"domains": "no"}).status == 400
    reply = sim.call("POST", "/_sim/seed", {"domains": [{"status": "enabled"}]})
    assert reply.status == 400 and "name" in reply.body["message"]


def test_dns_zone(sim):
    rec_a = {"name": "X.Example.com.", "type": "a", "value": "192.0.2.1"}
    rec_txt = {"name": "t.example.com", "type": "TXT", "value": "hello"}
    assert sim.publish_dns([rec_a, rec_txt, rec_a])["records"] == [
        {"name": "x.example.com", "type": "A", "value": "192.0.2.1"}, rec_txt]
    assert sim.unpublish_dns([rec_a])["records"] == [rec_txt]
    assert sim.control("GET", "dns") == {"records": [rec_txt]}
    assert sim.unpublish_dns()["records"] == []
    assert sim.call("PUT", "/_sim/dns", {"records": [{"name": "x"}]}).status == 400


def test_state_dump_shows_pending(sim, make_domain):
    sim.reset(async_delay=5)
    code = make_domain("pending.com")
    sim.api("POST", "/api/domains/%s/dkim" % code)
    sim.config(mode="sandbox")
    sim.api("PUT", "/api/domains/%s/skip_ownership_check" % code, token=CUSTOMER_TOKEN)
    pending = sim.state("domains")[0]["_pending"]
    assert 4 < pending["due_in"] <= 5
    assert pending["fields"]["status"] == "enabled"


def test_command_line_start_with_port_file(tmp_path):
    port_file = tmp_path / "port"
    env = dict(os.environ, SIM_MODE="sandbox", SIM_ASYNC_DELAY="0.2")
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "tests.simulator", "--port", "0", "--port-file", str(port_file)],
                            cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        while not port_file.exists():
            assert proc.poll() is None, proc.stdout.read()
            assert time.monotonic() - started < 10
            time.sleep(0.02)
        port = int(port_file.read_text())
        with urllib.request.urlopen("http://127.0.0.1:%d/_sim/config" % port, timeout=5) as answer:
            assert json.loads(answer.read()) == {"mode": "sandbox", "async_delay": 0.2, "latency_ms": 0, "dns_server": None}
    finally:
        proc.terminate()
        assert proc.wait(10) == 0
        proc.stdout.close()
