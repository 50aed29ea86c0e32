# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The sweeps' harness: scenarios, an in-thread simulator per worker, in-process module runs, and counts.

Run with `make sweeps` (ansible-core 2.21). Each sweep records what it checked; the terminal summary prints the
counts and the fault matrix.
"""
from __future__ import annotations

import importlib
import json
import os
import pathlib
import pkgutil
import subprocess
import sys
import tempfile
import traceback

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _client, _resource
from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator
from ansible_collections.qboxmail.qboxmail.tests.sweeps.counts import COUNTS, MATRIX
from ansible_collections.qboxmail.qboxmail.tests.sweeps import scenarios as scenarios_pkg
from ansible_collections.qboxmail.qboxmail.tests.tools.module_runner import call_main, capture_exits

ROOT = pathlib.Path(__file__).resolve().parents[2]
# The tree the collection is imported from (…/ansible_collections/qboxmail/qboxmail), for ansible-playbook/ansible-doc.
COLLECTIONS_PATH = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or str(pathlib.Path(list(
    importlib.import_module("ansible_collections").__path__)[0]).parent)
BIN = os.path.dirname(os.path.abspath(__import__("sys").executable))


def ansible_env(**extra):
    """Environment for ansible-playbook / ansible-doc runs of the sweeps."""
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    env.update(extra)
    return env


def localhost_play(tmp_path, name, tasks, defaults, play_vars=None, extra_vars=None, check=False, verbose=False):
    """ansible-playbook of `tasks` on localhost (connection local), `defaults` for group/qboxmail.qboxmail.all,
    `extra_vars` given through a -e @file; the CompletedProcess."""
    doc = [{"hosts": "localhost", "connection": "local", "gather_facts": False, "vars": play_vars or {},
            "module_defaults": {"group/qboxmail.qboxmail.all": defaults}, "tasks": tasks}]
    path = tmp_path / ("%s.yml" % name)
    path.write_text(json.dumps(doc))
    cmd = ["ansible-playbook"] + (["-vvvv"] if verbose else []) + ["-i", "localhost,"]
    if extra_vars is not None:
        vars_file = tmp_path / ("%s-vars.json" % name)
        vars_file.write_text(json.dumps(extra_vars))
        cmd += ["-e", "@%s" % vars_file]
    cmd += ["-e", "ansible_python_interpreter=%s" % sys.executable, str(path)] + (["--check"] if check else [])
    return subprocess.run(cmd, capture_output=True, text=True, env=ansible_env(), cwd=str(tmp_path), check=False)


def load_scenarios():
    """{name: Scenario} of every file in tests/sweeps/scenarios/."""
    out = {}
    for info in pkgutil.iter_modules(scenarios_pkg.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module("%s.%s" % (scenarios_pkg.__name__, info.name))
        out[module.SCENARIO.name] = module.SCENARIO
    return out


SCENARIOS = load_scenarios()


def plugins(kind):
    """Names of the plugins of a kind in the collection (modules, lookup, inventory) or its roles."""
    if kind == "role":
        return sorted(p.name for p in (ROOT / "roles").iterdir() if (p / "tasks").is_dir())
    folder = ROOT / "plugins" / {"module": "modules", "lookup": "lookup", "inventory": "inventory"}[kind]
    return sorted(p.stem for p in folder.glob("*.py") if not p.name.startswith("_")) if folder.is_dir() else []


class Runner:
    """Runs a module's main() in-process against the simulator: (result, failed). A traceback fails the test."""

    def __init__(self, sim, monkeypatch, files):
        self.sim = sim
        self.monkeypatch = monkeypatch
        self.files = files

        capture_exits(monkeypatch)
        monkeypatch.setattr(_client, "SLEEP", lambda seconds: None)
        monkeypatch.setattr(_resource, "SLEEP", lambda seconds: None)

    def run(self, name, args, token="qbx-customer-dev-token", check_mode=False, diff=False, **connection):
        module = importlib.import_module("ansible_collections.qboxmail.qboxmail.plugins.modules." + name)
        full = dict(api_url=self.sim.url, send_api_url=self.sim.url, api_token=token, retries=2, timeout=5)
        full.update(connection)
        full.update(args)
        full = dict((k, v) for k, v in full.items() if v is not None)   # None: the option is not given
        try:
            return call_main(module.main, full, check_mode=check_mode, diff=diff)
        except Exception:  # pylint: disable=broad-except
            pytest.fail("%s raised a traceback:\n%s" % (name, traceback.format_exc()))

    def args(self, scenario, step, **overrides):
        """The args of a step, overridden, with `{files}` in strings pointing at the scenario's files."""
        out = dict(scenario.steps[step])
        out.update(overrides)
        return dict((k, v.replace("{files}", str(self.files)) if isinstance(v, str) else v) for k, v in out.items())

    def step(self, scenario, step, check_mode=False, diff=False, **overrides):
        return self.run(scenario.name, self.args(scenario, step, **overrides), token=scenario.token,
                        check_mode=check_mode, diff=diff)

    def prepare(self, scenario, until=None, async_delay=0):
        """A fresh simulator with the scenario's seed and setup, and its steps run up to (not including) `until`.

        The first time, the world this replay builds is saved in a simulator snapshot; later cells restore it.
        """
        for name, content in scenario.files.items():
            (self.files / name).write_text(content)
        # A "files" scenario's steps also build the directory later steps read: always replayed.
        key = None if scenario.kind == "files" else "%s|%s|%s" % (scenario.name, until, async_delay)
        if key and self.sim.restore(key):
            return
        self.sim.reset(async_delay=async_delay, mode=scenario.mode)
        if scenario.seed:
            self.sim.seed(**scenario.seed)
        for module, args in scenario.setup:
            result, failed = self.run(module, args, token=scenario.token)
            assert not failed, "setup %s failed: %s" % (module, result.get("msg"))
        for step in scenario.steps:
            if step == until:
                break
            result, failed = self.step(scenario, step)
            assert not failed, "step %s of %s failed: %s" % (step, scenario.name, result.get("msg"))
        if key:
            self.sim.snapshot(key)
        self.sim.clear_requests()


