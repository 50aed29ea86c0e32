# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every module, plugin and role has a scenario, the scenarios are consistent, and module attributes are honest."""
from __future__ import annotations

import importlib
import json
import subprocess

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._action import Action
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Resource
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import Task
from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import COUNTS, ROOT, SCENARIOS, ansible_env, plugins

BASES = {"resource": Resource, "action": Action, "info": InfoModule, "files": Task}


@pytest.mark.parametrize("kind", ["module", "lookup", "inventory", "role"])
def test_every_plugin_and_role_has_a_scenario(kind):
    missing = [name for name in plugins(kind) if name not in SCENARIOS]
    assert not missing, "add tests/sweeps/scenarios/<name>.py for: %s" % ", ".join(missing)
    COUNTS["meta: %s with a scenario" % kind] += len(plugins(kind))


def test_every_scenario_names_a_plugin():
    known = set(plugins("module") + plugins("lookup") + plugins("inventory") + plugins("role"))
    assert sorted(set(SCENARIOS) - known) == []


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenarios_are_consistent(name):
    scenario = SCENARIOS[name]
    assert scenario.steps, "a scenario needs steps"
    for op in scenario.ops:
        assert op.step in scenario.steps, "op %s names an unknown step %s" % (op.name, op.step)
    for bad in scenario.bad:
        assert bad.base in scenario.steps, "bad input %r names an unknown step" % (bad.args,)
    for case in scenario.valid:
        assert case.get("base") in scenario.steps
    assert set(scenario.triggers) <= set(scenario.steps)
    if scenario.kind in BASES:
        module = importlib.import_module("ansible_collections.qboxmail.qboxmail.plugins.modules." + name)
        classes = [v for v in vars(module).values() if isinstance(v, type) and v.__module__ == module.__name__]
        assert any(issubclass(c, BASES[scenario.kind]) for c in classes), "%s is not built on the %s base" % (
            name, scenario.kind)


def test_idempotent_attributes_are_honest():
    """Resources and reads declare full idempotency (the idempotency sweep checks it); actions declare none or
    partial (they act every time they are asked, or once per idempotency key)."""
    modules = [n for n in plugins("module") if n in SCENARIOS]
    out = subprocess.run(["ansible-doc", "--json", "-t", "module"] + ["qboxmail.qboxmail." + n for n in modules],
                         capture_output=True, text=True, check=True, env=ansible_env(), cwd=str(ROOT))
    docs = json.loads(out.stdout)
    for name in modules:
        attributes = docs["qboxmail.qboxmail." + name]["doc"].get("attributes") or {}
        support = attributes.get("idempotent", {}).get("support")
        assert "check_mode" in attributes and "diff_mode" in attributes, "%s documents no check/diff attributes" % name
        if SCENARIOS[name].kind == "action":
            assert support in ("none", "partial"), "action %s claims idempotent: %s" % (name, support)
        elif support == "partial":   # a resource with trigger options (a password reset, a purchase) says which
            assert SCENARIOS[name].kind == "resource" and attributes["idempotent"].get("details"), name
        else:
            assert support == "full", "%s is a %s but documents idempotent: %s" % (name, SCENARIOS[name].kind, support)
        COUNTS["meta: idempotent attribute checked"] += 1
