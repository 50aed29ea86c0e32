# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: Hosting domain create/update/status/delete, validation and billing."""
from __future__ import annotations

import re

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

BILLING_403 = {
    "message": "Forbidden: complete the first order in the Qboxmail panel before creating paid resources via API", "errors": [],
}
GOOD = {"postmaster_password": "Secret123", "postmaster_password_confirmation": "Secret123"}


def errors_of(reply):
    """``{field: description}`` of a 422 answer."""
    assert reply.status == 422, reply
    assert reply.body["message"] == "Validation failed"
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def test_create_answer_and_defaults(sim):
    reply = sim.api("POST", "/api/domains", dict(GOOD, name="example.com"), token=CUSTOMER_TOKEN)
    assert reply.status == 200
    code = reply.body["resource_code"]
    assert re.fullmatch(r"D\d{9}", code)
    assert reply.body == {"message": "Domain created", "resource_code": code}
    assert reply.headers["Location"] == "/api/domains/" + code
    domain = sim.resource("/api/domains/" + code, token=CUSTOMER_TOKEN)
    assert (domain["status"], domain["status_detail"]) == ("ownership_check", "ownership_check")
    assert domain["antispam_level"] == 2 and domain["plan"] == "basic"
    assert (domain["max_email_quota"], domain["default_quota"]) == (8589934592, 1073741824)
    assert domain["max_email_accounts"] == -1 and domain["allow_nets"] == [] and domain["has_dkim"] == 0
    assert re.fullmatch(r"d\d{9}", domain["possession_a_record"])
    assert domain["dkim_status"] is None and domain["imap_disabled"] is False
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", domain["created_at"])
    assert "postmaster_password" not in domain
    postmaster = [box for box in sim.state("email_accounts") if box["domain_code"] == code]
    assert len(postmaster) == 1
    assert re.fullmatch(r"P\d{9}", postmaster[0]["code"])
    assert postmaster[0]["email_address"] == "postmaster@example.com"
    assert (postmaster[0]["status"], postmaster[0]["status_detail"]) == ("enabled", "ok")


def test_create_with_options(sim):
    body = dict(GOOD, name="opts.com", plan="enterprise", max_email_quota=17179869184, default_quota=52428800,
                antispam_level=0, max_email_accounts=10, max_email_accounts_100gb=0, catch_all_enabled=True,
                catch_all_destination="all@opts.com", allow_nets=["10.0.0.0/8", "192.0.2.1", "2001:db8::/32"],
                imap_disabled=True, dav=True, outbound_limit=3, status="enabled", unknown_field="ignored")
    code = sim.api("POST", "/api/domains", body, token=CUSTOMER_TOKEN).body["resource_code"]
    domain = sim.resource("/api/domains/" + code)
    for key in ("plan", "max_email_quota", "default_quota", "antispam_level", "max_email_accounts", "catch_all_enabled",
                "catch_all_destination", "allow_nets", "imap_disabled", "dav", "outbound_limit"):
        assert domain[key] == body[key], key
    assert domain["status"] == "ownership_check"
    assert "unknown_field" not in domain


def test_create_required_fields(sim):
    errors = errors_of(sim.api("POST", "/api/domains", {}, token=CUSTOMER_TOKEN))
    assert errors == {"name": "is required", "postmaster_password": "is required"}


def test_create_invalid_values_are_reported_together(sim):
    body = {"name": "Example.COM", "postmaster_password": "onlyletters", "postmaster_password_confirmation": "other",
            "plan": "gold", "max_email_quota": 123, "default_quota": "1GB", "antispam_level": 4,
            "max_email_accounts": -2, "allow_nets": ["300.1.1.1"], "catch_all_enabled": True, "imap_disabled": "yes"}
    errors = errors_of(sim.api("POST", "/api/domains", body, token=CUSTOMER_TOKEN))
    assert errors == {
        "name": "is not valid", "postmaster_password": "is not valid", "postmaster_password_confirmation": "doesn't match",
        "plan": "is not valid", "max_email_quota": "is not valid", "default_quota": "is not valid",
        "antispam_level": "is not valid", "max_email_accounts": "is not valid", "allow_nets": "is not valid",
        "catch_all_destination": "is not valid", "imap_disabled": "is not valid",
    }
    assert sim.state("domains") == []


def test_invalid_names_and_passwords(sim):
    for name in ("nodot", "bad_name.com", "-x.com", "a..com", "example.c"):
        assert errors_of(sim.api("POST", "/api/domains", dict(GOOD, name=name), token=CUSTOMER_TOKEN))["name"] == "is not valid"
    for password in ("short1", "12345678", "abcdefgh"):
        body = {"name": "ok.com", "postmaster_password": password, "postmaster_password_confirmation": password}
        assert errors_of(sim.api("POST", "/api/domains", body, token=CUSTOMER_TOKEN)) == {"postmaster_password": "is not valid"}


def test_duplicate_name_across_customers(sim):
    sim.seed(domains=[{"name": "taken.com", "customer_code": "C100000002"}])
    errors = errors_of(sim.api("POST", "/api/domains", dict(GOOD, name="taken.com"), token=CUSTOMER_TOKEN))
    assert errors == {"name": "already exists"}


