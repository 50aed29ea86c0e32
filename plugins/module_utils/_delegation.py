# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: delegated users (managers, team members), their paths, the permission keys,
the create-only identity fields and a manager's Delivery assignment (assign, unassign, linked resources)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from urllib.parse import urlsplit

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError, path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import format_size, quota_bytes
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    ACCOUNT_REF, ACCOUNTS_PATH, DELIVERY_DOMAIN_REF, DOMAINS_PATH,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, is_pending, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option, same, status_state
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code, email_address, limit, password

MANAGERS = "/api/managers"
MANAGER = MANAGERS + "/{code}"
TEAM_MEMBERS = "/api/team_members"
TEAM_MEMBER = TEAM_MEMBERS + "/{code}"
# CONTRACT.md "managers beyond the documented ...": unassign and the read-only preview of an assignment.
ASSIGN = MANAGER + "/assign/delivery"
UNASSIGN = MANAGER + "/unassign/delivery"
PREVIEW = MANAGER + "/assign/delivery/preview"
NOTIFICATIONS = "/api/users/me/notifications"
# GAP: the read of the notification settings is undocumented (CONTRACT.md [INF]); these answers mean "no read here".
NO_NOTIFICATIONS_READ = (404, 405)
NOTIFICATION_CALLBACKS = ("email_overquota_callback", "domain_create_callback")

# GAP: the API's permission key strings are undocumented; CONTRACT.md's [INF] list (the panel guide's areas).
PERMISSIONS = (
    "domains_view", "domains_create", "domains_edit", "domains_delete", "accounts_view", "accounts_create",
    "accounts_edit", "accounts_delete", "archive_manage", "passwords_change", "email_logs", "logs", "api_access",
    "managers_manage",
)
USER_STATUSES = ("all", "enabled", "disabled")
STATES = ["present", "absent", "enabled", "disabled"]


def permission_set(values):
    """Permission keys without duplicates, in PERMISSIONS order (the argument spec has checked each key)."""
    return [key for key in PERMISSIONS if key in values]


def https_url(value):
    """An absolute https:// URL with a host [DOC: notification_url]."""
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme != "https" or not parts.hostname or any(c.isspace() for c in text):
        raise ValueError("%r is not an absolute https:// URL (like https://hooks.example.com/qboxmail)" % (value,))
    return text


class User(Resource):
    """A delegated user (manager, team member), found by its e-mail address; identity fields are create-only."""

    key = "email"
    key_field = "email_address"
    identity = ("firstname", "lastname")   # create-only options compared only to warn

    def find(self):
        matches = self.client.find(self.list_path, self.key_field, self.wanted["email"])
        if len(matches) > 1:
            raise ModuleFailure("%s is ambiguous: %d users have it (%s)" % (
                self.label(), len(matches), ", ".join(str(m.get("code")) for m in matches)))
        return matches[0] if matches else None

    def label(self):
        return "%s %s" % (self.what, self.wanted["email"])

    def compare(self, current, plan):
        for option in self.identity:
            value = self.wanted.get(option)
            if value is not None and not same("scalar", current.get(self.api(option)), value):
                self.ctx.warn("%s: %s has %r, not %r; Qboxmail cannot change it once the user exists (the update has no "
                              "such field), so it was left as it is. Delete and create the user to change it" % (
                                  option, self.label(), current.get(self.api(option)), value))
        return super(User, self).compare(current, plan)

    def check_create(self):
        missing = [o for o in ("firstname", "lastname", "password") if not self.params.get(o)]
        if missing:
            raise ModuleFailure("%s required to create %s" % (
                ", ".join(missing) + (" are" if len(missing) > 1 else " is"), self.label()))


def user_fields():
    """The options every delegated-user resource shares."""
    return dict(
        email=Field(api="email_address", create_only=True, to_api=email_address, aliases=["email_address"], required=True),
        firstname=Field(create_only=True),
        lastname=Field(create_only=True),
        state=Option(default="present", choices=STATES, read=status_state),
        password=Field(secret=True, confirm="password_confirmation", to_api=password),
        update_password=Option(default="on_create", choices=["always", "on_create"]),
    )


