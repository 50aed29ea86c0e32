# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Delivery plans (delivery_account), prices and the dashboard, in-process against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
from fractions import Fraction

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    delivery_account, delivery_dashboard_info, delivery_price_info,
)
from ansible_collections.qboxmail.qboxmail.plugins.modules.delivery_dashboard_info import band

NOBILLING = "qbx-nobilling-dev-token"
BILLING_SECRET = "B1lling-secret-pw"


def account(run_module, **extra):
    args = dict(description="Shop", type="transactional")
    args.update(extra)
    result, failed = run_module(delivery_account.main, args)
    assert not failed, result
    return result


# ------------------------------------------------------------------------------------------ plans
def test_plan_is_checked_never_changed(run_module, sim):
    account(run_module)
    since = sim.requests()[-1]["seq"]
    same, failed = run_module(delivery_account.main, dict(description="Shop", plan="free"))
    assert not failed and not same["changed"]
    for check_mode in (True, False):
        result, failed = run_module(delivery_account.main, dict(description="Shop", plan="monthly", plan_volume=2,
                                                                payment_method="stripe"), check_mode=check_mode)
        assert failed and result["msg"].startswith("plan: ") and "is on the free plan, not monthly" in result["msg"]
        assert "documents no plan change" in result["msg"] and "Qboxmail panel" in result["msg"]
    assert sim.requests(write=True, since=since) == [], "nothing sent: a plan change could be a purchase"
    sim.gaps(delivery_account_plan=True)   # an account moved to a paid plan in the panel
    acc_id = sim.state("delivery_accounts")[0]["id"]
    sim.api("PUT", "/api/delivery/accounts/%d" % acc_id, {"plan": "monthly", "volume": 2, "payment_method": "stripe"})
    since = sim.requests()[-1]["seq"]
    ok, failed = run_module(delivery_account.main, dict(description="Shop", plan="monthly", plan_volume=2))
    assert not failed and not ok["changed"]
    bigger, failed = run_module(delivery_account.main, dict(description="Shop", plan="monthly", plan_volume=3))
    assert failed and bigger["msg"].startswith("plan_volume: ") and "not 30000" in bigger["msg"]
    assert sim.requests(write=True, since=since) == []


def test_a_new_account_with_a_paid_plan_fails_before_any_request(run_module, sim):
    result, failed = run_module(delivery_account.main, dict(description="Shop", type="transactional", plan="prepaid",
                                                            plan_volume=1, payment_method="paypal"))
    assert failed and "a new Delivery account starts on the free plan, not prepaid" in result["msg"], result["msg"]
    assert sim.requests(write=True) == []
    assert account(run_module, plan="free")["delivery_account"]["plan"] == "free"


def test_buy_extra_messages_is_a_one_shot_purchase(run_module, sim):
    account(run_module, payment_method="stripe")
    for expected in (1000, 2000):
        result, failed = run_module(delivery_account.main, dict(description="Shop", buy_extra_messages=1), diff=True)
        assert not failed and result["changed"]
        assert result["delivery_account"]["remaining_extra_messages_bought"] == expected
        assert result["diff"]["after"] == {"extra_messages": "+1 package (bought)"}
    assert sim.requests(write=True)[-1]["body"] == {"volume": 1}


def test_buy_extra_messages_is_never_repeated_after_a_lost_answer(run_module, sim):
    account(run_module, payment_method="stripe")
    sim.fault(method="PUT", path="/api/delivery/accounts/*", drop=True, after=True)
    result, failed = run_module(delivery_account.main, dict(description="Shop", buy_extra_messages=2))
    assert failed and result["changed"] and "may have been made" in result["msg"] and "not repeated" in result["msg"]
    assert len(sim.requests(method="PUT", path="/api/delivery/accounts/*")) == 1
    assert sim.state("delivery_accounts")[0]["remaining_extra_messages_bought"] == 2000


def test_purchase_without_billing_profile_gets_the_hint(run_module, sim):
    sim.seed(delivery_accounts=[{"description": "Cheap", "customer_code": "C100000002"}])
    result, failed = run_module(delivery_account.main, dict(api_token=NOBILLING, description="Cheap",
                                                            buy_extra_messages=1, payment_method="stripe"))
    assert failed and result["status"] == 403 and "complete the first order in the Qboxmail panel" in result["msg"]


def test_billing_profile_comes_with_the_create(run_module, sim):
    profile = dict(customer_type="private", firstname="Ada", lastname="Byron", email_address="ada@example.com",
                   country="IT", address1="Via Roma 1", city="Roma", postcode="00100", phonenumber="+39061234567",
                   password2=BILLING_SECRET)
    preview, failed = run_module(delivery_account.main, dict(api_token=NOBILLING, description="First", type="transactional",
                                                             billing_profile=profile), check_mode=True, diff=True)
    assert not failed and BILLING_SECRET not in json.dumps(preview)
    result, failed = run_module(delivery_account.main, dict(api_token=NOBILLING, description="First", type="transactional",
                                                            billing_profile=profile))
    assert not failed and result["changed"], result
    assert BILLING_SECRET not in json.dumps(result)
    body = sim.requests(write=True)[0]["body"]
    assert body["customer_type"] == "private" and body["password2"] == body["password2_confirmation"] == "********"
    assert "billing_profile" not in body


