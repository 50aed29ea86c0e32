# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the declarative resource base every resource module is built on.

A module declares its fields, identity, API paths and lifecycle; the base gives it lookup by natural
key, comparison of only the options the user set, create/update/delete, check mode without writes,
diff of the changed keys, waiting on async status and one result shape.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time
from collections import namedtuple

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import (
    QboxmailError, QboxmailUncertainError,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import (
    MASK, argument_spec, management_client, scrub,
)

Lifecycle = namedtuple("Lifecycle", "field in_progress failed detail_field")

# One row per resource: which field carries the status, which values mean "still working" and which
# mean "failed" (a wait stops at once on those). GAP: only enabled/ok are documented for Hosting;
# the other values are CONTRACT.md's canonical [INF] choices, kept here so one edit corrects them.
LIFECYCLES = {
    "domain": Lifecycle("status", ("updating",), ("error",), "status_detail"),
    "mailbox": Lifecycle("status", ("updating",), ("error",), "status_detail"),
    "alias": Lifecycle("status", ("updating",), ("error",), "status_detail"),
    "domain_alias": Lifecycle("status", ("updating",), ("error",), "status_detail"),
    "delivery_domain": Lifecycle("display_status", (), ("misconfigured", "blocked"), "status_detail"),
    "delivery_account": Lifecycle("status", (), ("wait_pay", "blocked"), "status_detail"),
    "vault": Lifecycle("archive_status", ("activating", "disabling", "deleting"), ("failure",), None),
    "migration": Lifecycle("status", ("validating", "to_schedule", "scheduled", "running"),
                           ("failed", "completed_with_errors"), "status_detail"),
}

POLL_FIRST = 0.25
POLL_FACTOR = 1.5
POLL_CAP = 3.0

WAIT_OPTIONS = dict(
    wait=dict(type="bool", default=True),
    wait_timeout=dict(type="int", default=300),
)


class Field:
    """How one user option maps to one API field.

    compare: `scalar` (equality), `set` (order and duplicates ignored) or `list` (ordered).
    to_api / from_api convert between the user's value and the API's (units, names, inversions);
    to_api may raise ValueError, which fails the task before any request, naming the option.
    secret: write-only; never read back, compared only by `update_password`, masked in diff.
    confirm: API field that must repeat the value (e.g. `password_confirmation`).
    create_only: sent on create only (identity fields).
    """

    def __init__(self, api=None, compare="scalar", to_api=None, from_api=None, secret=False,
                 confirm=None, create_only=False, billable=False):
        self.api = api
        self.compare = compare
        self.to_api = to_api
        self.from_api = from_api
        self.secret = secret
        self.confirm = confirm
        self.create_only = create_only
        self.billable = billable


def inverted(value):
    """For options such as `imap: true` stored by the API as `imap_disabled: false`."""
    return None if value is None else not value


def same(compare, current, desired):
    if compare == "set":
        return set(_hashable(v) for v in (current or [])) == set(_hashable(v) for v in (desired or []))
    if compare == "list":
        return list(current or []) == list(desired or [])
    if isinstance(current, str) and isinstance(desired, str):
        return current == desired
    if current is None or desired is None:
        return current == desired
    if isinstance(desired, bool) or isinstance(current, bool):
        return bool(current) == bool(desired)
    if isinstance(desired, (int, float)) and isinstance(current, (str, int, float)):
        try:
            return float(current) == float(desired)
        except ValueError:
            return False
    return current == desired


def _hashable(value):
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, dict):
        return tuple(sorted(value.items()))
    return value


class ModuleFailure(Exception):
    """Bad input or an impossible request, reported before (or instead of) any write."""

    def __init__(self, msg, **details):
        super(ModuleFailure, self).__init__(msg)
        self.msg = msg
        self.details = details


