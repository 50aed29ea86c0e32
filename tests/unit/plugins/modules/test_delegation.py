# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""manager, team_member, notification_settings and their _info twins, in-process against the simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    manager, manager_info, notification_settings, team_member, team_member_info,
)

ADMIN = "qbx-admin-dev-token"
RESELLER = "qbx-reseller-dev-token"
MANAGER_TOKEN = "qbx-manager-dev-token"
TEAM = "qbx-team-dev-token"
PASSWORD = "Manag3r-secret-pw"
MEMBER_PASSWORD = "T3am-secret-pw"


def seed_reseller(sim):
    """Reseller fixtures: Hosting domains a/b, Delivery domains mail/news, accounts Shop (with mail) and Other."""
    sim.seed(domains=[{"name": "a.example.com", "customer_code": "C100000003", "status": "enabled"},
                      {"name": "b.example.com", "customer_code": "C100000003", "status": "enabled"}],
             delivery_domains=[{"name": "mail.example.com", "customer_code": "C100000003", "verified": True},
                               {"name": "news.example.com", "customer_code": "C100000003", "verified": True}])
    codes = dict((d["name"], d["code"]) for d in sim.state("delivery_domains"))
    sim.seed(delivery_accounts=[
        {"description": "Shop", "customer_code": "C100000003", "domain_codes": [codes["mail.example.com"]]},
        {"description": "Other", "customer_code": "C100000003"}])
    return codes


def manager_args(**extra):
    args = dict(api_token=RESELLER, email="it@example.com", firstname="Ada", lastname="Byron", password=PASSWORD)
    args.update(extra)
    return args


def the_manager(sim, email="it@example.com"):
    return [m for m in sim.state("managers") if m["email_address"] == email][0]


def assigned(sim, collection, code):
    return sorted(o.get("name") or o.get("description") for o in sim.state(collection) if o.get("manager_code") == code)


