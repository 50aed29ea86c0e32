# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: references, the natural keys users give for other resources.

A user names a domain by its name, a Delivery account by its description (or id), a mailbox by its
address; the API wants codes. `resolve()` turns one reference into the object it names, with one filtered
lookup per distinct key and task (the cache is shared by every item of a list task), before anything is
compared or written. It fails with "no such ..." or "... is ambiguous"; in check mode a missing reference
means that a previous task of the play would create it: the module then predicts its change with a warning.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError, path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure

PENDING = "(not created yet)"   # the code of a referenced resource a previous task of the play would create


class Ref:
    """How to find a resource by the value a user gives for it.

    what: its name in messages; hint: how to create it; to_key: normaliser/validator of the user's value
    (raises ValueError); list_path + key_field: the `query=`-filtered list and the field that must match
    exactly; is_id + item_path: values that are ids are read directly; live: filter of usable objects;
    parent: a Ref whose code fills `{parent}` in the paths, and a function splitting the user's value into
    (parent value, own key).
    """

    def __init__(self, what, hint, list_path, key_field, code_field="code", to_key=None, is_id=None,
                 item_path=None, live=None, parent=None, split=None):
        self.what = what
        self.hint = hint
        self.list_path = list_path
        self.key_field = key_field
        self.code_field = code_field
        self.to_key = to_key
        self.is_id = is_id
        self.item_path = item_path
        self.live = live
        self.parent = parent
        self.split = split

    def key(self, value):
        return self.to_key(value) if self.to_key else str(value).strip()

    def lookup(self, client, key, parent_code=None):
        """Objects matching `key` (a list, so that ambiguity can be reported)."""
        if self.is_id is not None and self.is_id(key):
            try:
                found = client.get_one(path(self.item_path, id=key, parent=parent_code))
            except QboxmailError as err:
                if err.status in (400, 422):   # GAP: an id in a form the API rejects names nothing
                    found = None
                else:
                    raise
            found = [found] if found else []
        else:
            found = client.find(path(self.list_path, parent=parent_code), self.key_field, key)
        return [obj for obj in found if self.live is None or self.live(obj)]


def _matches(ctx, ref, value, option):
    """(key, parent code, objects matching, the value as messages name it) for a user's value; ambiguity fails here."""
    try:
        key = ref.key(value)
    except ValueError as exc:
        raise ModuleFailure("%s: %s" % (option, exc))
    parent_code = None
    shown = key
    if ref.parent is not None:
        parent_value, key = ref.split(key)
        shown = shown if isinstance(shown, str) else key   # alice@example.com, not alice
        parent = resolve(ctx, ref.parent, parent_value, option)
        parent_code = parent[ref.parent.code_field] if parent else None
        if parent_code in (None, PENDING):
            return key, parent_code, [], shown
    cache_key = ("ref", ref.what, parent_code, key)
    if cache_key not in ctx.cache:
        ctx.cache[cache_key] = ref.lookup(ctx.client, key, parent_code)
    matches = ctx.cache[cache_key]
    if len(matches) > 1:
        raise ModuleFailure("%s: %s %s is ambiguous: %d match (%s); name it by its id or code instead" % (
            option, ref.what, shown, len(matches), ", ".join(str(m.get(ref.code_field)) for m in matches)))
    return key, parent_code, matches, shown


def resolve(ctx, ref, value, option, required=True):
    """The object `value` names. Absent: None when not `required`; in check mode a stand-in whose code is
    PENDING (with a warning); otherwise a failure naming the option and how to create it."""
    key, parent_code, matches, shown = _matches(ctx, ref, value, option)
    if matches:
        return matches[0]
    if not required or (ref.parent is not None and parent_code is None):
        return None
    if ctx.check_mode:
        ctx.warn("%s %s does not exist yet: check mode assumes that a previous task of this play creates it, and "
                 "predicts the changes under it" % (ref.what, shown))
        return {ref.code_field: PENDING, ref.key_field: key}
    raise ModuleFailure("%s: no such %s %s (it does not exist, or this token cannot see it): %s" % (
        option, ref.what, shown, ref.hint))


def resolve_many(ctx, ref, values, option):
    """Codes of the resources `values` name, in order; fails once, naming every unknown one (in check mode
    unknown ones are stand-ins, `(not created yet) <key>`, with a warning)."""
    codes, unknown = [], []
    for value in values:
        key, _parent, matches, _shown = _matches(ctx, ref, value, option)
        if matches:
            codes.append(matches[0][ref.code_field])
        elif ctx.check_mode:
            ctx.warn("%s %s does not exist yet: check mode assumes that a previous task of this play creates it"
                     % (ref.what, key))
            codes.append("%s %s" % (PENDING, key))
        else:
            unknown.append(str(key))
    if unknown:
        raise ModuleFailure("%s: no such %s %s: %s" % (option, ref.what, ", ".join(unknown), ref.hint))
    return codes


def is_pending(code):
    return isinstance(code, str) and code.startswith(PENDING)
