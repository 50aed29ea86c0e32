# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""What the tests need from ansible-core that 2.16 (the oldest in requires_ansible) lacks, in one place.

    patch_module_args(args)   context manager: AnsibleModule() in it reads `args` (2.19+: ansible-core's own)
    controller_flag           has the attribute is_controller (2.19+: ansible.module_utils._internal; older: a stand-in,
                              since those cores have no process-wide controller flag to save and restore)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

__all__ = ("NATIVE_TEMPLATES", "controller_flag", "patch_module_args")

import contextlib
import json
import types
from unittest import mock

from ansible.module_utils import basic
from ansible.module_utils.ansible_release import __version__ as CORE_VERSION

try:
    from ansible.module_utils.testing import patch_module_args
except ImportError:  # ansible-core < 2.19: feed the arguments the way AnsiballZ does
    @contextlib.contextmanager
    def patch_module_args(args):
        """ansible-core 2.16-2.18: AnsibleModule reads its arguments from basic._ANSIBLE_ARGS (JSON bytes)."""
        payload = json.dumps({"ANSIBLE_MODULE_ARGS": args}).encode("utf-8")
        with mock.patch.object(basic, "_ANSIBLE_ARGS", payload):
            yield

try:
    from ansible.module_utils import _internal as controller_flag
except ImportError:  # ansible-core < 2.19: warnings go the same way on the controller and in modules
    controller_flag = types.SimpleNamespace(is_controller=False)

# 2.19+ templates keep native types (compose: `x // y` gives an int); older cores render plain strings unless
# ANSIBLE_JINJA2_NATIVE is set.
NATIVE_TEMPLATES = tuple(int(part) for part in CORE_VERSION.split(".")[:2]) >= (2, 19)
