# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: mailboxes, email aliases and alias domains (create, validation, lifecycle, lists, delete)."""
from __future__ import annotations

import re

from tests.simulator.testing import CUSTOMER_TOKEN, NOBILLING_TOKEN

GOOD = {"password": "Secret123", "password_confirmation": "Secret123", "firstname": "Alice"}


def errors_of(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def mailbox_path(code, box=""):
    return "/api/domains/%s/email_accounts%s" % (code, "/" + box if box else "")


def test_mailbox_create_lifecycle_and_fields(sim, make_domain):
    code = make_domain()
    body = dict(GOOD, name="alice", max_email_quota=2147483648, forward_destinations=["b@x.org", "b@x.org"],
                imap_disabled=True, tags=["t"])
    reply = sim.api("POST", mailbox_path(code), body, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and re.fullmatch(r"EA\d{8}", reply.body["resource_code"])
    box = reply.body["resource_code"]
    assert reply.headers["Location"] == mailbox_path(code, box)
    obj = sim.resource(mailbox_path(code, box), token=CUSTOMER_TOKEN)
    assert (obj["status"], obj["status_detail"]) == ("updating", "queued")
    assert obj["email_address"] == "alice@example.com" and obj["forward_destinations"] == ["b@x.org"]
    assert "password" not in obj and "_password" not in obj
    done = sim.wait_until(lambda: sim.resource(mailbox_path(code, box))["status"] == "enabled" and
                          sim.resource(mailbox_path(code, box)))
    assert done["status_detail"] == "ok" and done["max_email_quota"] == 2147483648


def test_mailbox_validation(sim, make_domain):
    code = make_domain()
    errors = errors_of(sim.api("POST", mailbox_path(code), {"name": "Bad Name", "password": "short",
                                                            "max_email_quota": 3000}, token=CUSTOMER_TOKEN))
    assert errors == {"name": "is not valid", "firstname": "is required", "password": "is not valid",
                      "password_confirmation": "doesn't match", "max_email_quota": "is not valid"}
    errors = errors_of(sim.api("POST", mailbox_path(code), dict(GOOD, name="a", max_email_quota=17179869184),
                               token=CUSTOMER_TOKEN))
    assert "greater than the domain's max_email_quota" in errors["max_email_quota"]
    errors = errors_of(sim.api("POST", mailbox_path(code), dict(GOOD, name="postmaster"), token=CUSTOMER_TOKEN))
    assert errors == {"name": "already exists"}


def test_mailbox_billing_and_visibility(sim, make_domain):
    code = sim.seed(domains=[{"name": "free.com", "customer_code": "C100000002", "status": "enabled"}])["domains"][0]
    reply = sim.api("POST", mailbox_path(code), dict(GOOD, name="a"), token=NOBILLING_TOKEN)
    assert reply.status == 403 and "first order" in reply.body["message"]
    other = make_domain("other.com")
    assert sim.api("GET", mailbox_path(other), token=NOBILLING_TOKEN).status == 404


def test_mailbox_update_status_delete_and_list(sim, make_domain):
    code = make_domain()
    boxes = [sim.api("POST", mailbox_path(code), dict(GOOD, name="u%03d" % i), token=CUSTOMER_TOKEN).body["resource_code"]
             for i in range(105)]
    page = sim.api("GET", mailbox_path(code) + "?per=500&page=2", token=CUSTOMER_TOKEN).body
    assert page["pagination"]["per"] == 100 and page["pagination"]["total_records"] == 106
    assert len(page["resources"]) == 6
    found = sim.api("GET", mailbox_path(code) + "?query=u004@", token=CUSTOMER_TOKEN).body["resources"]
    assert [m["name"] for m in found] == ["u004"]
    assert sim.api("PUT", mailbox_path(code, boxes[0]), {"language": "it", "max_email_quota": 52428800},
                   token=CUSTOMER_TOKEN).status == 204
    assert sim.resource(mailbox_path(code, boxes[0]))["language"] == "it"
    assert errors_of(sim.api("PUT", mailbox_path(code, boxes[0]), {"language": "fr"}, token=CUSTOMER_TOKEN)) == {
        "language": "is not valid"}
    reply = sim.api("PUT", mailbox_path(code, boxes[0]) + "/status", {"status": "disabled", "bounce_msg": "bye"},
                    token=CUSTOMER_TOKEN)
    assert reply.status == 204
    obj = sim.wait_until(lambda: sim.resource(mailbox_path(code, boxes[0]))["status"] == "disabled" and
                         sim.resource(mailbox_path(code, boxes[0])))
    assert obj["bounce_msg"] == "bye"
    assert sim.api("DELETE", mailbox_path(code, boxes[0]), token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", mailbox_path(code, boxes[0]), token=CUSTOMER_TOKEN).status == 404
    postmaster = [m for m in sim.state("email_accounts") if m.get("is_postmaster")][0]
    assert sim.api("DELETE", mailbox_path(code, postmaster["code"]), token=CUSTOMER_TOKEN).status == 422


def test_alias_rules(sim, make_domain):
    code = make_domain()
    base = "/api/domains/%s/alias_email_accounts" % code
    sim.api("POST", mailbox_path(code), dict(GOOD, name="alice"), token=CUSTOMER_TOKEN)
    assert errors_of(sim.api("POST", base, {"name": "alice", "destinations": ["a@x.org"]}, token=CUSTOMER_TOKEN)) == {
        "name": "is already used by an email account"}
    many = ["u%d@x.org" % i for i in range(21)]
    assert errors_of(sim.api("POST", base, {"name": "info", "destinations": many}, token=CUSTOMER_TOKEN)) == {
        "destinations": "has more than 20 addresses"}
    assert errors_of(sim.api("POST", base, {"name": "info"}, token=CUSTOMER_TOKEN)) == {"destinations": "is required"}
    reply = sim.api("POST", base, {"name": "info", "destinations": ["a@x.org", "a@x.org"]}, token=CUSTOMER_TOKEN)
    alias = reply.body["resource_code"]
    assert re.fullmatch(r"AE\d{8}", alias)
    obj = sim.resource(base + "/" + alias)
    assert obj["destinations"] == ["a@x.org"] and obj["status"] == "updating"
    assert errors_of(sim.api("PUT", base + "/" + alias, {"destinations": []}, token=CUSTOMER_TOKEN)) == {
        "destinations": "must contain at least one address"}
    assert sim.api("PUT", base + "/" + alias, {"destinations": ["b@x.org"]}, token=CUSTOMER_TOKEN).status == 204
    assert sim.resource(base + "/" + alias)["destinations"] == ["b@x.org"]
    assert errors_of(sim.api("POST", mailbox_path(code), dict(GOOD, name="info"), token=CUSTOMER_TOKEN)) == {
        "name": "already exists"}
    assert sim.api("DELETE", base + "/" + alias, token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", base + "/" + alias, token=CUSTOMER_TOKEN).status == 404


def test_alias_domain_ownership_reuses_domain_logic(sim, make_domain):
    code = make_domain()
    base = "/api/domains/%s/aliases" % code
    assert errors_of(sim.api("POST", base, {"name": "example.com"}, token=CUSTOMER_TOKEN)) == {"name": "already exists"}
    alias = sim.api("POST", base, {"name": "example.net"}, token=CUSTOMER_TOKEN).body["resource_code"]
    assert re.fullmatch(r"AD\d{8}", alias)
    obj = sim.resource(base + "/" + alias)
    assert obj["status"] == "ownership_check"
    answer = sim.api("PUT", base + "/" + alias + "/dns_ownership_check/sync", token=CUSTOMER_TOKEN).body
    assert answer["verified"] is False and answer["resource"]["type"] == "alias_domain"
    sim.publish_dns([answer["expected_record"]])
    answer = sim.api("PUT", base + "/" + alias + "/dns_ownership_check/sync", token=CUSTOMER_TOKEN).body
    assert answer["verified"] is True and answer["activation_queued"] is True
    sim.wait_until(lambda: sim.resource(base + "/" + alias)["status"] == "enabled")
    assert sim.api("PUT", base + "/" + alias + "/skip_ownership_check", token=CUSTOMER_TOKEN).status == 403
    assert sim.api("DELETE", "/api/domains/" + code, token=CUSTOMER_TOKEN).status == 204
    assert sim.state("alias_domains") == [] and sim.state("email_accounts") == []
