# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: notification settings of the authenticated user (GET/PUT /api/users/me/notifications)."""
from __future__ import annotations

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

PATH = "/api/users/me/notifications"
DEFAULTS = {"notification_url": None, "email_overquota_callback": False, "domain_create_callback": False,
            "notification_email": None}


def settings(sim, token=CUSTOMER_TOKEN):
    reply = sim.api("GET", PATH, token=token)
    assert reply.status == 200 and reply.body["pagination"] == {}
    return reply.body["resources"][0]


def errors(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def test_defaults_and_partial_updates(sim):
    assert settings(sim) == DEFAULTS
    reply = sim.api("PUT", PATH, {"notification_url": "https://hooks.example.com/qbx", "email_overquota_callback": True},
                    token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    assert settings(sim) == dict(DEFAULTS, notification_url="https://hooks.example.com/qbx", email_overquota_callback=True)
    # omitted fields keep their value; a callback can be enabled once a URL is saved
    assert sim.api("PUT", PATH, {"domain_create_callback": True, "notification_email": "ops@example.com"},
                   token=CUSTOMER_TOKEN).status == 204
    assert settings(sim) == {"notification_url": "https://hooks.example.com/qbx", "email_overquota_callback": True,
                             "domain_create_callback": True, "notification_email": "ops@example.com"}
    # turning every action off keeps the URL and the e-mail
    sim.api("PUT", PATH, {"domain_create_callback": False, "email_overquota_callback": False}, token=CUSTOMER_TOKEN)
    assert settings(sim)["notification_url"] == "https://hooks.example.com/qbx"
    assert sim.api("PUT", PATH, {"notification_email": ""}, token=CUSTOMER_TOKEN).status == 204
    assert settings(sim)["notification_email"] is None


def test_validation(sim):
    assert errors(sim.api("PUT", PATH, {"domain_create_callback": True}, token=CUSTOMER_TOKEN)) == {
        "notification_url": "is required when a callback is enabled"}
    assert errors(sim.api("PUT", PATH, {"notification_url": "http://hooks.example.com", "notification_email": "nope",
                                        "email_overquota_callback": "yes"}, token=CUSTOMER_TOKEN)) == {
        "notification_url": "is not valid", "notification_email": "is not valid", "email_overquota_callback": "is not valid"}
    assert settings(sim) == DEFAULTS


def test_settings_belong_to_the_user_behind_the_token(sim):
    sim.api("PUT", PATH, {"notification_email": "customer@example.com"}, token=CUSTOMER_TOKEN)
    sim.api("PUT", PATH, {"notification_email": "manager@example.com"}, token="qbx-manager-dev-token")
    assert settings(sim)["notification_email"] == "customer@example.com"
    assert settings(sim, "qbx-manager-dev-token")["notification_email"] == "manager@example.com"
    assert settings(sim, "qbx-team-dev-token")["notification_email"] is None
    assert settings(sim, NOBILLING_TOKEN) == settings(sim, ADMIN_TOKEN) == DEFAULTS
    assert sim.api("GET", PATH, token=None).status == 401
