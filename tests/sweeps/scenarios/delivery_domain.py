# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.delivery_domain."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario
from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenarios._common import named

DOMAINS = "/api/delivery/domains"

SCENARIO = Scenario(
    name="delivery_domain",
    kind="resource",
    steps={
        "create": dict(name="mail.example.com"),
        "verify": dict(name="mail.example.com", verify=True),   # records unpublished: warns, goes on, a change
        "disable": dict(name="mail.example.com", state="disabled"),
        "enable": dict(name="mail.example.com", state="enabled"),
        "delete": dict(name="mail.example.com", state="absent"),
    },
    ops=[
        Op("find", "disable", "GET", DOMAINS),
        Op("create", "create", "POST", DOMAINS, write=True, idempotent=False),
        Op("status", "disable", "PUT", DOMAINS + "/*/status", write=True),
        Op("delete", "delete", "DELETE", DOMAINS + "/*", write=True),
    ],
    bad=[
        Bad(dict(name="mail..example.com"), "name", base="create"),
        Bad(dict(name="mail.example.com?x=1"), "name", base="create"),
        Bad(dict(verify=True), "verify", base="delete"),
        Bad(dict(wait_timeout="soon"), "wait_timeout", base="create"),
        Bad(dict(state="verified"), "state", base="create"),
        Bad(dict(wait_for_verification=True), "wait_for_verification", base="create"),
    ],
    triggers=["verify"],
    valid=[dict(base="create", name="MAIL.example.com.")],
    count=named("delivery_domains", "name", "mail.example.com"),
)
