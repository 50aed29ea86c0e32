# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.domain_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import DOMAIN

SCENARIO = Scenario(
    name="domain_info",
    kind="info",
    seed={"domains": [DOMAIN, dict(DOMAIN, name="other.example.com")]},
    steps={"by_name": dict(name="example.com"), "all": dict(query="example"), "by_code": dict(code="D000000001")},
    ops=[Op("find", "by_name", "GET", "/api/domains"), Op("list", "all", "GET", "/api/domains")],
    bad=[
        Bad(dict(code="../delivery/accounts"), "code", base="by_name"),
        Bad(dict(code="D12345?status=all"), "code", base="all"),
        Bad(dict(code="D1234567890"), "code", base="all"),
        Bad(dict(name="not a domain"), "name", base="by_name"),
        Bad(dict(pick=[]), "pick", base="all"), Bad(dict(only=["name,status"]), "only", base="all"),
        Bad(dict(pick=["name"]), "pick", base="by_code"),
        Bad(dict(name="example.com", code="D123456789"), "name", base="all"),
    ],
    valid=[dict(base="by_code", code="D123456789"), dict(base="by_name", name="EXAMPLE.com")],
)