@pytest.mark.parametrize("args, option", [
    (dict(plan="monthly"), "plan_volume"),
    (dict(plan="free", plan_volume=1), "plan_volume"),
    (dict(plan_volume=2), "plan_volume"),
    (dict(buy_extra_messages=0), "buy_extra_messages"),
    (dict(plan="monthly", plan_volume=1, state="absent"), "plan"),
    (dict(payment_method="bitcoin"), "payment_method"),
])
def test_bad_plan_options_fail_before_any_request(run_module, sim, args, option):
    result, failed = run_module(delivery_account.main, dict(description="Shop", **args))
    assert failed and option in result["msg"], result["msg"]
    assert sim.requests() == []


# ------------------------------------------------------------------------------------------ prices
def test_price_info(run_module, sim):
    everything, failed = run_module(delivery_price_info.main, {})
    assert not failed and {p["type"] for p in everything["prices"]} >= {"free", "monthly", "prepaid"}
    assert "pricing_page" not in everything
    monthly = run_module(delivery_price_info.main, dict(type="monthly"))[0]["prices"]
    assert [p["type"] for p in monthly] == ["monthly"] and monthly[0]["messages"] > 0
    once = run_module(delivery_price_info.main, dict(billing_cycle="one_time"))[0]["prices"]
    assert once and all(p["billing_cycle"] == "one_time" for p in once)
    account(run_module)
    page = run_module(delivery_price_info.main, dict(pricing_page=True))[0]["pricing_page"]
    assert page["customer_code"] == "C100000001" and [a["description"] for a in page["accounts"]] == ["Shop"]
    admin = run_module(delivery_price_info.main, dict(pricing_page=True, api_token="qbx-admin-dev-token",
                                                      customer_code="C100000002"))[0]["pricing_page"]
    assert admin["customer_code"] == "C100000002" and admin["billing_profile"] is False


# ------------------------------------------------------------------------------------------ dashboard
@pytest.mark.parametrize("name, percent, label", [
    ("bounce_rate", Fraction(0), "good"), ("bounce_rate", Fraction(499, 1000), "good"),
    ("bounce_rate", Fraction(1, 2), "watch"), ("bounce_rate", Fraction(1), "watch"),
    ("bounce_rate", Fraction(1001, 1000), "critical"), ("suppressed_rate", Fraction(2, 5), "stable"),
    ("suppressed_rate", Fraction(1, 2), "increasing"), ("suppressed_rate", Fraction(1), "increasing"),
    ("suppressed_rate", Fraction(3, 2), "at_risk"),
])
def test_rate_bands(name, percent, label):
    assert band(name, percent) == label


def seed_traffic(sim, account_id, delivered, bounce, suppressed):
    entries = [{"account": account_id, "status": "delivered"}] * delivered + \
        [{"account": account_id, "status": "bounce"}] * bounce + [{"account": account_id, "status": "suppressed"}] * suppressed
    sim.control("POST", "tracemail", {"entries": entries})


def test_dashboard_bands_alerts_and_groups(run_module, sim):
    shop = account(run_module)["delivery_account"]["id"]
    news = account(run_module, description="News", type="newsletter")["delivery_account"]["id"]
    seed_traffic(sim, shop, 597, 3, 0)        # bounce exactly 0.5 %: watch
    seed_traffic(sim, news, 180, 0, 20)       # suppressed 10 %: at risk
    result, failed = run_module(delivery_dashboard_info.main, {})
    assert not failed and not result["changed"]
    dash = result["dashboard"]
    assert dash["totals"]["all"] == 800 and dash["bounce_rate_band"] == "good"   # 3 of 800
    assert dash["suppressed_rate_band"] == "at_risk"
    assert [a["name"] for a in dash["top_accounts"]][:2] == ["Shop", "News"]
    codes = [(a["code"], a["severity"], a["account_name"]) for a in result["alerts"]]
    assert ("suppressed_rate", "critical", "News") in codes and ("bounce_rate", "warning", "Shop") in codes
    assert result["alert_groups"][0] == {"code": "suppressed_rate", "severity": "critical", "count": 1, "accounts": ["News"]}
    one = run_module(delivery_dashboard_info.main, dict(account="Shop", alert_code="bounce_rate"))[0]
    assert one["dashboard"]["bounce_rate_band"] == "watch" and one["dashboard"]["bounce_rate"] == 0.5
    assert [(a["code"], a["account_name"]) for a in one["alerts"]] == [("bounce_rate", "Shop")]
    none = run_module(delivery_dashboard_info.main, dict(alert_severity="info"))[0]
    assert none["alerts"] == [] and none["alert_groups"] == []


def test_dashboard_bad_dates_fail_before_any_request(run_module, sim):
    for args, option in ((dict(start_date="2026-02-30"), "start_date"), (dict(end_date="yesterday"), "end_date"),
                         (dict(start_date="2026-03-02", end_date="2026-03-01"), "start_date")):
        result, failed = run_module(delivery_dashboard_info.main, args)
        assert failed and result["msg"].startswith(option), result["msg"]
    assert sim.requests() == []