@pytest.fixture(scope="session")
def sim_server():
    with running_simulator(mode="production", async_delay=0) as sim:
        yield sim


@pytest.fixture
def runner(sim_server, monkeypatch, tmp_path):
    sim_server.clear_faults()
    return Runner(sim_server, monkeypatch, tmp_path)


def module_scenarios(*kinds):
    """(name, scenario) of the modules' scenarios of these kinds, for parametrize."""
    return [pytest.param(s, id=n) for n, s in sorted(SCENARIOS.items()) if s.kind in kinds and n in plugins("module")]


SHARED = pathlib.Path(os.environ.get("QBX_SWEEP_DIR") or tempfile.gettempdir()) / "qbx-sweep-counts"


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):
        SHARED.mkdir(parents=True, exist_ok=True)
        for old in SHARED.glob("*.json"):
            old.unlink()


def pytest_sessionfinish(session):
    """xdist workers hand their counts to the controller through files."""
    worker = getattr(session.config, "workerinput", {}).get("workerid")
    if worker:
        SHARED.mkdir(parents=True, exist_ok=True)
        (SHARED / ("%s.json" % worker)).write_text(json.dumps({"counts": COUNTS, "matrix": MATRIX}))


def pytest_terminal_summary(terminalreporter):
    """Each sweep's counts, and the fault matrix (rows: module.operation; cells: outcome per fault)."""
    for part in SHARED.glob("*.json") if SHARED.is_dir() else []:
        data = json.loads(part.read_text())
        COUNTS.update(data["counts"])
        for key, row in data["matrix"].items():
            MATRIX[key].update(row)
    if not COUNTS and not MATRIX:
        return
    write = terminalreporter.write_line
    write("")
    write("sweep counts:")
    for key in sorted(COUNTS):
        write("  %-48s %6d" % (key, COUNTS[key]))
    if MATRIX:
        faults = sorted({f for row in MATRIX.values() for f in row})
        write("")
        write("fault matrix (. recovered by retry, F clear failure, U reported as may-have-been-applied, - not applicable):")
        write("  %-34s %s" % ("", " ".join("%-5s" % f[:5] for f in faults)))
        for key in sorted(MATRIX):
            write("  %-34s %s" % (key[:34], " ".join("%-5s" % MATRIX[key].get(f, "-") for f in faults)))
        write("  faults: " + ", ".join(faults))