def test_billing_profile_required_in_production(sim):
    reply = sim.api("POST", "/api/domains", dict(GOOD, name="paid.com"), token=NOBILLING_TOKEN)
    assert (reply.status, reply.body) == (403, BILLING_403)
    assert sim.state("domains") == []
    # the admin creating for that customer and the customer with a profile are fine
    assert sim.api("POST", "/api/domains", dict(GOOD, name="paid.com", customer_code="C100000002"), token=ADMIN_TOKEN).status == 200
    assert sim.api("POST", "/api/domains", dict(GOOD, name="other.com"), token=CUSTOMER_TOKEN).status == 200


def test_no_billing_check_in_sandbox(sim):
    sim.reset(mode="sandbox")
    assert sim.api("POST", "/api/domains", dict(GOOD, name="paid.com"), token=NOBILLING_TOKEN).status == 200


def test_plan_change_is_billable(sim):
    code = sim.seed(domains=[{"name": "nb.com", "customer_code": "C100000002"}])["domains"][0]
    reply = sim.api("PUT", "/api/domains/" + code, {"plan": "professional"}, token=NOBILLING_TOKEN)
    assert (reply.status, reply.body) == (403, BILLING_403)
    assert sim.api("PUT", "/api/domains/" + code, {"plan": "basic", "antispam_level": 3}, token=NOBILLING_TOKEN).status == 204
    assert sim.resource("/api/domains/" + code)["antispam_level"] == 3
    sim.config(mode="sandbox")
    assert sim.api("PUT", "/api/domains/" + code, {"plan": "professional"}, token=NOBILLING_TOKEN).status == 204


def test_update_applies_at_once(sim, make_domain):
    code = make_domain("upd.com")
    reply = sim.api("PUT", "/api/domains/" + code, {"name": "renamed.com", "customer_code": "C100000002", "antispam_level": 1,
                                                    "allow_nets": ["198.51.100.0/24"], "webmail_disabled": True},
                    token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    domain = sim.resource("/api/domains/" + code, token=CUSTOMER_TOKEN)
    assert (domain["name"], domain["customer_code"]) == ("upd.com", "C100000001")
    assert (domain["antispam_level"], domain["allow_nets"], domain["webmail_disabled"]) == (1, ["198.51.100.0/24"], True)


def test_update_validation(sim, make_domain):
    code = make_domain("upd.com")
    path = "/api/domains/" + code
    assert errors_of(sim.api("PUT", path, {"catch_all_enabled": True})) == {"catch_all_destination": "is not valid"}
    assert sim.api("PUT", path, {"catch_all_enabled": True, "catch_all_destination": "x@upd.com"}).status == 204
    assert sim.api("PUT", path, {"catch_all_destination": "y@upd.com"}).status == 204
    assert errors_of(sim.api("PUT", path, {"catch_all_destination": "not-an-email"})) == {"catch_all_destination": "is not valid"}
    assert errors_of(sim.api("PUT", path, {"postmaster_password": "NewSecret9"})) == {"postmaster_password_confirmation": "doesn't match"}
    assert sim.api("PUT", path, {"postmaster_password": "NewSecret9", "postmaster_password_confirmation": "NewSecret9"}).status == 204
    postmaster = [box for box in sim.state("email_accounts") if box["domain_code"] == code][0]
    assert postmaster["_password"] == "NewSecret9"
    assert errors_of(sim.api("PUT", path, {"default_quota": 5})) == {"default_quota": "is not valid"}
    assert sim.resource(path)["catch_all_destination"] == "y@upd.com"


def test_status_needs_verified_ownership(sim, make_domain):
    code = make_domain("new.com")
    errors = errors_of(sim.api("PUT", "/api/domains/%s/status" % code, {"status": "disabled"}))
    assert list(errors) == ["status"]


def test_status_disable_and_enable_are_async(sim):
    code = sim.seed(domains=[{"name": "live.com", "status": "enabled"}])["domains"][0]
    path = "/api/domains/" + code
    assert errors_of(sim.api("PUT", path + "/status", {"status": "paused"})) == {"status": "is not valid"}
    assert sim.api("PUT", path + "/status", {"status": "disabled"}, token=CUSTOMER_TOKEN).status == 204
    domain = sim.resource(path)
    assert (domain["status"], domain["status_detail"]) == ("updating", "queued")
    sim.wait_until(lambda: sim.resource(path)["status"] == "disabled")
    assert sim.resource(path)["status_detail"] == "ok"
    assert sim.api("PUT", path + "/status", {"status": "enabled"}).status == 204
    assert sim.resource(path)["status"] == "updating"
    sim.wait_until(lambda: sim.resource(path)["status"] == "enabled")


def test_delete_removes_domain_and_children(sim, make_domain):
    code = make_domain("gone.com")
    keep = make_domain("kept.com")
    assert sim.api("DELETE", "/api/domains/" + code, token=NOBILLING_TOKEN).status == 404
    reply = sim.api("DELETE", "/api/domains/" + code, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    assert sim.api("GET", "/api/domains/" + code).status == 404
    assert sim.api("DELETE", "/api/domains/" + code).status == 404
    assert [box["domain_code"] for box in sim.state("email_accounts")] == [keep]
    # the name is free again
    assert sim.api("POST", "/api/domains", dict(GOOD, name="gone.com"), token=CUSTOMER_TOKEN).status == 200
