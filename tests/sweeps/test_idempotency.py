# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every step of a resource run twice: the second reports no change (steps that act on purpose are named
`triggers` in the scenario); a read never changes anything."""
from __future__ import annotations

import pytest

from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import COUNTS, module_scenarios


@pytest.mark.parametrize("scenario", module_scenarios("resource", "info", "files"))
def test_every_step_twice(runner, scenario):
    runner.prepare(scenario, until=next(iter(scenario.steps)))
    for step in scenario.steps:
        first, failed = runner.step(scenario, step)
        assert not failed, "%s.%s failed: %s" % (scenario.name, step, first.get("msg"))
        second, failed = runner.step(scenario, step)
        assert not failed, "%s.%s failed the second time: %s" % (scenario.name, step, second.get("msg"))
        if scenario.kind == "info":
            assert not first["changed"] and not second["changed"]
        elif step in scenario.triggers:
            assert first["changed"] and second["changed"], "trigger %s.%s must act every time" % (scenario.name, step)
        else:
            assert first["changed"] and not second["changed"], "%s.%s: changed %s then %s" % (
                scenario.name, step, first["changed"], second["changed"])
        COUNTS["idempotency: steps run twice"] += 1
