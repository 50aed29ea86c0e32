# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: Vault (archiving) of domains and email accounts, lifecycle, limits and ``/_sim/vault_failures``."""
from __future__ import annotations

import json

from tests.simulator.testing import CUSTOMER_TOKEN, NOBILLING_TOKEN

GOOD = {"password": "Secret123", "password_confirmation": "Secret123", "firstname": "Alice"}


def errors_of(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def vault(code, rest=""):
    return "/api/archive/domains/%s%s" % (code, rest)


def setup(sim, names=("alice", "bob"), **domain_fields):
    """A ready domain of the demo customer with mailboxes; (domain code, [mailbox codes])."""
    code = sim.seed(domains=[dict({"name": "vault.com", "status": "enabled"}, **domain_fields)])["domains"][0]
    boxes = sim.seed(email_accounts=[{"domain_code": code, "name": name} for name in names])["email_accounts"]
    return code, boxes


def domain_of(sim, code):
    return sim.resource("/api/domains/" + code)


def wait_archive(sim, code, status):
    return sim.wait_until(lambda: domain_of(sim, code)["archive_status"] == status and domain_of(sim, code))


def accounts(sim, code, token=CUSTOMER_TOKEN, query=""):
    reply = sim.api("GET", vault(code, "/email_accounts" + query), token=token)
    assert reply.status == 200, reply
    return reply.body["resources"]


def activate(sim, code, codes, retention=12, **extra):
    reply = sim.api("POST", vault(code), dict({"email_codes": codes, "retention": retention}, **extra), token=CUSTOMER_TOKEN)
    assert reply.status == 204, reply
    return reply


def test_activation_lifecycle_and_account_fields(sim):
    sim.config(async_delay=0.25)  # intermediate states stay visible under load
    code, boxes = setup(sim)
    before = domain_of(sim, code)
    assert (before["archive_status"], before["archive"], before["archive_activated_at"]) == ("disabled", False, None)
    assert activate(sim, code, [boxes[0]], retention=24, default_archive=False).body is None
    now = domain_of(sim, code)
    assert (now["archive_status"], now["archive"], now["default_retention"], now["default_archive"]) == (
        "activating", False, 24, False)
    assert [(acc["code"], acc["archive_status"]) for acc in accounts(sim, code)] == [(boxes[0], "activating")]
    done = wait_archive(sim, code, "enabled")
    assert done["archive"] is True and done["archive_activated_at"] and done["no_email_accounts_archive"] == 1
    assert done["archive_status_detail"] is None
    account = sim.resource(vault(code, "/email_accounts/" + boxes[0]), token=CUSTOMER_TOKEN)
    assert account["archive_status"] == "enabled" and account["retention"] == 24
    assert account["email_address"] == "alice@vault.com" and account["domain_code"] == code
    assert not any("password" in key for key in account)
    listed = sim.api("GET", "/api/archive/domains?archive_status=enabled", token=CUSTOMER_TOKEN).body
    assert [obj["code"] for obj in listed["resources"]] == [code]


def test_activation_validation_and_access(sim):
    sim.config(async_delay=0.25)  # intermediate states stay visible under load
    code, boxes = setup(sim, max_email_accounts_archive=1)
    other = sim.seed(domains=[{"name": "other.com", "status": "enabled"}])["domains"][0]
    stranger = sim.seed(email_accounts=[{"domain_code": other, "name": "x"}])["email_accounts"][0]
    assert errors_of(sim.api("POST", vault(code), {}, token=CUSTOMER_TOKEN)) == {
        "retention": "is required", "email_codes": "is required"}
    errors = errors_of(sim.api("POST", vault(code), {"email_codes": [stranger], "retention": 0, "default_archive": "yes"},
                               token=CUSTOMER_TOKEN))
    assert set(errors) == {"retention", "default_archive", "email_codes"} and stranger in errors["email_codes"]
    errors = errors_of(sim.api("POST", vault(code), {"email_codes": boxes, "retention": 6}, token=CUSTOMER_TOKEN))
    assert errors == {"email_codes": "exceeds the domain's max_email_accounts_archive (1)"}
    assert domain_of(sim, code)["archive_status"] == "disabled"
    assert sim.api("POST", vault(code), {"email_codes": boxes[:1], "retention": 6}, token=NOBILLING_TOKEN).status == 404
    assert sim.api("POST", vault("D000000000"), {"email_codes": [], "retention": 6}, token=CUSTOMER_TOKEN).status == 404
    activate(sim, code, boxes[:1])
    assert "in progress" in errors_of(sim.api("POST", vault(code), {"email_codes": [], "retention": 6},
                                              token=CUSTOMER_TOKEN))["archive_status"]
    wait_archive(sim, code, "enabled")
    assert "already activated" in errors_of(sim.api("POST", vault(code), {"email_codes": [], "retention": 6},
                                                    token=CUSTOMER_TOKEN))["archive"]


def test_domain_settings_status_and_delete(sim):
    sim.config(async_delay=0.25)  # intermediate states stay visible under load
    code, boxes = setup(sim)
    assert "not activated" in errors_of(sim.api("PUT", vault(code), {"default_retention": 3}, token=CUSTOMER_TOKEN))["archive"]
    assert "not activated" in errors_of(sim.api("PUT", vault(code, "/status"), {"status": "disabled"},
                                                token=CUSTOMER_TOKEN))["archive"]
    assert "not activated" in errors_of(sim.api("DELETE", vault(code), token=CUSTOMER_TOKEN))["archive"]
    activate(sim, code, boxes)
    wait_archive(sim, code, "enabled")
    assert sim.api("PUT", vault(code), {"default_retention": 36, "default_archive": False}, token=CUSTOMER_TOKEN).status == 204
    assert (domain_of(sim, code)["default_retention"], domain_of(sim, code)["default_archive"]) == (36, False)
    assert errors_of(sim.api("PUT", vault(code), {"default_retention": "x"}, token=CUSTOMER_TOKEN)) == {
        "default_retention": "must be an integer number of months >= 1"}
    assert errors_of(sim.api("PUT", vault(code, "/status"), {"status": "off"}, token=CUSTOMER_TOKEN)) == {"status": "is not valid"}
    assert sim.api("PUT", vault(code, "/status"), {"status": "disabled"}, token=CUSTOMER_TOKEN).status == 204
    assert domain_of(sim, code)["archive_status"] == "disabling"
    off = wait_archive(sim, code, "disabled")
    assert off["archive"] is False and off["archive_activated_at"] is not None
    assert sim.api("PUT", vault(code, "/status"), {"status": "disabled"}, token=CUSTOMER_TOKEN).status == 204
    assert domain_of(sim, code)["archive_status"] == "disabled"
    assert sim.api("PUT", vault(code, "/status"), {"status": "enabled"}, token=CUSTOMER_TOKEN).status == 204
    assert domain_of(sim, code)["archive_status"] == "activating"
    assert wait_archive(sim, code, "enabled")["archive"] is True
    assert sim.api("DELETE", vault(code), token=NOBILLING_TOKEN).status == 404
    assert sim.api("DELETE", vault(code), token=CUSTOMER_TOKEN).status == 204
    deleting = domain_of(sim, code)
    assert deleting["archive_status"] == "deleting" and deleting["no_email_accounts_archive"] == 0
    assert accounts(sim, code) == []
    gone = wait_archive(sim, code, "disabled")
    assert (gone["archive"], gone["archive_activated_at"]) == (False, None)
    activate(sim, code, boxes[:1])  # a deleted Vault can be activated again
    assert wait_archive(sim, code, "enabled")["no_email_accounts_archive"] == 1


def test_account_routes(sim):
    sim.config(async_delay=0.25)  # intermediate states stay visible under load
    code, boxes = setup(sim, names=("alice", "bob", "carol"), max_email_accounts_archive=2)
    assert "must be enabled" in errors_of(sim.api("POST", vault(code, "/email_accounts"), {"email_codes": boxes[:1]},
                                                  token=CUSTOMER_TOKEN))["archive_status"]
    activate(sim, code, boxes[:1], retention=6)
    wait_archive(sim, code, "enabled")
    path = vault(code, "/email_accounts")
    assert errors_of(sim.api("POST", path, {"email_codes": boxes[:1]}, token=CUSTOMER_TOKEN)) == {
        "email_codes": "already archived: %s" % boxes[0]}
    errors = errors_of(sim.api("POST", path, {"email_codes": boxes[1:]}, token=CUSTOMER_TOKEN))
    assert "max_email_accounts_archive (2)" in errors["email_codes"]
    assert errors_of(sim.api("POST", path, {"email_codes": "x"}, token=CUSTOMER_TOKEN)) == {"email_codes": "is not valid"}
    assert sim.api("POST", path, {"email_codes": [boxes[1]], "retention": 18}, token=CUSTOMER_TOKEN).status == 204
    added = sim.resource(path + "/" + boxes[1], token=CUSTOMER_TOKEN)
    assert (added["archive_status"], added["retention"]) == ("activating", 18)
    sim.wait_until(lambda: sim.resource(path + "/" + boxes[1])["archive_status"] == "enabled")
    assert [acc["name"] for acc in accounts(sim, code, query="?query=bob@")] == ["bob"]
    assert len(accounts(sim, code, query="?archive_status=enabled")) == 2
    assert sim.api("GET", path + "?archive_status=bogus", token=CUSTOMER_TOKEN).status == 422
    assert domain_of(sim, code)["no_email_accounts_archive"] == 2
    assert sim.api("PUT", path + "/" + boxes[1], {"retention": 48}, token=CUSTOMER_TOKEN).status == 204
    assert sim.resource(path + "/" + boxes[1])["retention"] == 48
    assert errors_of(sim.api("PUT", path + "/" + boxes[1], {}, token=CUSTOMER_TOKEN)) == {"retention": "is required"}
    assert sim.api("PUT", path + "/" + boxes[1] + "/status", {"status": "disabled"}, token=CUSTOMER_TOKEN).status == 204
    assert sim.resource(path + "/" + boxes[1])["archive_status"] == "disabling"
    sim.wait_until(lambda: sim.resource(path + "/" + boxes[1])["archive_status"] == "disabled")
    assert errors_of(sim.api("PUT", path + "/" + boxes[1] + "/status", {"status": "x"}, token=CUSTOMER_TOKEN)) == {
        "status": "is not valid"}
    assert sim.api("GET", path + "/" + boxes[2], token=CUSTOMER_TOKEN).status == 404  # not archived
    assert sim.api("GET", path + "/" + boxes[1], token=NOBILLING_TOKEN).status == 404
    assert sim.api("DELETE", path + "/" + boxes[1], token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", path + "/" + boxes[1], token=CUSTOMER_TOKEN).status == 404
    assert domain_of(sim, code)["no_email_accounts_archive"] == 1
    # deleting the mailbox drops its Vault account
    assert sim.api("DELETE", "/api/domains/%s/email_accounts/%s" % (code, boxes[0]), token=CUSTOMER_TOKEN).status == 204
    assert accounts(sim, code) == [] and domain_of(sim, code)["no_email_accounts_archive"] == 0


def test_default_archive_applies_to_new_mailboxes(sim):
    code, boxes = setup(sim, names=("alice",))
    activate(sim, code, [], retention=9)  # default_archive defaults to true [DOC]
    wait_archive(sim, code, "enabled")
    reply = sim.api("POST", "/api/domains/%s/email_accounts" % code, dict(GOOD, name="newbie"), token=CUSTOMER_TOKEN)
    new = reply.body["resource_code"]
    archived = {acc["code"]: acc for acc in accounts(sim, code)}
    assert set(archived) == {new} and archived[new]["retention"] == 9 and boxes[0] not in archived
    sim.api("PUT", vault(code), {"default_archive": False}, token=CUSTOMER_TOKEN)
    sim.api("POST", "/api/domains/%s/email_accounts" % code, dict(GOOD, name="later"), token=CUSTOMER_TOKEN)
    assert [acc["code"] for acc in accounts(sim, code)] == [new]


def test_failure_control(sim):
    code, boxes = setup(sim)
    armed = sim.control("PUT", "vault_failures", {"domain": "Vault.com", "message": "storage unavailable"})
    assert armed == {"failures": [{"domain": "vault.com", "message": "storage unavailable"}]}
    activate(sim, code, boxes[:1])
    failed = wait_archive(sim, code, "failure")
    assert (failed["archive"], failed["archive_status_detail"], failed["archive_activated_at"]) == (
        False, "storage unavailable", None)
    assert [(acc["archive_status"], acc["archive_status_detail"]) for acc in accounts(sim, code)] == [
        ("failure", "storage unavailable")]
    assert sim.control("GET", "vault_failures") == {"failures": []}  # consumed
    activate(sim, code, boxes)  # retry after a failure
    assert wait_archive(sim, code, "enabled")["archive_status_detail"] is None
    assert sorted(acc["code"] for acc in accounts(sim, code)) == sorted(boxes)
    sim.control("PUT", "vault_failures", {"domain": code})  # by code, default message; also for a re-enable
    sim.api("PUT", vault(code, "/status"), {"status": "disabled"}, token=CUSTOMER_TOKEN)
    wait_archive(sim, code, "disabled")
    sim.api("PUT", vault(code, "/status"), {"status": "enabled"}, token=CUSTOMER_TOKEN)
    assert wait_archive(sim, code, "failure")["archive_status_detail"] == "Vault activation failed"
    assert sim.call("PUT", "/_sim/vault_failures", {"message": "x"}).status == 400
    assert sim.call("PUT", "/_sim/vault_failures", ["not", "an", "object"]).status == 400
    sim.control("PUT", "vault_failures", {"domain": "a.com"})
    assert sim.control("DELETE", "vault_failures") == {"failures": []}


def test_list_vault_domains_scoping(sim, make_domain):
    mine = make_domain("mine.com")
    theirs = sim.seed(domains=[{"name": "theirs.com", "customer_code": "C100000002"}])["domains"][0]
    listed = sim.api("GET", "/api/archive/domains", token=CUSTOMER_TOKEN).body
    assert [obj["code"] for obj in listed["resources"]] == [mine] and listed["pagination"]["total_records"] == 1
    admin = sim.api("GET", "/api/archive/domains?customer_code=C100000002").body["resources"]
    assert [obj["code"] for obj in admin] == [theirs]
    assert len(sim.api("GET", "/api/archive/domains?query=.com&archive_status=disabled").body["resources"]) == 2
    assert sim.api("GET", "/api/archive/domains?archive_status=on").status == 422
    assert sim.api("GET", "/api/archive/domains", token=None).status == 401
    box = sim.seed(email_accounts=[{"domain_code": theirs, "name": "a"}])["email_accounts"][0]
    assert sim.api("POST", vault(theirs), {"email_codes": [box], "retention": 3}).status == 204  # admin
    assert sim.api("GET", vault(theirs, "/email_accounts"), token=CUSTOMER_TOKEN).status == 404
    log = sim.requests(method="POST", path="/api/archive/domains/*")
    assert log[-1]["body"] == {"email_codes": [box], "retention": 3} and log[-1]["write"] is True
    assert "Secret" not in json.dumps(sim.requests())


def test_seeded_vault(sim):
    code, boxes = setup(sim, archive_status="enabled", archive=True, archive_activated_at="2025-01-01T00:00:00Z",
                        default_archive=False)
    seeded = sim.seed(archive_email_accounts=[{"code": boxes[0], "retention": 60},
                                              {"code": boxes[1], "archive_status": "disabled"}])
    assert seeded == {"archive_email_accounts": boxes}
    listed = {acc["code"]: acc for acc in accounts(sim, code)}
    assert (listed[boxes[0]]["archive_status"], listed[boxes[0]]["retention"]) == ("enabled", 60)
    assert listed[boxes[1]]["archive_status"] == "disabled"
    assert domain_of(sim, code)["no_email_accounts_archive"] == 2
    assert sim.api("PUT", vault(code, "/status"), {"status": "disabled"}, token=CUSTOMER_TOKEN).status == 204
