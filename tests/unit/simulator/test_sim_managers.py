# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: managers (create, list, get, update, status, delete, Delivery assign/unassign/preview) and the
limits a manager token meets when it creates resources."""
from __future__ import annotations

import re

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN

RESELLER = "C100000003"
RESELLER_TOKEN = "qbx-reseller-dev-token"
MANAGER_TOKEN = "qbx-manager-dev-token"
TEAM_TOKEN = "qbx-team-dev-token"
PASSWORD = "Manager123"
GB25 = 26843545600


def body(email="m1@example.com", **fields):
    out = {"email_address": email, "firstname": "Mario", "lastname": "Rossi", "password": PASSWORD,
           "password_confirmation": PASSWORD}
    out.update(fields)
    return out


def create(sim, token=RESELLER_TOKEN, path="/api/managers", **fields):
    reply = sim.api("POST", path, body(**fields), token=token)
    assert reply.status == 200, reply
    return reply.body["resource_code"]


def errors(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def seed_domains(sim, *names, customer=RESELLER):
    return sim.seed(domains=[{"name": name, "customer_code": customer, "status": "enabled"} for name in names])["domains"]


def seed_delivery(sim, customer=RESELLER):
    """Two Delivery domains and three accounts: acc1 has dd1, acc2 has dd1 and dd2, acc3 has none."""
    dd1, dd2 = sim.seed(delivery_domains=[{"name": "d1.example.com", "customer_code": customer, "verified": True},
                                          {"name": "d2.example.com", "customer_code": customer}])["delivery_domains"]
    acc1, acc2, acc3 = sim.seed(delivery_accounts=[
        {"description": "one", "customer_code": customer, "domain_codes": [dd1]},
        {"description": "two", "customer_code": customer, "domain_codes": [dd1, dd2]},
        {"description": "three", "customer_code": customer}])["delivery_accounts"]
    return dd1, dd2, acc1, acc2, acc3


def manager(sim, code, token=RESELLER_TOKEN):
    return sim.resource("/api/managers/" + code, token=token)


# ------------------------------------------------------------------------------------------ seeds
def test_seeded_reseller_manager_and_team_member(sim):
    listed = sim.api("GET", "/api/managers", token=RESELLER_TOKEN).body
    assert [obj["code"] for obj in listed["resources"]] == ["MN10000001"]
    seeded = listed["resources"][0]
    assert (seeded["type"], seeded["customer_code"], seeded["status"], seeded["is_customer_reseller"]) == (
        "Manager", RESELLER, "enabled", True)
    assert seeded["domain_codes"] == seeded["delivery_domain_codes"] == seeded["delivery_account_ids"] == []
    assert sim.api("GET", "/api/domains", token=MANAGER_TOKEN).body["resources"] == []
    assert sim.api("GET", "/api/managers", token=CUSTOMER_TOKEN).body["resources"] == []
    assert sim.api("GET", "/api/managers/MN10000001", token=CUSTOMER_TOKEN).status == 404
    assert [obj["code"] for obj in sim.state("customers") if obj.get("reseller")] == [RESELLER]


# ------------------------------------------------------------------------------------------ create
def test_create_as_reseller_and_read_back(sim):
    first, second = seed_domains(sim, "a.example.com", "b.example.com")
    reply = sim.api("POST", "/api/managers", body(company="ACME", max_domains=3, max_email_quota=GB25, catch_all=True,
                                                  domain_codes=[first, second]), token=RESELLER_TOKEN)
    assert reply.status == 200 and set(reply.body) == {"message", "resource_code"}
    code = reply.body["resource_code"]
    assert re.fullmatch(r"MN\d{8}", code) and reply.headers["Location"] == "/api/managers/" + code
    got = manager(sim, code)
    assert (got["type"], got["email_address"], got["fullname"], got["company"], got["catch_all"]) == (
        "Manager", "m1@example.com", "Mario Rossi", "ACME", True)
    assert (got["max_domains"], got["max_email_accounts"], got["max_delivery_accounts"], got["max_email_quota"]) == (
        3, -1, -1, GB25)
    assert got["domain_codes"] == sorted([first, second]) and "password" not in got and "_password" not in got
    domain = sim.resource("/api/domains/" + first, token=RESELLER_TOKEN)
    assert (domain["manager_code"], domain["manager_fullname"]) == (code, "Mario Rossi")
    for field in ("linked_email_account", "is_customer_wholesale", "can_access_delivery", "otp", "allow_nets",
                  "timezone", "language", "type_label", "permissions", "ordered_domains", "customization_logo"):
        assert field in got


def test_only_resellers_create_managers(sim):
    reply = sim.api("POST", "/api/managers", body(), token=CUSTOMER_TOKEN)
    assert reply.status == 403 and "reseller" in reply.body["message"] and reply.body["errors"] == []
    assert errors(sim.api("POST", "/api/managers", body(), token=ADMIN_TOKEN)) == {
        "customer_code": "is required (query) for admin tokens"}
    refused = errors(sim.api("POST", "/api/managers?customer_code=" + RESELLER, body(), token=ADMIN_TOKEN))
    assert refused["customer_code"].startswith("is not documented for this request (simulator GAP switch")
    sim.gaps(manager_customer_code=True)
    assert errors(sim.api("POST", "/api/managers?customer_code=C100000001", body(), token=ADMIN_TOKEN)) == {
        "customer_code": "is not a reseller"}
    code = create(sim, token=ADMIN_TOKEN, path="/api/managers?customer_code=" + RESELLER)
    assert manager(sim, code)["customer_code"] == RESELLER
    assert sim.api("POST", "/api/managers", body("m2@example.com"), token=MANAGER_TOKEN).status == 403


def test_create_validation(sim):
    (foreign,) = seed_domains(sim, "foreign.example.com", customer="C100000001")
    reply = sim.api("POST", "/api/managers", {"password": "short", "password_confirmation": "other", "max_domains": -2,
                                              "max_email_quota": 5, "domain_codes": [foreign], "catch_all": "yes"},
                    token=RESELLER_TOKEN)
    assert errors(reply) == {
        "email_address": "is required", "firstname": "is required", "lastname": "is required",
        "password": "is not valid", "password_confirmation": "doesn't match", "max_domains": "is not valid",
        "max_email_quota": "is not valid", "catch_all": "is not valid", "domain_codes": "is not valid"}
    create(sim)
    assert errors(sim.api("POST", "/api/managers", body(), token=RESELLER_TOKEN)) == {"email_address": "already exists"}
    two = seed_domains(sim, "x.example.com", "y.example.com")
    assert errors(sim.api("POST", "/api/managers", body("m3@example.com", max_domains=1, domain_codes=two),
                          token=RESELLER_TOKEN)) == {"domain_codes": "exceeds max_domains (1)"}


# ------------------------------------------------------------------------------------------ list, update, status, delete
def test_list_filters_and_admin_scope(sim):
    create(sim, email="anna@example.com", firstname="Anna")
    code = create(sim, email="bruno@example.com", firstname="Bruno")
    assert sim.api("PUT", "/api/managers/%s/status" % code, {"status": "disabled"}, token=RESELLER_TOKEN).status == 204

    def emails(query, token=RESELLER_TOKEN):
        return [obj["email_address"] for obj in sim.api("GET", "/api/managers?" + query, token=token).body["resources"]]

    assert emails("") == ["anna@example.com", "bruno@example.com", "manager@reseller.example.com"]
    assert emails("status=disabled") == ["bruno@example.com"]
    assert emails("query=ann") == ["anna@example.com"]
    assert emails("per=1&page=2") == ["bruno@example.com"]
    assert emails("customer_code=C100000001", token=ADMIN_TOKEN) == []
    assert len(emails("customer_code=" + RESELLER, token=ADMIN_TOKEN)) == 3


def test_update_limits_password_and_assignments(sim):
    first, second, third = seed_domains(sim, "a.example.com", "b.example.com", "c.example.com")
    _dd1, _dd2, acc1, acc2, _acc3 = seed_delivery(sim)
    code = create(sim, domain_codes=[first])
    path = "/api/managers/" + code
    assert sim.api("PUT", path, {}, token=RESELLER_TOKEN).status == 204
    reply = sim.api("PUT", path, {"domain_codes": [second, third], "delivery_account_ids": [acc1, str(acc2)],
                                  "max_email_accounts": 10, "max_delivery_domains": 4, "password": "NewPass123",
                                  "password_confirmation": "NewPass123"}, token=RESELLER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    got = manager(sim, code)
    assert got["domain_codes"] == sorted([second, third]) and got["delivery_account_ids"] == sorted([acc1, acc2])
    assert (got["max_email_accounts"], got["max_delivery_domains"], got["delivery_domain_codes"]) == (10, 4, [])
    assert sim.resource("/api/domains/" + first, token=RESELLER_TOKEN)["manager_code"] is None
    assert sim.resource("/api/delivery/accounts/%d" % acc1, token=RESELLER_TOKEN)["manager_code"] == code
    assert [obj["_password"] for obj in sim.state("managers") if obj["code"] == code] == ["NewPass123"]
    assert errors(sim.api("PUT", path, {"max_domains": 1}, token=RESELLER_TOKEN)) == {
        "max_domains": "is lower than the 2 already assigned"}
    assert errors(sim.api("PUT", path, {"max_delivery_accounts": 1, "delivery_account_ids": [acc1, acc2]},
                          token=RESELLER_TOKEN)) == {"delivery_account_ids": "exceeds max_delivery_accounts (1)"}
    assert errors(sim.api("PUT", path, {"delivery_account_ids": [999], "password": "x", "max_email_quota": 1},
                          token=RESELLER_TOKEN)) == {
        "delivery_account_ids": "is not valid", "password": "is not valid", "password_confirmation": "doesn't match",
        "max_email_quota": "is not valid"}
    assert sim.api("PUT", path, {"domain_codes": [], "delivery_account_ids": []}, token=RESELLER_TOKEN).status == 204
    got = manager(sim, code)
    assert got["domain_codes"] == [] and got["delivery_account_ids"] == []
    assert sim.api("PUT", "/api/managers/MN00000000", {}, token=RESELLER_TOKEN).status == 404
    assert sim.api("PUT", path, {}, token=CUSTOMER_TOKEN).status == 404


def test_status_and_delete_control_the_token(sim):
    (domain,) = seed_domains(sim, "a.example.com")
    code = sim.seed(managers=[{"token": "tok-m", "domain_codes": [domain]}])["managers"][0]
    assert sim.api("GET", "/api/domains/" + domain, token="tok-m").status == 200
    path = "/api/managers/%s/status" % code
    assert errors(sim.api("PUT", path, {"status": "paused"}, token=RESELLER_TOKEN)) == {"status": "is not valid"}
    assert sim.api("PUT", path, {"status": "disabled"}, token=RESELLER_TOKEN).status == 204
    assert manager(sim, code)["status"] == "disabled"
    assert sim.api("GET", "/api/domains", token="tok-m").status == 401
    assert sim.api("PUT", path, {"status": "enabled"}, token=RESELLER_TOKEN).status == 204
    assert sim.api("GET", "/api/domains", token="tok-m").status == 200
    assert sim.api("DELETE", "/api/managers/" + code, token=RESELLER_TOKEN).status == 204
    assert sim.api("GET", "/api/managers/" + code, token=RESELLER_TOKEN).status == 404
    assert sim.api("GET", "/api/domains", token="tok-m").status == 401
    assert sim.resource("/api/domains/" + domain, token=RESELLER_TOKEN)["manager_code"] is None


# ------------------------------------------------------------------------------------------ Delivery assignment
def test_assign_domain_brings_its_accounts(sim):
    dd1, dd2, acc1, acc2, acc3 = seed_delivery(sim)
    path = "/api/managers/MN10000001/assign/delivery"
    assert sim.api("PUT", path, {"id": dd1}, token=RESELLER_TOKEN).status == 204
    got = manager(sim, "MN10000001")
    assert got["delivery_domain_codes"] == [dd1] and got["delivery_account_ids"] == sorted([acc1, acc2])
    assert dd2 not in got["delivery_domain_codes"] and acc3 not in got["delivery_account_ids"]
    domain = sim.resource("/api/delivery/domains/" + dd1, token=RESELLER_TOKEN)
    assert (domain["manager_code"], domain["manager_fullname"]) == ("MN10000001", "Demo Manager")


def test_assign_account_brings_its_domains_and_sets_limits(sim):
    dd1, dd2, _acc1, acc2, acc3 = seed_delivery(sim)
    path = "/api/managers/MN10000001/assign/delivery"
    reply = sim.api("PUT", path, {"id": str(acc2), "max_delivery_accounts": 2, "max_delivery_domains": 2},
                    token=RESELLER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    got = manager(sim, "MN10000001")
    assert got["delivery_domain_codes"] == sorted([dd1, dd2]) and got["delivery_account_ids"] == [acc2]
    assert (got["max_delivery_accounts"], got["max_delivery_domains"]) == (2, 2)
    assert sim.api("PUT", path, {"id": str(acc3)}, token=RESELLER_TOKEN).status == 204
    assert errors(sim.api("PUT", path, {"id": dd1, "max_delivery_accounts": 1}, token=RESELLER_TOKEN)) == {
        "id": "exceeds max_delivery_accounts (1)"}
    assert manager(sim, "MN10000001")["max_delivery_accounts"] == 2  # nothing applied on 422


def test_assign_errors_and_moves(sim):
    dd1, _dd2, acc1, _acc2, _acc3 = seed_delivery(sim)
    (foreign,) = sim.seed(delivery_domains=[{"name": "f.example.com", "customer_code": "C100000001"}])["delivery_domains"]
    path = "/api/managers/MN10000001/assign/delivery"
    assert errors(sim.api("PUT", path, {}, token=RESELLER_TOKEN)) == {"id": "is required"}
    assert errors(sim.api("PUT", path, {"id": acc1}, token=RESELLER_TOKEN)) == {
        "id": "must be a string (a Delivery domain code or account id)"}
    for bad in ("DD00000000", foreign, "99999"):
        assert errors(sim.api("PUT", path, {"id": bad}, token=RESELLER_TOKEN)) == {"id": "is not valid"}
    other = create(sim)
    assert sim.api("PUT", "/api/managers/%s/assign/delivery" % other, {"id": str(acc1)}, token=RESELLER_TOKEN).status == 204
    assert sim.api("PUT", path, {"id": dd1}, token=RESELLER_TOKEN).status == 204
    assert manager(sim, other)["delivery_account_ids"] == []
    assert acc1 in manager(sim, "MN10000001")["delivery_account_ids"]


def test_preview_is_a_read_and_changes_nothing(sim):
    dd1, dd2, acc1, acc2, _acc3 = seed_delivery(sim)
    sim.clear_requests()
    reply = sim.api("PUT", "/api/managers/MN10000001/assign/delivery/preview", {"id": str(acc2)}, token=RESELLER_TOKEN)
    assert reply.status == 200
    assert reply.body == {
        "delivery_domains": [{"code": dd1, "name": "d1.example.com", "manager_code": None},
                             {"code": dd2, "name": "d2.example.com", "manager_code": None}],
        "delivery_accounts": [{"id": acc2, "description": "two", "manager_code": None}]}
    preview = sim.api("PUT", "/api/managers/MN10000001/assign/delivery/preview", {"id": dd1}, token=RESELLER_TOKEN)
    assert [acc["id"] for acc in preview.body["delivery_accounts"]] == [acc1, acc2]
    assert manager(sim, "MN10000001")["delivery_account_ids"] == []
    assert errors(sim.api("PUT", "/api/managers/MN10000001/assign/delivery/preview", {"id": "nope"}, token=RESELLER_TOKEN))
    sim.api("PUT", "/api/managers/MN10000001/assign/delivery", {"id": dd1}, token=RESELLER_TOKEN)
    log = {(entry["path"].rsplit("/", 1)[-1], entry["write"]) for entry in sim.requests(method="PUT")}
    assert log == {("preview", False), ("delivery", True)}
    assert sim.requests(write=False, path="*/preview")


def test_unassign_only_the_named_resource(sim):
    dd1, _dd2, acc1, acc2, _acc3 = seed_delivery(sim)
    sim.api("PUT", "/api/managers/MN10000001/assign/delivery", {"id": dd1}, token=RESELLER_TOKEN)
    path = "/api/managers/MN10000001/unassign/delivery"
    assert sim.api("PUT", path, {"id": str(acc1)}, token=RESELLER_TOKEN).status == 204
    got = manager(sim, "MN10000001")
    assert got["delivery_domain_codes"] == [dd1] and got["delivery_account_ids"] == [acc2]
    assert sim.api("PUT", path, {"id": dd1}, token=RESELLER_TOKEN).status == 204
    assert manager(sim, "MN10000001")["delivery_domain_codes"] == []
    assert sim.api("PUT", path, {"id": dd1}, token=RESELLER_TOKEN).status == 204  # not held: nothing changes
    assert errors(sim.api("PUT", path, {"id": "nope"}, token=RESELLER_TOKEN)) == {"id": "is not valid"}


# ------------------------------------------------------------------------------------------ who may manage managers
def test_tokens_that_may_not_manage_managers(sim):
    for method, path in (("GET", "/api/managers"), ("GET", "/api/managers/MN10000001"),
                         ("PUT", "/api/managers/MN10000001/assign/delivery/preview"), ("GET", "/api/team_members")):
        reply = sim.api(method, path, {} if method == "PUT" else None, token=MANAGER_TOKEN)
        assert reply.status == 403 and "manager token" in reply.body["message"]
    sim.seed(team_members=[{"customer_code": RESELLER, "token": "tok-t", "permissions": ["api_access"]}])
    reply = sim.api("POST", "/api/managers", body(), token="tok-t")
    assert (reply.status, reply.body["message"]) == (403, "Forbidden: missing permission managers_manage")


def test_team_member_with_managers_manage(sim):
    sim.seed(team_members=[{"customer_code": RESELLER, "token": "tok-r", "permissions": ["api_access", "managers_manage"]},
                           {"customer_code": "C100000001", "token": "tok-c", "permissions": ["api_access", "managers_manage"]}])
    code = create(sim, token="tok-r")
    assert manager(sim, code, token="tok-r")["customer_code"] == RESELLER
    reply = sim.api("POST", "/api/managers", body("m9@example.com"), token="tok-c")
    assert reply.status == 403 and "reseller" in reply.body["message"]


# ------------------------------------------------------------------------------------------ creates by a manager token
def test_manager_token_creates_are_assigned_and_limited(sim, make_domain):
    sim.seed(managers=[{"code": "MN20000001", "token": "tok-m", "max_domains": 1, "max_delivery_domains": 1,
                        "max_delivery_accounts": 1}])
    code = make_domain("mine.example.com", token="tok-m")
    domain = sim.resource("/api/domains/" + code, token="tok-m")
    assert (domain["customer_code"], domain["manager_code"], domain["manager_fullname"]) == (
        RESELLER, "MN20000001", "Seeded Manager")
    reply = sim.api("POST", "/api/domains", {"name": "two.example.com", "postmaster_password": "Secret123",
                                             "postmaster_password_confirmation": "Secret123"}, token="tok-m")
    assert errors(reply) == {"name": "exceeds the manager's max_domains (1)"}
    created = sim.api("POST", "/api/delivery/domains", {"name": "d.example.com"}, token="tok-m").body["resources"][0]
    assert created["manager_code"] == "MN20000001"
    assert errors(sim.api("POST", "/api/delivery/domains", {"name": "e.example.com"}, token="tok-m")) == {
        "name": "exceeds the manager's max_delivery_domains (1)"}
    account = sim.api("POST", "/api/delivery/accounts", {"description": "A", "type": "transactional"}, token="tok-m")
    assert account.body["resources"][0]["manager_code"] == "MN20000001"
    assert errors(sim.api("POST", "/api/delivery/accounts", {"description": "B", "type": "transactional"}, token="tok-m")) == {
        "description": "exceeds the manager's max_delivery_accounts (1)"}
    assert sorted(obj["name"] for obj in sim.api("GET", "/api/domains", token=RESELLER_TOKEN).body["resources"]) == [
        "mine.example.com"]


def test_manager_token_mailbox_limits(sim):
    (domain,) = sim.seed(domains=[{"name": "a.example.com", "customer_code": RESELLER, "status": "enabled",
                                   "max_email_quota": 107374182400}])["domains"]
    sim.seed(managers=[{"token": "tok-m", "domain_codes": [domain], "max_email_accounts": 2, "max_email_accounts_25gb": 1,
                        "max_email_quota": GB25}])
    path = "/api/domains/%s/email_accounts" % domain
    fresh = {"firstname": "N", "password": "Secret123", "password_confirmation": "Secret123"}

    def mailbox(name, **fields):
        return sim.api("POST", path, dict(fresh, name=name, **fields), token="tok-m")

    assert mailbox("one", max_email_quota=GB25).status == 200
    assert errors(mailbox("two", max_email_quota=GB25)) == {"max_email_quota": "exceeds the manager's max_email_accounts_25gb (1)"}
    assert errors(mailbox("two", max_email_quota=53687091200)) == {
        "max_email_quota": "is greater than the manager's max_email_quota (%d)" % GB25}
    second = mailbox("two")
    assert second.status == 200
    assert errors(mailbox("three")) == {"name": "exceeds the manager's max_email_accounts (2)"}
    assert sim.api("POST", path, dict(fresh, name="three"), token=RESELLER_TOKEN).status == 200
    item = "%s/%s" % (path, second.body["resource_code"])
    assert errors(sim.api("PUT", item, {"max_email_quota": GB25}, token="tok-m")) == {
        "max_email_quota": "exceeds the manager's max_email_accounts_25gb (1)"}
    assert sim.api("PUT", item, {"max_email_quota": 2147483648}, token="tok-m").status == 204
