# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documented options users asked for (issue 19, gate 2): each sent as its documented field or query parameter,
refused before any request when its value is bad, naming the option."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    delivery_account, delivery_account_info, domain_info, suppression_info, vault_info,
)

ADMIN = dict(api_token="qbx-admin-dev-token", customer_code="C100000001")


def shop(run_module):
    made, failed = run_module(delivery_account.main, dict(description="Shop", type="transactional"))
    assert not failed, made
    return made["delivery_account"]


# ------------------------------------------------------------------------------------------ delivery_account
def test_num_messages_is_sent_by_an_admin_with_the_override_and_converges(run_module, sim):
    shop(run_module)
    sim.clear_requests()
    wanted = dict(ADMIN, description="Shop", num_messages=50000, override_plan_num_messages=True)
    dry, failed = run_module(delivery_account.main, wanted, check_mode=True, diff=True)
    assert not failed and dry["changed"] and sim.requests(write=True) == []
    assert dry["diff"]["after"] == {"num_messages": 50000}
    done, failed = run_module(delivery_account.main, wanted)
    assert not failed and done["changed"], done
    [put] = sim.requests(write=True)
    assert put["method"] == "PUT" and put["body"] == {"num_messages": 50000, "override_plan_num_messages": True}
    assert done["delivery_account"]["num_messages"] == 50000
    sim.clear_requests()
    again, failed = run_module(delivery_account.main, wanted)
    assert not failed and not again["changed"] and sim.requests(write=True) == []


def test_num_messages_needs_an_explicit_override_choice_before_any_request(run_module, sim):
    shop(run_module)
    for args in (dict(num_messages=100), dict(override_plan_num_messages=True)):
        sim.clear_requests()
        result, failed = run_module(delivery_account.main, dict(ADMIN, description="Shop", **args))
        assert failed and "num_messages and override_plan_num_messages go together" in result["msg"], result
        assert sim.requests() == []
    result, failed = run_module(delivery_account.main, dict(
        ADMIN, description="Shop", num_messages=-1, override_plan_num_messages=True))
    assert failed and result["msg"].startswith("num_messages:") and sim.requests() == []


def test_num_messages_is_never_sent_unless_given(run_module, sim):
    shop(run_module)
    sim.clear_requests()
    run_module(delivery_account.main, dict(description="Shop", allow_nets=["192.0.2.1"]))
    [put] = sim.requests(write=True)
    assert set(put["body"]) == {"allow_nets"}


def test_num_messages_with_a_customer_token_reports_qboxmail_refusal(run_module, sim):
    shop(run_module)
    result, failed = run_module(delivery_account.main, dict(
        description="Shop", num_messages=10, override_plan_num_messages=False))
    assert failed and result["status"] == 422 and "num_messages" in result["msg"], result


def test_the_account_view_leaves_the_message_count_out(run_module, sim):
    shop(run_module)
    [item] = run_module(delivery_account_info.main, dict(description="Shop"))[0]["delivery_accounts"]
    assert item["num_messages"] is not None
    assert "num_messages" not in item["options"] and "override_plan_num_messages" not in item["options"]
    assert item["options"]["state"] == "enabled" and item["options"]["description"] == "Shop"


# ------------------------------------------------------------------------------------------ delivery_account_info
def test_account_info_filters_are_sent_as_documented_query_parameters(run_module, sim):
    first, second = shop(run_module), run_module(delivery_account.main, dict(description="News", type="newsletter"))[0]
    second = second["delivery_account"]
    sim.clear_requests()
    found, failed = run_module(delivery_account_info.main, dict(ids=[first["id"], second["id"]], with_domains=True,
                                                                plan_messages_from=0, plan_messages_to=10 ** 6))
    assert not failed, found
    [read] = sim.requests(path="/api/delivery/accounts")
    assert dict((k, read["query"][k]) for k in ("ids", "with_domains", "plan_messages_from", "plan_messages_to")) == {
        "ids": "%s,%s" % (first["id"], second["id"]), "with_domains": "true", "plan_messages_from": "0",
        "plan_messages_to": "1000000"}
    assert sorted(a["description"] for a in found["delivery_accounts"]) == ["News", "Shop"]
    only, failed = run_module(delivery_account_info.main, dict(ids=[second["id"]]))
    assert [a["description"] for a in only["delivery_accounts"]] == ["News"]
    none, failed = run_module(delivery_account_info.main, dict(plan_messages_from=first["plan_num_messages"] + 1))
    assert not failed and none["delivery_accounts"] == []
    sim.clear_requests()
    plain = run_module(delivery_account_info.main, dict())[0]
    assert "with_domains" not in sim.requests(path="/api/delivery/accounts")[0]["query"] and plain["delivery_accounts"]


def test_account_info_bad_filters_fail_before_any_request(run_module, sim):
    for args, start in ((dict(plan_messages_from=10, plan_messages_to=5), "plan_messages_from: 10 is more than"),
                        (dict(plan_messages_to=-1), "plan_messages_to:"), (dict(ids=[1, -2]), "ids:")):
        sim.clear_requests()
        result, failed = run_module(delivery_account_info.main, args)
        assert failed and result["msg"].startswith(start), result
        assert sim.requests() == []


