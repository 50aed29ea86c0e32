# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""alias, alias_info, domain_alias and domain_alias_info module logic, against the threaded simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    alias, alias_info, domain_alias, domain_alias_info, mailbox,
)


@pytest.fixture
def domain(sim):
    sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}])
    sim.clear_requests()
    return "example.com"


def al(run_module, check_mode=False, diff=False, **args):
    return run_module(alias.main, args, check_mode=check_mode, diff=diff)


def test_create_compare_as_set_and_modes(run_module, sim, domain):
    result, failed = al(run_module, address="info@example.com", destinations=["A@x.org", "b@x.org", "a@x.org"])
    assert not failed, result
    assert result["changed"] and result["alias"]["destinations"] == ["a@x.org", "b@x.org"]
    assert result["alias"]["status"] == "enabled" and result["alias"]["code"].startswith("AE")
    same, _failed = al(run_module, name="info", domain=domain, destinations=["b@x.org", "A@X.org"])
    assert not same["changed"]
    added, _failed = al(run_module, address="info@example.com", destinations=["c@x.org", "a@x.org"],
                        destinations_mode="append", diff=True)
    assert added["changed"] and added["diff"]["after"] == {"destinations": ["a@x.org", "b@x.org", "c@x.org"]}
    again, _failed = al(run_module, address="info@example.com", destinations=["c@x.org"], destinations_mode="append")
    assert not again["changed"]
    removed, _failed = al(run_module, address="info@example.com", destinations=["a@x.org", "z@x.org"], destinations_mode="remove")
    assert removed["changed"] and sorted(removed["alias"]["destinations"]) == ["b@x.org", "c@x.org"]
    exact, _failed = al(run_module, address="info@example.com", destinations=["d@x.org"])
    assert exact["changed"] and exact["alias"]["destinations"] == ["d@x.org"]


def test_check_mode_and_delete(run_module, sim, domain):
    result, _failed = al(run_module, address="info@example.com", destinations=["a@x.org"], check_mode=True, diff=True)
    assert result["changed"] and result["diff"]["before"] == {"state": "absent"}
    assert sim.requests(write=True) == []
    al(run_module, address="info@example.com", destinations=["a@x.org"])
    gone, _failed = al(run_module, address="info@example.com", state="absent")
    assert gone["changed"] and gone["alias"] == {}
    again, _failed = al(run_module, address="info@example.com", state="absent")
    assert not again["changed"]


def test_limits_are_enforced_with_clear_errors(run_module, sim, domain):
    many = ["u%d@x.org" % i for i in range(21)]
    result, failed = al(run_module, address="info@example.com", destinations=many)
    assert failed and "21 destinations" in result["msg"] and "at most 20" in result["msg"]
    assert sim.requests() == []
    al(run_module, address="info@example.com", destinations=many[:20])
    result, failed = al(run_module, address="info@example.com", destinations=["new@x.org"], destinations_mode="append")
    assert failed and "at most 20" in result["msg"]
    result, failed = al(run_module, address="info@example.com", destinations=many[:20], destinations_mode="remove")
    assert failed and "at least one destination" in result["msg"]
    result, failed = al(run_module, address="info@example.com", destinations=[])
    assert failed and "at least one destination" in result["msg"]
    run_module(mailbox.main, dict(address="alice@example.com", firstname="A", password="Passw0rd-x"))
    result, failed = al(run_module, address="alice@example.com", destinations=["a@x.org"])
    assert failed and "a mailbox of that name exists" in result["msg"]
    result, failed = al(run_module, address="x@nowhere.com", destinations=["a@x.org"])
    assert failed and "no such Hosting domain nowhere.com" in result["msg"]
    result, failed = al(run_module, address="bad@example.com", destinations=["not-an-address"])
    assert failed and "destinations: 'not-an-address' is not an e-mail address" in result["msg"]


