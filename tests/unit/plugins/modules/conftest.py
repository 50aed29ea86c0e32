# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures to run a module's main() in-process against the simulator running in a thread."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible.module_utils import basic
from ansible.module_utils.common import warnings
from ansible.module_utils.testing import patch_module_args

from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator

CUSTOMER_TOKEN = "qbx-customer-dev-token"


class ModuleExit(Exception):
    pass


class ModuleFail(Exception):
    pass


@pytest.fixture(scope="session")
def simulator():
    with running_simulator(mode="production", async_delay=0.05) as sim:
        yield sim


@pytest.fixture
def sim(simulator):
    simulator.reset()
    return simulator


@pytest.fixture
def run_module(monkeypatch, sim):
    """run_module(main, args, check_mode=False, diff=False) -> (result, failed)."""

    def with_warnings(kwargs):
        """What ansible-core adds on the way out: the warnings the module gave with module.warn()."""
        found = list(warnings.get_warning_messages())
        warnings._global_warnings.clear()  # pylint: disable=protected-access
        return dict(kwargs, warnings=found) if found else kwargs

    def exit_json(self, **kwargs):
        raise ModuleExit(with_warnings(kwargs))

    def fail_json(self, **kwargs):
        raise ModuleFail(with_warnings(kwargs))

    monkeypatch.setattr(basic.AnsibleModule, "exit_json", exit_json)
    monkeypatch.setattr(basic.AnsibleModule, "fail_json", fail_json)

    def run(main, args, check_mode=False, diff=False):
        full = dict(api_url=sim.url, api_token=CUSTOMER_TOKEN, retries=1)
        full.update(args)
        if check_mode:
            full["_ansible_check_mode"] = True
        if diff:
            full["_ansible_diff"] = True
        with patch_module_args(full):
            try:
                main()
            except ModuleExit as done:
                return done.args[0], False
            except ModuleFail as failed:
                return failed.args[0], True
        raise AssertionError("the module returned without exit_json or fail_json")

    return run
