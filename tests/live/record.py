# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Masked JSONL recording of every HTTP request and answer of a live run, and the pacing between requests.

    recorder = Recorder(path, secrets=[token, password], pace=0.2, header={...})
    recorder.install()      # wraps requests.Session.request in this process
    ...
    recorder.close()

Line 1 is ``{"kind": "run", ...}`` (the header); every other line is one exchange
``{"kind": "exchange", "seq", "method", "path", "query", "request", "status", "response", "headers"}``.
Masked: the token headers (never written), every value under a key that names a secret or a message body
(``MASKED_KEY``), and any string holding one of ``secrets`` (the run's tokens and passwords) anywhere.
"""
from __future__ import annotations

import json
import re
import threading
import time
from urllib.parse import parse_qsl, urlsplit

import requests

MASK = "<masked>"
# password, token, secret, api/private key, a message's text/html/body/attachments content, CSV content (passwords).
MASKED_KEY = re.compile(r"pass|token|secret|(^|_)key$|private|(^|_)(text|html)(_|$)|body|(^|_)content$|csv", re.I)
KEPT_RESPONSE_HEADERS = ("Content-Type", "Retry-After", "Location")


def mask(value, secrets=()):
    """``value`` with the strings under secret keys, and strings holding a secret, replaced by ``MASK`` (other types kept)."""
    if isinstance(value, dict):
        return dict((k, MASK if MASKED_KEY.search(str(k)) and isinstance(value[k], str) and value[k] else mask(value[k], secrets))
                    for k in value)
    if isinstance(value, list):
        return [mask(v, secrets) for v in value]
    if isinstance(value, str) and any(s and s in value for s in secrets):
        return MASK
    return value


def parsed_body(response):
    """The JSON body of a requests response, its text when not JSON, None when empty."""
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


class Recorder:
    """Writes each exchange made through requests in this process, masked, and keeps ``pace`` seconds between requests."""

    def __init__(self, path, secrets=(), pace=0.0, header=None):
        self.path = path
        self.secrets = [s.strip() for s in secrets if s and s.strip()]
        self.pace = pace
        self.seq = 0
        self._last = 0.0
        self._lock = threading.Lock()
        self._handle = open(path, "a", encoding="utf-8")  # pylint: disable=consider-using-with  # closed by close()
        self._original = None
        if header is not None:
            self._write(dict(header, kind="run"))

    def _write(self, entry):
        self._handle.write(json.dumps(mask(entry, self.secrets), sort_keys=True) + "\n")
        self._handle.flush()

    def wait_turn(self):
        """Sleep so that requests are at least ``pace`` seconds apart (the documented rate limits, see suite.py)."""
        with self._lock:
            delay = self._last + self.pace - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            self._last = time.monotonic()

    def record(self, method, url, params, body, response):
        """Write one exchange (``response`` None when no answer came)."""
        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        query.update(params or {})
        self.seq += 1
        entry = {"kind": "exchange", "seq": self.seq, "method": method.upper(), "path": parts.path, "query": query,
                 "request": body, "status": None, "response": None, "headers": {}}
        if response is not None:
            entry.update(status=response.status_code, response=parsed_body(response),
                         headers=dict((h, response.headers[h]) for h in KEPT_RESPONSE_HEADERS if h in response.headers))
        self._write(entry)

    def install(self):
        """Wrap ``requests.Session.request`` (every module's client goes through it)."""
        original = self._original = requests.Session.request
        recorder = self

        def request(session, method, url, *args, **kwargs):
            recorder.wait_turn()
            response = None
            try:
                response = original(session, method, url, *args, **kwargs)
                return response
            finally:
                recorder.record(method, url, kwargs.get("params"), kwargs.get("json"), response)

        requests.Session.request = request
        return self

    def close(self):
        if self._original is not None:
            requests.Session.request = self._original
            self._original = None
        self._handle.close()
