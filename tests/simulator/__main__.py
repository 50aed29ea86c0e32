# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Command line entry point of the simulator (run from the collection root).

``python -m tests.simulator [serve] [--host H] [--port P] [--port-file F] [--mode M] ...``
    serve in the foreground until SIGINT/SIGTERM. Every option also reads an environment variable
    (``SIM_HOST``, ``SIM_PORT``, ``SIM_PORT_FILE``, ``SIM_MODE``, ``SIM_ASYNC_DELAY``,
    ``SIM_LATENCY_MS``, ``SIM_TLS_CERT``, ``SIM_TLS_KEY``, ``SIM_TLS_SELF_SIGNED``, ``SIM_DNS_SERVER``).
    ``--tls-self-signed DIR`` serves HTTPS with a CA and a certificate for 127.0.0.1/::1/localhost made at start-up in
    DIR (clients trust ``DIR/ca.pem``, e.g. ``ca_path``; ``run`` exports it as ``SIM_CA_PATH``). ``--port 0`` picks a free port;
    the bound port is written to the port file (atomically) once the server listens. ``--dns-server HOST:PORT``
    makes every verification look the records up on that DNS server instead of the zone of ``/_sim/dns``.

``python -m tests.simulator run [--mode M] [--async-delay S] [--latency-ms N] [--tls-cert F --tls-key F]
[--dns-server HOST:PORT] -- CMD ...``
    start a simulator on a free port of 127.0.0.1, run CMD with ``SIM_URL`` exported, stop the
    simulator when CMD ends (also on failure, SIGINT, SIGTERM, SIGHUP; those are passed on to CMD)
    and exit with CMD's status (128+N when CMD died of signal N; 125 when the simulator could
    not start, 126/127 when CMD cannot be run).
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading

from .dnsquery import parse_server
from .launch import SimServer
from .state import MODES, SimConfig
from .tls import make_test_pki

EXIT_SIM_FAILED = 125
EXIT_NOT_EXECUTABLE = 126
EXIT_NOT_FOUND = 127
FORWARDED_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
KILL_AFTER_SIGNALS = 3  # the third signal received while CMD runs kills CMD (SIGKILL)


