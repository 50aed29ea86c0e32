# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: authentication of both API families and customer scoping."""
from __future__ import annotations

import uuid

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

UNAUTHORIZED = {"message": "Unauthorized", "errors": []}
# Fixture format of the send_tokens seeder (resources/delivery_tokens.py): the plain value is ``token``.
SEND_TOKEN = {"account_id": 1, "token": "send-secret"}


def assert_send_error(body, status, error):
    """A Send API error body with a UUID request id."""
    assert set(body) == {"error_code", "message", "error", "request_id"}
    assert body["error_code"] == status
    assert body["error"] == error
    uuid.UUID(body["request_id"])


def test_management_requires_a_known_token(sim):
    for token in (None, "wrong"):
        reply = sim.api("GET", "/api/domains", token=token)
        assert (reply.status, reply.body) == (401, UNAUTHORIZED)
    for token in (ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN):
        assert sim.api("GET", "/api/domains", token=token).status == 200


def test_bearer_token_is_rejected_on_management_api(sim):
    sim.seed(send_tokens=[SEND_TOKEN])
    reply = sim.send("GET", "/api/domains", token="send-secret")
    assert (reply.status, reply.body) == (401, UNAUTHORIZED)
    reply = sim.send("GET", "/api/domains", token=ADMIN_TOKEN)
    assert reply.status == 401


def test_send_api_requires_a_send_token(sim):
    reply = sim.send("POST", "/v1/send", {"to": "a@example.com"})
    assert reply.status == 401
    assert_send_error(reply.body, 401, "unauthorized")
    assert reply.body["message"] == "Unauthorized"
    # A Management token, as Bearer or as X-Api-Token, is not a Send token.
    assert sim.send("POST", "/v1/send", {}, token=ADMIN_TOKEN).status == 401
    assert sim.api("POST", "/v1/send", {}, token=ADMIN_TOKEN).status == 401


def test_known_send_token_passes_auth(sim):
    sim.seed(send_tokens=[SEND_TOKEN])
    reply = sim.send("GET", "/v1/no-such-route", token="send-secret")
    assert reply.status == 404
    assert_send_error(reply.body, 404, "not_found")


def test_sandbox_has_no_send_api(sim):
    sim.reset(mode="sandbox")
    sim.seed(send_tokens=[SEND_TOKEN])
    for token in (None, "send-secret"):
        reply = sim.send("POST", "/v1/send", {}, token=token)
        assert reply.status == 404
        assert_send_error(reply.body, 404, "not_available")
        assert reply.body["message"] == "The Send API is not available in the sandbox"


def test_customers_see_only_their_domains(sim):
    codes = sim.seed(domains=[{"name": "mine.com", "customer_code": "C100000001"},
                              {"name": "theirs.com", "customer_code": "C100000002"}])["domains"]
    mine, theirs = codes
    names = [d["name"] for d in sim.api("GET", "/api/domains", token=CUSTOMER_TOKEN).body["resources"]]
    assert names == ["mine.com"]
    assert sim.api("GET", "/api/domains/" + theirs, token=CUSTOMER_TOKEN).body == {"message": "Not found", "errors": []}
    assert sim.api("GET", "/api/domains/" + theirs, token=CUSTOMER_TOKEN).status == 404
    assert sim.api("DELETE", "/api/domains/" + theirs, token=CUSTOMER_TOKEN).status == 404
    assert sim.api("GET", "/api/domains/" + mine, token=CUSTOMER_TOKEN).status == 200
    all_names = [d["name"] for d in sim.api("GET", "/api/domains").body["resources"]]
    assert all_names == ["mine.com", "theirs.com"]
    filtered = sim.api("GET", "/api/domains?customer_code=C100000002").body["resources"]
    assert [d["code"] for d in filtered] == [theirs]


def test_admin_create_needs_a_known_customer_code(sim):
    body = {"name": "admin.com", "postmaster_password": "Secret123", "postmaster_password_confirmation": "Secret123"}
    reply = sim.api("POST", "/api/domains", body)
    assert reply.status == 422
    assert {"field": "customer_code", "description": "is required"} in reply.body["errors"]
    reply = sim.api("POST", "/api/domains", dict(body, customer_code="C999999999"))
    assert {"field": "customer_code", "description": "is not valid"} in reply.body["errors"]
    reply = sim.api("POST", "/api/domains", dict(body, customer_code="C100000002"))
    assert reply.status == 200
    domain = sim.resource("/api/domains/" + reply.body["resource_code"])
    assert (domain["customer_code"], domain["customer_fullname"]) == ("C100000002", "No Billing Customer")


def test_reset_reseeds_credentials(sim):
    sim.seed(tokens=[{"token": "extra-token", "customer_code": "C100000001"}])
    assert sim.api("GET", "/api/domains", token="extra-token").status == 200
    sim.reset()
    assert sim.api("GET", "/api/domains", token="extra-token").status == 401
    assert sim.api("GET", "/api/domains", token=CUSTOMER_TOKEN).status == 200