# ------------------------------------------------------------------------------------------ suppression_info
def seed_suppressions(run_module, sim):
    account = shop(run_module)
    sim.seed(suppressions=[
        {"email": "a@example.org", "reason": "bounce", "category": "mailbox_full", "created_at": "2026-11-02T10:00:00Z",
         "accounts": [account["id"]]},
        {"email": "b@example.org", "reason": "bounce", "category": "unknown_user", "created_at": "2026-11-03T10:00:00Z"},
    ])
    return account


def test_suppression_info_filters_are_sent_as_documented_query_parameters(run_module, sim):
    account = seed_suppressions(run_module, sim)
    sim.clear_requests()
    found, failed = run_module(suppression_info.main, dict(category="mailbox_full", added_on="2026-11-02",
                                                           account_code=str(account["id"])))
    assert not failed, found
    assert [e["email"] for e in found["suppressions"]] == ["a@example.org"]
    [read] = sim.requests(path="/api/delivery/suppression_lists")
    assert dict((k, read["query"].get(k)) for k in ("category", "added_on", "account_code")) == {
        "category": "mailbox_full", "added_on": "2026-11-02", "account_code": str(account["id"])}
    day = run_module(suppression_info.main, dict(added_on="2026-11-03"))[0]["suppressions"]
    assert [e["email"] for e in day] == ["b@example.org"]
    # read by e-mail (a documented POST without filters), the filters are applied to the entry here
    assert run_module(suppression_info.main, dict(email="a@example.org", category="unknown_user"))[0]["suppressions"] == []
    assert len(run_module(suppression_info.main, dict(email="a@example.org", added_on="2026-11-02"))[0]["suppressions"]) == 1


def test_suppression_info_bad_filters_fail_before_any_request(run_module, sim):
    for args, start in ((dict(added_on="02/11/2026"), "added_on:"), (dict(added_on="2026-02-30"), "added_on:"),
                        (dict(category=" "), "category:"), (dict(account_code=""), "account_code:")):
        sim.clear_requests()
        result, failed = run_module(suppression_info.main, args)
        assert failed and result["msg"].startswith(start), (args, result)
        assert sim.requests() == []


# ------------------------------------------------------------------------------------------ vault_info
def test_vault_info_sort_is_sent_and_orders_the_domains(run_module, sim):
    sim.seed(domains=[{"name": n, "status": "enabled", "customer_code": "C100000001"} for n in ("a.example", "c.example", "b.example")])
    sim.clear_requests()
    found, failed = run_module(vault_info.main, dict(sort_field="name", sort="desc"))
    assert not failed, found
    assert [d["name"] for d in found["domains"]] == ["c.example", "b.example", "a.example"]
    [read] = sim.requests(path="/api/archive/domains")
    assert (read["query"]["sort_field"], read["query"]["sort"]) == ("name", "desc")
    ascending = run_module(vault_info.main, dict(sort="asc"))[0]["domains"]
    assert [d["name"] for d in ascending] == ["a.example", "b.example", "c.example"]


def test_vault_info_bad_sort_fails_before_any_request(run_module, sim):
    for args, words in ((dict(sort="down"), "sort"), (dict(sort_field="Name; drop"), "sort_field:"),
                        (dict(sort="asc", domain="a.example"), "mutually exclusive")):
        sim.clear_requests()
        result, failed = run_module(vault_info.main, args)
        assert failed and words in result["msg"], (args, result)
        assert sim.requests() == []


# ------------------------------------------------------------------------------------------ domain_info
def test_domain_info_pick_and_only_are_sent_and_items_hold_what_came_back(run_module, sim):
    sim.seed(domains=[{"name": n, "status": s, "customer_code": "C100000001"}
                      for n, s in (("a.example", "enabled"), ("b.example", "disabled"))])
    for option in ("pick", "only"):
        sim.clear_requests()
        found, failed = run_module(domain_info.main, {option: ["max_email_quota"], "status": "enabled"})
        assert not failed, found
        [read] = sim.requests(path="/api/domains")
        assert read["query"][option] == "max_email_quota,status"   # the status filter needs the status
        [item] = found["domains"]
        assert set(item) == {"code", "max_email_quota", "status"}   # no options, no dns_records from a part
    named = run_module(domain_info.main, dict(name="b.example", pick=["status"]))[0]["domains"]
    assert [(d["name"], d["status"]) for d in named] == [("b.example", "disabled")]
    assert "options" in run_module(domain_info.main, dict(name="b.example"))[0]["domains"][0]


def test_domain_info_bad_pick_fails_before_any_request(run_module, sim):
    for args, words in ((dict(pick=[]), "pick: give at least one"), (dict(only=["Name,x"]), "only: 'Name,x' is not"),
                        (dict(pick=["name"], only=["name"]), "mutually exclusive"),
                        (dict(pick=["name"], code="D123456789"), "mutually exclusive")):
        sim.clear_requests()
        result, failed = run_module(domain_info.main, args)
        assert failed and words in result["msg"], (args, result)
        assert sim.requests() == []
