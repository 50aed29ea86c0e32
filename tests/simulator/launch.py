# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Start the simulator in a background thread of this process, wait until it listens, stop it.

The one start-up of the simulator: ``python -m tests.simulator`` (``serve`` and ``run``) and
``testing.running_simulator()`` all use ``SimServer``::

    with SimServer(SimConfig(port=0), tls_cert=None, tls_key=None) as server:
        print(server.url)          # http://127.0.0.1:<port> (https:// with a certificate)
"""
from __future__ import annotations

import asyncio
import contextlib
import ssl
import threading

from aiohttp import web

from .app import make_app
from .state import SimConfig

SHUTDOWN_TIMEOUT = 1.0  # seconds stop() waits for requests still running (a fault latency, say)


def tls_context(cert: str | None, key: str | None) -> ssl.SSLContext | None:
    """A server TLS context from a PEM certificate (chain) and key file, or None when neither is given."""
    if not cert and not key:
        return None
    if not (cert and key):
        raise ValueError("HTTPS needs both a certificate and a key (--tls-cert and --tls-key)")
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def url_host(host: str) -> str:
    """The host to put in the URL: loopback for a wildcard bind address, IPv6 literals in brackets."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return "[%s]" % host if ":" in host else host


def cancel_leftovers(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel the tasks that outlived the shutdown timeout (a long fault latency) and let them finish."""
    tasks = asyncio.all_tasks(loop)
    for task in tasks:
        task.cancel()
    if tasks:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))


class SimServer(threading.Thread):
    """One simulator served by an event loop in a daemon thread; ``start()`` returns once it listens."""

    def __init__(self, config: SimConfig, tls_cert: str | None = None, tls_key: str | None = None) -> None:
        super().__init__(name="qboxmail-simulator", daemon=True)
        self.config = config
        self.ssl_context = tls_context(tls_cert, tls_key)
        self.port = 0
        self.error: BaseException | None = None
        self._ready = threading.Event()
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def scheme(self) -> str:
        """``https`` when serving TLS, else ``http``."""
        return "https" if self.ssl_context else "http"

    @property
    def url(self) -> str:
        """Base URL of the running simulator, e.g. ``http://127.0.0.1:40123``."""
        return "%s://%s:%d" % (self.scheme, url_host(self.config.host), self.port)

    def start(self, timeout: float = 30.0) -> SimServer:  # pylint: disable=arguments-differ  # waits, returns self
        """Start the thread and wait until the server listens; re-raise a start-up error here."""
        super().start()
        if not self._ready.wait(timeout):
            self.stop()
            raise RuntimeError("the simulator did not listen within %.0f s" % timeout)
        if self.error is not None:
            self.join(timeout)
            raise self.error
        return self

    def run(self) -> None:
        """Thread body: listen, serve until ``stop()``, clean up."""
        loop = asyncio.new_event_loop()
        self._loop = loop
        runner = web.AppRunner(make_app(self.config), access_log=None, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT)
        try:
            loop.run_until_complete(runner.setup())
            site = web.TCPSite(runner, self.config.host, self.config.port, ssl_context=self.ssl_context, reuse_address=True)
            loop.run_until_complete(site.start())
            self.port = runner.addresses[0][1]
        except BaseException as exc:  # pylint: disable=broad-exception-caught  # handed to the starting thread
            self.error = exc
            with contextlib.suppress(Exception):
                loop.run_until_complete(runner.cleanup())
            loop.close()
            self._ready.set()
            return
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            loop.run_until_complete(runner.cleanup())
            cancel_leftovers(loop)
            loop.close()

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and wait for the thread (requests still running get ``SHUTDOWN_TIMEOUT``)."""
        loop = self._loop
        if loop is not None and self.is_alive():
            try:
                loop.call_soon_threadsafe(loop.stop)
            except RuntimeError:  # the loop closed in the meantime
                pass
        if self.is_alive():
            self.join(timeout)

    def __enter__(self) -> SimServer:
        return self.start() if not self.is_alive() else self

    def __exit__(self, *exc_info) -> None:
        self.stop()
