# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: Delivery prices and pricing page, account plan changes, extra messages, billing profile on create."""
from __future__ import annotations

import datetime

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

BILLING_403 = "Forbidden: complete the first order in the Qboxmail panel before creating paid resources via API"
PROFILE = {
    "customer_type": "private", "firstname": "Nora", "lastname": "Billing", "email_address": "nora@example.com",
    "country": "IT", "address1": "Via Roma 1", "city": "Milano", "postcode": "20100", "phonenumber": "+39.021234567",
    "password2": "Billing123", "password2_confirmation": "Billing123",
}


def errors(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def offers(sim, query=""):
    reply = sim.api("GET", "/api/delivery/prices" + query, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and "pagination" in reply.body
    return {row["type"]: row for row in reply.body["resources"]}


def account(sim, token=CUSTOMER_TOKEN, **fields):
    reply = sim.api("POST", "/api/delivery/accounts", dict({"description": "Shop", "type": "transactional"}, **fields), token=token)
    assert reply.status == 200, reply
    return reply.body["resources"][0]


def days_ahead(days):
    return (datetime.date.today() + datetime.timedelta(days=days)).isoformat()


def test_prices_list(sim):
    rows = offers(sim)
    assert set(rows) == {"free", "monthly", "prepaid", "extra"}
    for row in rows.values():
        assert set(row) == {"type", "billing_cycle", "messages", "price", "currency"} and row["currency"] == "EUR"
    assert rows["free"]["price"] == 0 and rows["monthly"]["billing_cycle"] == "monthly"
    assert set(offers(sim, "?billing_cycle=one_time")) == {"prepaid", "extra"}
    assert set(offers(sim, "?type=monthly")) == {"monthly"}


def test_prices_page_shows_current_plans(sim):
    mine = account(sim)
    sim.seed(delivery_accounts=[{"description": "Other", "customer_code": "C100000002"}])
    page = sim.resource("/api/delivery/prices/page", token=CUSTOMER_TOKEN)
    assert (page["customer_code"], page["billing_profile"], page["currency"]) == ("C100000001", True, "EUR")
    assert "stripe" in page["payment_methods"] and {row["type"] for row in page["prices"]} == set(offers(sim))
    assert [(acc["id"], acc["plan"], acc["plan_num_messages"]) for acc in page["accounts"]] == [(mine["id"], "free", 3000)]
    other = sim.resource("/api/delivery/prices/page", token=NOBILLING_TOKEN)
    assert other["billing_profile"] is False and [acc["description"] for acc in other["accounts"]] == ["Other"]
    admin = sim.resource("/api/delivery/prices/page?customer_code=C100000002", token=ADMIN_TOKEN)
    assert [acc["description"] for acc in admin["accounts"]] == ["Other"]


def test_plan_change_to_monthly_and_prepaid(sim):
    sim.gaps(delivery_account_plan=True)  # `plan` is undocumented (gaps.py)
    acc = account(sim)
    path = "/api/delivery/accounts/%d" % acc["id"]
    rows = offers(sim)
    assert errors(sim.api("PUT", path, {"plan": "monthly"}, token=CUSTOMER_TOKEN)) == {"volume": "is required for a paid plan"}
    assert errors(sim.api("PUT", path, {"plan": "monthly", "volume": 2}, token=CUSTOMER_TOKEN)) == {
        "payment_method": "is required for a paid plan or extra messages"}
    assert errors(sim.api("PUT", path, {"plan": "gold", "volume": 1}, token=CUSTOMER_TOKEN)) == {"plan": "is not valid"}
    assert sim.resource(path, token=CUSTOMER_TOKEN)["plan"] == "free"
    reply = sim.api("PUT", path, {"plan": "monthly", "volume": 2, "payment_method": "stripe"}, token=CUSTOMER_TOKEN)
    assert reply.status == 200
    got = reply.body["resources"][0]
    size = 2 * rows["monthly"]["messages"]
    assert (got["plan"], got["plan_num_messages"], got["remaining_messages"]) == ("monthly", size, size)
    assert (got["next_renewal_date"], got["plan_expiration_date"]) == (days_ahead(30), None)
    assert sim.resource(path, token=CUSTOMER_TOKEN)["plan"] == "monthly"
    # the payment method is remembered for later orders
    got = sim.api("PUT", path, {"plan": "prepaid", "volume": 3}, token=CUSTOMER_TOKEN).body["resources"][0]
    assert (got["plan"], got["plan_num_messages"]) == ("prepaid", 3 * rows["prepaid"]["messages"])
    assert (got["next_renewal_date"], got["plan_expiration_date"]) == (None, days_ahead(365))
    assert errors(sim.api("PUT", path, {"plan": "free", "volume": 1}, token=CUSTOMER_TOKEN)) == {
        "volume": "is not allowed with the free plan"}
    got = sim.api("PUT", path, {"plan": "free"}, token=CUSTOMER_TOKEN).body["resources"][0]
    assert (got["plan"], got["plan_num_messages"]) == ("free", rows["free"]["messages"])
    listed = sim.api("GET", "/api/delivery/accounts?plan=free", token=CUSTOMER_TOKEN).body["resources"]
    assert [item["id"] for item in listed] == [acc["id"]]


def test_buying_extra_messages(sim):
    sim.gaps(delivery_account_plan=True)  # `plan` is undocumented (gaps.py)
    acc = account(sim, payment_method="paypal")
    path = "/api/delivery/accounts/%d" % acc["id"]
    extra = offers(sim)["extra"]["messages"]
    got = sim.api("PUT", path, {"volume": 5}, token=CUSTOMER_TOKEN).body["resources"][0]
    assert got["plan"] == "free"
    assert (got["extra_messages_total"], got["remaining_extra_messages_bought"]) == (5 * extra, 5 * extra)
    assert got["remaining_messages"] == acc["remaining_messages"] + 5 * extra
    assert got["extra_messages_expires_at"] == days_ahead(365)
    got = sim.api("PUT", path, {"volume": 1}, token=CUSTOMER_TOKEN).body["resources"][0]
    assert got["extra_messages_total"] == 6 * extra
    got = sim.api("PUT", path, {"plan": "monthly", "volume": 1}, token=CUSTOMER_TOKEN).body["resources"][0]
    assert got["remaining_messages"] == got["plan_num_messages"] + 6 * extra  # extras survive a plan change
    other = account(sim, description="No method")
    assert errors(sim.api("PUT", "/api/delivery/accounts/%d" % other["id"], {"volume": 1}, token=CUSTOMER_TOKEN)) == {
        "payment_method": "is required for a paid plan or extra messages"}
    assert sim.api("PUT", "/api/delivery/accounts/%d" % other["id"], {"volume": 0}, token=CUSTOMER_TOKEN).status == 200


def test_plan_changes_follow_the_billing_rule(sim):
    sim.gaps(delivery_account_plan=True)  # `plan` is undocumented (gaps.py)
    acc_id = sim.seed(delivery_accounts=[{"description": "Unbilled", "customer_code": "C100000002"}])["delivery_accounts"][0]
    path = "/api/delivery/accounts/%d" % acc_id
    for change in ({"plan": "monthly", "volume": 1, "payment_method": "stripe"}, {"volume": 1, "payment_method": "stripe"},
                   {"plan": "prepaid"}):
        reply = sim.api("PUT", path, change, token=NOBILLING_TOKEN)
        assert (reply.status, reply.body["message"]) == (403, BILLING_403), change
    assert sim.api("PUT", path, {"plan": "free", "description": "Same plan"}, token=NOBILLING_TOKEN).status == 200
    assert sim.api("PUT", path, {"plan": "monthly", "volume": 1, "payment_method": "stripe"}, token=ADMIN_TOKEN).status == 200
    sim.reset(mode="sandbox")
    sim.gaps(delivery_account_plan=True)
    acc_id = sim.seed(delivery_accounts=[{"description": "Sandbox", "customer_code": "C100000002"}])["delivery_accounts"][0]
    reply = sim.api("PUT", "/api/delivery/accounts/%d" % acc_id, {"plan": "monthly", "volume": 1, "payment_method": "stripe"},
                    token=NOBILLING_TOKEN)
    assert reply.status == 200 and reply.body["resources"][0]["plan"] == "monthly"


def test_create_brings_the_billing_profile(sim):
    sim.gaps(delivery_account_plan=True)  # `plan` is undocumented (gaps.py)
    assert sim.api("POST", "/api/delivery/accounts", {"description": "x", "type": "transactional"},
                   token=NOBILLING_TOKEN).status == 403
    partial = sim.api("POST", "/api/delivery/accounts", {"description": "x", "type": "transactional", "firstname": "N",
                                                         "country": "Italy", "customer_type": "company"}, token=NOBILLING_TOKEN)
    assert errors(partial) == {
        "lastname": "is required", "email_address": "is required", "address1": "is required", "city": "is required",
        "postcode": "is required", "phonenumber": "is required", "companyname": "is required", "vat": "is required",
        "country": "is not valid"}
    mismatch = dict(PROFILE, password2_confirmation="Other1234")
    assert errors(sim.api("POST", "/api/delivery/accounts", dict(mismatch, description="x", type="transactional"),
                          token=NOBILLING_TOKEN)) == {"password2_confirmation": "doesn't match"}
    assert [c["billing_profile"] for c in sim.state("customers") if c["code"] == "C100000002"] == [False]
    created = account(sim, token=NOBILLING_TOKEN, payment_method="stripe", **PROFILE)
    assert created["customer_code"] == "C100000002" and created["plan"] == "free"
    (customer,) = [c for c in sim.state("customers") if c["code"] == "C100000002"]
    assert customer["billing_profile"] is True and customer["_billing_profile"]["city"] == "Milano"
    assert "password2" not in customer["_billing_profile"]
    logged = sim.requests(method="POST", path="/api/delivery/accounts")[-1]["body"]
    assert logged["password2"] == logged["password2_confirmation"] == "********"
    # the profile now exists: paid changes are allowed, the saved payment method is used
    reply = sim.api("PUT", "/api/delivery/accounts/%d" % created["id"], {"plan": "monthly", "volume": 1}, token=NOBILLING_TOKEN)
    assert reply.status == 200 and reply.body["resources"][0]["plan"] == "monthly"
    assert sim.resource("/api/delivery/prices/page", token=NOBILLING_TOKEN)["billing_profile"] is True


def test_create_ignores_billing_fields_when_a_profile_exists(sim):
    created = account(sim, firstname="Only", country="nowhere")
    assert created["customer_code"] == "C100000001"
    (customer,) = [c for c in sim.state("customers") if c["code"] == "C100000001"]
    assert "_billing_profile" not in customer
