# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The RETURN entry of an `_info` item's `options`, generated from the writing module's declarations (the view's
keys are the ones `InfoModule.option_keys` gives). RETURN takes no doc fragments, so this writes the text into each module;
tests/unit/plugins/modules/test_info_feedback.py checks it is in sync.

    python -m tests.tools.info_options_doc          (from the collection root in an ansible_collections tree)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import re
import textwrap

PACKAGE = "ansible_collections.qboxmail.qboxmail.plugins.modules."
MARK = "    options:\n      description:\n        - The object as the options of "


def info_modules():
    """{_info module name: (its module object, its class, the writing module)} of every `_info` module with a view."""
    import pkgutil
    from ansible_collections.qboxmail.qboxmail.plugins import modules
    out = {}
    for found in pkgutil.iter_modules(modules.__path__):
        if not found.name.endswith("_info"):
            continue
        mod = importlib.import_module(PACKAGE + found.name)
        for value in vars(mod).values():
            if isinstance(value, type) and getattr(value, "view", None) is not None and value.__module__ == mod.__name__:
                out[found.name] = (mod, value, found.name[:-len("_info")])
    return out


def entry(cls, writer):
    keys = ", ".join("C(%s)" % k for k in cls.option_keys())
    text = ("The object as the options of M(qboxmail.qboxmail.%s), in its units (sizes like V(5G), names instead of "
            "codes), without secrets; fed back into that module, it leaves the object as it is." % writer)
    lines = ["    options:", "      description:"]
    for para in (text, "Its keys, each where the object has a value, are %s." % keys):
        wrapped = textwrap.wrap(para, 104)
        lines.append("        - " + wrapped[0])
        lines.extend("          " + rest for rest in wrapped[1:])
    lines += ["      type: dict", "      returned: always", ""]
    return "\n".join(lines)


def documented_keys(doc):
    """The keys the RETURN text of a module lists for `options`."""
    start = doc.index(MARK)
    block = doc[start:doc.index("      type: dict", start)]
    return re.findall(r"C\((\w+)\)", block.split("Its keys, each", 1)[1])


def update(path, cls, writer, key):
    """Write (or rewrite) the entry into the RETURN block of `key`, the list the items are in."""
    with open(path) as handle:
        text = handle.read()
    new = entry(cls, writer)
    if MARK in text:
        start = text.index(MARK)
        end = text.index("      returned: always\n", start) + len("      returned: always\n")
        text = text[:start] + new + text[end:]
    else:
        ret = text.index('RETURN = r"""\n')
        top = text.index("\n%s:\n" % key, ret) + 1
        nxt = re.compile(r"^\S", re.M).search(text, text.index("\n", top) + 1).start()
        block = text[top:nxt]
        if "\n  contains:\n" in block:
            at = top + block.index("\n  contains:\n") + len("\n  contains:\n")
            text = text[:at] + new + text[at:]
        else:
            text = text[:nxt] + "  contains:\n" + new + text[nxt:]
    with open(path, "w") as handle:
        handle.write(text)


def main():
    for name, (mod, cls, writer) in sorted(info_modules().items()):
        update(mod.__file__, cls, writer, cls.name)


if __name__ == "__main__":
    main()
