# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator start-up: ``python -m tests.simulator run -- CMD``, ``serve``, HTTPS and the test PKI."""
from __future__ import annotations

import json
import os
import pathlib
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import requests

from tests.simulator.__main__ import main
from tests.simulator.launch import SimServer
from tests.simulator.state import SimConfig
from tests.simulator.testing import running_simulator
from tests.simulator.tls import make_test_pki

ROOT = pathlib.Path(__file__).resolve().parents[3]
# A child that prints what it got, checks that the simulator answers, then exits with a chosen status.
PROBE = """
import json, os, sys, urllib.request
url = os.environ["SIM_URL"]
with urllib.request.urlopen(url + "/_sim/config", timeout=5) as answer:
    config = json.loads(answer.read())
print(json.dumps({"url": url, "config": config, "sim_pid": os.environ.get("SIM_PID")}))
sys.exit(int(sys.argv[1]))
"""


def simulator(*args, **kwargs) -> subprocess.CompletedProcess:
    """``python -m tests.simulator ARGS`` from the repo root, output captured."""
    return subprocess.run([sys.executable, "-m", "tests.simulator", *args], cwd=str(ROOT), capture_output=True, text=True,
                          timeout=60, check=False, **kwargs)


def refused(url: str) -> bool:
    """True when nothing listens at the URL's port any more."""
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """One throwaway CA and server certificate for the module."""
    return make_test_pki(tmp_path_factory.mktemp("pki"))


# ------------------------------------------------------------------ run
def test_run_exports_sim_url_and_exits_with_the_command_status():
    done = simulator("run", "--mode", "sandbox", "--latency-ms", "5", "--", sys.executable, "-c", PROBE, "3")
    assert done.returncode == 3, done.stderr
    seen = json.loads(done.stdout)
    assert seen["url"].startswith("http://127.0.0.1:")
    assert seen["config"] == {"mode": "sandbox", "async_delay": 0.1, "latency_ms": 5, "dns_server": None}
    assert seen["sim_pid"] is None
    assert "simulator: %s (mode sandbox" % seen["url"] in done.stderr
    assert refused(seen["url"])


def test_run_defaults_quiet_and_no_double_dash():
    done = simulator("run", "--quiet", sys.executable, "-c", PROBE, "0")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["config"] == {"mode": "production", "async_delay": 0.1, "latency_ms": 0, "dns_server": None}
    assert done.stderr == ""


def test_run_command_problems(capfd):
    assert main(["run", "--quiet", "--", "no-such-command-qbx"]) == 127
    assert "no-such-command-qbx: command not found" in capfd.readouterr().err
    with pytest.raises(SystemExit) as usage:
        main(["run", "--"])
    assert usage.value.code == 2
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        assert main(["run", "--port", str(busy.getsockname()[1]), "--", "true"]) == 125
    assert "cannot start" in capfd.readouterr().err


def test_run_passes_sigterm_to_the_command_and_stops(tmp_path):
    marker = tmp_path / "url"
    script = "import os, pathlib, time; pathlib.Path(%r).write_text(os.environ['SIM_URL']); time.sleep(60)" % str(marker)
    proc = subprocess.Popen([sys.executable, "-m", "tests.simulator", "run", "--quiet", "--", sys.executable, "-c", script],
                            cwd=str(ROOT))
    try:
        deadline = time.monotonic() + 20
        while not marker.exists() or not marker.read_text():
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        url = marker.read_text()
        with urllib.request.urlopen(url + "/_sim/config", timeout=5) as answer:
            assert answer.status == 200
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(20) == 128 + signal.SIGTERM
        assert refused(url)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def test_run_https(pki, capfd, monkeypatch):
    probe = "import os, requests; print(os.environ['SIM_URL']); print(requests.get(os.environ['SIM_URL'] + '/_sim/config', verify=%r).status_code)"
    done = simulator("run", "--tls-cert", pki.cert, "--tls-key", pki.key, "--", sys.executable, "-c", probe % pki.ca)
    assert done.returncode == 0, done.stderr
    url, status = done.stdout.split()
    assert url.startswith("https://127.0.0.1:") and status == "200"
    # the TLS files may also come from the environment
    monkeypatch.setenv("SIM_TLS_CERT", pki.cert)
    monkeypatch.setenv("SIM_TLS_KEY", pki.key)
    assert main(["run", "--quiet", "--", "sh", "-c", "echo $SIM_URL"]) == 0
    assert capfd.readouterr().out.startswith("https://127.0.0.1:")
    monkeypatch.delenv("SIM_TLS_KEY")
    assert main(["run", "--tls-cert", pki.cert, "--", "true"]) == 125  # a certificate without its key


