# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Throughput of the simulator: GET /api/domains with a concurrent aiohttp client.

Run from the collection root: ``python tests/benchmarks/sim_throughput.py [--duration 5] [--concurrency 32]``.
The simulator runs as a separate process (``python -m tests.simulator --port 0``), as in CI.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

import aiohttp

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = "qbx-customer-dev-token"


def start_simulator(port_file: str) -> tuple:
    """Start the simulator; return the process, its base URL and the seconds it took to listen."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "tests.simulator", "--port", "0", "--port-file", port_file],
                            cwd=str(ROOT), stdout=subprocess.DEVNULL)
    while not os.path.exists(port_file):
        if proc.poll() is not None or time.monotonic() - started > 10:
            raise SystemExit("simulator did not start")
        time.sleep(0.01)
    with open(port_file) as handle:
        port = int(handle.read())
    return proc, "http://127.0.0.1:%d" % port, time.monotonic() - started


async def worker(session: aiohttp.ClientSession, url: str, deadline: float, counts: dict) -> None:
    """Issue requests until the deadline, counting answers by status."""
    while time.monotonic() < deadline:
        async with session.get(url, headers={"X-Api-Token": TOKEN}) as answer:
            await answer.read()
            counts[answer.status] = counts.get(answer.status, 0) + 1


async def run(session: aiohttp.ClientSession, url: str, duration: float, concurrency: int) -> tuple:
    """``concurrency`` workers on one URL for ``duration`` seconds -> (status counts, seconds)."""
    counts: dict = {}
    started = time.monotonic()
    deadline = started + duration
    await asyncio.gather(*(worker(session, url, deadline, counts) for _worker in range(concurrency)))
    return counts, time.monotonic() - started


async def measure(base: str, duration: float, concurrency: int, domains: int) -> list:
    """Seed ``domains`` domains, then measure a name lookup (one match, as modules do) and a full first page."""
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        fixtures = {"domains": [{"name": "bench%03d.example.com" % i, "status": "enabled"} for i in range(domains)]}
        async with session.post(base + "/_sim/seed", data=json.dumps(fixtures)) as answer:
            answer.raise_for_status()
        results = []
        for label, path in (("lookup ?query=bench001 (1 of %d)" % domains, "/api/domains?query=bench001"),
                            ("full page (%d domains)" % min(domains, 25), "/api/domains")):
            counts, elapsed = await run(session, base + path, duration, concurrency)
            results.append((label, counts, elapsed))
        return results


def main() -> int:
    """Parse options, run the benchmark, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per scenario")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--domains", type=int, default=10, help="domains seeded")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        proc, base, startup = start_simulator(os.path.join(tmp, "port"))
        try:
            results = asyncio.run(measure(base, args.duration, args.concurrency, args.domains))
        finally:
            proc.terminate()
            proc.wait(10)
    print("startup (listening, port file written): %.2f s" % startup)
    ok = True
    for label, counts, elapsed in results:
        total = sum(counts.values())
        ok = ok and set(counts) == {200}
        print("GET /api/domains %s: %.0f req/s (%d requests in %.1f s, concurrency %d, statuses %s)" % (
            label, total / elapsed, total, elapsed, args.concurrency, counts))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
