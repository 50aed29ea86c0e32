# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the list mode, one task converging many objects of one Resource type.

Reads the current objects with list calls at the largest page size, plans every item with the
resource's own logic (Resource.converge in check mode, no requests), sends only the needed writes
with a bounded pool of worker threads (one Client, so one HTTP session, per thread), waits for the
written objects with list calls, and reports per item what changed (and a per-item diff).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import threading
import time

from concurrent.futures import ThreadPoolExecutor

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import management_client
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import (
    POLL_CAP, POLL_FACTOR, POLL_FIRST, ModuleFailure,
)

DEFAULT_WORKERS = 4
MAX_WORKERS = 32

LIST_OPTIONS = dict(
    purge=dict(type="bool", default=False),
    workers=dict(type="int", default=DEFAULT_WORKERS),
)


def fold(value):
    return value.strip().lower() if isinstance(value, str) else value


def item_params(shared, item):
    """One item's parameters: the task's shared options, overridden by the item's own (unset ones inherit)."""
    params = dict(shared)
    for key, value in item.items():
        if value is not None or key not in params:
            params[key] = value
    return params


class ListTask:
    """Converge `items` (parameter dicts) of `resource_cls` under one parent (`path_args`).

    The resource class may define:
      purgeable(obj) -> bool: whether `purge` may delete an object the list does not mention (default: yes);
      bulk_prepare(client, resources, index): one-off reads the planning needs (e.g. names of mailboxes).
    """

    def __init__(self, module, resource_cls, items, shared, path_args, purge=False, workers=DEFAULT_WORKERS,
                 client=None):
        if workers < 1 or workers > MAX_WORKERS:
            raise ModuleFailure("workers must be between 1 and %d (got %s)" % (MAX_WORKERS, workers))
        self.module = module
        self.cls = resource_cls
        self.items = items
        self.shared = shared
        self.path_args = path_args  # a dict, or a function(client) returning it, called after the items validate
        self.purge = purge
        self.workers = workers
        self.client = client or management_client(module)
        self.clients = [self.client]
        self._local = threading.local()
        self._lock = threading.Lock()
        self.check_mode = module.check_mode
        self.unwritten = set()  # items whose write failed: reported as failed and not changed

    # ------------------------------------------------------------------ helpers
    def resource(self, params, client, check_mode):
        res = self.cls(self.module, client=client, params=params)
        res.bulk = True
        res.check_mode = check_mode
        if isinstance(self.path_args, dict):
            res.preset_path_args(self.path_args)
        return res

    def thread_client(self):
        """The calling worker thread's own Client (requests.Session is not shared between threads)."""
        client = getattr(self._local, "client", None)
        if client is None:
            client = management_client(self.module)
            self._local.client = client
            with self._lock:
                self.clients.append(client)
        return client

    def key_of_obj(self, obj):
        return fold(obj.get(self.cls.key_field))

    def list_path(self):
        return self.cls.list_path.format(**self.path_args)

    def read_all(self):
        return list(self.client.paginate(self.list_path()))

    # ------------------------------------------------------------------ flow
    def run(self):
        """Plan, write, wait; returns (changed, results, diff, errors)."""
        planned = []
        seen = {}
        for index, item in enumerate(self.items):
            try:
                res = self.resource(item_params(self.shared, item), self.client, True)
                res.validate()
            except ModuleFailure as fail:
                raise ModuleFailure("item %d of the list: %s" % (index + 1, fail.msg), **fail.details)
            key = fold(res.params.get(res.key_option))
            if key in seen:
                raise ModuleFailure("%s %s is listed twice (items %d and %d)" % (
                    self.cls.name, res.params.get(res.key_option), seen[key] + 1, index + 1))
            seen[key] = index
            planned.append(res)
        if not isinstance(self.path_args, dict):
            self.path_args = dict(self.path_args(self.client))
        for res in planned:
            res.preset_path_args(self.path_args)
        current = self.read_all()
        index = dict((self.key_of_obj(obj), obj) for obj in current)
        if self.purge:
            purgeable = getattr(self.cls, "purgeable", None)
            for obj in current:
                if self.key_of_obj(obj) not in seen and (purgeable is None or purgeable(obj)):
                    params = item_params(self.shared, {self.cls.key_option: obj.get(self.cls.key_field), "state": "absent"})
                    planned.append(self.resource(params, self.client, True))
        prepare = getattr(self.cls, "bulk_prepare", None)
        if prepare is not None:
            prepare(self.client, planned, index)
        for res in planned:
            res.converge(index.get(fold(res.params.get(res.key_option))))
        todo = [res for res in planned if res.changed]
        errors = {}
        done = dict((id(res), res) for res in planned)
        if todo and not self.check_mode:
            done.update(self.write(todo, index, errors))
            done = self.settle(planned, done, errors)
        results = []
        before, after = {}, {}
        for res in planned:
            final = done[id(res)]
            key = res.params.get(res.key_option)
            keys = set(final.before) | set(final.after)
            entry = {res.key_option: key, "state": res.params.get("state") or "present",
                     "changed": bool(final.changed) and id(res) not in self.unwritten,
                     "changes": ["state"] if "state" in keys else sorted(keys),
                     res.name: final.shape(final.current)}
            if id(res) in errors:
                entry["failed"] = True
                entry["msg"] = errors[id(res)]
            results.append(entry)
            if entry["changed"]:
                before[key] = final.before
                after[key] = final.after
        changed = any(r["changed"] for r in results)
        return changed, results, dict(before=before, after=after), errors

    def write(self, todo, index, errors):
        """Run the planned writes concurrently; returns {id(planned): resource that wrote}."""
        out = {}

        def apply(planned):
            res = self.resource(planned.params, self.thread_client(), False)
            res.converge(index.get(fold(planned.params.get(planned.key_option))))
            return res

        with ThreadPoolExecutor(max_workers=min(self.workers, len(todo))) as pool:
            futures = [(planned, pool.submit(apply, planned)) for planned in todo]
            for planned, future in futures:
                try:
                    out[id(planned)] = future.result()
                except ModuleFailure as fail:
                    errors[id(planned)] = fail.msg
                except QboxmailError as err:
                    errors[id(planned)] = str(err)
                if id(planned) in errors:
                    self.unwritten.add(id(planned))
        return out

    def settle(self, planned, done, errors):
        """Re-read the written objects with list calls; with `wait`, until none is in progress."""
        written = [res for res in planned if id(res) in done and done[id(res)].written and done[id(res)].current]
        if not written:
            return done
        wait = self.shared.get("wait", True)
        deadline = time.time() + float(self.shared.get("wait_timeout") or 300)
        delay = POLL_FIRST
        pending = list(written)
        while True:
            by_code = dict((obj.get(self.cls.code_field), obj) for obj in self.read_all())
            still = []
            for res in pending:
                final = done[id(res)]
                obj = by_code.get(final.current.get(final.code_field))
                if obj is None:
                    continue
                final.current = obj
                try:
                    if wait and not final.is_settled(obj):
                        still.append(res)
                except ModuleFailure as fail:
                    errors[id(res)] = fail.msg
            pending = still
            if not pending or not wait:
                return done
            if time.time() + delay > deadline:
                for res in pending:
                    errors[id(res)] = "timed out after %ss waiting for %s %s" % (
                        self.shared.get("wait_timeout"), self.cls.name, res.params.get(res.key_option))
                return done
            time.sleep(delay)
            delay = min(POLL_CAP, delay * POLL_FACTOR)

    def request_count(self):
        return sum(c.request_count for c in self.clients)


