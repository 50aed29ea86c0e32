# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The counts of the examples gate, printed at the end: found, run, passed, marked, per source."""
from __future__ import annotations

import collections

from ansible_collections.qboxmail.qboxmail.tests.examples import extract

OUTCOMES = {}


def pytest_runtest_logreport(report):
    if "test_example[" not in report.nodeid:
        return
    name = report.nodeid.split("test_example[", 1)[1][:-1]
    if report.skipped:
        OUTCOMES[name] = "marked"
    elif report.failed:
        OUTCOMES[name] = "failed"
    elif report.when == "call":
        OUTCOMES.setdefault(name, "passed")


def pytest_terminal_summary(terminalreporter):
    if not OUTCOMES:
        return
    rows = collections.OrderedDict()
    for example in extract.all_examples():
        group = example.source if ":" not in example.id else "plugins (EXAMPLES)"
        row = rows.setdefault(group, collections.Counter())
        row["found"] += 1
        outcome = OUTCOMES.get(example.id)
        row["marked"] += outcome == "marked"
        row["marked tasks"] += len(example.skipped_tasks)
        row["run"] += outcome in ("passed", "failed")
        row["passed"] += outcome == "passed"
    total = sum(rows.values(), collections.Counter())
    write = terminalreporter.write_line
    write("")
    write("examples gate: %-30s %6s %6s %6s %6s %13s" % ("source", "found", "run", "passed", "marked", "marked tasks"))
    for group, row in list(rows.items()) + [("TOTAL", total)]:
        write("examples gate: %-30s %6d %6d %6d %6d %13d" % (
            group, row["found"], row["run"], row["passed"], row["marked"], row["marked tasks"]))
    failed = sorted(name for name, outcome in OUTCOMES.items() if outcome == "failed")
    for name in failed:
        write("examples gate: FAILED %s" % name)