def dns_server_option(value: str) -> str | None:
    """``--dns-server``: ``HOST[:PORT]`` checked, or None for an empty value."""
    if not value:
        return None
    try:
        parse_server(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc
    return value


def add_common_options(parser: argparse.ArgumentParser, defaults: dict, env: dict) -> None:
    """Options shared by ``serve`` and ``run``; ``env`` names the variables that give defaults."""
    def default(key: str):
        name = env.get(key)
        return os.environ.get(name, defaults[key]) if name else defaults[key]

    def hint(key: str, text: str) -> str:
        return "%s (%s)" % (text, env[key]) if key in env else text

    parser.add_argument("--host", default=default("host"), help=hint("host", "bind address"))
    parser.add_argument("--port", type=int, default=int(default("port")), help=hint("port", "port, 0 picks a free one"))
    parser.add_argument("--mode", choices=MODES, default=default("mode"), help=hint("mode", "production or sandbox"))
    parser.add_argument("--async-delay", type=float, default=float(default("async_delay")),
                        help=hint("async_delay", "seconds an async transition takes"))
    parser.add_argument("--latency-ms", type=int, default=int(default("latency_ms")),
                        help=hint("latency_ms", "latency added to every /api and /v1 response"))
    parser.add_argument("--tls-cert", default=default("tls_cert"), help=hint("tls_cert", "serve HTTPS with this PEM certificate (chain)"))
    parser.add_argument("--tls-key", default=default("tls_key"), help=hint("tls_key", "the PEM private key of --tls-cert"))
    parser.add_argument("--tls-self-signed", default=default("tls_self_signed"), metavar="DIR",
                        help=hint("tls_self_signed", "serve HTTPS with a CA and certificate made now in DIR "
                                                     "(clients trust DIR/ca.pem; run exports it as SIM_CA_PATH)"))
    parser.add_argument("--dns-server", type=dns_server_option, default=default("dns_server"), metavar="HOST:PORT",
                        help=hint("dns_server", "verifications look records up on this DNS server, not in /_sim/dns"))


def serve_parser() -> argparse.ArgumentParser:
    """Options of ``serve`` (the default command), with their environment-variable defaults."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulator [serve]", description="Qboxmail API simulator in the foreground.",
        epilog="python -m tests.simulator run --help: start one on a free port around a command.")
    add_common_options(
        parser, {"host": "127.0.0.1", "port": "8765", "mode": "production", "async_delay": "0.3", "latency_ms": "0",
                 "tls_cert": None, "tls_key": None, "tls_self_signed": None, "dns_server": None},
        {"tls_self_signed": "SIM_TLS_SELF_SIGNED", "host": "SIM_HOST", "port": "SIM_PORT", "mode": "SIM_MODE", "async_delay": "SIM_ASYNC_DELAY",
         "latency_ms": "SIM_LATENCY_MS", "tls_cert": "SIM_TLS_CERT", "tls_key": "SIM_TLS_KEY", "dns_server": "SIM_DNS_SERVER"})
    parser.add_argument("--port-file", default=os.environ.get("SIM_PORT_FILE"), help="write the bound port here (SIM_PORT_FILE)")
    return parser


def run_parser() -> argparse.ArgumentParser:
    """Options of ``run``: test defaults (free port, async delay 0.1 s); only the TLS files come from the environment."""
    parser = argparse.ArgumentParser(
        prog="python -m tests.simulator run", usage="%(prog)s [OPTIONS] -- CMD [ARG...]",
        description="Start a simulator on a free port, run CMD with SIM_URL exported, stop the simulator, "
                    "exit with CMD's status.")
    add_common_options(
        parser, {"host": "127.0.0.1", "port": "0", "mode": "production", "async_delay": "0.1", "latency_ms": "0",
                 "tls_cert": None, "tls_key": None, "tls_self_signed": None, "dns_server": None},
        {"tls_cert": "SIM_TLS_CERT", "tls_key": "SIM_TLS_KEY", "tls_self_signed": "SIM_TLS_SELF_SIGNED"})
    parser.add_argument("--quiet", action="store_true", help="do not print the simulator's URL to stderr")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the command (after --)")
    return parser


def config_of(args: argparse.Namespace) -> SimConfig:
    """The simulator settings chosen on the command line."""
    return SimConfig(host=args.host, port=args.port, mode=args.mode, async_delay=args.async_delay, latency_ms=args.latency_ms,
                     dns_server=args.dns_server)


def start_server(args: argparse.Namespace) -> SimServer | None:
    """Start the simulator for these options; None (after a message on stderr) when it cannot start.
    With ``--tls-self-signed DIR`` the CA and certificate are made first (``args.ca_path``: the CA to trust)."""
    args.ca_path = None
    try:
        if args.tls_self_signed:
            if args.tls_cert or args.tls_key:
                raise ValueError("--tls-self-signed makes its own certificate: do not also give --tls-cert/--tls-key")
            pki = make_test_pki(args.tls_self_signed)
            args.tls_cert, args.tls_key, args.ca_path = pki.cert, pki.key, pki.ca
        return SimServer(config_of(args), args.tls_cert, args.tls_key).start()
    except (OSError, ValueError, RuntimeError) as exc:
        print("simulator: cannot start on %s:%s: %s" % (args.host, args.port, exc), file=sys.stderr, flush=True)
        return None


def dns_note(args: argparse.Namespace) -> str:
    """``, DNS via HOST:PORT`` when verifications use a DNS server, else nothing."""
    return ", DNS via %s" % args.dns_server if args.dns_server else ""


def ca_note(args: argparse.Namespace) -> str:
    """``, CA PATH`` when the simulator made its own self-signed CA, else nothing."""
    return ", CA %s" % args.ca_path if args.ca_path else ""


def write_port_file(path: str, port: int) -> None:
    """Write the port atomically so that a reader never sees a partial file."""
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w") as handle:
        handle.write("%d\n" % port)
    os.replace(tmp, path)


def serve(argv: list) -> int:
    """Serve in the foreground until SIGINT/SIGTERM."""
    args = serve_parser().parse_args(argv)
    server = start_server(args)
    if server is None:
        return 1
    if args.port_file:
        write_port_file(args.port_file, server.port)
    print("Qboxmail simulator on %s (mode %s%s%s)" % (server.url, args.mode, dns_note(args), ca_note(args)), flush=True)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda _signum, _frame: stop.set())
    while not stop.wait(1.0) and server.is_alive():
        pass
    server.stop()
    return 0


def signals_reach_child_from_terminal() -> bool:
    """True when this process is in the terminal's foreground group (so Ctrl-C reaches CMD directly too)."""
    for fd in (0, 1, 2):
        try:
            if os.isatty(fd):
                return os.tcgetpgrp(fd) == os.getpgrp()
        except OSError:
            continue
    return False


class Supervisor:
    """Runs CMD and passes the signals this process receives on to it."""

    def __init__(self) -> None:
        self.proc: subprocess.Popen | None = None
        self.received: list = []

    def on_signal(self, signum: int, _frame) -> None:
        """Forward a signal to CMD (SIGINT only when the terminal did not send it to CMD already)."""
        self.received.append(signum)
        proc = self.proc
        if proc is None or proc.poll() is not None:
            return
        if len(self.received) >= KILL_AFTER_SIGNALS:
            proc.kill()
        elif signum != signal.SIGINT or not signals_reach_child_from_terminal():
            proc.send_signal(signum)

    def run(self, command: list, env: dict) -> int:
        """CMD's exit status in shell form (128+N for a signal)."""
        previous = {sig: signal.signal(sig, self.on_signal) for sig in FORWARDED_SIGNALS}
        try:
            if self.received:  # stopped before CMD started
                return 128 + self.received[0]
            try:
                self.proc = subprocess.Popen(command, env=env)  # pylint: disable=consider-using-with  # waited for below
            except FileNotFoundError:
                print("simulator run: %s: command not found" % command[0], file=sys.stderr, flush=True)
                return EXIT_NOT_FOUND
            except PermissionError as exc:
                print("simulator run: %s: %s" % (command[0], exc), file=sys.stderr, flush=True)
                return EXIT_NOT_EXECUTABLE
            status = self.proc.wait()
            return status if status >= 0 else 128 - status
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def run(argv: list) -> int:
    """``run [OPTIONS] -- CMD...``: CMD's status, the simulator stopped in every case."""
    parser = run_parser()
    if "--" in argv:
        split = argv.index("--")
        args = parser.parse_args(argv[:split])
        args.command = argv[split + 1:]
    else:
        args = parser.parse_args(argv)
    if not args.command:
        parser.error("no command given (python -m tests.simulator run [OPTIONS] -- CMD [ARG...])")
    server = start_server(args)
    if server is None:
        return EXIT_SIM_FAILED
    try:
        if not args.quiet:
            print("simulator: %s (mode %s, async delay %gs, latency %d ms%s%s)" % (
                server.url, args.mode, args.async_delay, args.latency_ms, dns_note(args), ca_note(args)),
                file=sys.stderr, flush=True)
        env = dict(os.environ, SIM_URL=server.url)
        if args.ca_path:
            env["SIM_CA_PATH"] = args.ca_path
        return Supervisor().run(args.command, env)
    finally:
        server.stop()


def main(argv: list | None = None) -> int:
    """Dispatch to ``run`` or ``serve`` (the default when no command is named)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "run":
        return run(argv[1:])
    if argv and argv[0] == "serve":
        argv = argv[1:]
    return serve(argv)


if __name__ == "__main__":
    sys.exit(main())
