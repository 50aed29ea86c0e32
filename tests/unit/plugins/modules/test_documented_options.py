# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Documented options users asked for (issue 19, gate 2): each sent as its documented field or query parameter,
refused before any request when its value is bad, naming the option."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.modules import delivery_account, delivery_account_info

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
