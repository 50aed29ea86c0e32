# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.csv_import_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios.csv_import import SCENARIO as IMPORT

SCENARIO = Scenario(
    name="csv_import_info",
    kind="info",
    seed=IMPORT.seed,
    setup=[("csv_import", IMPORT.steps["create"])],
    steps={
        "list": dict(status="valid", type="email_accounts", resources=True),
        "invalid_rows": dict(query="ansible-", resources=True, resource_status="invalid"),
    },
    ops=[
        Op("list", "list", "GET", "/api/imports"),
        Op("resources", "list", "GET", "/api/imports/*/resources"),
    ],
    secrets=IMPORT.secrets,
    bad=[
        Bad(dict(code="I12"), "code", base="invalid_rows"),
        Bad(dict(status="done"), "status", base="list"),
        Bad(dict(type="contacts"), "type", base="list"),
        Bad(dict(resource_status="skipped"), "resource_status", base="invalid_rows"),
    ],
    valid=[dict(base="list", code="I000000000", status=None)],
)
