# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.manager_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="manager_info",
    kind="info",
    token="qbx-reseller-dev-token",
    seed={"managers": [{"code": "MN20000001", "email_address": "it@example.com", "firstname": "Ada"},
                       {"code": "MN20000002", "email_address": "ops@example.com", "status": "disabled"}]},
    steps={
        "by_email": dict(email="IT@example.com"),
        "by_code": dict(code="MN20000002"),
        "list": dict(status="disabled"),
        "search": dict(query="example.com"),
    },
    ops=[
        Op("find", "by_email", "GET", "/api/managers"),
        Op("get", "by_code", "GET", "/api/managers/*"),
        Op("list", "list", "GET", "/api/managers"),
    ],
    bad=[
        Bad(dict(code="M123"), "code", base="by_code"),
        Bad(dict(code="../MN20000001"), "code", base="by_code"),
        Bad(dict(email="not-an-address"), "email", base="by_email"),
    ],
    valid=[dict(base="list", status="all"), dict(base="search", query="nobody")],
)
