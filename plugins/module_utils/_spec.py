# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: option declarations. Each option is declared once, as an `Option` or a `Field`.

From the declarations the base derives the module's argument spec, the item spec of the list mode, the
conversion of user values to API values (bad values fail before any request, naming the option) and the
comparison with what the API returns.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

# validate-modules asks for an explicit no_log on option names that look secret (update_password, token_file...).
_SECRET_LOOKING = re.compile(r"(pass|pwd|token|secret|key)", re.IGNORECASE)
# GAP: the documents give no length for free-text fields (names, descriptions, tags...); a longer value than these
# is refused before any request as a mistake (a field that documents its own limit declares `max_length`).
MAX_TEXT = 10000        # characters of a string field, or of each string of a list field
MAX_BODY = 1048576      # characters of a body (signature, autoresponder text, contact notes): `max_length=MAX_BODY`


class Option:
    """An Ansible option of a module. `item=True` also makes it an option of the items of the list mode."""

    is_field = False

    def __init__(self, type="str", default=None, choices=None, aliases=None, no_log=None, elements=None,
                 options=None, required=False, item=False, item_required=False, read=None):
        self.type = type
        self.read = read   # obj -> the option's value read from an API object (natural keys, state), for option_view
        self.default = default
        self.choices = list(choices) if choices is not None else None
        self.aliases = list(aliases) if aliases else None
        self.no_log = no_log
        self.elements = elements
        self.options = options   # {name: Option} of a dict option
        self.required = required
        self.item = item
        self.item_required = item_required   # required in every item of the list mode

    def argspec(self, name, in_item=False):
        """The argument_spec entry; in a list item, without default and required (items inherit from the task)."""
        spec = {"type": self.type}
        for key in ("choices", "aliases", "elements"):
            if getattr(self, key) is not None:
                spec[key] = getattr(self, key)
        no_log = self.no_log
        if no_log is None and _SECRET_LOOKING.search(name):
            no_log = False
        if no_log is not None:
            spec["no_log"] = no_log
        if self.options is not None:
            spec["options"] = dict((key, opt.argspec(key)) for key, opt in self.options.items())
        if not in_item:
            if self.default is not None:
                spec["default"] = self.default
            if self.required:
                spec["required"] = True
        elif self.item_required:
            spec["required"] = True
        return spec


class Field(Option):
    """An option that is also an API field.

    api: the API field name (default: the option name).
    compare: `scalar`, `set` (order, case and duplicates ignored), `list` (ordered) or None (never compared).
    to_api / from_api: user value -> API value, and back for diff and messages; to_api raises ValueError
      for bad input, which fails the task before any request, naming the option.
    secret: write-only (passwords): never read back, compared only under `update_password: always`.
    confirm: the API field that repeats the value (`password_confirmation`).
    create_only: sent in the create body only (the update body has no such field).
    update_only: never sent in the create body (the API documents it for updates only).
    billable: changing it is a paid change (403 hint without a billing profile).
    ref: a `Ref` (see _refs.py): the user names another resource, the API wants its code.
    option: False for an API field the module computes (no Ansible option).
    max_length: most characters of a string value (each string of a list), checked before `to_api`; default MAX_TEXT.
    max_items: most items of a list value, checked before `to_api`, or None.
    answer_only: documented in the API's answers but not among the fields a request takes: compared like the
      others (so an `_info` result feeds back), and a task that would change it fails before any request.
    """

    is_field = True

    def __init__(self, type="str", api=None, compare="scalar", to_api=None, from_api=None, secret=False,
                 confirm=None, create_only=False, update_only=False, billable=False, ref=None, option=True,
                 item=True, max_length=MAX_TEXT, max_items=None, answer_only=False, **kwargs):
        if secret:
            kwargs["no_log"] = True
        super(Field, self).__init__(type=type, item=item, **kwargs)
        self.api = api
        self.compare = compare
        self.to_api = to_api
        self.from_api = from_api
        self.secret = secret
        self.confirm = confirm
        self.create_only = create_only
        self.update_only = update_only
        self.billable = billable
        self.ref = ref
        self.option = option
        self.max_length = max_length
        self.max_items = max_items
        self.answer_only = answer_only

    def check_size(self, value):
        """Refuse a list longer than `max_items` and a string longer than `max_length` (ValueError, before any request)."""
        if isinstance(value, list) and self.max_items is not None and len(value) > self.max_items:
            raise ValueError("has %d items; at most %d are allowed" % (len(value), self.max_items))
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, str) and self.max_length is not None and len(item) > self.max_length:
                raise ValueError("is %d characters long; at most %d are allowed (shorten it)" % (len(item), self.max_length))


def derive_argspec(fields, list_option=None, list_extra=None):
    """The argument spec of a module from its declarations (connection options are added by the caller).

    With `list_option`, the option of the list mode gets the item spec: every field and `item=True` option,
    without defaults (items inherit the task's values), plus `list_extra` (item-only options).
    """
    spec = {}
    for name, opt in fields.items():
        if not getattr(opt, "option", True):
            continue
        spec[name] = opt.argspec(name)
    if list_option:
        items = dict((name, opt.argspec(name, in_item=True)) for name, opt in fields.items()
                     if opt.item and getattr(opt, "option", True))
        for name, opt in (list_extra or {}).items():
            items[name] = opt.argspec(name, in_item=True)
        spec[list_option] = {"type": "list", "elements": "dict", "options": items}
    return spec


# ----------------------------------------------------------------------------------------- the reverse view
def option_view(fields, obj, names=None):
    """An API object as the module's own options, in the units the module takes (the reverse of `to_api`), so an
    `_info` item can be fed back into its module with no change.

    A field gives `from_api(obj[api])` (sizes as `5G`, inverted flags, names of enumerations) or the API value as
    it is; an option with `read` gives `read(obj)`; a reference gives the names its codes have in `names`
    ({option: {code as text: name}}). Left out: secrets, computed fields (`option=False`), references without names, and
    null values (not set).
    """
    view = {}
    names = names or {}
    for name in viewable(fields):
        opt = fields[name]
        if opt.read is not None:
            value = opt.read(obj)
        elif opt.ref is not None and name not in names:
            continue
        elif opt.ref is not None:
            codes = obj.get(opt.api or name)
            value = None if codes is None else [names[name].get(str(code), code) for code in codes]
        else:
            value = obj.get(opt.api or name)
            if value is not None and opt.from_api is not None:
                value = opt.from_api(value)
        if value is not None:
            view[name] = value
    return view


def viewable(fields):
    """The options `option_view` can give: declared with `read`, or non-secret fields the user sets."""
    return [name for name, opt in fields.items()
            if opt.read is not None or (opt.is_field and not opt.secret and opt.option and getattr(opt.ref, "parent", None) is None)]


def status_state(obj):
    """`state` of a module with enabled/disabled states: the status when it is one of them, else `present`."""
    return obj.get("status") if obj.get("status") in ("enabled", "disabled") else "present"


# ----------------------------------------------------------------------------------------- comparison
def same(compare, current, desired):
    """Whether the API value `current` already equals the wanted API value `desired` under a comparison kind."""
    if compare == "set":
        return set(_hashable(v) for v in (current or [])) == set(_hashable(v) for v in (desired or []))
    if compare == "list":
        return list(current or []) == list(desired or [])
    if current in (None, "") and desired in (None, ""):
        return True   # the API shows a removed string as null; a user removes it with ""
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
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    return value


def inverted(value):
    """For options such as `imap: true` stored by the API as `imap_disabled: false`."""
    return None if value is None else not value
