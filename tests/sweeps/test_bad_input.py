# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bad input fails before any write (before any request unless a lookup is needed), naming the option; valid edge
cases are accepted; nothing ends in a traceback."""
from __future__ import annotations

import importlib

import pytest

from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import COUNTS, module_scenarios

# Rows every module gets: the connection options, an unknown option, a wrong type.
COMMON = [
    (dict(api_url="ftp://api.example.com"), "api_url"),
    (dict(api_url="api.qboxmail.com"), "api_url"),
    (dict(api_url="https://h:99999"), "api_url"),
    (dict(api_token=""), "api_token"),
    (dict(api_token="qbx-customer\ndev-token"), "api_token"),
    (dict(timeout=0), "timeout"),
    (dict(retries=-1), "retries"),
    (dict(ca_path="/nonexistent/ca.pem"), "ca_path"),
    (dict(no_such_option=1), "no_such_option"),
]


def first_step(scenario):
    return next(iter(scenario.steps))


def wrong_type_row(name):
    """A bool or int option given a value of the wrong type."""
    module = importlib.import_module("ansible_collections.qboxmail.qboxmail.plugins.modules." + name)
    cls = [v for v in vars(module).values() if isinstance(v, type) and hasattr(v, "argument_spec") and
           v.__module__ == module.__name__][0]
    for option, spec in sorted(cls.argument_spec().items()):
        if spec.get("type") in ("bool", "int") and option not in ("validate_certs", "retries"):
            return dict(((option, "not-a-%s" % spec["type"]),)), option
    return None


def cases():
    out = []
    for param in module_scenarios("resource", "action", "info", "files"):
        scenario = param.values[0]
        for args, option in COMMON:
            if scenario.connection == "send":
                args = dict((k.replace("api_", "send_api_"), v) for k, v in args.items())
                option = option.replace("api_", "send_api_")
            out.append(pytest.param(scenario, first_step(scenario), args, option, False, id="%s-%s" % (scenario.name, option)))
        row = wrong_type_row(scenario.name)
        if row:
            out.append(pytest.param(scenario, first_step(scenario), row[0], row[1], False, id="%s-type-%s" % (scenario.name, row[1])))
        for number, bad in enumerate(scenario.bad):
            out.append(pytest.param(scenario, bad.base, bad.args, bad.option, bad.reads,
                                    id="%s-%d-%s" % (scenario.name, number, bad.option)))
    return out


@pytest.mark.parametrize("scenario,base,args,option,reads", cases())
def test_bad_input_fails_before_any_write_naming_the_option(runner, scenario, base, args, option, reads):
    runner.prepare(scenario, until=base)
    result, failed = runner.step(scenario, base, **args)
    assert failed, "%s accepted %r" % (scenario.name, args)
    assert option in result["msg"], "the message does not name %s: %s" % (option, result["msg"])
    log = runner.sim.requests()
    assert [e for e in log if e["write"]] == [], "bad input reached a write: %s" % log
    if not reads:
        assert log == [], "bad input %r needed no request, but %d were made" % (args, len(log))
    assert "Traceback" not in result["msg"]
    COUNTS["bad input: rejected before any write"] += 1


def valid_cases():
    out = [pytest.param(s.values[0], first_step(s.values[0]), dict(api_token=s.values[0].token + "\n"),
                        id="%s-token-newline" % s.values[0].name) for s in module_scenarios("resource", "action", "info", "files")]
    for param in module_scenarios("resource", "action", "info", "files"):
        scenario = param.values[0]
        for number, case in enumerate(scenario.valid):
            args = dict(case)
            base = args.pop("base")
            out.append(pytest.param(scenario, base, args, id="%s-valid-%d" % (scenario.name, number)))
    return out


@pytest.mark.parametrize("scenario,base,args", valid_cases())
def test_valid_edge_cases_are_accepted(runner, scenario, base, args):
    runner.prepare(scenario, until=base)
    token = args.pop("api_token", None)
    if token:
        result, failed = runner.run(scenario.name, runner.args(scenario, base), token=token)
    else:
        result, failed = runner.step(scenario, base, **args)
    assert not failed, "%s refused %r: %s" % (scenario.name, args, result.get("msg"))
    COUNTS["bad input: valid edge cases accepted"] += 1


def test_the_table_is_large_enough():
    assert len(cases()) >= 150
    COUNTS["bad input: table rows"] = len(cases())