class Resource:
    """Base of every resource module; subclasses declare, the base runs."""

    name = "resource"            # key of the resource in the result, and its lifecycle row
    fields = {}                  # option name -> Field
    options = {}                 # argument_spec of the module's own options (connection options are added)
    list_path = None             # e.g. "/api/domains"; formatted with self.path_args()
    item_path = None             # e.g. "/api/domains/{code}"
    status_path = None           # PUT {"status": ...} for enabled/disabled, when the API has one
    key_option = "name"          # the user's natural key ...
    key_field = "name"           # ... and the API field it matches
    code_field = "code"
    billable_create = False
    password_option = "update_password"
    return_fields = None         # allowlist of returned fields; None returns every non-secret field
    module_kwargs = {}           # extra AnsibleModule kwargs (mutually_exclusive, required_if, ...)
    list_option = None           # option of the list mode (e.g. `mailboxes`); when set, run_list() handles the task
    bulk = False                 # True for one item of a list task (_bulk.py): no per-item re-reads or waits

    def __init__(self, module, client=None, params=None):
        self.module = module
        self.params = params if params is not None else module.params
        self.client = client if client is not None else management_client(module)
        self.check_mode = module.check_mode
        self.changed = False
        self.before = {}
        self.after = {}
        self.warnings = []
        self.extra_result = {}
        self.written = False
        self.created = False
        self.current = None
        self.lifecycle = LIFECYCLES.get(self.name)
        self.wanted = self.convert_options()

    # ---------------------------------------------------------------- entry point
    @classmethod
    def run(cls):
        spec = argument_spec(**cls.options)
        module = AnsibleModule(argument_spec=spec, supports_check_mode=True, **cls.module_kwargs)
        try:
            result = cls.dispatch(module)
        except ModuleFailure as fail:
            module.fail_json(msg=fail.msg, **fail.details)
        except QboxmailError as err:
            module.fail_json(msg=str(err), **err.details())
        for warning in result.pop("warnings", []):
            module.warn(warning)
        module.exit_json(**result)

    @classmethod
    def dispatch(cls, module):
        """The task's work, returning the result: the list mode when its option is set, else one resource."""
        if cls.list_option and module.params.get(cls.list_option) is not None:
            return cls.run_list(module)
        resource = cls(module)
        resource.validate()
        resource.execute()
        return resource.result()

    @classmethod
    def run_list(cls, module):
        """The list mode (see _bulk.py): returns the result dict; resources with `list_option` implement it."""
        raise NotImplementedError

    # ---------------------------------------------------------------- declaration helpers
    def convert_options(self):
        """API values for every option the user set; bad values fail here, before any request."""
        wanted = {}
        for option, field in self.fields.items():
            value = self.params.get(option)
            if value is None:
                continue
            try:
                wanted[option] = field.to_api(value) if field.to_api else value
            except ValueError as exc:
                raise ModuleFailure("%s: %s" % (option, exc))
        return wanted

    def api_name(self, option):
        return self.fields[option].api or option

    def path_args(self):
        """Values for the path templates (e.g. a parent domain's code); override when needed."""
        return {}

    def preset_path_args(self, args):
        """Path values already known (the list mode resolves the parent once for every item)."""

    def path(self, template, **extra):
        args = dict(self.path_args())
        args.update(extra)
        return template.format(**args)

    def validate(self):
        """Checks that need more than the argument spec; raise ModuleFailure. No requests here."""

    # ---------------------------------------------------------------- reads
    def find(self):
        """The current object by natural key (one filtered list call), or None."""
        key = self.params.get(self.key_option)
        matches = self.client.find(self.path(self.list_path), self.key_field, key)
        if len(matches) > 1:
            raise ModuleFailure("%s %s=%s is ambiguous: %d resources match (%s)" % (
                self.name, self.key_option, key, len(matches),
                ", ".join(str(m.get(self.code_field)) for m in matches)))
        return matches[0] if matches else None

    def get(self, code):
        return self.client.get_one(self.path(self.item_path, code=code))

    # ---------------------------------------------------------------- compare
    def compare(self, current):
        """API changes needed: {api_field: value} for options the user set that differ."""
        changes = {}
        always = self.params.get(self.password_option) == "always"
        for option, value in self.wanted.items():
            field = self.fields[option]
            if field.create_only:
                continue
            api = self.api_name(option)
            if field.secret:
                if always:
                    changes[api] = value
                    self.note(option, MASK, MASK + " (updated)")
                continue
            if not same(field.compare, current.get(api), value):
                changes[api] = value
                self.note(option, self.user_value(option, current.get(api)), self.params.get(option))
        return changes

    def user_value(self, option, api_value):
        field = self.fields[option]
        if field.from_api and api_value is not None:
            try:
                return field.from_api(api_value)
            except (TypeError, ValueError):
                return api_value
        return api_value

    def note(self, key, before, after):
        """Record one changed key for diff mode."""
        self.changed = True
        self.before[key] = before
        self.after[key] = after

    # ---------------------------------------------------------------- writes
    def payload(self, values, creating):
        """API body from {api_field: value}, adding confirmations of secrets."""
        body = dict(values)
        for option, field in self.fields.items():
            api = self.api_name(option)
            if field.confirm and api in body:
                body[field.confirm] = body[api]
        if creating and self.client.customer_code and "customer_code" not in body:
            body["customer_code"] = self.client.customer_code
        return body

    def create_values(self):
        return dict((self.api_name(o), v) for o, v in self.wanted.items())

    def create(self):
        """Create the object; returns its code. A create that may have happened is looked up first."""
        body = self.payload(self.create_values(), creating=True)
        path = self.path(self.list_path)
        try:
            resp = self.client.post(path, body, billable=self.billable_create)
        except QboxmailUncertainError:
            again = self.find()
            if again is not None:
                self.warnings.append("the create request failed in transit, but the %s exists: using it" % self.name)
                return again.get(self.code_field)
            resp = self.client.post(path, body, billable=self.billable_create)
        return self.client.created_code(resp, self.code_field)

    def update(self, current, changes):
        billable = any(self.fields[o].billable for o in self.fields if self.api_name(o) in changes)
        self.client.put(self.path(self.item_path, code=current[self.code_field]),
                        self.payload(changes, creating=False), billable=billable)

    def delete(self, current):
        try:
            self.client.delete(self.path(self.item_path, code=current[self.code_field]))
        except QboxmailError as err:
            if err.status != 404:
                raise

    def set_status(self, current, status):
        self.client.put(self.path(self.status_path, code=current[self.code_field]), {"status": status})

    # ---------------------------------------------------------------- flow
    def execute(self):
        self.converge(self.find())

    def converge(self, current):
        """Bring one object (None when absent) to the wanted state; the list mode calls this per item."""
        state = self.params.get("state") or "present"
        if current is not None and self.in_progress(current) and self.params.get("wait", True) and not self.bulk:
            current = self.wait_for(current[self.code_field], self.is_settled)  # look before acting again
        if state == "absent":
            if current is not None:
                self.note("state", "present", "absent")
                if not self.check_mode:
                    self.delete(current)
                    self.written = True
            self.current = None
            return
        written = False
        if current is None:
            self.before_create()
            self.note("state", "absent", "present")
            for option in self.wanted:
                if not self.fields[option].create_only or option == self.key_option:
                    self.after[option] = MASK if self.fields[option].secret else self.params.get(option)
            if self.check_mode:
                current = self.predict(None)
            else:
                code = self.create()
                self.created = True
                if self.bulk:  # the list mode re-reads every written object with list calls
                    current = dict(self.predict(None), **{self.code_field: code})
                else:
                    current = self.get(code) or {self.code_field: code}
                written = True
        else:
            changes = self.compare(current)
            if changes:
                if self.check_mode:
                    current = self.predict(current, changes)
                else:
                    self.update(current, changes)
                    written = True
        current, status_written = self.ensure_status(current, state)
        current, steps_written = self.special_steps(current)
        written = written or status_written or steps_written
        if written and not self.check_mode and current.get(self.code_field) and not self.bulk:
            current = self.settle(current)
        self.written = written
        self.current = current

    def before_create(self):
        """Checks for a create (required options); raise ModuleFailure."""

    def predict(self, current, changes=None):
        """The object as it would be, for check mode."""
        obj = dict(current or {})
        obj.update(changes if changes is not None else self.create_values())
        if current is None:
            obj[self.code_field] = None
        return obj

    def ensure_status(self, current, state):
        """enabled/disabled through the status endpoint; returns (object, wrote)."""
        if state not in ("enabled", "disabled") or not self.status_path or not self.lifecycle:
            return current, False
        status = current.get(self.lifecycle.field)
        if status == state or (current.get(self.code_field) is None and state == "enabled"):
            return current, False
        self.note("status", status, state)
        if self.check_mode:
            return dict(current, **{self.lifecycle.field: state}), False
        self.set_status(current, state)
        return current, True

    def special_steps(self, current):
        """Resource-specific steps after create/update (ownership, DKIM...); returns (object, wrote)."""
        return current, False

    # ---------------------------------------------------------------- waiting
    def settle(self, current):
        """Re-read after writes; with `wait`, poll until no async work is in progress."""
        code = current[self.code_field]
        if not self.params.get("wait", True):
            return self.get(code) or current
        return self.wait_for(code, self.is_settled)

    def is_settled(self, obj):
        """True when done; raises ModuleFailure when the object reached a failed state."""
        if not self.lifecycle:
            return True
        status = obj.get(self.lifecycle.field)
        if status in self.lifecycle.failed:
            detail = obj.get(self.lifecycle.detail_field) if self.lifecycle.detail_field else None
            raise ModuleFailure("%s %s reached status %s%s" % (
                self.name, obj.get(self.key_field), status, " (%s)" % detail if detail else ""),
                **{self.name: self.shape(obj)})
        return status not in self.lifecycle.in_progress

    def in_progress(self, obj):
        return bool(self.lifecycle) and obj.get(self.lifecycle.field) in self.lifecycle.in_progress

    def wait_for(self, code, done, timeout_message=None, deadline=None):
        """Poll GET with backoff until done(obj) is true or wait_timeout (or the given deadline) passes."""
        if deadline is None:
            deadline = time.time() + float(self.params.get("wait_timeout") or 300)
        delay = POLL_FIRST
        while True:
            obj = self.get(code)
            if obj is None:
                raise ModuleFailure("%s %s disappeared while waiting" % (self.name, code))
            if done(obj):
                return obj
            if time.time() + delay > deadline:
                msg = timeout_message(obj) if timeout_message else "status is still %s" % (
                    obj.get(self.lifecycle.field) if self.lifecycle else "not ready")
                raise ModuleFailure("timed out after %ss waiting for %s %s: %s" % (
                    self.params.get("wait_timeout"), self.name, obj.get(self.key_field, code), msg),
                    **self.timeout_details(obj))
            time.sleep(delay)
            delay = min(POLL_CAP, delay * POLL_FACTOR)

    def timeout_details(self, obj):
        """What a failed wait returns besides its message: the object as it was last seen."""
        return {self.name: self.shape(obj)}

    # ---------------------------------------------------------------- result
    def shape(self, obj):
        if obj is None:
            return {}
        obj = scrub(obj)
        if self.return_fields is not None:
            obj = dict((k, v) for k, v in obj.items() if k in self.return_fields)
        return obj

    def result(self):
        out = dict(changed=self.changed)
        out[self.name] = self.shape(self.current)
        out.update(self.extra_result)
        if self.module._diff and self.changed:
            out["diff"] = dict(before=self.before, after=self.after)
        if self.warnings:
            out["warnings"] = self.warnings
        return out


class InfoModule:
    """Base of `_info` modules: one object by key or code, or a filtered, server-side paged list."""

    name = "resources"           # result key (plural)
    options = {}
    module_kwargs = {}

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.client = management_client(module)

    @classmethod
    def run(cls):
        module = AnsibleModule(argument_spec=argument_spec(**cls.options), supports_check_mode=True,
                               **cls.module_kwargs)
        try:
            items = cls(module).read()
        except ModuleFailure as fail:
            module.fail_json(msg=fail.msg, **fail.details)
        except QboxmailError as err:
            module.fail_json(msg=str(err), **err.details())
        module.exit_json(changed=False, **{cls.name: [scrub(i) for i in items]})

    def read(self):
        raise NotImplementedError
