# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: team members (list, create, get, update, status, delete) and the permissions of team-member tokens."""
from __future__ import annotations

import re

import pytest

from tests.simulator.common import PERMISSIONS
from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

TEAM_TOKEN = "qbx-team-dev-token"
PASSWORD = "Member123"


def body(email="t1@example.com", **fields):
    out = {"email_address": email, "firstname": "Tina", "lastname": "Bianchi", "password": PASSWORD,
           "password_confirmation": PASSWORD}
    out.update(fields)
    return out


def errors(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def member(sim, code, token=CUSTOMER_TOKEN):
    return sim.resource("/api/team_members/" + code, token=token)


def test_seeded_team_member(sim):
    listed = sim.api("GET", "/api/team_members", token=CUSTOMER_TOKEN).body["resources"]
    assert [obj["code"] for obj in listed] == ["T100000001"]
    got = member(sim, "T100000001")
    assert (got["type"], got["customer_code"], got["status"], got["permissions"]) == (
        "TeamMember", "C100000001", "enabled", list(PERMISSIONS))
    assert sim.api("GET", "/api/team_members", token=NOBILLING_TOKEN).body["resources"] == []
    assert sim.api("GET", "/api/team_members/T100000001", token=NOBILLING_TOKEN).status == 404


def test_create_get_and_validation(sim):
    reply = sim.api("POST", "/api/team_members", body(permissions=["domains_view", "api_access", "domains_view"]),
                    token=CUSTOMER_TOKEN)
    assert reply.status == 200 and set(reply.body) == {"message", "resource_code"}
    code = reply.body["resource_code"]
    assert re.fullmatch(r"T\d{9}", code) and reply.headers["Location"] == "/api/team_members/" + code
    got = member(sim, code)
    assert (got["email_address"], got["fullname"], got["permissions"], got["type_label"]) == (
        "t1@example.com", "Tina Bianchi", ["domains_view", "api_access"], "Team member")
    assert "password" not in got and "_password" not in got
    assert errors(sim.api("POST", "/api/team_members", {"permissions": ["fly"], "password": "abc"}, token=CUSTOMER_TOKEN)) == {
        "email_address": "is required", "firstname": "is required", "lastname": "is required",
        "password": "is not valid", "password_confirmation": "doesn't match", "permissions": "is not valid"}
    assert errors(sim.api("POST", "/api/team_members", body(), token=CUSTOMER_TOKEN)) == {"email_address": "already exists"}
    assert errors(sim.api("POST", "/api/team_members", body("t2@example.com"), token=ADMIN_TOKEN)) == {
        "customer_code": "is required"}
    admin = sim.api("POST", "/api/team_members", body("t2@example.com", customer_code="C100000002"), token=ADMIN_TOKEN)
    assert member(sim, admin.body["resource_code"], token=NOBILLING_TOKEN)["permissions"] == []
    ignored = sim.api("POST", "/api/team_members", body("t3@example.com", customer_code="C100000002"), token=CUSTOMER_TOKEN)
    assert member(sim, ignored.body["resource_code"])["customer_code"] == "C100000001"  # admin-only field ignored


def test_list_filters(sim):
    sim.api("POST", "/api/team_members", body("anna@example.com"), token=CUSTOMER_TOKEN)
    code = sim.api("POST", "/api/team_members", body("bruno@example.com"), token=CUSTOMER_TOKEN).body["resource_code"]
    sim.api("PUT", "/api/team_members/%s/status" % code, {"status": "disabled"}, token=CUSTOMER_TOKEN)

    def emails(query, token=CUSTOMER_TOKEN):
        return [obj["email_address"] for obj in sim.api("GET", "/api/team_members?" + query, token=token).body["resources"]]

    assert emails("status=all") == ["anna@example.com", "bruno@example.com", "team@customer.example.com"]
    assert emails("status=disabled") == ["bruno@example.com"]
    assert emails("status=enabled&query=ann") == ["anna@example.com"]
    assert emails("per=2&page=2") == ["team@customer.example.com"]
    assert emails("customer_code=C100000002", token=ADMIN_TOKEN) == []
    assert len(emails("customer_code=C100000001", token=ADMIN_TOKEN)) == 3


def test_update_status_delete(sim):
    code = sim.seed(team_members=[{"token": "tok-t", "permissions": ["api_access"]}])["team_members"][0]
    path = "/api/team_members/" + code
    assert sim.api("GET", "/api/domains", token="tok-t").status == 403
    assert sim.api("PUT", path, {}, token=CUSTOMER_TOKEN).status == 204
    reply = sim.api("PUT", path, {"permissions": ["domains_view", "api_access"], "password": "Changed123",
                                  "password_confirmation": "Changed123"}, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    assert member(sim, code)["permissions"] == ["domains_view", "api_access"]
    assert sim.api("GET", "/api/domains", token="tok-t").status == 200
    assert errors(sim.api("PUT", path, {"permissions": "all", "password": "Changed123"}, token=CUSTOMER_TOKEN)) == {
        "permissions": "is not valid", "password_confirmation": "doesn't match"}
    assert errors(sim.api("PUT", path + "/status", {}, token=CUSTOMER_TOKEN)) == {"status": "is required"}
    assert sim.api("PUT", path + "/status", {"status": "disabled"}, token=CUSTOMER_TOKEN).status == 204
    assert member(sim, code)["status"] == "disabled"
    assert sim.api("GET", "/api/domains", token="tok-t").status == 401
    assert sim.api("PUT", path + "/status", {"status": "enabled"}, token=CUSTOMER_TOKEN).status == 204
    assert sim.api("DELETE", path, token=NOBILLING_TOKEN).status == 404
    assert sim.api("DELETE", path, token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", path, token=CUSTOMER_TOKEN).status == 404
    assert sim.api("GET", "/api/domains", token="tok-t").status == 401


def test_team_member_sees_what_its_customer_sees(sim, make_domain):
    mine = make_domain("mine.example.com")
    sim.seed(domains=[{"name": "other.example.com", "customer_code": "C100000002"}])
    assert [obj["code"] for obj in sim.api("GET", "/api/domains", token=TEAM_TOKEN).body["resources"]] == [mine]
    created = sim.api("POST", "/api/domains", {"name": "team.example.com", "postmaster_password": "Secret123",
                                               "postmaster_password_confirmation": "Secret123"}, token=TEAM_TOKEN)
    assert sim.resource("/api/domains/" + created.body["resource_code"])["customer_code"] == "C100000001"
    assert sim.api("GET", "/api/team_members", token=TEAM_TOKEN).status == 403


# (method, path template, body, permission needed besides api_access)
ROUTES = [
    ("GET", "/api/domains", None, "domains_view"),
    ("GET", "/api/domains/{domain}", None, "domains_view"),
    ("POST", "/api/domains", {"name": "new.example.com", "postmaster_password": "Secret123",
                              "postmaster_password_confirmation": "Secret123"}, "domains_create"),
    ("PUT", "/api/domains/{domain}", {"antispam_level": 1}, "domains_edit"),
    ("PUT", "/api/domains/{domain}/status", {"status": "disabled"}, "domains_edit"),
    ("POST", "/api/domains/{domain}/aliases", {"name": "alias.example.com"}, "domains_edit"),
    ("DELETE", "/api/domains/{domain}", None, "domains_delete"),
    ("GET", "/api/domains/{domain}/email_accounts", None, "accounts_view"),
    ("GET", "/api/domains/{domain}/email_accounts/{mailbox}", None, "accounts_view"),
    ("POST", "/api/domains/{domain}/email_accounts", {"name": "new", "firstname": "N", "password": "Secret123",
                                                      "password_confirmation": "Secret123"}, "accounts_create"),
    ("PUT", "/api/domains/{domain}/email_accounts/{mailbox}", {"firstname": "X"}, "accounts_edit"),
    ("PUT", "/api/domains/{domain}/email_accounts/{mailbox}/status", {"status": "disabled"}, "accounts_edit"),
    ("DELETE", "/api/domains/{domain}/email_accounts/{mailbox}", None, "accounts_delete"),
    ("GET", "/api/domains/{domain}/alias_email_accounts", None, "accounts_view"),
    ("POST", "/api/domains/{domain}/alias_email_accounts", {"name": "al", "destinations": ["a@example.org"]}, "accounts_create"),
    ("GET", "/api/managers", None, "managers_manage"),
]


@pytest.mark.parametrize("method,template,payload,needed", ROUTES, ids=["%s %s" % (r[0], r[1]) for r in ROUTES])
def test_permissions_enforced(sim, method, template, payload, needed):
    domain = sim.seed(domains=[{"name": "team.example.com", "status": "enabled"}])["domains"][0]
    mailbox = sim.seed(email_accounts=[{"domain_code": domain, "name": "info"}])["email_accounts"][0]
    path = template.format(domain=domain, mailbox=mailbox)
    others = [key for key in PERMISSIONS if key != needed]
    sim.seed(team_members=[{"token": "tok-without", "permissions": others},
                           {"token": "tok-with", "permissions": ["api_access", needed]},
                           {"token": "tok-noapi", "permissions": [key for key in PERMISSIONS if key != "api_access"]}])
    denied = sim.api(method, path, payload, token="tok-without")
    assert (denied.status, denied.body) == (403, {"message": "Forbidden: missing permission %s" % needed, "errors": []})
    noapi = sim.api(method, path, payload, token="tok-noapi")
    assert (noapi.status, noapi.body["message"]) == (403, "Forbidden: missing permission api_access")
    assert sim.api(method, path, payload, token="tok-with").status in (200, 204)


def test_password_changes_need_passwords_change(sim):
    domain = sim.seed(domains=[{"name": "team.example.com", "status": "enabled"}])["domains"][0]
    mailbox = sim.seed(email_accounts=[{"domain_code": domain, "name": "info"}])["email_accounts"][0]
    sim.seed(team_members=[{"token": "tok-edit", "permissions": ["api_access", "accounts_edit", "domains_edit"]},
                           {"token": "tok-pw", "permissions": ["api_access", "accounts_edit", "domains_edit", "passwords_change"]}])
    change = {"password": "Another123", "password_confirmation": "Another123"}
    path = "/api/domains/%s/email_accounts/%s" % (domain, mailbox)
    denied = sim.api("PUT", path, change, token="tok-edit")
    assert (denied.status, denied.body["message"]) == (403, "Forbidden: missing permission passwords_change")
    assert sim.api("PUT", path, {"firstname": "X"}, token="tok-edit").status == 204
    assert sim.api("PUT", path, change, token="tok-pw").status == 204
    postmaster = {"postmaster_password": "Another123", "postmaster_password_confirmation": "Another123"}
    assert sim.api("PUT", "/api/domains/" + domain, postmaster, token="tok-edit").status == 403
    assert sim.api("PUT", "/api/domains/" + domain, postmaster, token="tok-pw").status == 204


def test_routes_without_a_permission_key_need_only_api_access(sim):
    sim.seed(team_members=[{"token": "tok-api", "permissions": ["api_access"]}])
    for path in ("/api/delivery/domains", "/api/delivery/accounts", "/api/delivery/prices", "/api/users/me/notifications"):
        assert sim.api("GET", path, token="tok-api").status == 200, path
