# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Defects make examples found in the modules (tests/examples/)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.modules import csv_import, migration


@pytest.mark.parametrize("module", [csv_import, migration])
@pytest.mark.parametrize("value", [None, ""])
def test_an_empty_code_fails_naming_code(run_module, sim, module, value):
    """csv_import EXAMPLES in --check: `code: "{{ qbx_import.imports[0].code }}"` of a predicted import was null, and
    the task failed with the message `None` (a KeyError on the missing type)."""
    result, failed = run_module(module.main, dict(code=value, state="absent"), check_mode=True)
    assert failed and result["msg"].startswith("code is empty"), result
    assert sim.requests(write=True) == []
