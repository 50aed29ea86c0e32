# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_account_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="delivery_account_info",
    kind="info",
    seed={"delivery_accounts": [{"description": "Shop"}, {"description": "News", "type": "newsletter"}]},
    steps={"one": dict(description="Shop"), "all": dict(type="newsletter")},
    ops=[Op("find", "one", "GET", "/api/delivery/accounts"), Op("list", "all", "GET", "/api/delivery/accounts")],
    bad=[Bad(dict(id=-3), "id", base="all"), Bad(dict(status="sleeping"), "status", base="all"),
         Bad(dict(description=""), "description", base="one"), Bad(dict(ids=[1, -2]), "ids", base="all"),
         Bad(dict(plan_messages_from=10, plan_messages_to=5), "plan_messages_from", base="all"),
         Bad(dict(plan_messages_to=-1), "plan_messages_to", base="all")],
    valid=[dict(base="all", id=1)],
)