# The options of `team_member` and `manager`, also the `options` view of their `_info` modules.
TEAM_MEMBER_OPTIONS = dict(
    user_fields(),
    permissions=Field("list", elements="str", choices=PERMISSIONS, compare="set", to_api=permission_set),
)
CREATE_LIMITS = ("max_domains", "max_email_accounts", "max_email_accounts_archive", "max_email_accounts_25gb",
                 "max_email_accounts_50gb", "max_email_accounts_100gb")
MANAGER_OPTIONS = dict(
    user_fields(),
    company=Field(create_only=True),
    catch_all=Field("bool", create_only=True),
    max_delivery_domains=Field("int", to_api=limit, update_only=True),
    max_delivery_accounts=Field("int", to_api=limit, update_only=True),
    max_email_quota=Field(to_api=quota_bytes, from_api=format_size),
    domains=Field("list", elements="str", api="domain_codes", compare=None, ref=DOMAIN_REF),
    delivery_domains=Option("list", elements="str"),
    delivery_accounts=Option("list", elements="str"),
    **dict((name, Field("int", to_api=limit)) for name in CREATE_LIMITS)
)


def user_info_fields(kind):
    """The options of `manager_info` and `team_member_info`."""
    return dict(
        email=Field(to_api=email_address, aliases=["email_address"]),
        code=Field(to_api=code(kind)),
        query=Field(),
        status=Field(default="all", choices=list(USER_STATUSES)),
    )


class UserInfo(InfoModule):
    key = "email"
    key_field = "email_address"
    filters = {"query": "query", "status": "status"}
    module_kwargs = dict(mutually_exclusive=[("email", "code", "query")])


# ------------------------------------------------------------------------------------------ Delivery assignment
def names_of(client, template, ids, field):
    """{id: name} of Delivery resources read one by one (those the plan shows but has no name for)."""
    out = {}
    for ident in ids:
        try:
            obj = client.get_one(path(template, code=ident))
        except QboxmailError:
            obj = None
        out[ident] = (obj or {}).get(field) or ident
    return out


def named(ctx, ref, values, option):
    """The objects `values` name (one cached lookup each); every unknown one named in one failure (in check mode:
    stand-ins with a warning, as a previous task of the play would create them)."""
    found, unknown = [], []
    for value in values:
        obj = resolve(ctx, ref, value, option, required=False)
        if obj is None:
            unknown.append(ref.key(value))
        else:
            found.append(obj)
    if unknown and not ctx.check_mode:
        raise ModuleFailure("%s: no such %s %s (it does not exist, or this token cannot see it): %s" % (
            option, ref.what, ", ".join(str(u) for u in unknown), ref.hint))
    for key in unknown:
        ctx.warn("%s %s does not exist yet: check mode assumes that a previous task of this play creates it" % (ref.what, key))
        found.append({ref.code_field: PENDING, ref.key_field: key})
    return found


