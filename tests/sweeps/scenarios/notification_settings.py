# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.notification_settings."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

PATH = "/api/users/me/notifications"

SCENARIO = Scenario(
    name="notification_settings",
    kind="resource",
    steps={
        "webhook": dict(notification_url="https://hooks.example.com/qbx", email_overquota_callback=True,
                        domain_create_callback=True),
        "email": dict(notification_email="desk@example.com"),
        "off": dict(email_overquota_callback=False, notification_email=""),
    },
    ops=[
        Op("find", "email", "GET", PATH),
        Op("update", "webhook", "PUT", PATH, write=True),
    ],
    bad=[
        Bad(dict(notification_url="http://hooks.example.com/qbx"), "notification_url", base="webhook"),
        Bad(dict(notification_url="hooks.example.com"), "notification_url", base="webhook"),
        Bad(dict(notification_email="desk"), "notification_email", base="email"),
        Bad(dict(email_overquota_callback="sometimes"), "email_overquota_callback", base="webhook"),
        Bad(dict(notification_url="", domain_create_callback=True), "notification_url", base="webhook", reads=True,
            note="a callback needs a saved URL"),
    ],
    valid=[dict(base="email", notification_email=""), dict(base="webhook", notification_url="https://h.example.com:8443/x?y=1")],
    notes="Where the API has no read (GET 404/405) the module applies and reports a change: idempotent partial.",
)
