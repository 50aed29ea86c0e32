# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the base of modules that make something happen once (send, import, migrate).

One run skeleton: validate (no requests) -> prepare (lookups) -> `find_existing()` (an action with an
idempotency key that was already done is not done again) -> the calls to make -> check mode reports what
would be sent, with secrets and CSV contents redacted, and sends nothing -> each call sent once; a call
that may have been applied (timeout, dropped connection, 502/504) is looked for again with
`find_existing()` and otherwise reported as "may have been applied", never repeated -> optional wait
through the poller -> one result.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError, QboxmailUncertainError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Poller
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import MASK, ModuleFailure, Task


def wait_fields(stages, doc_default="accepted"):
    """`wait_for` (the stage to wait for; default: return once the API accepted the call) + `wait_timeout`."""
    return dict(wait_for=Option("str", default=doc_default, choices=list(stages)),
                wait_timeout=Option("int", default=300))


class Call:
    """One request of an action. `shown` is what check mode and failures report instead of the body."""

    def __init__(self, method, path, body=None, label=None, family="management", shown=None, run=None, ok_statuses=None):
        self.run = run          # family "local": a step on the host the module runs on (writing a file)
        self.ok_statuses = ok_statuses   # answers that count as success (e.g. a DELETE's 404: already gone)
        self.method = method
        self.path = path
        self.body = body
        self.label = label or "%s %s" % (method, path)
        self.family = family
        self.shown = shown

    def report(self):
        return {"method": self.method, "path": self.path, "label": self.label,
                "body": self.shown if self.shown is not None else redact(self.body)}


def redact(value, keys=("password", "token", "csv_file_content", "content", "secret")):
    """A copy of a request body with secret values and file contents replaced."""
    if isinstance(value, dict):
        return dict((k, MASK if any(word in str(k).lower() for word in keys) and v not in (None, "") else redact(v, keys))
                    for k, v in value.items())
    if isinstance(value, list):
        return [redact(v, keys) for v in value]
    return value


class Action(Task):
    """Base of action modules. Subclasses implement calls() and accepted(); the rest are optional hooks."""

    name = "result"
    check_with = "the matching _info module"   # where to look after a call that may have been applied

    def __init__(self, ctx):
        self.ctx = ctx
        self.params = ctx.params
        self.warnings = ctx.warnings
        self.wanted = self.values(self.fields, self.params)
        self.sent = []          # (call, response) of the calls the API accepted
        self.unknown = []       # (call, error) of the calls that may have been applied
        self.not_sent = []      # calls not sent because an earlier call failed
        self.existing = None
        self.validate()

    # ------------------------------------------------------------------ hooks
    def validate(self):
        """Every check that needs no request; raise ModuleFailure."""

    def prepare(self):
        """Lookups the decision needs (references, current state)."""

    def find_existing(self):
        """The result of an identical earlier run (idempotency key), or None. Used before sending, after a
        call that may have been applied, and in check mode."""
        return None

    def applied(self, call):
        """After `call` got no clear answer (timeout, dropped connection, 502/504): whether it provably took effect.
        By default, when `find_existing()` now finds the whole action done; an action of several calls looks up
        the one call (e.g. by its own idempotency key)."""
        self.existing = self.find_existing()
        return self.existing is not None

    def calls(self):
        """The requests to make, in order (built without any request)."""
        raise NotImplementedError

    def accepted(self, call, resp):
        """Record what the API answered to one call."""

    def wait(self):
        """After the calls: wait for the stage `wait_for` names (through a Poller)."""

    def result(self):
        """The module's result keys (without `changed`)."""
        return {}

    def poller(self):
        return Poller(self.params.get("wait_timeout") or 300)

    # ------------------------------------------------------------------ run
    @classmethod
    def execute(cls, ctx):
        act = cls(ctx)
        act.prepare()
        act.existing = act.find_existing()
        if act.existing is not None:
            if not ctx.check_mode:
                act.wait()   # an earlier run did it: still wait for the stage `wait_for` names
            return dict(act.result(), changed=False)
        calls = act.calls()
        if ctx.check_mode:
            return dict(act.result(), changed=bool(calls), would_send=[call.report() for call in calls])
        for number, call in enumerate(calls):
            if call.family == "local":
                call.run()
                ctx.written = True
                continue
            client = ctx.send if call.family == "send" else ctx.client
            try:
                resp = client.request(call.method, call.path, body=call.body, ok_statuses=call.ok_statuses)
            except QboxmailUncertainError as err:
                ctx.written = True
                if not act.applied(call):
                    act.unknown.append((call, err))
                continue
            except QboxmailError as err:
                act.not_sent = calls[number + 1:]
                raise ModuleFailure(act.failure(str(err), call), changed=bool(act.sent or act.unknown), **dict(
                    act.result(), **err.details()))
            ctx.written = True
            act.sent.append((call, resp))
            act.accepted(call, resp)
        if act.unknown:
            raise ModuleFailure(act.failure(None, None), changed=True, **act.result())
        act.wait()
        return dict(act.result(), changed=bool(calls))

    def failure(self, error, call):
        """The message of a failed run: what failed, what may have been applied (never repeated), what to check."""
        parts = []
        if error is not None:
            parts.append("%s failed: %s" % (call.label, error))
        if self.unknown:
            parts.append("%d request(s) may have been applied although no answer arrived (%s): they are not repeated; "
                         "check with %s before running again" % (
                             len(self.unknown), "; ".join("%s: %s" % (c.label, e) for c, e in self.unknown), self.check_with))
        if self.sent:
            parts.append("%d request(s) were accepted" % len(self.sent))
        if self.not_sent:
            parts.append("%d request(s) were not sent" % len(self.not_sent))
        return ". ".join(parts)
