# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: undocumented request forms are refused unless their /_sim/gaps switch is on (tests/simulator/gaps.py)."""
from __future__ import annotations

import pytest

from tests.simulator.gaps import SWITCHES
from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN

RESELLER_TOKEN = "qbx-reseller-dev-token"
PASSWORD = "Passw0rd-Sim-1"


def refusal(reply, field):
    assert reply.status == 422, reply
    (error,) = reply.body["errors"]
    assert error["field"] == field and "simulator GAP switch" in error["description"], error
    return error["description"]


def test_switches_are_listed_off_and_reset_turns_them_off(sim):
    listed = sim.gaps()
    assert set(listed) == set(SWITCHES) and not any(row["allowed"] for row in listed.values())
    assert sim.gaps(domain_list_status=True)["domain_list_status"]["allowed"] is True
    sim.reset()
    assert sim.gaps()["domain_list_status"]["allowed"] is False
    for bad in ({"no_such_switch": True}, {"domain_list_status": "yes"}):
        assert sim.call("PUT", "/_sim/gaps", bad).status == 400


def test_domain_list_status_filter(sim, make_domain):
    make_domain("a.example.com", token=CUSTOMER_TOKEN)
    assert "domain_list_status" in refusal(sim.api("GET", "/api/domains?status=enabled", token=CUSTOMER_TOKEN), "status")
    assert sim.api("GET", "/api/domains?query=a.&per=100", token=CUSTOMER_TOKEN).status == 200
    sim.gaps(domain_list_status=True)
    assert sim.api("GET", "/api/domains?status=ownership_check", token=CUSTOMER_TOKEN).body["resources"]


def test_token_list_takes_no_parameters(sim):
    account = sim.api("POST", "/api/delivery/accounts", {"description": "Shop", "type": "transactional"},
                      token=CUSTOMER_TOKEN).body["resources"][0]
    path = "/api/delivery/accounts/%d/api_tokens" % account["id"]
    for query in ("?per=100", "?query=ci", "?page=2"):
        refusal(sim.api("GET", path + query, token=CUSTOMER_TOKEN), query[1:].split("=", maxsplit=1)[0])
    assert sim.api("GET", path, token=CUSTOMER_TOKEN).status == 200
    sim.gaps(token_list_params=True)
    assert sim.api("GET", path + "?per=100", token=CUSTOMER_TOKEN).status == 200


def test_delivery_account_plan_field(sim):
    account = sim.api("POST", "/api/delivery/accounts", {"description": "Shop", "type": "transactional",
                                                         "payment_method": "stripe"}, token=CUSTOMER_TOKEN).body["resources"][0]
    path = "/api/delivery/accounts/%d" % account["id"]
    refusal(sim.api("PUT", path, {"plan": "monthly", "volume": 1}, token=CUSTOMER_TOKEN), "plan")
    assert sim.resource(path, token=CUSTOMER_TOKEN)["plan"] == "free"
    sim.gaps(delivery_account_plan=True)
    assert sim.api("PUT", path, {"plan": "monthly", "volume": 1}, token=CUSTOMER_TOKEN).body["resources"][0]["plan"] == "monthly"


def test_manager_create_customer_code_query(sim):
    body = {"email_address": "m9@example.com", "firstname": "M", "lastname": "R", "password": PASSWORD,
            "password_confirmation": PASSWORD}
    refusal(sim.api("POST", "/api/managers?customer_code=C100000003", body, token=ADMIN_TOKEN), "customer_code")
    assert sim.api("POST", "/api/managers", body, token=RESELLER_TOKEN).status == 200


@pytest.fixture
def mailbox(sim, make_domain):
    code = make_domain("gaps.example.com", token=CUSTOMER_TOKEN)
    reply = sim.api("POST", "/api/domains/%s/email_accounts" % code, {
        "name": "ann", "firstname": "Ann", "password": PASSWORD, "password_confirmation": PASSWORD}, token=CUSTOMER_TOKEN)
    assert reply.status == 200, reply
    return reply.body["resource_code"]


def test_signature_default_replies_in_bodies(sim, mailbox):
    path = "/api/signatures/" + mailbox
    refusal(sim.api("POST", path, {"body": "A", "default_signature_replies": True}, token=CUSTOMER_TOKEN),
            "default_signature_replies")
    assert sim.api("POST", path, {"body": "A", "default_signature": True}, token=CUSTOMER_TOKEN).status == 200
    refusal(sim.api("PUT", path, {"default_signature_replies": True}, token=CUSTOMER_TOKEN), "default_signature_replies")
    sim.gaps(signature_default_replies=True)
    assert sim.api("POST", path, {"body": "B", "identity": "b@gaps.example.com", "default_signature_replies": True},
                   token=CUSTOMER_TOKEN).status == 200


def test_contact_birthday_in_bodies(sim, mailbox):
    book = sim.api("POST", "/api/addressbooks/" + mailbox, {"name": "Friends"}, token=CUSTOMER_TOKEN).body["resource_code"]
    path = "/api/addressbooks/%s/%s/contacts" % (mailbox, book)
    refusal(sim.api("POST", path, {"given_name": "Bo", "birthday": "1990-01-02"}, token=CUSTOMER_TOKEN), "birthday")
    uid = sim.api("POST", path, {"given_name": "Bo"}, token=CUSTOMER_TOKEN).body["resource_code"]
    refusal(sim.api("PUT", "%s/%s" % (path, uid), {"birthday": ""}, token=CUSTOMER_TOKEN), "birthday")
    sim.gaps(contact_birthday=True)
    assert sim.api("PUT", "%s/%s" % (path, uid), {"birthday": "1990-01-02"}, token=CUSTOMER_TOKEN).status == 204


def test_omit_dkim_status(sim, make_domain):
    code = make_domain("dkim.example.com", token=CUSTOMER_TOKEN)
    assert "dkim_status" in sim.resource("/api/domains/" + code, token=CUSTOMER_TOKEN)
    sim.gaps(omit_dkim_status=True)
    got = sim.resource("/api/domains/" + code, token=CUSTOMER_TOKEN)
    assert "dkim_status" not in got and "has_dkim" in got
    listed = sim.api("GET", "/api/domains", token=CUSTOMER_TOKEN).body["resources"]
    assert listed and all("dkim_status" not in row for row in listed)
