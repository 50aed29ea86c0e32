# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_domain_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DELIVERY_DOMAIN

SCENARIO = Scenario(
    name="delivery_domain_info",
    kind="info",
    seed={"delivery_domains": [DELIVERY_DOMAIN]},
    steps={"one": dict(name="mail.example.com"), "all": dict(status="enabled")},
    ops=[Op("find", "one", "GET", "/api/delivery/domains"), Op("list", "all", "GET", "/api/delivery/domains")],
    bad=[Bad(dict(code="../accounts"), "code", base="all"), Bad(dict(status="fine"), "status", base="all"),
         Bad(dict(name="bad/name"), "name", base="one")],
    valid=[dict(base="one", name="Mail.Example.com")],
)
