# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Scripted HTTP for unit tests: every answer the fake session gives is written out in the test.

    session = ScriptedSession([FakeResponse(200, {...}), refused(), ...])
    Client("http://api.test", "tok", session=session, sleep=sleeps.append)
    run_scripted(monkeypatch, module.main, {...args}, script) -> (result, failed, session)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

import requests

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _task
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import Client
from ansible_collections.qboxmail.qboxmail.tests.tools.module_runner import call_main, capture_exits


class FakeResponse:
    def __init__(self, status, body=None, headers=None, reason="Reason"):
        self.status_code = status
        self.headers = headers or {}
        self.reason = reason
        self.content = b"" if body is None else (body.encode() if isinstance(body, str) else json.dumps(body).encode())
        self._body = body

    def json(self):
        if isinstance(self._body, str):
            raise ValueError("not JSON")
        return self._body

    @property
    def text(self):
        return self.content.decode()


class ScriptedSession:
    """A requests.Session stand-in answering from a script of FakeResponses and exceptions."""

    def __init__(self, script):
        self.script = list(script)
        self.calls = []
        self.headers = {}
        self.verify = None

    def request(self, method, url, params=None, json=None, timeout=None, **kwargs):  # pylint: disable=redefined-outer-name
        self.calls.append(dict(method=method, url=url, params=dict(params or {}), json=json, timeout=timeout, **kwargs))
        if not self.script:
            raise AssertionError("unscripted request %s %s" % (method, url))
        step = self.script.pop(0)
        if isinstance(step, BaseException):
            raise step
        return step

    def sequence(self):
        """The requests made, as `METHOD /path` (the base URL removed), for exact-sequence assertions."""
        return ["%s /%s" % (c["method"], c["url"].split("://", 1)[1].split("/", 1)[1]) for c in self.calls]


def ok(body=None, status=200):
    return FakeResponse(status, body)


def page(items, page_no=1, total_pages=1, per=100):
    return FakeResponse(200, {"resources": items, "pagination": {
        "per": per, "page": page_no, "total_pages": total_pages, "total_records": None}})


def one(obj):
    return FakeResponse(200, {"resources": [obj], "pagination": {}})


def created(code):
    return FakeResponse(200, {"message": "created", "resource_code": code})


def no_content():
    return FakeResponse(204)


def refused():
    reason = type("NewConnectionError", (Exception,), {})("refused")
    return requests.exceptions.ConnectionError(reason)


def dropped():
    reason = type("RemoteDisconnected", (Exception,), {})("Remote end closed connection without response")
    return requests.exceptions.ConnectionError(reason)


def read_timeout():
    return requests.exceptions.ReadTimeout("read timed out")


def run_scripted(monkeypatch, main, args, script, check_mode=False, diff=False):
    """Run a module's main() whose every client answers from `script`; returns (result, failed, session)."""
    session = ScriptedSession(script)

    def factory(module):
        return Client("http://api.test", module.params.get("api_token") or "tok", session=session, sleep=lambda s: None,
                      retries=module.params["retries"], customer_code=module.params.get("customer_code"))

    capture_exits(monkeypatch)
    monkeypatch.setattr(_task, "management_client", factory)
    monkeypatch.setattr(_task, "SLEEP", lambda s: None, raising=False)
    full = dict(api_url="http://api.test", api_token="tok", retries=2)
    full.update(args)
    result, failed = call_main(main, full, check_mode=check_mode, diff=diff)
    return result, failed, session