def test_run_https_with_a_self_signed_ca_made_at_start(tmp_path, pki):
    probe = ("import os, requests; ca = os.environ['SIM_CA_PATH']; print(os.environ['SIM_URL'], ca); "
             "print(requests.get(os.environ['SIM_URL'] + '/_sim/config', verify=ca).status_code)")
    done = simulator("run", "--tls-self-signed", str(tmp_path / "pki"), "--", sys.executable, "-c", probe)
    assert done.returncode == 0, done.stderr
    url, ca, status = done.stdout.split()
    assert url.startswith("https://127.0.0.1:") and ca == str(tmp_path / "pki" / "ca.pem") and status == "200"
    assert "CA %s" % ca in done.stderr
    assert main(["run", "--quiet", "--tls-self-signed", str(tmp_path / "x"), "--tls-cert", pki.cert, "--", "true"]) == 125


# ------------------------------------------------------------------ serve
def test_serve_subcommand_with_tls_from_the_environment(tmp_path, pki):
    port_file = tmp_path / "port"
    env = dict(os.environ, SIM_TLS_CERT=pki.cert, SIM_TLS_KEY=pki.key)
    proc = subprocess.Popen([sys.executable, "-m", "tests.simulator", "serve", "--port", "0", "--port-file", str(port_file)],
                            cwd=str(ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 20
        while not port_file.exists():
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.02)
        url = "https://127.0.0.1:%d" % int(port_file.read_text())
        assert requests.get(url + "/_sim/config", verify=pki.ca, timeout=5).json()["mode"] == "production"
    finally:
        proc.terminate()
        assert proc.wait(10) == 0
    assert "Qboxmail simulator on %s" % url in proc.stdout.read()
    proc.stdout.close()


# ------------------------------------------------------------------ in-process server and HTTPS
def test_https_simulator_answers_with_the_ca_and_refuses_without(pki):
    with running_simulator(tls_cert=pki.cert, tls_key=pki.key, cafile=pki.ca) as sim:
        assert sim.url.startswith("https://127.0.0.1:")
        reply = requests.get(sim.url + "/api/domains", headers={"X-Api-Token": "qbx-customer-dev-token"}, verify=pki.ca, timeout=5)
        assert reply.status_code == 200 and reply.json()["resources"] == []
        localhost = sim.url.replace("127.0.0.1", "localhost")
        assert requests.get(localhost + "/_sim/config", verify=pki.ca, timeout=5).status_code == 200
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(sim.url + "/api/domains", timeout=5)  # the system/certifi CAs do not know ours
        with pytest.raises(requests.exceptions.ConnectionError):
            requests.get(sim.url.replace("https://", "http://") + "/api/domains", timeout=5)
        # the test client trusts the CA it was given
        assert sim.api("GET", "/api/domains").status == 200
        assert sim.requests()[-1]["path"] == "/api/domains"


def test_sim_server_start_stop_and_start_errors(pki):
    server = SimServer(SimConfig(port=0)).start()
    url = server.url
    with urllib.request.urlopen(url + "/_sim/config", timeout=5) as answer:
        assert answer.status == 200
    server.stop()
    assert not server.is_alive() and refused(url)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(OSError):
            SimServer(SimConfig(port=busy.getsockname()[1])).start()
    with pytest.raises(ValueError):
        SimServer(SimConfig(port=0), tls_cert=pki.cert)


def test_test_pki_files(tmp_path):
    made = make_test_pki(tmp_path / "new")
    assert [os.path.basename(path) for path in made] == ["ca.pem", "server.pem", "server-key.pem"]
    assert oct(os.stat(made.key).st_mode & 0o777) == "0o600"
    assert pathlib.Path(made.cert).read_text(encoding="ascii").startswith("-----BEGIN CERTIFICATE-----")
