# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make test-live-sim: the live suite, with all its safety rules, on HTTPS against a simulator standing in for an
account with unrelated objects; killed halfway then cleaned; the guard; the recording replayed by conformance."""
from __future__ import annotations

import json
import os
import pathlib
import signal
import subprocess
import sys
import time

import pytest
import yaml

from ansible_collections.qboxmail.qboxmail.tests.live import conformance, standin
from ansible_collections.qboxmail.qboxmail.tests.live.record import MASK, Recorder, mask
from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator
from ansible_collections.qboxmail.qboxmail.tests.simulator.tls import make_test_pki

SUITE = "ansible_collections.qboxmail.qboxmail.tests.live.suite"
PASSWORD = "Live-Sim-Pw-7731!"
SEND_TRACE = ("delivery_accounts", "send_requests", "send_settings", "send_tokens", "send_windows")  # credits, last use, rate


@pytest.fixture(scope="module")
def https_sim(tmp_path_factory):
    pki = make_test_pki(str(tmp_path_factory.mktemp("pki")))
    with running_simulator(async_delay=0, tls_cert=pki.cert, tls_key=pki.key, cafile=pki.ca) as sim:
        yield sim, pki


@pytest.fixture
def account(https_sim):
    """A fresh stand-in account: (sim, ca path, snapshot before)."""
    sim, pki = https_sim
    sim.reset(async_delay=0)
    standin.seed(sim)
    return sim, pki.ca, standin.snapshot(sim, exclude=())


def suite(sim, ca, recording, command="run", **extra):
    env = standin.live_env(sim, ca, str(recording), QBOXMAIL_LIVE_PASSWORD=PASSWORD, **extra)
    return subprocess.run([sys.executable, "-m", SUITE, command], env=env, capture_output=True, text=True, timeout=300, check=False)


def leftovers(sim, prefix="qbxlive-"):
    """Live objects (mailboxes, aliases) named under the prefix."""
    return [item["name"] for coll in ("email_accounts", "alias_email_accounts") for item in sim.state(coll)
            if item.get("name", "").startswith(prefix)]


def run_mailbox_codes(recording):
    """Codes of the run's mailbox, from the recorded answers (it is deleted by the end)."""
    codes = set()
    for line in recording.read_text().splitlines():
        entry = json.loads(line)
        for item in (entry.get("response") or {}).get("resources", []) if isinstance(entry.get("response"), dict) else []:
            if isinstance(item, dict) and str(item.get("name", "")).startswith("qbxlive-") and "email_address" in item:
                codes.add(item["code"])
    return sorted(codes)


def assert_untouched(sim, before, changed=()):
    """Every collection as before the run, once the run's own (deleted, qbxlive-) objects are left out; ``changed``:
    the collections a run changes by design (a send's trace, its token's last use)."""
    after = standin.snapshot(sim)
    expected = dict((k, [i for i in v if "qbxlive-" not in json.dumps(i)]) for k, v in before.items())
    differing = sorted(k for k in set(after) | set(expected) if after.get(k) != expected.get(k))
    assert set(differing) <= set(changed), "changed: %s" % differing


