# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.domain_alias_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DOMAIN

SCENARIO = Scenario(
    name="domain_alias_info",
    kind="info",
    seed={"domains": [DOMAIN]},
    setup=[("domain_alias", dict(name="example.net", domain="example.com"))],
    steps={"one": dict(domain="example.com", name="example.net"), "all": dict(domain="example.com")},
    ops=[Op("find", "one", "GET", "/api/domains/*/aliases"), Op("list", "all", "GET", "/api/domains/*/aliases")],
    bad=[Bad(dict(code="AD1"), "code", base="all"), Bad(dict(name="bad name"), "name", base="one")],
    valid=[dict(base="one", name="EXAMPLE.net")],
)
