# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line entry point: ``python -m tests.simulator [--host H] [--port P] [--port-file F] [--mode M] ...``.

Every option also reads an environment variable (``SIM_HOST``, ``SIM_PORT``, ``SIM_PORT_FILE``, ``SIM_MODE``,
``SIM_ASYNC_DELAY``, ``SIM_LATENCY_MS``). ``--port 0`` picks a free port; the bound port is written to the
port file (atomically) once the server listens. SIGINT and SIGTERM stop it.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import signal
import sys

from aiohttp import web

from .app import make_app
from .state import MODES, SimConfig


def parse_args(argv: list | None = None) -> argparse.Namespace:
    """Options with their environment-variable defaults."""
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m tests.simulator", description="Qboxmail API simulator")
    parser.add_argument("--host", default=env("SIM_HOST", "127.0.0.1"), help="bind address (SIM_HOST)")
    parser.add_argument("--port", type=int, default=int(env("SIM_PORT", "8765")), help="port, 0 picks a free one (SIM_PORT)")
    parser.add_argument("--port-file", default=env("SIM_PORT_FILE"), help="write the bound port here (SIM_PORT_FILE)")
    parser.add_argument("--mode", choices=MODES, default=env("SIM_MODE", "production"), help="production or sandbox (SIM_MODE)")
    parser.add_argument("--async-delay", type=float, default=float(env("SIM_ASYNC_DELAY", "0.3")),
                        help="seconds an async transition takes (SIM_ASYNC_DELAY)")
    parser.add_argument("--latency-ms", type=int, default=int(env("SIM_LATENCY_MS", "0")),
                        help="latency added to every /api and /v1 response (SIM_LATENCY_MS)")
    return parser.parse_args(argv)


def write_port_file(path: str, port: int) -> None:
    """Write the port atomically so that a reader never sees a partial file."""
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as handle:
        handle.write("%d\n" % port)
    os.replace(tmp, path)


async def serve(config: SimConfig, port_file: str | None) -> None:
    """Listen until SIGINT/SIGTERM."""
    runner = web.AppRunner(make_app(config), access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, config.host, config.port, reuse_address=True)
    await site.start()
    port = runner.addresses[0][1]
    if port_file:
        write_port_file(port_file, port)
    print("Qboxmail simulator on http://%s:%d (mode %s)" % (config.host, port, config.mode), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        await runner.cleanup()


def main(argv: list | None = None) -> int:
    """Run the simulator."""
    args = parse_args(argv)
    config = SimConfig(host=args.host, port=args.port, mode=args.mode, async_delay=args.async_delay, latency_ms=args.latency_ms)
    asyncio.run(serve(config, args.port_file))
    return 0


if __name__ == "__main__":
    sys.exit(main())
