# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Throughput of the simulator: GET /api/domains with a concurrent aiohttp client.

Run from the collection root under a simulator (it reads ``SIM_URL``), as ``make bench`` does:
``python -m tests.simulator run --async-delay 0 -- python tests/benchmarks/sim_throughput.py [--duration 5] [--concurrency 32]``.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import sys
import time

import aiohttp

ROOT = pathlib.Path(__file__).resolve().parents[2]
TOKEN = "qbx-customer-dev-token"


def sim_url() -> str:
    """The simulator's base URL from ``SIM_URL`` (set by ``python -m tests.simulator run -- ...``)."""
    url = os.environ.get("SIM_URL")
    if not url:
        raise SystemExit("SIM_URL is not set: run python -m tests.simulator run --async-delay 0 -- python %s" % sys.argv[0])
    return url.rstrip("/")


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
    results = asyncio.run(measure(sim_url(), args.duration, args.concurrency, args.domains))
    ok = True
    for label, counts, elapsed in results:
        total = sum(counts.values())
        ok = ok and set(counts) == {200}
        print("GET /api/domains %s: %.0f req/s (%d requests in %.1f s, concurrency %d, statuses %s)" % (
            label, total / elapsed, total, elapsed, args.concurrency, counts))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