class DeliveryAssignment:
    """A manager's Delivery assignment as planned from `delivery_domains` / `delivery_accounts`.

    Each option, when given, is the complete set of its kind, together with the resources linked to a listed one
    (Qboxmail assigns those along [DOC]); the preview endpoint (a read) tells which they are. Resources neither
    listed nor linked are unassigned, one by one; the kind of an option not given is left alone.
    """

    # option, reference, id field, name field, the manager's field, item path (names for the diff)
    KINDS = (("delivery_domains", DELIVERY_DOMAIN_REF, "code", "name", "delivery_domain_codes", DOMAINS_PATH + "/{code}"),
             ("delivery_accounts", ACCOUNT_REF, "id", "description", "delivery_account_ids", ACCOUNTS_PATH + "/{code}"))
    ROWS = (("delivery_domains", "code", "name"), ("delivery_accounts", "id", "description"))

    def __init__(self, res):
        self.res = res
        self.listed = {}     # option -> [(id, name)] of the resources named
        self.wanted = dict((kind[0], {}) for kind in self.KINDS)    # option -> {id: name}: listed and linked
        self.current = dict((kind[0], []) for kind in self.KINDS)   # option -> ids assigned now
        self.assign = []     # listed ids whose assignment (with their linked resources) is needed
        self.unassign = []   # (option, id) assigned now and not wanted
        self.names = {}      # (option, id) -> name, for the diff

    def given(self, option):
        return self.res.params.get(option) is not None

    def resolve(self):
        """The listed resources, by name or description (before anything is compared)."""
        for option, ref, code_field, name_field, _field, _item in self.KINDS:
            if self.given(option) and self.res.state != "absent":
                self.listed[option] = [(str(obj[code_field]), obj.get(name_field)) for obj in
                                       named(self.res.ctx, ref, self.res.params[option], option)]

    def preview(self, client, mine, ident):
        """Mark what assigning `ident` brings along as wanted; True when some of it is not the manager's yet."""
        answer = client.put(path(PREVIEW, code=mine), {"id": ident}).body or {}
        move = False
        for option, code_field, name_field in self.ROWS:
            for row in answer.get(option) or []:
                self.wanted[option].setdefault(str(row.get(code_field)), row.get(name_field))
                move = move or row.get("manager_code") != mine
        return move

    def read(self, client, current):
        """After the manager is found: the previews of the listed resources (reads) and the names the diff needs."""
        if not self.listed or current is None:
            for option, pairs in self.listed.items():
                self.wanted[option].update(pairs)
                self.assign.extend(ident for ident, _name in pairs)
            return
        for option, _ref, _code, _name, field, _item in self.KINDS:
            self.current[option] = [str(i) for i in current.get(field) or []]
        for option, pairs in self.listed.items():
            for ident, name in pairs:
                self.wanted[option][ident] = name
                if is_pending(ident) or self.preview(client, current["code"], ident):
                    self.assign.append(ident)
        for option, _ref, _code, _name, _field, _item in self.KINDS:
            if self.given(option):
                self.unassign.extend((option, i) for i in self.current[option] if i not in self.wanted[option])
        if not self.changed():
            return
        for option, _ref, _code, name_field, _field, item in self.KINDS:
            missing = [i for i in self.current[option] if i not in self.wanted[option]]
            names = names_of(client, item, missing, name_field)
            names.update(self.wanted[option])
            self.names.update(((option, i), n) for i, n in names.items())

    def changed(self):
        return bool(self.assign or self.unassign)

    def linked(self):
        """The resources wanted only because a listed one brings them along (names), per option."""
        out = {}
        for option, _ref, _code, _name, _field, _item in self.KINDS:
            listed = set(i for i, _n in self.listed.get(option, []))
            out[option] = sorted(str(n) for i, n in self.wanted[option].items() if i not in listed)
        return out

    def plan(self, plan):
        """Unassign first (before a lower limit is set), then the update, then the assignments."""
        if not self.changed():
            return
        for option, _ref, _code, _name, _field, _item in self.KINDS:
            before = set(self.current[option])
            after = (before - set(i for o, i in self.unassign if o == option)) | set(self.wanted[option])
            if before != after:
                plan.after[option] = sorted(str(self.names.get((option, i), self.wanted[option].get(i, i))) for i in after)
                if self.res.code:
                    plan.before[option] = sorted(str(self.names.get((option, i), i)) for i in before)
        if self.res.code:
            plan.writes[:0] = [Write("PUT", UNASSIGN, {"id": ident}) for _option, ident in self.unassign]
            plan.add(*[Write("PUT", ASSIGN, {"id": ident}) for ident in self.assign])
            return
        if self.res.ctx.check_mode:
            self.res.ctx.warn("the resources linked to %s are assigned along with them; check mode cannot preview them "
                              "before the manager exists" % ", ".join(str(n) for p in self.listed.values() for _i, n in p))
        plan.add(Write("PUT", ASSIGN, run=self.assign_new))

    def assign_new(self, res, client):
        """Assign the listed resources to the manager this run created, previewing each (linked resources)."""
        for ident in self.assign:
            if self.preview(client, res.code, ident):   # False: an earlier one brought it along
                client.put(path(ASSIGN, code=res.code), {"id": ident})
                res.ctx.written = res.wrote = True