def run_list(module, resource_cls, items_option, shared, path_args, result_key, client=None):
    """Run a list task; returns the result, in which `result_key` holds the per-item results."""
    task = ListTask(module, resource_cls, module.params[items_option], shared, path_args,
                    purge=module.params.get("purge"), workers=module.params.get("workers") or DEFAULT_WORKERS,
                    client=client)
    changed, results, diff, errors = task.run()
    out = dict(changed=changed)
    out[result_key] = results
    out["summary"] = summary(results, task.request_count())
    if module._diff and changed:
        out["diff"] = diff
    if errors:
        failed = [r for r in results if r.get("failed")]
        raise ModuleFailure("%d of %d %s items failed: %s" % (
            len(failed), len(results), resource_cls.name,
            "; ".join("%s: %s" % (r[resource_cls.key_option], r["msg"]) for r in failed[:20])), **out)
    return out


def summary(results, requests):
    counts = dict(items=len(results), changed=0, created=0, updated=0, deleted=0, failed=0, requests=requests)
    for r in results:
        if r.get("failed"):
            counts["failed"] += 1
        if not r["changed"]:
            continue
        counts["changed"] += 1
        if "state" in r["changes"] and r["state"] == "absent":
            counts["deleted"] += 1
        elif "state" in r["changes"]:
            counts["created"] += 1
        else:
            counts["updated"] += 1
    return counts
