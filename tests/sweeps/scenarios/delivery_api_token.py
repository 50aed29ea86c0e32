# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_api_token."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import named

TOKENS = "/api/delivery/accounts/*/api_tokens"

SCENARIO = Scenario(
    name="delivery_api_token",
    kind="resource",
    seed={"delivery_accounts": [{"description": "Shop"}]},
    steps={
        "create": dict(account="Shop", label="ci", allow_nets=["127.0.0.1"]),
        "update": dict(account="Shop", label="ci", allow_nets=["127.0.0.1", "10.0.0.0/8"]),
        "regenerate": dict(account="Shop", label="ci", regenerate=True, token_file="{files}/send-token"),
        "delete": dict(account="Shop", label="ci", state="absent"),
    },
    triggers=["regenerate"],
    ops=[
        Op("find", "update", "GET", TOKENS),
        Op("create", "create", "POST", TOKENS, write=True, idempotent=False, reveals="token"),
        Op("update", "update", "PUT", TOKENS + "/*", write=True),
        Op("secret", "regenerate", "POST", TOKENS, write=True, idempotent=False, reveals="token_file"),
        Op("delete", "delete", "DELETE", TOKENS + "/*", write=True),
    ],
    bad=[
        Bad(dict(allow_nets=["nowhere"]), "allow_nets", base="create"),
        Bad(dict(token_file="/nonexistent-dir/token"), "token_file", base="create"),
        Bad(dict(label=" "), "label", base="create"),
        Bad(dict(label="x" * 300), "label", base="create"),
        Bad(dict(regenerate=True), "regenerate", base="delete"),
        Bad(dict(account=""), "account", base="create"),
    ],
    valid=[dict(base="update", allow_nets=[]), dict(base="create", account="1")],
    count=named("send_tokens", "label", "ci"),
)
