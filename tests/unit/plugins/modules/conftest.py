# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fixtures to run a module's main() in-process against the simulator running in a thread."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator
from ansible_collections.qboxmail.qboxmail.tests.tools.module_runner import call_main, capture_exits

CUSTOMER_TOKEN = "qbx-customer-dev-token"


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
    capture_exits(monkeypatch)

    def run(main, args, check_mode=False, diff=False):
        full = dict(api_url=sim.url, api_token=CUSTOMER_TOKEN, retries=1)
        full.update(args)
        return call_main(main, full, check_mode=check_mode, diff=diff)

    return run