def test_without_settings_it_skips_and_says_what_it_needs():
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("QBOXMAIL_"))
    done = subprocess.run([sys.executable, "-m", SUITE, "run"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("SKIPPED:") and "QBOXMAIL_LIVE_API_TOKEN" in done.stdout


def test_the_suite_touches_only_its_own_objects_and_replays_with_no_difference(account, tmp_path):
    sim, ca, before = account
    recording = tmp_path / "run.jsonl"
    done = suite(sim, ca, recording, QBOXMAIL_LIVE_RUN_ID="t1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ok    mailbox create" in done.stdout and "ok    alias again (idempotent)" in done.stdout
    writes = sim.requests(write=True)
    inside = ["/api/domains/%s/" % standin.domain_code(sim, standin.DOMAIN)] + [
        "/api/%s/%s" % (kind, code) for kind in ("addressbooks", "signatures") for code in run_mailbox_codes(recording)]
    assert writes and all(w["path"].startswith(tuple(inside)) for w in writes), "a write outside the tester's domain"
    assert all("qbxlive-t1-" in json.dumps(w) for w in writes if w["method"] == "POST"), "a create outside the prefix"
    assert leftovers(sim) == []
    assert_untouched(sim, before)
    assert sim.control("GET", "send_requests") == [], "a send although QBOXMAIL_LIVE_SEND is not 1"
    text = recording.read_text()
    assert PASSWORD not in text and standin.TOKEN not in text and MASK in text
    differences, count = conformance.replay(str(recording))
    assert count > 20 and differences == [], conformance.table(differences)

    # the same run from an account with other codes and its domains in another order: still no difference
    codes = dict((item["code"], "D%09d" % (42 + n)) for n, item in enumerate(sim.state("domains")))
    other = text
    for old, new in codes.items():
        other = other.replace(old, new)
    entries = [json.loads(line) for line in other.splitlines()]
    for entry in entries:
        if entry.get("path") == "/api/domains" and entry.get("response"):
            entry["response"]["resources"].reverse()
    foreign = tmp_path / "foreign.jsonl"
    foreign.write_text("".join(json.dumps(e) + "\n" for e in entries))
    differences, _count = conformance.replay(str(foreign))
    assert differences == [], conformance.table(differences)

    # a renamed field and a changed status, and exactly those two differences
    lines = [json.loads(line) for line in text.splitlines()]
    get = next(e for e in lines if e.get("method") == "GET" and "/email_accounts" in e.get("path", "")
               and e.get("response", {}).get("resources"))
    get["response"]["resources"][0]["firstname_renamed"] = get["response"]["resources"][0].pop("firstname")
    delete = next(e for e in lines if e.get("method") == "DELETE")
    delete["status"] = 200
    altered = tmp_path / "altered.jsonl"
    altered.write_text("".join(json.dumps(e) + "\n" for e in lines))
    differences, _count = conformance.replay(str(altered))
    found = sorted((d.seq, d.kind, d.detail) for d in differences)
    assert found == sorted([(get["seq"], "missing field", "$.resources[].firstname_renamed (string)"),
                            (get["seq"], "extra field", "$.resources[].firstname (string)"),
                            (delete["seq"], "status", "200 recorded, 204 replayed")]), conformance.table(differences)


def test_a_send_only_when_asked_and_only_to_the_recipient(account, tmp_path):
    sim, ca, before = account
    recording = tmp_path / "send.jsonl"
    done = suite(sim, ca, recording, QBOXMAIL_LIVE_RUN_ID="t4", QBOXMAIL_LIVE_SEND="1",
                 QBOXMAIL_LIVE_SEND_API_TOKEN=standin.SEND_TOKEN, QBOXMAIL_LIVE_RECIPIENT=standin.RECIPIENT)
    assert done.returncode == 0, done.stdout + done.stderr
    sends = sim.control("GET", "send_requests")
    assert [(s["kind"], s["messages"], s["recipients"]) for s in sends] == [("send", 1, 1)], sends
    assert standin.RECIPIENT in json.dumps(sim.state("tracemail"))
    text = recording.read_text()
    assert standin.SEND_TOKEN not in text and "live test t4" not in text, "the Send token or the message text recorded"
    assert_untouched(sim, before, changed=SEND_TRACE)
    differences, _count = conformance.replay(str(recording))
    assert differences == [], conformance.table(differences)


def test_a_run_killed_halfway_and_clean_leave_nothing(account, tmp_path):
    sim, ca, before = account
    done = suite(sim, ca, tmp_path / "killed.jsonl", QBOXMAIL_LIVE_RUN_ID="t2", QBOXMAIL_LIVE_KILL_AFTER="alias create")
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    assert sorted(leftovers(sim)) == ["qbxlive-t2-alias", "qbxlive-t2-box"]
    cleaned = suite(sim, ca, tmp_path / "clean.jsonl", command="clean")
    assert cleaned.returncode == 0, cleaned.stdout + cleaned.stderr
    assert leftovers(sim) == []
    assert_untouched(sim, before)
    assert any(i["name"] == "qbxlivestyle" for i in sim.state("email_accounts")), "a name without the prefix was deleted"


def test_a_run_stopped_by_sigterm_cleans_up_before_it_exits(account, tmp_path):
    sim, ca, before = account
    done = suite(sim, ca, tmp_path / "term.jsonl", QBOXMAIL_LIVE_RUN_ID="t3", QBOXMAIL_LIVE_TERM_AFTER="alias create")
    assert done.returncode == 143 and "TERMINATED: cleaning up" in done.stdout, done.stdout + done.stderr
    assert "ok    clean alias qbxlive-t3-alias" in done.stdout and "ok    clean mailbox qbxlive-t3-box" in done.stdout
    assert leftovers(sim) == []
    assert_untouched(sim, before)


def test_the_guard_refuses_an_account_with_too_many_domains(https_sim, tmp_path):
    sim, pki = https_sim
    sim.reset(async_delay=0)
    standin.seed(sim, extra_domains=2)        # 4 domains, the default limit is 3
    sim.clear_requests()
    done = suite(sim, pki.ca, tmp_path / "guard.jsonl")
    assert done.returncode == 3 and "REFUSED: the token sees 4 domains" in done.stdout, done.stdout + done.stderr
    assert sim.requests(write=True) == []
    sure = suite(sim, pki.ca, tmp_path / "sure.jsonl", command="clean", QBOXMAIL_LIVE_I_AM_SURE="1")
    assert sure.returncode == 0, sure.stdout + sure.stderr


def test_requests_are_paced(tmp_path):
    recorder = Recorder(str(tmp_path / "r.jsonl"), pace=0.2)
    start = time.monotonic()
    for _turn in range(3):
        recorder.wait_turn()
    recorder.close()
    assert time.monotonic() - start >= 0.4


def test_conformance_without_a_recording_says_so(tmp_path, capsys):
    assert conformance.main([str(tmp_path / "none.jsonl")]) == 2
    assert "no recording" in capsys.readouterr().err


def test_recordings_are_neither_committed_nor_built():
    root = pathlib.Path(__file__).resolve().parents[2]
    assert "tests/live/recordings" in yaml.safe_load((root / "galaxy.yml").read_text())["build_ignore"]
    ignore = (root / "tests" / "live" / "recordings" / ".gitignore").read_text().splitlines()
    assert "*" in ignore and "!.gitignore" in ignore


def test_masking_keeps_types_and_hides_secrets():
    masked = mask({"password": "x1", "password_change_disabled": True, "name": "has tok-123 inside", "text_body": "hi",
                   "messages": [{"html_body": "<p>", "to": ["a@b.c"]}], "api_token": "", "quota": 5}, secrets=["tok-123"])
    assert masked == {"password": MASK, "password_change_disabled": True, "name": MASK, "text_body": MASK,
                      "messages": [{"html_body": MASK, "to": ["a@b.c"]}], "api_token": "", "quota": 5}
