# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Check mode writes nothing and predicts exactly the changes the real run that follows makes."""
from __future__ import annotations

import pytest

from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import COUNTS, module_scenarios


def comparable(result):
    """What a prediction must share with the real run: changed, the diff, the per-item changes of a list task."""
    items = None
    for key in ("mailboxes", "aliases", "entries"):
        if isinstance(result.get(key), list):
            items = [(i.get("name") or i.get("email"), i["changed"], i["changes"]) for i in result[key]]
    return {"changed": result["changed"], "diff": result.get("diff"), "items": items}


@pytest.mark.parametrize("scenario", module_scenarios("resource", "action", "files"))
def test_every_step_in_check_mode_first(runner, scenario):
    first = next(iter(scenario.steps))
    runner.prepare(scenario, until=first)
    for step in scenario.steps:
        runner.sim.clear_requests()
        predicted, failed = runner.step(scenario, step, check_mode=True, diff=True)
        assert not failed, "check mode of %s.%s failed: %s" % (scenario.name, step, predicted.get("msg"))
        writes = runner.sim.requests(write=True)
        assert writes == [], "check mode of %s.%s wrote: %s" % (scenario.name, step, writes)
        real, failed = runner.step(scenario, step, diff=True)
        assert not failed, "%s.%s failed: %s" % (scenario.name, step, real.get("msg"))
        assert comparable(predicted) == comparable(real), "%s.%s: check mode predicted %r, the real run did %r" % (
            scenario.name, step, comparable(predicted), comparable(real))
        COUNTS["check mode: steps predicted exactly, 0 writes"] += 1


# A whole new setup from an empty account, each task depending on the ones before it.
NEW_SETUP = [
    ("domain", dict(name="new.example", postmaster_password="Sw33p-new-postm4ster", plan="basic")),
    ("mailbox", dict(domain="new.example", mailboxes=[
        dict(name="alice", firstname="Alice", password="Sw33p-alice-1"),
        dict(name="bob", firstname="Bob", password="Sw33p-bob-2")])),
    ("alias", dict(domain="new.example", aliases=[dict(name="info", destinations=["alice@new.example"])])),
    ("domain_alias", dict(name="new.example.net", domain="new.example")),
    ("delivery_domain", dict(name="mail.new.example")),
    ("delivery_account", dict(description="New shop", type="transactional", domains=["mail.new.example"])),
    ("delivery_api_token", dict(account="New shop", label="backend", allow_nets=["127.0.0.1"])),
    ("suppression", dict(email="angry@example.org", reason="complaint", accounts=["New shop"])),
]


def test_a_new_setup_from_an_empty_account_in_check_mode(runner):
    runner.sim.reset(async_delay=0)
    predicted = []
    for module, args in NEW_SETUP:
        result, failed = runner.run(module, args, check_mode=True)
        assert not failed, "check mode of %s on an empty account failed: %s" % (module, result.get("msg"))
        predicted.append(result["changed"])
    assert runner.sim.requests(write=True) == []
    real = []
    for module, args in NEW_SETUP:
        result, failed = runner.run(module, args)
        assert not failed, "%s failed: %s" % (module, result.get("msg"))
        real.append(result["changed"])
    assert predicted == real == [True] * len(NEW_SETUP)
    COUNTS["check mode: new-setup tasks predicted from an empty account"] += len(NEW_SETUP)
