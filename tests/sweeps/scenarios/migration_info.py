# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.migration_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.migration import SCENARIO as MIGRATION

SCENARIO = Scenario(
    name="migration_info",
    kind="info",
    seed=MIGRATION.seed,
    setup=[("migration", MIGRATION.steps["create"])],
    steps={
        "details": dict(query="ansible-", include=["stats", "runs", "resources", "logs"]),
        "failed": dict(status="completed", include=["logs"], resource_status="failed"),
        "extras": dict(presets=True, service_status=True),
    },
    ops=[
        Op("list", "details", "GET", "/api/migrations"),
        Op("stats", "details", "GET", "/api/migrations/*/stats"),
        Op("runs", "details", "GET", "/api/migrations/*/runs/*"),
        Op("resources", "details", "GET", "/api/migrations/*/resources"),
        Op("log", "details", "GET", "/api/migrations/*/resources/*/log"),
        Op("presets", "extras", "GET", "/api/migrations/presets"),
        Op("service", "extras", "GET", "/api/migrations/status"),
    ],
    secrets=MIGRATION.secrets,
    bad=[
        Bad(dict(code="MG1"), "code", base="extras"),
        Bad(dict(status="paused"), "status", base="details"),
        Bad(dict(include=["everything"]), "include", base="details"),
        Bad(dict(resource_status="ok"), "resource_status", base="failed"),
    ],
    valid=[dict(base="details", code="MG00000000", query=None), dict(base="extras", include=["stats"])],
)