def test_list_mode(run_module, sim, domain):
    items = [dict(name="a%02d" % i, destinations=["t%d@x.org" % i]) for i in range(30)]
    result, failed = al(run_module, domain=domain, aliases=items, workers=4)
    assert not failed, result.get("msg")
    assert result["summary"]["created"] == 30
    sim.clear_requests()
    again, _failed = al(run_module, domain=domain, aliases=items)
    assert not again["changed"] and len(sim.requests()) == 2
    items[0]["destinations"] = ["new@x.org"]
    items[1] = dict(name="a01", destinations=["more@x.org"], destinations_mode="append")
    items[2] = dict(name="a02", state="absent")
    sim.clear_requests()
    check, _failed = al(run_module, domain=domain, aliases=items[:10], purge=True, check_mode=True, diff=True)
    assert sim.requests(write=True) == []
    changed = sorted(a["name"] for a in check["aliases"] if a["changed"])
    assert changed == ["a00", "a01", "a02"] + ["a%02d" % i for i in range(10, 30)]
    assert check["diff"]["after"]["a01"] == {"destinations": ["t1@x.org", "more@x.org"]}
    done, _failed = al(run_module, domain=domain, aliases=items[:10], purge=True)
    assert done["summary"]["deleted"] == 21 and done["summary"]["updated"] == 2
    assert len(sim.state("alias_email_accounts")) == 9


def test_list_mode_refuses_names_of_mailboxes(run_module, sim, domain):
    run_module(mailbox.main, dict(address="alice@example.com", firstname="A", password="Passw0rd-x"))
    sim.clear_requests()
    result, failed = al(run_module, domain=domain, aliases=[dict(name="alice", destinations=["a@x.org"]),
                                                            dict(name="team", destinations=["a@x.org"])])
    assert failed and "alice" in result["msg"] and "a mailbox of that name exists" in result["msg"]
    assert [e for e in result["aliases"] if e.get("failed")] == [dict(
        name="alice", state="present", changed=False, changes=["state"], failed=True, msg=result["aliases"][0]["msg"])]
    assert result["aliases"][1]["changed"] and result["summary"]["created"] == 1
    assert sorted(a["name"] for a in sim.state("alias_email_accounts")) == ["team"]


def test_alias_info(run_module, sim, domain):
    al(run_module, address="info@example.com", destinations=["a@x.org"])
    al(run_module, address="sales@example.com", destinations=["a@x.org"])
    one, _failed = run_module(alias_info.main, dict(address="INFO@example.com"))
    assert [a["name"] for a in one["aliases"]] == ["info"]
    every, _failed = run_module(alias_info.main, dict(domain=domain))
    assert sorted(a["name"] for a in every["aliases"]) == ["info", "sales"]


def test_domain_alias_ownership_and_info(run_module, sim, domain):
    result, failed = run_module(domain_alias.main, dict(name="Example.NET", domain=domain, ownership_method="dns_sync"))
    assert not failed, result
    assert result["changed"] and result["domain_alias"]["code"].startswith("AD")
    assert result["ownership"]["verified"] is False
    record = result["dns_records"][0]
    assert record["type"] == "A" and record["name"].endswith(".example.net")
    sim.publish_dns([{"name": record["name"], "type": "A", "value": record["value"]}])
    verified, _failed = run_module(domain_alias.main, dict(name="example.net", domain=domain, ownership_method="dns_sync"))
    assert verified["changed"] and verified["domain_alias"]["status"] == "enabled"
    assert verified["dns_records"] == [] and verified["ownership"]["verified"] is True
    again, _failed = run_module(domain_alias.main, dict(name="example.net", domain=domain, ownership_method="dns_sync"))
    assert not again["changed"]
    listed, _failed = run_module(domain_alias_info.main, dict(domain=domain, name="EXAMPLE.net"))
    assert [d["name"] for d in listed["domain_aliases"]] == ["example.net"]
    writes = len(sim.requests(write=True))
    taken, failed = run_module(domain_alias.main, dict(name="Example.COM", domain=domain))
    assert failed and taken["msg"].startswith("name: alias domain example.com is the domain itself"), taken["msg"]
    assert len(sim.requests(write=True)) == writes   # was: POSTed, then 422
    gone, _failed = run_module(domain_alias.main, dict(name="example.net", domain=domain, state="absent"), check_mode=True)
    assert gone["changed"] and sim.requests(write=True)[-1]["method"] != "DELETE"
    gone, _failed = run_module(domain_alias.main, dict(name="example.net", domain=domain, state="absent"))
    assert gone["changed"] and sim.state("alias_domains") == []


def test_domain_alias_email_ownership(run_module, sim, domain):
    first, _failed = run_module(domain_alias.main, dict(name="example.org", domain=domain, ownership_method="email",
                                                        ownership_email="postmaster@example.org"))
    assert first["changed"]
    code = sim.emails()[-1]["code"]
    done, failed = run_module(domain_alias.main, dict(name="example.org", domain=domain, ownership_method="email",
                                                      ownership_code=code))
    assert not failed and done["ownership"]["verified"] is True
    assert done["domain_alias"]["status"] == "enabled"
