# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of the role qboxmail.qboxmail.delivery (secret, idempotency and check-mode sweeps).

Without a token file the role keeps the new Send API token in a no_log fact: the secret sweep also searches the
output for the tokens the simulator created.
"""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Scenario

SCENARIO = Scenario(
    name="delivery",
    kind="role",
    steps={"converge": dict(delivery_domains=["mail.role.example.com", "news.role.example.com"],
                            delivery_account_description="Role shop", delivery_account_type="transactional",
                            delivery_token_label="role")},
)
