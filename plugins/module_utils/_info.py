# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the base of `_info` modules (reads only, never a write).

A module declares its options, the item and list paths, the natural key, the code format, the options
passed as server-side filters and, where the objects live under another one, the parent reference. The
base reads one object by code, the objects matching the key exactly (one filtered list call), or the
filtered list page by page at the largest page size.

A module with a writing module declares that module's options (`view`, the same declarations the writing module
uses); every item then gains `options`: the object as that module's options, in its units (`_spec.option_view`),
to feed back into it. A module whose objects no module writes leaves `view` None (and says so in its docs).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import option_view, viewable
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import Task


class InfoModule(Task):
    """Base of `_info` modules."""

    name = "resources"          # result key (plural)
    list_path = None            # templates: {parent} the parent's code, {code} the object's
    item_path = None
    code_option = "code"        # option holding the object's code (read with one GET)
    key = None                  # option holding the natural key ...
    key_field = None            # ... and the API field that must equal it
    filters = {}                # option -> query parameter sent with list calls
    local_filters = {}          # option -> API field compared here (the list documents no such filter)
    parent = None               # Ref of the parent, named by `parent_option`
    parent_option = None
    view = None                 # the writing module's option declarations (None: no module writes these objects)
    context = None              # options of the view copied from the task (default: the parent option)

    def __init__(self, ctx):
        self.ctx = ctx
        self.params = ctx.params
        self.wanted = self.values(self.fields, self.params)
        self.parent_code = None

    @classmethod
    def execute(cls, ctx):
        info = cls(ctx)
        items = [info.with_options(info.transform(obj)) for obj in info.read()]
        out = {"changed": False, cls.name: [scrub(obj) for obj in items]}
        out.update(info.extra_result(items))
        return out

    def path(self, template, **values):
        return path(template, parent=self.parent_code, **values)

    def read(self):
        if self.parent is not None:
            found = resolve(self.ctx, self.parent, self.params.get(self.parent_option), self.parent_option)
            self.parent_code = found[self.parent.code_field]
            if self.parent_code == PENDING:
                return []
        client = self.ctx.client
        if self.wanted.get(self.code_option) is not None:
            found = client.get_one(self.path(self.item_path, code=self.wanted[self.code_option]))
            return [found] if found else []
        filters = dict((query, self.wanted[option]) for option, query in self.filters.items()
                       if self.wanted.get(option) is not None)
        if self.key and self.wanted.get(self.key) is not None:
            filters.pop("query", None)
            found = client.find(self.path(self.list_path), self.key_field, self.wanted[self.key], filters)
        else:
            found = client.paginate(self.path(self.list_path), filters)
        local = dict((field, self.wanted[option]) for option, field in self.local_filters.items()
                     if self.wanted.get(option) is not None)
        return [obj for obj in found if all(obj.get(field) == value for field, value in local.items())]

    def transform(self, obj):
        """One object as returned (e.g. a status name or DNS records added)."""
        return obj

    def with_options(self, obj):
        """The object with `options`: what its module takes to leave it as it is (the parent named as the task did)."""
        if self.view is None:
            return obj
        options = option_view(self.view, obj, self.ref_names())
        for option in self.context_options():
            if self.params.get(option) is not None:
                options[option] = self.params[option]
        return dict(obj, options=options)

    @classmethod
    def context_options(cls):
        return [o for o in (cls.context if cls.context is not None else (cls.parent_option,)) if o in cls.view]

    @classmethod
    def option_keys(cls):
        """The keys `options` can have (documented in each module's RETURN, tests/tools/info_options_doc.py)."""
        keys = viewable(cls.view)
        return keys + [o for o in cls.context_options() if o not in keys]

    def ref_names(self):
        """{option: {code: name}} of the view's references (one list read per reference and task)."""
        if getattr(self, "_names", None) is None:
            self._names = {}
            for option, field in self.view.items():
                ref = getattr(field, "ref", None)
                if ref is not None and ref.parent is None:
                    found = self.ctx.client.paginate(ref.list_path)
                    self._names[option] = dict((str(obj.get(ref.code_field)), obj.get(ref.key_field)) for obj in found)
        return self._names

    def extra_result(self, items):
        """Result keys beside the list."""
        return {}
