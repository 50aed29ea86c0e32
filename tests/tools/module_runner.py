# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a module's main() in-process and get what it returned, for the unit tests and the sweeps.

    capture_exits(monkeypatch)                        # once per test: exit_json / fail_json raise ModuleDone
    result, failed = call_main(module.main, args, check_mode=False, diff=False)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils import basic
from ansible.module_utils.common import warnings

from ansible_collections.qboxmail.qboxmail.tests.tools.core_compat import patch_module_args


class ModuleDone(Exception):
    """Raised by the patched exit_json / fail_json; args: (result, failed)."""


def capture_exits(monkeypatch):
    """Make exit_json / fail_json raise ModuleDone with the result and, as ansible-core adds on the way out, the
    warnings the module gave (module.warn()) under `warnings`."""
    def leave(failed):
        def done(self, **kwargs):
            found = list(warnings.get_warning_messages())
            warnings._global_warnings.clear()  # pylint: disable=protected-access
            raise ModuleDone(dict(kwargs, warnings=found) if found else kwargs, failed)
        return done
    monkeypatch.setattr(basic.AnsibleModule, "exit_json", leave(False))
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", leave(True))


def call_main(main, args, check_mode=False, diff=False):
    """(result, failed) of main() run with `args` (capture_exits first); any other exception propagates."""
    full = dict(args)
    if check_mode:
        full["_ansible_check_mode"] = True
    if diff:
        full["_ansible_diff"] = True
    with patch_module_args(full):
        try:
            main()
        except ModuleDone as done:
            return done.args[0], done.args[1]
    raise AssertionError("the module returned without exit_json or fail_json")
