# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fixtures for the simulator tests: one threaded simulator per session, reset before every test."""
from __future__ import annotations

import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.simulator.testing import CUSTOMER_TOKEN, running_simulator  # noqa: E402 pylint: disable=wrong-import-position

PASSWORD = "Secret123"


@pytest.fixture(scope="session")
def sim_server():
    """A simulator in production mode with a 0.2 s async delay (long enough to see the in-progress states on a
    loaded machine), for the whole session."""
    with running_simulator(mode="production", async_delay=0.2) as sim:
        yield sim


@pytest.fixture
def sim(sim_server):
    """The session simulator, reset (state, log, DNS, faults, settings) before the test."""
    sim_server.reset()
    return sim_server


@pytest.fixture
def make_domain(sim):
    """Create a domain through the API and return its code: ``make_domain("a.com", token=..., **fields)``."""
    def create(name: str = "example.com", token: str = CUSTOMER_TOKEN, **fields) -> str:
        body = {"name": name, "postmaster_password": PASSWORD, "postmaster_password_confirmation": PASSWORD}
        body.update(fields)
        reply = sim.api("POST", "/api/domains", body, token=token)
        assert reply.status == 200, reply
        return reply.body["resource_code"]
    return create
