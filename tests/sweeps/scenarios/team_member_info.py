# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.team_member_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="team_member_info",
    kind="info",
    seed={"team_members": [{"code": "T200000001", "email_address": "desk@example.com", "permissions": ["api_access"]},
                           {"code": "T200000002", "email_address": "ops@example.com", "status": "disabled"}]},
    steps={
        "by_email": dict(email="desk@example.com"),
        "by_code": dict(code="T200000002"),
        "list": dict(status="enabled"),
    },
    ops=[
        Op("find", "by_email", "GET", "/api/team_members"),
        Op("get", "by_code", "GET", "/api/team_members/*"),
        Op("list", "list", "GET", "/api/team_members"),
    ],
    bad=[
        Bad(dict(code="T12"), "code", base="by_code"),
        Bad(dict(code="T200000002/x"), "code", base="by_code"),
        Bad(dict(status="gone"), "status", base="list"),
    ],
    valid=[dict(base="list", status="all", query="example")],
)
