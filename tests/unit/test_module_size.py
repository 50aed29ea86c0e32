# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The eight resource modules stay small: what they need beyond a declaration belongs in the base."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pathlib

from ansible_collections.qboxmail.qboxmail.tests.tools.module_size import code_lines

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCES = ("domain", "mailbox", "alias", "domain_alias", "delivery_domain", "delivery_account", "delivery_api_token",
             "suppression")


def test_the_eight_resource_modules_hold_at_most_800_code_lines():
    sizes = dict((name, code_lines((ROOT / "plugins" / "modules" / (name + ".py")).read_text())) for name in RESOURCES)
    assert sum(sizes.values()) <= 800, sizes


def test_the_counter_skips_docs_docstrings_and_comments():
    source = 'DOCUMENTATION = r"""\\na: 1\\n"""\n\n\ndef f():\n    """Doc."""\n    # note\n    return 1\n'
    assert code_lines(source) == 2
