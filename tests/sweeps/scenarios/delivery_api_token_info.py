# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_api_token_info."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SCENARIO = Scenario(
    name="delivery_api_token_info",
    kind="info",
    seed={"delivery_accounts": [{"description": "Shop"}], "send_tokens": [{"account_id": 1, "label": "ci"}]},
    steps={"all": dict(account="Shop"), "one": dict(account="1", label="ci")},
    ops=[Op("list", "all", "GET", "/api/delivery/accounts/*/api_tokens")],
    bad=[Bad(dict(label=""), "label", base="all"), Bad(dict(account=" "), "account", base="all")],
    valid=[dict(base="all", account="Nobody")],
)
