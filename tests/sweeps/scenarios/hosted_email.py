# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of the role qboxmail.qboxmail.hosted_email (secret, idempotency and check-mode sweeps)."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Scenario

SECRET = "Sw33p-role-postmaster-3"
BOX_SECRET = "Sw33p-role-box-4"

SCENARIO = Scenario(
    name="hosted_email",
    kind="role",
    steps={"converge": dict(
        hosted_email_domain="role.example.com", hosted_email_postmaster_password=SECRET,
        hosted_email_ownership_method="dns_sync", hosted_email_dkim="enabled",
        hosted_email_mailboxes=[dict(name="alice", firstname="Alice", password=BOX_SECRET)],
        hosted_email_aliases=[dict(name="info", destinations=["alice@role.example.com"])])},
    secrets=[SECRET, BOX_SECRET],
)
