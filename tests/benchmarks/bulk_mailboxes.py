# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Timing and request counts of a list task of N mailboxes (qboxmail.qboxmail.mailbox with ``mailboxes:``).

Run from the collection root, with the collection reachable through ANSIBLE_COLLECTIONS_PATH, under a simulator
(it reads ``SIM_URL``): ``python -m tests.simulator run -- python tests/benchmarks/bulk_mailboxes.py [--count 500]
[--workers 4] [--async-delay 0.2] [--latency-ms 0]``. It resets the simulator, then runs ansible-playbook four times:
converge (creates N), the same list again (no-op) and a changed list in check mode; each line shows the
wall time of the ansible-playbook run and the requests the simulator logged (reads / writes).
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))

from sim_throughput import sim_url  # noqa: E402 pylint: disable=wrong-import-position

PLAY = """
- hosts: localhost
  gather_facts: false
  tasks:
    - qboxmail.qboxmail.mailbox:
        api_url: "{{ sim_url }}"
        api_token: qbx-customer-dev-token
        domain: example.com
        workers: "{{ workers }}"
        mailboxes: "{{ lookup('file', items_file) | from_json }}"
      register: r
    - ansible.builtin.debug:
        msg: "changed={{ r.changed }} summary={{ r.summary | to_json }}"
"""


def control(url, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + "/_sim/" + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as answer:
        raw = answer.read()
    return json.loads(raw) if raw else None


def items(count, changed=False):
    out = [{"name": "user%04d" % i, "firstname": "User %d" % i, "password": "Mailb0x-secret", "quota": "1G"}
           for i in range(count)]
    if changed:
        out[1]["quota"] = "5G"
        out[2]["state"] = "absent"
        out[3]["state"] = "disabled"
        out.append({"name": "newbie", "firstname": "New", "password": "Mailb0x-secret"})
    return out


def run(url, workdir, label, boxes, workers, check=False):
    items_file = os.path.join(workdir, "items.json")
    with open(items_file, "w") as handle:
        json.dump(boxes, handle)
    control(url, "DELETE", "requests")
    cmd = ["ansible-playbook", os.path.join(workdir, "play.yml"), "-e", "sim_url=%s" % url,
           "-e", "items_file=%s" % items_file, "-e", "workers=%d" % workers]
    if check:
        cmd.append("--check")
    started = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    took = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit("%s failed:\n%s\n%s" % (label, proc.stdout[-3000:], proc.stderr[-3000:]))
    log = control(url, "GET", "requests")
    writes = sum(1 for entry in log if entry["write"])
    summary = [line.strip() for line in proc.stdout.splitlines() if "changed=" in line and "summary=" in line]
    print("%-34s %7.2f s  requests %5d (reads %5d, writes %5d)  %s"
          % (label, took, len(log), len(log) - writes, writes, summary[0].strip('"') if summary else ""))
    return took, log


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--async-delay", type=float, default=0.2)
    parser.add_argument("--latency-ms", type=int, default=0)
    args = parser.parse_args()
    url = sim_url()
    with tempfile.TemporaryDirectory() as workdir:
        control(url, "POST", "reset", {"mode": "production", "async_delay": args.async_delay,
                                       "latency_ms": args.latency_ms})
        control(url, "POST", "seed", {"domains": [{"name": "example.com", "customer_code": "C100000001",
                                                   "status": "enabled"}]})
        with open(os.path.join(workdir, "play.yml"), "w") as handle:
            handle.write(PLAY)
        print("%d mailboxes, %d workers, async delay %.2f s, latency %d ms"
              % (args.count, args.workers, args.async_delay, args.latency_ms))
        run(url, workdir, "converge (create all)", items(args.count), args.workers)
        run(url, workdir, "re-run (no-op)", items(args.count), args.workers)
        run(url, workdir, "changed list, check mode", items(args.count, changed=True), args.workers, check=True)
        run(url, workdir, "changed list, applied", items(args.count, changed=True), args.workers)


if __name__ == "__main__":
    main()
