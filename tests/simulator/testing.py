# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the simulator in a background thread of a test process and drive it over HTTP (urllib only).

    with running_simulator(mode="production", async_delay=0.05) as sim:
        reply = sim.api("GET", "/api/domains")          # admin token unless token= is given
        sim.publish_dns([{"name": "x.example.com", "type": "A", "value": "185.97.217.16"}])
        sim.fault(method="GET", path="/api/domains", status=503, retry_after=1, count=2)
        writes = sim.requests(write=True)
"""
from __future__ import annotations

import collections
import contextlib
import json
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request

from .launch import SimServer
from .state import SimConfig

ADMIN_TOKEN = "qbx-admin-dev-token"
CUSTOMER_TOKEN = "qbx-customer-dev-token"
NOBILLING_TOKEN = "qbx-nobilling-dev-token"

Reply = collections.namedtuple("Reply", "status headers body")


class Simulator:
    """Client for one running simulator: ``url`` plus helpers for the API and ``/_sim/``."""

    def __init__(self, url: str, timeout: float = 10.0, cafile: str | None = None) -> None:
        self.url = url
        self.timeout = timeout
        self.ssl_context = ssl.create_default_context(cafile=cafile) if cafile else None

    def call(self, method: str, path: str, body=None, headers: dict | None = None) -> Reply:
        """Any HTTP call; the body is sent as JSON and a JSON answer is decoded (else raw text, or None)."""
        data = None if body is None else json.dumps(body).encode()
        all_headers = {"Accept": "application/json"}
        if data is not None:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        request = urllib.request.Request(self.url + path, data=data, method=method, headers=all_headers)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout, context=self.ssl_context) as answer:
                return Reply(answer.status, dict(answer.headers), decode(answer.read()))
        except urllib.error.HTTPError as err:
            return Reply(err.code, dict(err.headers), decode(err.read()))

    def api(self, method: str, path: str, body=None, token: str | None = ADMIN_TOKEN) -> Reply:
        """A Management API call with ``X-Api-Token`` (admin unless ``token`` is given; None sends none)."""
        return self.call(method, path, body, {"X-Api-Token": token} if token else None)

    def send(self, method: str, path: str, body=None, token: str | None = None) -> Reply:
        """A Send API call with ``Authorization: Bearer <token>``."""
        return self.call(method, path, body, {"Authorization": "Bearer %s" % token} if token else None)

    def resource(self, path: str, token: str | None = ADMIN_TOKEN) -> dict:
        """GET a single resource and return ``resources[0]`` (AssertionError unless 200)."""
        reply = self.api("GET", path, token=token)
        if reply.status != 200:
            raise AssertionError("GET %s answered %s: %s" % (path, reply.status, reply.body))
        return reply.body["resources"][0]

    @staticmethod
    def wait_until(check, timeout: float = 5.0, interval: float = 0.02):
        """Call ``check()`` until it returns something truthy and return that (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            value = check()
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError("condition not met within %.1f s (last value %r)" % (timeout, value))
            time.sleep(interval)

    def control(self, method: str, path: str, body=None, query: dict | None = None):
        """A ``/_sim/`` call; returns the decoded answer and raises on an error status."""
        suffix = "?" + urllib.parse.urlencode(query) if query else ""
        reply = self.call(method, "/_sim/" + path + suffix, body)
        if reply.status >= 400:
            raise AssertionError("/_sim/%s answered %s: %s" % (path, reply.status, reply.body))
        return reply.body

    def reset(self, **settings) -> dict:
        """Drop all state (settings back to start-up values, overridden by ``mode``/``async_delay``/``latency_ms``/``dns_server``)."""
        return self.control("POST", "reset", settings)

    def snapshot(self, name: str) -> dict:
        """Save the world (settings, objects, DNS zone, e-mails) under ``name``; it survives resets."""
        return self.control("POST", "snapshot", {"name": name})

    def restore(self, name: str) -> bool:
        """Back to snapshot ``name``, with no faults and an empty request log; False when there is none."""
        reply = self.call("POST", "/_sim/restore", {"name": name})
        if reply.status not in (200, 404):
            raise AssertionError("/_sim/restore answered %s: %s" % (reply.status, reply.body))
        return reply.status == 200

    def config(self, **settings) -> dict:
        """Read the settings, or change some of them."""
        return self.control("PUT", "config", settings) if settings else self.control("GET", "config")

    def seed(self, **collections_) -> dict:
        """Insert fixtures, e.g. ``seed(domains=[{"name": "a.com", "status": "enabled"}])`` -> ``{"domains": [code]}``."""
        return self.control("POST", "seed", collections_)

    def gaps(self, **switches) -> dict:
        """The GAP switches (``gaps.py``), or turn some on/off: ``gaps(domain_list_status=True)``."""
        return self.control("PUT", "gaps", switches) if switches else self.control("GET", "gaps")

    def state(self, collection: str) -> list:
        """Dump a collection (private keys included)."""
        return self.control("GET", "state/" + collection)

    def requests(self, write: bool | None = None, since: int | None = None, **filters) -> list:
        """The request log, optionally only writes/reads, entries after ``since``, or ``method=``/``path=`` glob."""
        query = {key: value for key, value in filters.items() if value is not None}
        if write is not None:
            query["write"] = "true" if write else "false"
        if since is not None:
            query["since"] = since
        return self.control("GET", "requests", query=query)

    def clear_requests(self) -> None:
        """Empty the request log."""
        self.control("DELETE", "requests")

    def publish_dns(self, records: list) -> dict:
        """Add ``[{name, type, value}]`` records to the simulated zone."""
        return self.control("PUT", "dns", {"records": records})

    def unpublish_dns(self, records: list | None = None) -> dict:
        """Remove those records from the zone, or all of them."""
        return self.control("DELETE", "dns", {"records": records} if records is not None else None)

    def emails(self, **filters) -> list:
        """Ownership codes sent by e-mail: ``[{to, domain, code, sent_at}]`` (filters: ``domain``, ``to``)."""
        return self.control("GET", "emails", query=filters or None)

    def fault(self, **spec) -> dict:
        """Arm a fault: ``method``, ``path`` (glob), ``status``, ``retry_after``, ``latency_ms``, ``drop``, ``after``, ``count``, ``body``.

        Returns the armed fault (with its ``id``, ``remaining`` and ``fired``).
        """
        return self.control("POST", "faults", spec)["added"][0]

    def faults(self) -> dict:
        """``{"faults": [armed...], "spent": [used up...]}``, each with ``id``, ``count``, ``remaining``, ``fired``."""
        return self.control("GET", "faults")

    def clear_faults(self) -> None:
        """Disarm every fault."""
        self.control("DELETE", "faults")


def decode(raw: bytes):
    """JSON when possible, else text; None for an empty body."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace")


@contextlib.contextmanager
def running_simulator(mode: str = "production", async_delay: float = 0.05, latency_ms: int = 0, host: str = "127.0.0.1",
                      tls_cert: str | None = None, tls_key: str | None = None, cafile: str | None = None,
                      dns_server: str | None = None):
    """Start a simulator on a free port in a background thread; yields a ``Simulator``.

    With ``tls_cert``/``tls_key`` it serves HTTPS; ``cafile`` is the CA the client trusts (see ``tls.make_test_pki``).
    With ``dns_server`` (``HOST:PORT``) verifications look records up on that DNS server.
    """
    config = SimConfig(host=host, port=0, mode=mode, async_delay=async_delay, latency_ms=latency_ms, dns_server=dns_server)
    with SimServer(config, tls_cert=tls_cert, tls_key=tls_key) as server:
        yield Simulator(server.url, cafile=cafile)