# ------------------------------------------------------------------------------------------ manager
def test_manager_check_mode_create_writes_nothing(run_module, sim):
    seed_reseller(sim)
    args = manager_args(domains=["a.example.com"], delivery_domains=["mail.example.com"], max_email_quota="5G")
    result, failed = run_module(manager.main, args, check_mode=True, diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["before"] == {"state": "absent"}
    after = result["diff"]["after"]
    assert after["domains"] == ["a.example.com"] and after["delivery_domains"] == ["mail.example.com"]
    assert after["max_email_quota"] == "5G" and after["password"] == "********"
    assert any("cannot preview" in w for w in result["warnings"])
    assert sim.requests(write=True) == []


def test_manager_create_assigns_linked_resources_and_is_idempotent(run_module, sim):
    seed_reseller(sim)
    args = manager_args(domains=["a.example.com"], delivery_domains=["mail.example.com"], max_email_quota="5G",
                        max_delivery_domains=3, company="Example Ltd")
    result, failed = run_module(manager.main, args)
    assert not failed and result["changed"]
    code = result["manager"]["code"]
    assert code.startswith("MN") and result["manager"]["max_email_quota"] == 5368709120
    assert result["linked_resources"] == {"delivery_domains": [], "delivery_accounts": ["Shop"]}
    assert assigned(sim, "domains", code) == ["a.example.com"]
    assert assigned(sim, "delivery_domains", code) == ["mail.example.com"]
    assert assigned(sim, "delivery_accounts", code) == ["Shop"]
    create = [r for r in sim.requests(write=True) if r["method"] == "POST"][0]
    assert create["path"] == "/api/managers" and "customer_code" not in create["body"]
    assert "max_delivery_domains" not in create["body"]   # not a create field: an update follows
    assert PASSWORD not in json.dumps(result)
    since = sim.requests()[-1]["seq"]
    again, failed = run_module(manager.main, args)
    assert not failed and not again["changed"]
    assert again["linked_resources"]["delivery_accounts"] == ["Shop"]   # linked: wanted, not unassigned
    assert sim.requests(write=True, since=since) == []
    previews = sim.requests(since=since, path="/api/managers/*/assign/delivery/preview")
    assert previews and all(r["write"] is False for r in previews)


def test_manager_update_replaces_assignments_with_a_diff_of_names(run_module, sim):
    seed_reseller(sim)
    run_module(manager.main, manager_args(domains=["a.example.com"], delivery_domains=["mail.example.com"]))
    code = the_manager(sim)["code"]
    change = dict(email="IT@example.com", api_token=RESELLER, domains=["b.example.com"], delivery_domains=[],
                  delivery_accounts=["Other"])
    since = sim.requests()[-1]["seq"]
    preview, failed = run_module(manager.main, change, check_mode=True, diff=True)
    assert not failed and preview["changed"]
    assert sim.requests(write=True, since=since) == []
    assert preview["diff"] == {
        "before": {"domains": ["a.example.com"], "delivery_domains": ["mail.example.com"], "delivery_accounts": ["Shop"]},
        "after": {"domains": ["b.example.com"], "delivery_domains": [], "delivery_accounts": ["Other"]}}
    result, failed = run_module(manager.main, change, diff=True)
    assert not failed and result["diff"] == preview["diff"]
    writes = [(r["method"], r["path"].rsplit("/", 2)[-2:], r["body"]) for r in sim.requests(write=True, since=since)]
    assert [w[1] for w in writes[:2]] == [["unassign", "delivery"]] * 2   # unassign before the update
    assert assigned(sim, "domains", code) == ["b.example.com"]
    assert assigned(sim, "delivery_domains", code) == []
    assert assigned(sim, "delivery_accounts", code) == ["Other"]
    assert not run_module(manager.main, change)[0]["changed"]


def test_manager_check_mode_shows_linked_resources_through_the_preview(run_module, sim):
    seed_reseller(sim)
    run_module(manager.main, manager_args())
    since = sim.requests()[-1]["seq"]
    result, failed = run_module(manager.main, dict(email="it@example.com", api_token=RESELLER,
                                                   delivery_accounts=["Shop"]), check_mode=True, diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["after"] == {"delivery_domains": ["mail.example.com"], "delivery_accounts": ["Shop"]}
    assert result["linked_resources"] == {"delivery_domains": ["mail.example.com"], "delivery_accounts": []}
    assert sim.requests(write=True, since=since) == []
    assert len(sim.requests(since=since, path="/api/managers/*/assign/delivery/preview")) == 1


def test_manager_create_only_fields_warn_and_limits_update(run_module, sim):
    run_module(manager.main, manager_args(company="Example Ltd"))
    result, failed = run_module(manager.main, dict(email="it@example.com", api_token=RESELLER, firstname="Augusta",
                                                   company="Other Ltd", max_domains=2), diff=True)
    assert not failed and result["changed"]
    assert result["diff"] == {"before": {"max_domains": -1}, "after": {"max_domains": 2}}
    assert any("firstname" in w and "cannot change" in w for w in result["warnings"])
    assert any("company" in w for w in result["warnings"])
    assert the_manager(sim)["firstname"] == "Ada"


def test_manager_password_is_write_only(run_module, sim):
    run_module(manager.main, manager_args())
    same, _failed = run_module(manager.main, manager_args(password="An0ther-secret-pw"))
    assert not same["changed"]
    result, failed = run_module(manager.main, manager_args(password="An0ther-secret-pw", update_password="always"), diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["after"]["password"] == "******** (updated)" and "An0ther-secret-pw" not in json.dumps(result)
    assert the_manager(sim)["_password"] == "An0ther-secret-pw"


def test_manager_status_and_delete(run_module, sim):
    run_module(manager.main, manager_args())
    result, failed = run_module(manager.main, dict(email="it@example.com", api_token=RESELLER, state="disabled"))
    assert not failed and result["changed"] and result["manager"]["status"] == "disabled"
    gone, failed = run_module(manager.main, dict(email="it@example.com", api_token=RESELLER, state="absent"))
    assert not failed and gone["changed"] and gone["manager"] == {}
    assert not run_module(manager.main, dict(email="it@example.com", api_token=RESELLER, state="absent"))[0]["changed"]


def test_manager_create_by_a_customer_that_is_not_a_reseller_is_explained(run_module, sim):
    result, failed = run_module(manager.main, manager_args(api_token="qbx-customer-dev-token"))
    assert failed and result["status"] == 403
    assert "only reseller customers" in result["msg"] and "run with the reseller's api_token" in result["msg"]
    assert sim.requests(write=True) == [r for r in sim.requests(write=True) if r["status"] == 403]
    assert [m["email_address"] for m in sim.state("managers")] == ["manager@reseller.example.com"]


def test_manager_team_member_without_the_permission_is_told_which_one(run_module, sim):
    sim.seed(team_members=[{"customer_code": "C100000003", "email_address": "ops@reseller.example.com",
                            "permissions": ["api_access", "domains_view"], "token": "qbx-test-ops-token"}])
    result, failed = run_module(manager.main, manager_args(api_token="qbx-test-ops-token"))
    assert failed and result["status"] == 403
    assert "missing permission managers_manage" in result["msg"]
    assert "add managers_manage to its permissions with qboxmail.qboxmail.team_member" in result["msg"]


def test_manager_token_cannot_manage_managers(run_module, sim):
    result, failed = run_module(manager.main, manager_args(api_token=MANAGER_TOKEN))
    assert failed and result["status"] == 403 and "manager token" in result["msg"]


def test_manager_admin_token_cannot_create_but_manages_existing_managers(run_module, sim):
    args = manager_args(api_token=ADMIN, customer_code="C100000003")
    result, failed = run_module(manager.main, args)
    assert failed and "takes no customer_code" in result["msg"] and "reseller's api_token" in result["msg"]
    assert sim.requests(write=True) == [], "refused before any write (the create documents no customer_code)"
    assert not run_module(manager.main, manager_args())[1]   # created by the reseller
    result, failed = run_module(manager.main, dict(args, max_email_quota="16G"))
    assert not failed and result["changed"], result
    assert the_manager(sim)["max_email_quota"] == 16 * 1024 ** 3
    assert all("customer_code" not in (r["query"] or {}) for r in sim.requests(write=True))


def test_manager_bad_input_fails_before_any_request(run_module, sim):
    for extra, option in ((dict(max_email_quota="7M"), "max_email_quota"), (dict(max_domains=-2), "max_domains"),
                          (dict(password="short1"), "password"), (dict(email="not-an-address"), "email")):
        result, failed = run_module(manager.main, manager_args(**extra))
        assert failed and result["msg"].startswith(option), result["msg"]
    assert sim.requests() == []


def test_manager_unknown_delivery_resources_are_named_before_any_write(run_module, sim):
    seed_reseller(sim)
    result, failed = run_module(manager.main, manager_args(delivery_domains=["nope.example.com", "mail.example.com"],
                                                           delivery_accounts=["Shop", "Missing"]))
    assert failed and "delivery_domains: no such Delivery domain nope.example.com" in result["msg"]
    assert sim.requests(write=True) == []


def test_manager_info(run_module, sim):
    run_module(manager.main, manager_args())
    found, failed = run_module(manager_info.main, dict(api_token=RESELLER, email="IT@example.com"))
    assert not failed and [m["email_address"] for m in found["managers"]] == ["it@example.com"]
    assert "domain_codes" in found["managers"][0] and "_password" not in found["managers"][0]
    every = run_module(manager_info.main, dict(api_token=RESELLER))[0]["managers"]
    assert sorted(m["email_address"] for m in every) == ["it@example.com", "manager@reseller.example.com"]
    assert run_module(manager_info.main, dict(api_token=RESELLER, status="disabled"))[0]["managers"] == []
    assert run_module(manager_info.main, dict(api_token=RESELLER, code="MN10000001"))[0]["managers"][0]["code"] == "MN10000001"
    bad, failed = run_module(manager_info.main, dict(api_token=RESELLER, code="M1"))
    assert failed and bad["msg"].startswith("code")


# ------------------------------------------------------------------------------------------ team_member
def member_args(**extra):
    args = dict(email="helpdesk@example.com", firstname="Grace", lastname="Hopper", password=MEMBER_PASSWORD,
                permissions=["api_access", "domains_view", "accounts_view"])
    args.update(extra)
    return args


def test_team_member_lifecycle(run_module, sim):
    preview, failed = run_module(team_member.main, member_args(), check_mode=True, diff=True)
    assert not failed and preview["changed"] and sim.requests(write=True) == []
    created, failed = run_module(team_member.main, member_args())
    assert not failed and created["changed"]
    assert created["team_member"]["permissions"] == ["domains_view", "accounts_view", "api_access"]
    assert MEMBER_PASSWORD not in json.dumps(created)
    again = run_module(team_member.main, member_args(permissions=["accounts_view", "api_access", "domains_view",
                                                                  "api_access"]))[0]
    assert not again["changed"]
    changed, failed = run_module(team_member.main, dict(email="helpdesk@example.com", permissions=["api_access"],
                                                        lastname="Murray"), diff=True)
    assert not failed and changed["changed"]
    assert changed["diff"] == {"before": {"permissions": ["domains_view", "accounts_view", "api_access"]},
                               "after": {"permissions": ["api_access"]}}
    assert any("lastname" in w for w in changed["warnings"])
    update = sim.requests(write=True)[-1]
    assert update["method"] == "PUT" and update["body"] == {"permissions": ["api_access"]}
    disabled = run_module(team_member.main, dict(email="helpdesk@example.com", state="disabled"))[0]
    assert disabled["changed"] and disabled["team_member"]["status"] == "disabled"
    gone = run_module(team_member.main, dict(email="helpdesk@example.com", state="absent"))[0]
    assert gone["changed"] and not run_module(team_member.main, dict(email="helpdesk@example.com", state="absent"))[0]["changed"]


def test_team_member_unknown_permission_fails_before_any_request(run_module, sim):
    result, failed = run_module(team_member.main, member_args(permissions=["api_access", "domains_viewer"]))
    assert failed and "permissions" in result["msg"] and "domains_viewer" in result["msg"]
    assert sim.requests() == []


def test_team_member_admin_token_names_the_customer(run_module, sim):
    result, failed = run_module(team_member.main, member_args(api_token=ADMIN, customer_code="C100000002"))
    assert not failed and result["team_member"]["customer_code"] == "C100000002"
    assert sim.requests(write=True)[0]["body"]["customer_code"] == "C100000002"


def test_team_member_token_cannot_manage_team_members(run_module, sim):
    result, failed = run_module(team_member.main, member_args(api_token=TEAM))
    assert failed and result["status"] == 403 and "team member" in result["msg"]


def test_team_member_info(run_module, sim):
    run_module(team_member.main, member_args())
    found = run_module(team_member_info.main, dict(email="helpdesk@example.com"))[0]["team_members"]
    assert [m["permissions"] for m in found] == [["domains_view", "accounts_view", "api_access"]]
    every = run_module(team_member_info.main, dict(status="enabled"))[0]["team_members"]
    assert sorted(m["email_address"] for m in every) == ["helpdesk@example.com", "team@customer.example.com"]
    assert run_module(team_member_info.main, dict(api_token=RESELLER))[0]["team_members"] == []


# ------------------------------------------------------------------------------------------ notification_settings
def test_notification_settings_partial_and_idempotent(run_module, sim):
    args = dict(notification_url="https://hooks.example.com/qbx", email_overquota_callback=True)
    preview, failed = run_module(notification_settings.main, args, check_mode=True, diff=True)
    assert not failed and preview["changed"] and sim.requests(write=True) == []
    assert preview["diff"] == {"before": {"notification_url": None, "email_overquota_callback": False},
                               "after": {"notification_url": "https://hooks.example.com/qbx", "email_overquota_callback": True}}
    result, failed = run_module(notification_settings.main, args)
    assert not failed and result["changed"]
    assert result["notification_settings"]["email_overquota_callback"] is True
    assert not run_module(notification_settings.main, args)[0]["changed"]
    email, failed = run_module(notification_settings.main, dict(notification_email="Desk@Example.com"))
    assert not failed and email["changed"]
    assert sim.requests(write=True)[-1]["body"] == {"notification_email": "desk@example.com"}   # only what is set
    assert email["notification_settings"]["notification_url"] == "https://hooks.example.com/qbx"


def test_notification_settings_callback_needs_a_url(run_module, sim):
    result, failed = run_module(notification_settings.main, dict(domain_create_callback=True))
    assert failed and "notification_url is required" in result["msg"]
    assert sim.requests(write=True) == []


def test_notification_settings_bad_url_fails_before_any_request(run_module, sim):
    for url in ("http://hooks.example.com/x", "hooks.example.com", "https://"):
        result, failed = run_module(notification_settings.main, dict(notification_url=url))
        assert failed and result["msg"].startswith("notification_url")
    assert sim.requests() == []


def test_notification_settings_without_a_read_apply_and_warn(run_module, sim):
    sim.fault(method="GET", path="/api/users/me/notifications", status=405, count=3)
    preview, failed = run_module(notification_settings.main, dict(notification_email="desk@example.com"), check_mode=True)
    assert not failed and preview["changed"] and sim.requests(write=True) == []
    assert any("no read" in w for w in preview["warnings"])
    result, failed = run_module(notification_settings.main, dict(notification_email="desk@example.com"))
    assert not failed and result["changed"] and result["notification_settings"] == {"notification_email": "desk@example.com"}
    assert [r["body"] for r in sim.requests(write=True)] == [{"notification_email": "desk@example.com"}]
    again, failed = run_module(notification_settings.main, dict(notification_email="desk@example.com"))
    assert again["changed"]   # idempotent: partial, as documented


def test_notification_settings_are_per_user(run_module, sim):
    run_module(notification_settings.main, dict(notification_email="desk@example.com"))
    mine = run_module(notification_settings.main, dict(notification_email="desk@example.com", api_token=MANAGER_TOKEN))[0]
    assert mine["changed"]
