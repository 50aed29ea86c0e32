# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.team_member."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SECRET = "Sw33p-member-pw\n"      # distinctive; the trailing newline is part of the secret sweep
ITEM = "/api/team_members/*"

SCENARIO = Scenario(
    name="team_member",
    kind="resource",
    steps={
        "create": dict(email="helpdesk@example.com", firstname="Grace", lastname="Hopper", password=SECRET,
                       permissions=["api_access", "domains_view", "accounts_view"]),
        "update": dict(email="helpdesk@example.com", permissions=["api_access", "accounts_view", "accounts_edit",
                                                                  "passwords_change"]),
        "password": dict(email="helpdesk@example.com", password=SECRET, update_password="always"),
        "disable": dict(email="helpdesk@example.com", state="disabled"),
        "delete": dict(email="helpdesk@example.com", state="absent"),
    },
    ops=[
        Op("find", "update", "GET", "/api/team_members"),
        Op("create", "create", "POST", "/api/team_members", write=True, idempotent=False),
        Op("update", "update", "PUT", ITEM, write=True),
        Op("secret", "password", "PUT", ITEM, write=True),
        Op("status", "disable", "PUT", ITEM + "/status", write=True),
        Op("delete", "delete", "DELETE", ITEM, write=True),
    ],
    secrets=[SECRET],
    triggers=["password"],
    bad=[
        Bad(dict(permissions=["api_access", "domain_view"]), "permissions", base="create"),
        Bad(dict(permissions=["ADMIN"]), "permissions", base="update"),
        Bad(dict(password="short1"), "password", base="create"),
        Bad(dict(email="helpdesk@"), "email", base="create"),
        Bad(dict(state="deleted"), "state", base="update"),
        Bad(dict(lastname=None), "lastname", base="create", reads=True, note="required to create"),
    ],
    valid=[
        dict(base="update", permissions=[]),
        dict(base="update", permissions=["api_access", "api_access", "logs"]),
        dict(base="create", email="o'brien+desk@example.com"),
    ],
    count=lambda sim: sum(1 for m in sim.state("team_members") if m["email_address"] == "helpdesk@example.com"),
)
