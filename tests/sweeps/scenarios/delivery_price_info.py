# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_price_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="delivery_price_info",
    kind="info",
    steps={
        "all": dict(),
        "monthly": dict(type="monthly", billing_cycle="monthly"),
        "page": dict(pricing_page=True),
    },
    ops=[
        Op("list", "all", "GET", "/api/delivery/prices"),
        Op("page", "page", "GET", "/api/delivery/prices/page"),
    ],
    bad=[Bad(dict(pricing_page="perhaps"), "pricing_page", base="page")],
    valid=[dict(base="monthly", type="nothing-like-this")],
)
