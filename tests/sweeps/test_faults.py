# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The fault matrix: every operation of every scenario under every fault, once and persistently.

Each cell arms one fault on the operation's request, runs the step in-process (retries=2, a short timeout, no real
sleeps), and asserts: the fault was consumed; the outcome is a success or a clear failure naming the operation and
the HTTP result; no duplicate object; no blind repeat of a non-idempotent call; no lost one-time secret; and a
fault-free re-run converges (a second one reports no change).
"""
from __future__ import annotations

import fnmatch
import json
import re
import time

import pytest

from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import COUNTS, MATRIX, module_scenarios

TIMEOUT = 0.1          # seconds the module waits for an answer in these cells
SLOW_MS = 150          # a response slower than TIMEOUT (the server sends nothing before it, so the client gives up)
BEFORE = {             # answered before the request is processed
    "429ra": dict(status=429, retry_after=1), "429": dict(status=429), "500": dict(status=500),
    "502": dict(status=502), "503": dict(status=503), "504": dict(status=504), "slow": dict(latency_ms=SLOW_MS),
    "drop": dict(drop=True),
}
AFTER = {              # the request is processed, then the answer is lost or wrong
    "p502": dict(status=502, after=True), "p504": dict(status=504, after=True), "pdrop": dict(drop=True, after=True),
    "pslow": dict(latency_ms=SLOW_MS, after=True),
}
COUNTS_OF = {"once": 1, "persist": 25}
CLEAR = re.compile(r"HTTP \d{3}|no answer|connection to|may have been|timed out|failed in transit|got no answer")


def cells():
    out = []
    for param in module_scenarios("resource", "action", "info", "files"):
        scenario = param.values[0]
        for op in scenario.ops:
            faults = dict(BEFORE, **(AFTER if op.write else {}))
            for fault in sorted(faults):
                for persistence in ("once", "persist"):
                    out.append(pytest.param(scenario, op, fault, persistence,
                                            id="%s-%s-%s-%s" % (scenario.name, op.name, fault, persistence)))
    return out


def fired(sim, fault_id):
    """How many requests the fault has hit, armed or spent."""
    state = sim.faults()
    return sum(f["fired"] for f in state["faults"] + state["spent"] if f["id"] == fault_id)


def settle(sim, fault_id):
    """Wait until every request the fault delayed is answered and logged (the log records a request when it ends),
    at most as long as the slowest of them can take."""
    deadline = time.monotonic() + SLOW_MS / 1000.0 + 0.05
    while time.monotonic() < deadline:
        if fired(sim, fault_id) <= sum(1 for e in sim.requests() if e.get("fault") == fault_id):
            return
        time.sleep(0.025)


def matches(entry, op):
    return entry["method"] == op.method and fnmatch.fnmatchcase(entry["path"], op.path)


@pytest.mark.parametrize("scenario,op,fault,persistence", cells())
def test_fault_cell(runner, scenario, op, fault, persistence):
    spec = dict(BEFORE, **AFTER)[fault]
    runner.prepare(scenario, until=op.step)
    armed = runner.sim.fault(method=op.method, path=op.path, count=COUNTS_OF[persistence], **spec)
    result, failed = runner.step(scenario, op.step, timeout=TIMEOUT, retries=2)
    if "latency_ms" in spec:   # a slow request the client gave up on finishes later: let it, before checking
        settle(runner.sim, armed["id"])
    assert fired(runner.sim, armed["id"]) > 0, "the fault on %s %s was never consumed (wrong path?)" % (op.method, op.path)
    log = [e for e in runner.sim.requests() if matches(e, op)]
    msg = result.get("msg", "")
    if failed:
        assert CLEAR.search(msg) and (op.method in msg or "may have" in msg or "got no answer" in msg), (
            "%s.%s under %s: unclear failure: %s" % (scenario.name, op.name, fault, msg))
    if scenario.count is not None and op.name in ("create", "list_mode"):
        assert scenario.count(runner.sim) <= 1, "duplicate after %s on %s" % (fault, op.name)
    if not op.idempotent:
        processed = {}
        for entry in log:
            if entry.get("processed") and (entry.get("handler_status") or 0) < 300:
                key = json.dumps(entry.get("body"), sort_keys=True)
                processed[key] = processed.get(key, 0) + 1
        assert all(n <= 1 for n in processed.values()), "%s %s was processed twice under %s" % (op.method, op.path, fault)
    if op.reveals and any(e.get("processed") and (e.get("handler_status") or 0) < 300 for e in log):
        recovered = op.reveals in result or "may have" in msg or any(
            "reset_password" in w or "regenerate" in w for w in result.get("warnings", []))
        assert recovered, "%s revealed %s under %s and the module lost it: %s" % (op.name, op.reveals, fault, msg)
    runner.sim.clear_faults()
    again, failed_again = runner.step(scenario, op.step)
    assert not failed_again, "a fault-free re-run of %s.%s after %s failed: %s" % (
        scenario.name, op.step, fault, again.get("msg"))
    if scenario.kind in ("resource", "files") and op.step not in scenario.triggers:
        third, _failed = runner.step(scenario, op.step)
        assert not third["changed"], "%s.%s does not converge after %s" % (scenario.name, op.step, fault)
    letter = "." if not failed else ("U" if "may have" in msg else "F")
    MATRIX["%s.%s" % (scenario.name, op.name)][fault + ("" if persistence == "once" else "*")] = letter
    COUNTS["faults: cells"] += 1
    outcome = {".": "ok (retried or recovered)", "F": "in a clear failure", "U": "as may-have-been-applied"}[letter]
    COUNTS["faults: cells ending %s" % outcome] += 1
