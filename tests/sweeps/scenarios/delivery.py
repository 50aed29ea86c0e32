# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of the role qboxmail.qboxmail.delivery (secret, idempotency and check-mode sweeps)."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Scenario

SCENARIO = Scenario(
    name="delivery",
    kind="role",
    steps={"converge": dict(delivery_domains=["mail.role.example.com"], delivery_account_description="Role shop",
                            delivery_account_type="transactional", delivery_token_label="role",
                            delivery_token_file="{files}/role-send-token")},
    reveals=["token_file"],
)
