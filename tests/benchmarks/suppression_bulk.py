# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Suppression list at scale: a 10,000-line CSV import/export round trip and a 1,000-entry list task twice.

Run from the collection root with the collection importable as ``ansible_collections.qboxmail.qboxmail``,
under a simulator (it reads ``SIM_URL``), as ``make bench`` does:

    PYTHONPATH=/tmp/qbxdev .venv/bin/python -m tests.simulator run --async-delay 0 -- \
        .venv/bin/python tests/benchmarks/suppression_bulk.py [--rows 10000] [--entries 1000]

The simulator runs in that separate process; the module runs in this
process (its ``main()`` with patched arguments), so timings are the module's own, without Ansible's fork/copy.
Exits non-zero when a check fails: rows lost in the round trip, or a re-run that reports a change.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import pathlib
import shutil
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = "qbx-customer-dev-token"


def sim_url():
    """The simulator's base URL from ``SIM_URL`` (set by ``python -m tests.simulator run -- ...``)."""
    url = os.environ.get("SIM_URL")
    if not url:
        raise SystemExit("SIM_URL is not set: run python -m tests.simulator run --async-delay 0 -- python %s" % sys.argv[0])
    return url.rstrip("/")


def call(url, method="GET", body=None, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["X-Api-Token"] = token
    req = urllib.request.Request(url, data=None if body is None else json.dumps(body).encode(), method=method,
                                 headers=headers)
    with urllib.request.urlopen(req, timeout=60) as answer:
        raw = answer.read()
    return json.loads(raw) if raw else None


def run_module(main, args):
    """Run a module's main() in-process; returns (result, seconds)."""
    from ansible.module_utils import basic
    from ansible.module_utils.testing import patch_module_args

    class Done(Exception):
        pass

    def leave(self, **kwargs):
        raise Done(kwargs)

    saved = basic.AnsibleModule.exit_json, basic.AnsibleModule.fail_json
    basic.AnsibleModule.exit_json = basic.AnsibleModule.fail_json = leave
    started = time.monotonic()
    result = None
    try:
        with patch_module_args(args):
            main()
    except Done as done:
        result = done.args[0]
    finally:
        basic.AnsibleModule.exit_json, basic.AnsibleModule.fail_json = saved
    seconds = time.monotonic() - started
    if result is None or result.get("failed"):
        raise SystemExit("module failed: %s" % result.get("msg"))
    return result, seconds


def rows_of(text):
    reader = csv.reader(io.StringIO(text))
    next(reader)
    return {tuple(row) for row in reader if row}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--entries", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    from ansible_collections.qboxmail.qboxmail.plugins.modules import suppression  # noqa: E402

    work = tempfile.mkdtemp(prefix="qbx-bench-")
    url = sim_url()
    report, ok = {}, True
    try:
        call(url + "/_sim/reset", "POST", {})
        account = call(url + "/api/delivery/accounts", "POST", {"description": "Bench", "type": "transactional"}, TOKEN)
        account_id = account["resources"][0]["id"]
        base = dict(api_url=url, api_token=TOKEN, retries=1)

        # ---- CSV import / export round trip
        source = os.path.join(work, "in.csv")
        with open(source, "w") as handle:
            handle.write("email,reason,accounts,active\n")
            for i in range(args.rows):
                handle.write("user%05d@bench.example,%s,%s,%s\n" % (
                    i, "bounce" if i % 3 else "complaint", account_id if i % 5 == 0 else "", "false" if i % 7 == 0 else "true"))
        first, t_import = run_module(suppression.main, dict(base, import_csv=source))
        again, t_reimport = run_module(suppression.main, dict(base, import_csv=source))
        target = os.path.join(work, "out.csv")
        exported, t_export = run_module(suppression.main, dict(base, export_csv=target))
        same_export, t_reexport = run_module(suppression.main, dict(base, export_csv=target))
        with open(source) as a, open(target) as b:
            sent, back = rows_of(a.read()), rows_of(b.read())
        report["csv"] = {
            "rows": args.rows,
            "import": {"seconds": round(t_import, 2), "changed": first["changed"], "requests": first["summary"]["requests"]},
            "reimport": {"seconds": round(t_reimport, 2), "changed": again["changed"], "requests": again["summary"]["requests"]},
            "export": {"seconds": round(t_export, 2), "changed": exported["changed"], "rows": exported["summary"]["rows"],
                       "requests": exported["summary"]["requests"]},
            "reexport": {"seconds": round(t_reexport, 2), "changed": same_export["changed"]},
            "round_trip_equal": sent == back, "rows_lost": len(sent - back), "rows_extra": len(back - sent),
        }
        ok = ok and first["changed"] and not again["changed"] and sent == back and not same_export["changed"]

        # ---- list task of N entries, on a fresh list and again on top of the imported rows
        for label, reset in (("list_fresh", True), ("list_over_csv", False)):
            call(url + "/_sim/reset", "POST", {})
            call(url + "/api/delivery/accounts", "POST", {"description": "Bench", "type": "transactional"}, TOKEN)
            if not reset:
                run_module(suppression.main, dict(base, import_csv=source))
            entries = [{"email": "list%05d@bench.example" % i, "reason": "complaint" if i % 2 else "bounce"}
                       for i in range(args.entries)]
            created, t_create = run_module(suppression.main, dict(base, entries=entries, workers=args.workers))
            rerun, t_rerun = run_module(suppression.main, dict(base, entries=entries, workers=args.workers))
            report[label] = {
                "entries": args.entries, "workers": args.workers, "existing_before": 0 if reset else args.rows,
                "first": {"seconds": round(t_create, 2), "changed": created["changed"], "summary": created["summary"]},
                "rerun": {"seconds": round(t_rerun, 2), "changed": rerun["changed"], "summary": rerun["summary"]},
            }
            ok = ok and created["summary"]["created"] == args.entries and not rerun["changed"]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(report, indent=2))
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
