# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the declarative base of every resource module.

A module declares its options (`fields`), its identity, its API paths and its lifecycle row; the base
runs one task as: references resolved (one phase, cached) -> current object found -> compared into a
`Plan` (the ordered writes as data, the diff notes, the predicted object) -> check mode reports the plan,
a real run applies it -> waits with the one `Poller` -> one result shape. The list mode runs the same
plan for every item of a list option, reads the current objects with list calls, applies the plans with a
pool of workers (one HTTP session each) and waits for the written objects with list calls.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import (
    QboxmailError, QboxmailUncertainError, fold, path,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve, resolve_many
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option, same
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import MASK, ModuleFailure, Task

# Which field carries an object's status, which values mean "still working" (a wait goes on) and which mean
# "failed" (a wait stops at once). Each module declares its own row with CONTRACT.md's values.
Lifecycle = namedtuple("Lifecycle", "field in_progress failed detail_field")

WAIT_FIELDS = dict(
    wait=Option("bool", default=True, item=False),
    wait_timeout=Option("int", default=300, item=False),
)
LIST_FIELDS = dict(
    purge=Option("bool", default=False),
    workers=Option("int", default=4),
    return_objects=Option("str", default="changed", choices=["changed", "all"]),
)
MAX_WORKERS = 32
SLEEP = time.sleep   # patched by the fault sweep, which runs without real waits


class Poller:
    """The one poll loop (single waits, the list mode's settle, Delivery-domain verification): read, done,
    deadline, describe. Backoff from 0.25 s up to 3 s, never a long fixed sleep; one deadline per task."""

    FIRST, FACTOR, CAP = 0.25, 1.5, 3.0

    def __init__(self, timeout, clock=time.monotonic):
        self.timeout = timeout
        self.clock = clock
        self.deadline = clock() + float(timeout)

    def wait(self, read, done, describe, what, details=None):
        delay = self.FIRST
        while True:
            obj = read()
            if done(obj):
                return obj
            if self.clock() + delay > self.deadline:
                raise ModuleFailure("timed out after %ss waiting for %s: %s" % (self.timeout, what, describe(obj)),
                                    **(details(obj) if details else {}))
            SLEEP(delay)
            delay = min(self.CAP, delay * self.FACTOR)


class Write:
    """One planned request. `template` is formatted with the object's code (a create's code once known).

    creates: the answer carries the new object's code. done(res, resp) / error(res, err) -> handled: hooks
    for answers that carry data or expected errors. run(res, client): a custom request sequence instead.
    once: never retried although its method is idempotent (a purchase, a trigger, a DELETE by position).
    applied(res) -> bool: after an answer that did not arrive, whether a read shows the write took effect (then
    the task goes on; otherwise it fails with `uncertain`, and the write is never sent again).
    """

    def __init__(self, method, template, body=None, billable=False, creates=False, done=None, error=None, run=None,
                 uncertain=None, code=None, once=False, applied=None):
        self.uncertain = uncertain   # the message when this (non-idempotent) write may have been applied
        self.once = once
        self.applied = applied
        self.code = code             # the code of another object (default: the planned object's)
        self.method = method
        self.template = template
        self.body = body
        self.billable = billable
        self.creates = creates
        self.done = done
        self.error = error
        self.run = run

    def describe(self):
        return "%s %s" % (self.method, self.template)


class Plan:
    """What comparing an object yields: the ordered writes, the diff notes and the predicted object."""

    def __init__(self, obj):
        self.writes = []
        self.before = {}
        self.after = {}
        self.obj = obj

    def note(self, key, before, after):
        self.before[key] = before
        self.after[key] = after

    def add(self, *writes):
        self.writes.extend(writes)

    @property
    def changed(self):
        return bool(self.before or self.after)

    def changes(self):
        keys = set(self.before) | set(self.after)
        return ["state"] if "state" in keys else sorted(keys)


class Resource(Task):
    """One resource kind; an instance is one object (one item of a list task)."""

    name = "resource"          # key in the result and in messages
    what = None                # human name, e.g. "mailbox"
    list_path = None           # templates: {parent} is the parent's code, {code} the object's
    item_path = None
    status_path = None         # PUT {"status": ...} for enabled/disabled
    key = "name"               # the user's natural key (option) ...
    key_field = "name"         # ... and the API field it matches
    code_field = "code"
    parent = None              # Ref of the parent resource, named by the option `parent_option`
    parent_option = None
    lifecycle = None
    status_field = "status"    # the field `state: enabled|disabled` sets
    unpaged_list = False   # the list documents no parameters: read it whole with one GET (client.list_unpaged)
    billable_create = False
    return_fields = None       # allowlist of returned fields (None: every non-secret field)
    inherit = ("state", "update_password", "wait", "wait_timeout")   # task options the list items inherit

    def __init__(self, ctx, params, client=None):
        self.ctx = ctx
        self.client = client
        self.params = params
        self.parent_code = None
        self.parent_obj = None
        self.code = None
        self.wrote = False
        self.created = False       # this run created the object
        self.final = None          # the object as the list mode's settle read it
        self._poller = None
        self.warnings = ctx.warnings
        self.normalise()
        self.wanted = self.values(self.fields, params)
        self.validate()

    # ------------------------------------------------------------------ declarations -> values
    @property
    def state(self):
        return self.params.get("state") or "present"

    def normalise(self):
        """Adjust params before conversion (e.g. split an address into name and domain). No requests."""

    def validate(self):
        """Checks needing more than the argument spec (no requests); raise ModuleFailure."""

    def api(self, option):
        return self.fields[option].api or option

    def path(self, template, code=None):
        return path(template, parent=self.parent_code, code=self.code if code is None else code,
                    **self.path_values(self.parent_obj))

    @classmethod
    def parent_value(cls, params):
        """What names the parent (default: the parent option's value; e.g. a pair when the parent has a parent)."""
        return params.get(cls.parent_option)

    @staticmethod
    def path_values(parent):
        """Values of the path templates beside {parent} and {code} (e.g. a grandparent's code), from the parent."""
        return {}

    def label(self):
        return "%s %s" % (self.what or self.name, self.params.get(self.key))

    # ------------------------------------------------------------------ references and reads
    def resolve(self):
        """Every reference of the object, before anything is compared (lookups cached per task)."""
        if self.parent is not None and self.parent_code is None:
            obj = resolve(self.ctx, self.parent, self.parent_value(self.params), self.parent_option,
                          required=self.state != "absent")
            self.parent_obj = obj
            self.parent_code = obj[self.parent.code_field] if obj else None
        for option, field in self.fields.items():
            if field.is_field and field.ref is not None and option in self.wanted and self.state != "absent":
                self.wanted[option] = resolve_many(self.ctx, field.ref, self.wanted[option], option)

    def parent_missing(self):
        return self.parent is not None and self.parent_code in (None, PENDING)

    def find(self):
        """The current object by natural key (one filtered list call), or None."""
        if self.parent_missing():
            return None
        key = self.params.get(self.key)
        matches = self.client.find(self.path(self.list_path), self.key_field, key, unpaged=self.unpaged_list)
        if len(matches) > 1:
            raise ModuleFailure("%s is ambiguous: %d objects match (%s)" % (
                self.label(), len(matches), ", ".join(str(m.get(self.code_field)) for m in matches)))
        return matches[0] if matches else None

    def get(self, code):
        return self.client.get_one(self.path(self.item_path, code=code))

    # ------------------------------------------------------------------ plan
    def plan(self, current):
        """The plan that brings `current` (None: absent) to the wanted state. No requests."""
        self.code = current.get(self.code_field) if current else None
        if self.state == "absent":
            plan = Plan(None)
            if current is not None:
                plan.note("state", "present", "absent")
                plan.add(self.plan_delete())
            return plan
        if current is None:
            self.check_create()
            self.refuse_answer_only(o for o in self.wanted if self.params.get(o) not in (None, False, ""))
            plan = Plan(self.predict_create())
            plan.note("state", "absent", "present")
            for option in self.wanted:
                field = self.fields[option]
                if not field.create_only or option == self.key:
                    plan.after[option] = MASK if field.secret else self.params.get(option)
            plan.add(self.create_write())
            later = dict((self.api(o), v) for o, v in self.wanted.items() if self.fields[o].update_only)
            if later:   # fields the API documents for updates only follow the create
                plan.add(Write("PUT", self.item_path, self.update_body(later)))
        else:
            plan = Plan(dict(current))
            changes = self.compare(current, plan)
            self.refuse_answer_only(o for o in self.wanted if self.api(o) in changes)
            if changes:
                plan.obj.update(changes)
                plan.add(self.update_write(changes))
        self.plan_status(plan)
        self.plan_steps(plan)
        return plan

    def refuse_answer_only(self, options):
        """Fail before any request when the plan would send a field the API documents in answers only."""
        for option in options:
            if getattr(self.fields[option], "answer_only", False):
                raise ModuleFailure(
                    "%s: Qboxmail documents this field in its answers only, not among the fields a request takes, so "
                    "the module does not send it (%s); leave %s out, or set it to the current value, and change it in "
                    "the Qboxmail panel" % (option, self.label(), option))

    def create_write(self):
        return Write("POST", self.list_path, self.create_body(), billable=self.billable_create, creates=True)

    def update_write(self, changes):
        billable = any(f.billable for o, f in self.fields.items() if f.is_field and self.api(o) in changes)
        return Write("PUT", self.item_path, self.update_body(changes), billable=billable)

    def plan_delete(self):
        return Write("DELETE", self.item_path, error=ignore_404)

    def compare(self, current, plan):
        """{api field: value} for the options the user set that differ; notes them in the plan."""
        changes = {}
        always = self.params.get("update_password") == "always"
        for option, value in self.wanted.items():
            field = self.fields[option]
            if field.create_only or field.compare is None:
                continue
            api = self.api(option)
            if field.secret:
                if always:
                    changes[api] = value
                    plan.note(option, MASK, MASK + " (updated)")
                continue
            if not same(field.compare, current.get(api), value):
                changes[api] = value
                plan.note(option, self.user_value(option, current.get(api)), self.params.get(option))
        return changes

    def user_value(self, option, api_value):
        field = self.fields[option]
        if field.from_api and api_value is not None:
            try:
                return field.from_api(api_value)
            except (TypeError, ValueError):
                return api_value
        return api_value

    def check_create(self):
        """Checks for a create (required options); raise ModuleFailure."""

    def create_values(self):
        return dict((self.api(o), v) for o, v in self.wanted.items()
                    if not self.fields[o].update_only and not getattr(self.fields[o], "answer_only", False))

    def create_body(self):
        body = self.confirmed(self.create_values())
        if self.client_customer() and "customer_code" not in body:
            body["customer_code"] = self.client_customer()
        return body

    def update_body(self, changes):
        return self.confirmed(changes)

    def confirmed(self, values):
        body = dict(values)
        for option, field in self.fields.items():
            if field.is_field and field.confirm and self.api(option) in body:
                body[field.confirm] = body[self.api(option)]
        return body

    def client_customer(self):
        return self.ctx.params.get("customer_code")

    def predict_create(self):
        obj = self.create_values()
        obj[self.code_field] = None
        return obj

    def status_of(self, obj):
        return obj.get(self.status_field)

    def status_body(self, state):
        return {"status": state}

    def plan_status(self, plan):
        """enabled/disabled through the status endpoint (a new object is enabled by Qboxmail)."""
        state = self.state
        if state not in ("enabled", "disabled") or not self.status_path:
            return
        have = self.status_of(plan.obj) if self.code else "enabled"
        if have == state:
            return
        plan.note("status", have, state)
        plan.obj[self.status_field] = state
        plan.add(Write("PUT", self.status_path, self.status_body(state)))

    def plan_steps(self, plan):
        """Resource-specific steps after create/update (ownership, DKIM, verification...)."""

    # ------------------------------------------------------------------ apply
    def apply(self, plan, client):
        """Send the plan's writes in order. A create that may have happened in transit is looked up first."""
        self.client = client
        for write in plan.writes:
            if write.run is not None:
                write.run(self, client)
                continue
            try:
                resp = client.request(write.method, self.path(write.template, write.code), body=write.body,
                                      billable=write.billable, once=write.once)
            except QboxmailUncertainError as err:
                self.ctx.written = True
                if not write.creates and write.applied is not None and write.applied(self):
                    self.wrote = True
                    continue
                if not write.creates:
                    raise ModuleFailure("%s: %s" % (write.uncertain or "%s may have been applied although no usable answer "
                                                    "arrived; it is not repeated: check %s before running again" % (
                                                        write.describe(), self.label()), err), changed=True, **err.details())
                self.code = self.recover_create(client, write)
                self.wrote = self.created = True
                continue
            except QboxmailError as err:
                if write.error is not None and write.error(self, err):
                    continue
                raise
            self.ctx.written = self.wrote = True
            if write.creates:
                self.code = client.created_code(resp, self.code_field)
                self.created = True
            if write.done is not None:
                write.done(self, resp)

    def recover_create(self, client, write):
        """After a create got no usable answer: the object if it exists now. A create is never sent twice: an
        object not found yet may still be created by the request in flight, so the task fails and a re-run finds
        (or creates) it."""
        found = self.find()
        if found is not None:
            self.warnings.append("the request creating %s failed in transit, but it exists: using it" % self.label())
            return found.get(self.code_field)
        raise ModuleFailure("the request creating %s got no answer (timeout, dropped connection or gateway error) and "
                            "the object is not visible yet: it may have been created, or may still be; it is not sent "
                            "again. Run the task again: it uses the object if it exists, or creates it" % self.label(),
                            changed=True)

    # ------------------------------------------------------------------ wait
    def settled(self, obj):
        """True when no async work is left; raises ModuleFailure when the object reached a failed state."""
        if not self.lifecycle:
            return True
        status = obj.get(self.lifecycle.field)
        if status in self.lifecycle.failed:
            detail = obj.get(self.lifecycle.detail_field) if self.lifecycle.detail_field else None
            raise ModuleFailure("%s reached status %s%s" % (self.label(), status, " (%s)" % detail if detail else ""),
                                **{self.name: self.shape(obj)})
        return status not in self.lifecycle.in_progress

    def describe_wait(self, obj):
        return "status is still %s" % (obj.get(self.lifecycle.field) if self.lifecycle else "not ready")

    def settle(self):
        """The object after the writes: re-read, and with `wait` polled until settled."""
        if not self.params.get("wait", True):
            return self.get(self.code)

        def read():
            obj = self.get(self.code)
            if obj is None:
                raise ModuleFailure("%s disappeared while waiting for it" % self.label())
            return obj
        return self.poller().wait(read, self.settled, self.describe_wait, self.label(),
                                  details=lambda obj: {self.name: self.shape(obj)})

    def poller(self):
        """The task's one poller: every wait of this object shares its deadline."""
        if self._poller is None:
            self._poller = Poller(self.params.get("wait_timeout") or 300)
        return self._poller

    # ------------------------------------------------------------------ result
    def shape(self, obj):
        if obj is None:
            return {}
        obj = scrub(obj)
        if self.return_fields is not None:
            obj = dict((k, v) for k, v in obj.items() if k in self.return_fields)
        return obj

    def extra_result(self, obj):
        """Result keys beside the object (dns_records, one-time secrets...)."""
        return {}

    # ------------------------------------------------------------------ one object
    @classmethod
    def execute(cls, ctx):
        if cls.list_option and ctx.params.get(cls.list_option) is not None:
            return ListTask(cls, ctx).run()
        res = cls(ctx, dict(ctx.params), ctx.client)
        res.resolve()
        current = res.find()
        if current is not None and res.lifecycle and res.params.get("wait", True) and not res.settled(current):
            res.code = current[res.code_field]
            current = res.settle()   # look again once earlier async work is done, before acting
        plan = res.plan(current)
        obj = plan.obj
        if plan.writes and not ctx.check_mode:
            res.apply(plan, ctx.client)
            obj = None if res.state == "absent" else res.settle()
        out = {"changed": plan.changed, cls.name: res.shape(obj)}
        out.update(res.extra_result(obj))
        if ctx.diff and plan.changed:
            out["diff"] = {"before": plan.before, "after": plan.after}
        return out

    # ------------------------------------------------------------------ list mode hooks
    @classmethod
    def prepare_list(cls, ctx, items, index):
        """One-off reads the plans of a list task need (e.g. names of other objects); cache them in ctx.cache."""

    @staticmethod
    def purgeable(obj):
        """Whether `purge` may delete an object the list does not mention."""
        return True

    @classmethod
    def expand_list(cls, task, items, codes=None):
        """The objects of a list read, completed where the list items lack what `plan` compares (only those whose
        code is in `codes`, when given); `task.pool_map(function, values)` runs requests on the worker threads."""
        return items


def ignore_404(res, err):
    """Error hook: an object already gone is what a delete wanted."""
    return err.status == 404


class ListTask:
    """One task converging the items of `cls.list_option` under one parent: plan all, then apply all."""

    def __init__(self, cls, ctx):
        self.cls = cls
        self.ctx = ctx
        self.params = ctx.params
        workers = self.params.get("workers")
        if workers is None or workers < 1 or workers > MAX_WORKERS:
            raise ModuleFailure("workers must be between 1 and %d (got %s)" % (MAX_WORKERS, workers))
        self.workers = workers
        self.local = threading.local()
        self.lock = threading.Lock()
        self.clients = []
        self.pool = None   # one pool for the whole task, so that each worker thread keeps its client (and session)

    def item(self, item):
        params = dict((k, self.params.get(k)) for k in self.cls.inherit if k in self.params)
        if self.cls.parent_option:
            params[self.cls.parent_option] = self.params.get(self.cls.parent_option)
        for key, value in item.items():
            if value is not None or key not in params:
                params[key] = value
        return params

    def thread_client(self):
        client = getattr(self.local, "client", None)
        if client is None:
            client = self.local.client = self.ctx.new_client()
            with self.lock:
                self.clients.append(client)
        return client

    def executor(self):
        if self.pool is None:
            self.pool = ThreadPoolExecutor(max_workers=self.workers)
        return self.pool

    def pool_map(self, function, values):
        """function(value, client) for every value, side by side on the worker threads (one client each)."""
        values = list(values)
        if not values:
            return []
        return list(self.executor().map(lambda value: function(value, self.thread_client()), values))

    def read_list(self, codes=None):
        """Every object of the list: page 1, then the other pages side by side with the worker threads."""
        items = list(self.ctx.client.paginate(self.list_url, fetch=self.pool_map))
        return self.cls.expand_list(self, items, codes)

    def run(self):
        try:
            return self.converge()
        finally:
            if self.pool is not None:
                self.pool.shutdown()

    def converge(self):
        cls, ctx = self.cls, self.ctx
        objs, seen = [], {}
        for number, item in enumerate(self.params[cls.list_option], start=1):
            try:
                obj = cls(ctx, self.item(item), ctx.client)
            except ModuleFailure as fail:
                raise ModuleFailure("%s item %d: %s" % (cls.list_option, number, fail.msg), **fail.details)
            key = fold(obj.params.get(cls.key))
            if key in seen:
                raise ModuleFailure("%s %s is listed twice in %s (items %d and %d)" % (
                    cls.what or cls.name, obj.params.get(cls.key), cls.list_option, seen[key], number))
            seen[key] = number
            objs.append(obj)
        parent_code = parent = None
        if cls.parent is not None:
            if not self.params.get(cls.parent_option):
                raise ModuleFailure("%s is required with %s" % (cls.parent_option, cls.list_option))
            parent = resolve(ctx, cls.parent, cls.parent_value(self.params), cls.parent_option)
            parent_code = parent[cls.parent.code_field]
        self.list_url = path(cls.list_path, parent=parent_code, **cls.path_values(parent))
        current = [] if parent_code == PENDING else self.read_list()
        index = dict((fold(o.get(cls.key_field)), o) for o in current)
        if self.params.get("purge"):
            for found in current:
                if fold(found.get(cls.key_field)) not in seen and cls.purgeable(found):
                    objs.append(cls(ctx, self.item({cls.key: found.get(cls.key_field), "state": "absent"}), ctx.client))
        for obj in objs:
            obj.parent_code, obj.parent_obj = parent_code, parent
            obj.resolve()
        cls.prepare_list(ctx, objs, index)
        plans = [obj.plan(index.get(fold(obj.params.get(cls.key)))) for obj in objs]
        errors = {}
        todo = [(obj, plan) for obj, plan in zip(objs, plans) if plan.writes]
        if todo and not ctx.check_mode:
            self.apply(todo, errors)
            self.settle([obj for obj, plan in todo if obj.wrote and obj.code and id(obj) not in errors], errors)
        return self.result(objs, plans, errors)

    def apply(self, todo, errors):
        def one(pair):
            pair[0].apply(pair[1], self.thread_client())

        futures = [(obj, self.executor().submit(one, (obj, plan))) for obj, plan in todo]
        for obj, future in futures:
            try:
                future.result()
            except (ModuleFailure, QboxmailError) as exc:
                errors[id(obj)] = exc.msg if isinstance(exc, ModuleFailure) else str(exc)

    def settle(self, written, errors):
        """Re-read the written objects with list calls; with `wait`, until none is in progress."""
        if not written:
            return
        wait = self.params.get("wait", True)
        by_code = {}
        pending = list(written)

        codes = set(obj.code for obj in written)

        def read():
            by_code.clear()
            by_code.update((o.get(self.cls.code_field), o) for o in self.read_list(codes))
            still = []
            for obj in pending:
                found = by_code.get(obj.code)
                obj.final = found
                try:
                    if found is not None and wait and not obj.settled(found):
                        still.append(obj)
                except ModuleFailure as fail:
                    errors[id(obj)] = fail.msg
            pending[:] = still
            return pending

        try:
            Poller(self.params.get("wait_timeout") or 300).wait(
                read, lambda rest: not rest, lambda rest: "%d still in progress" % len(rest),
                "%d %s objects" % (len(written), self.cls.name))
        except ModuleFailure as fail:
            for obj in pending:
                errors[id(obj)] = fail.msg

    def result(self, objs, plans, errors):
        cls = self.cls
        everything = self.params.get("return_objects") == "all"
        results, before, after = [], {}, {}
        counts = dict(items=len(objs), changed=0, created=0, updated=0, deleted=0, failed=0)
        for obj, plan in zip(objs, plans):
            failed = id(obj) in errors
            changed = plan.changed and (not failed or obj.wrote)
            entry = {cls.key: obj.params.get(cls.key), "state": obj.state, "changed": changed, "changes": plan.changes()}
            if changed or everything:
                final = obj.final if obj.final is not None else (plan.obj if obj.state != "absent" else None)
                entry[cls.name] = obj.shape(final)
            if failed:
                entry.update(failed=True, msg=errors[id(obj)])
                counts["failed"] += 1
            results.append(entry)
            if changed:
                counts["changed"] += 1
                kind = "deleted" if obj.state == "absent" and "state" in plan.before else (
                    "created" if "state" in plan.before else "updated")
                counts[kind] += 1
                key = obj.params.get(cls.key)
                before[key], after[key] = plan.before, plan.after
        counts["requests"] = self.ctx.client.request_count + sum(c.request_count for c in self.clients)
        out = {"changed": counts["changed"] > 0, cls.list_option: results, "summary": counts}
        if self.ctx.diff and out["changed"]:
            out["diff"] = {"before": before, "after": after}
        if errors:
            failed = [r for r in results if r.get("failed")]
            raise ModuleFailure("%d of %d %s items failed: %s" % (len(failed), len(results), cls.name, "; ".join(
                "%s: %s" % (r[cls.key], r["msg"]) for r in failed[:20])), **out)
        return out
