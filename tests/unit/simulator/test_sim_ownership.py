# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: domain ownership by DNS (queued and sync), by e-mail code, sandbox skip; MX check."""
from __future__ import annotations

import re

from tests.simulator.testing import CUSTOMER_TOKEN

IP = "185.97.217.16"


def ownership_record(sim, code):
    """The A record expected for a domain."""
    domain = sim.resource("/api/domains/" + code)
    return {"name": "%s.%s" % (domain["possession_a_record"], domain["name"]), "type": "A", "value": IP}


def wait_enabled(sim, code):
    """Wait until the domain is enabled/ok and return it."""
    def enabled():
        domain = sim.resource("/api/domains/" + code)
        return domain if (domain["status"], domain["status_detail"]) == ("enabled", "ok") else None
    return sim.wait_until(enabled)


def test_dns_check_queued(sim, make_domain):
    code = make_domain("dns.com")
    path = "/api/domains/%s/dns_ownership_check" % code
    reply = sim.api("PUT", path, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    domain = sim.resource("/api/domains/" + code)
    assert (domain["status"], domain["status_detail"]) == ("ownership_check", "ownership_check_failed")
    sim.publish_dns([ownership_record(sim, code)])
    assert sim.api("PUT", path, token=CUSTOMER_TOKEN).status == 204
    domain = sim.resource("/api/domains/" + code)
    assert (domain["status"], domain["status_detail"]) == ("updating", "queued")
    assert domain["activated_at"] is None
    domain = wait_enabled(sim, code)
    assert domain["is_healthy"] is True
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", domain["activated_at"])


def test_dns_check_sync(sim, make_domain):
    code = make_domain("sync.com")
    path = "/api/domains/%s/dns_ownership_check/sync" % code
    record = ownership_record(sim, code)
    body = sim.api("PUT", path).body
    assert body == {
        "verified": False, "activation_queued": False, "expected_record": record, "resolved_ip": None,
        "resource": {"type": "domain", "code": code, "name": "sync.com", "status": "ownership_check",
                     "status_detail": "ownership_check_failed"},
    }
    sim.publish_dns([dict(record, value="192.0.2.9")])
    body = sim.api("PUT", path).body
    assert (body["verified"], body["resolved_ip"]) == (False, "192.0.2.9")
    sim.publish_dns([record])
    body = sim.api("PUT", path).body
    assert (body["verified"], body["activation_queued"], body["resolved_ip"]) == (True, True, IP)
    assert (body["resource"]["status"], body["resource"]["status_detail"]) == ("updating", "queued")
    wait_enabled(sim, code)
    body = sim.api("PUT", path).body
    assert (body["verified"], body["activation_queued"]) == (True, False)
    assert (body["resource"]["status"], body["resource"]["status_detail"]) == ("enabled", "ok")


def test_dns_record_name_is_case_and_dot_insensitive(sim, make_domain):
    code = make_domain("case.com")
    record = ownership_record(sim, code)
    sim.publish_dns([dict(record, name=record["name"].upper() + ".", type="a")])
    assert sim.api("PUT", "/api/domains/%s/dns_ownership_check/sync" % code).body["verified"] is True


def test_email_ownership(sim, make_domain):
    code = make_domain("mail.com")
    base = "/api/domains/%s/email_ownership_check" % code
    reply = sim.api("PUT", base, {"verification_email_address": "someone@mail.com"})
    assert reply.status == 422
    assert reply.body["errors"] == [{"field": "verification_email_address", "description": "is not valid"}]
    assert sim.api("PUT", base, {"verification_email_address": "admin@other.com"}).status == 422
    assert sim.api("PUT", base, {}).status == 422
    assert sim.emails() == []
    assert sim.api("PUT", base, {"verification_email_address": "hostmaster@mail.com"}, token=CUSTOMER_TOKEN).status == 204
    emails = sim.emails()
    assert [(mail["to"], mail["domain"]) for mail in emails] == [("hostmaster@mail.com", "mail.com")]
    assert re.fullmatch(r"\d{6}", emails[0]["code"])
    assert sim.resource("/api/domains/" + code)["ownership_verification_email_address"] == "hostmaster@mail.com"
    wrong = "000000" if emails[0]["code"] != "000000" else "111111"
    reply = sim.api("PUT", base + "/verify", {"verification_code": wrong})
    assert reply.body["errors"] == [{"field": "verification_code", "description": "is not valid"}]
    assert sim.resource("/api/domains/" + code)["status"] == "ownership_check"
    assert sim.api("PUT", base + "/verify", {"verification_code": emails[0]["code"]}).status == 204
    assert sim.resource("/api/domains/" + code)["status"] == "updating"
    wait_enabled(sim, code)


def test_email_verify_without_code_and_reset(sim, make_domain):
    code = make_domain("reset.com")
    base = "/api/domains/%s/email_ownership_check" % code
    assert sim.api("PUT", base + "/verify", {"verification_code": "123456"}).status == 422
    sim.api("PUT", base, {"verification_email_address": "postmaster@reset.com"})
    sent = sim.emails(domain="reset.com")[0]["code"]
    assert sim.api("PUT", base + "/reset").status == 204
    assert sim.resource("/api/domains/" + code)["ownership_verification_email_address"] is None
    assert sim.api("PUT", base + "/verify", {"verification_code": sent}).status == 422
    assert sim.resource("/api/domains/" + code)["status"] == "ownership_check"


def test_skip_ownership_only_in_sandbox(sim, make_domain):
    code = make_domain("skip.com")
    reply = sim.api("PUT", "/api/domains/%s/skip_ownership_check" % code)
    assert (reply.status, reply.body) == (403, {"message": "Forbidden", "errors": []})
    assert sim.resource("/api/domains/" + code)["status"] == "ownership_check"
    sim.config(mode="sandbox")
    assert sim.api("PUT", "/api/domains/%s/skip_ownership_check" % code).status == 204
    wait_enabled(sim, code)


def test_activation_takes_the_async_delay(sim, make_domain):
    sim.reset(async_delay=0.4)
    code = make_domain("slow.com")
    sim.publish_dns([ownership_record(sim, code)])
    sim.api("PUT", "/api/domains/%s/dns_ownership_check" % code)
    assert sim.resource("/api/domains/" + code)["status"] == "updating"
    sim.wait_until(lambda: sim.resource("/api/domains/" + code)["status"] == "enabled", timeout=3)
    sim.reset(async_delay=0)
    code = make_domain("fast.com")
    sim.publish_dns([ownership_record(sim, code)])
    sim.api("PUT", "/api/domains/%s/dns_ownership_check" % code)
    assert sim.resource("/api/domains/" + code)["status"] == "enabled"


def test_mx_check_is_queued(sim, make_domain):
    code = make_domain("mx.com")
    path = "/api/domains/%s/dns" % code

    def domain():
        return sim.resource("/api/domains/" + code)

    assert (domain()["mx_last_check_at"], domain()["mx_last_check_ok"]) == (None, None)
    assert "mx_last_checked_at" not in domain()
    reply = sim.api("PUT", path, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    assert domain()["mx_last_check_at"] is None, "the result shows only after the async delay"
    checked = sim.wait_until(lambda: domain()["mx_last_check_at"] and domain())
    assert checked["mx_last_check_ok"] is False
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", checked["mx_last_check_at"])
    sim.publish_dns([{"name": "mx.com", "type": "MX", "value": "10 mx01.qboxmail.com."}])
    sim.api("PUT", path)
    sim.wait_until(lambda: "_pending" not in sim.state("domains")[0])
    assert domain()["mx_last_check_ok"] is False, "one of the two MX hosts is missing"
    sim.publish_dns([{"name": "MX.com.", "type": "mx", "value": "20 mx02.qboxmail.com"}])
    sim.api("PUT", path)
    sim.wait_until(lambda: domain()["mx_last_check_ok"] is True)
    assert domain()["status"] == "ownership_check", "an MX check does not touch the ownership status"


def test_mx_check_of_another_customer_is_404(sim, make_domain):
    code = make_domain("mine.com")
    sim.seed(customers=[{"code": "C100000009"}], tokens=[{"token": "other", "customer_code": "C100000009"}])
    assert sim.api("PUT", "/api/domains/%s/dns" % code, token="other").status == 404


def test_alias_email_ownership_send_reset_verify(sim, make_domain):
    code = make_domain("main.com")
    alias = sim.api("POST", "/api/domains/%s/aliases" % code, {"name": "alias.org"}).body["resource_code"]
    path = "/api/domains/%s/aliases/%s" % (code, alias)
    base = path + "/email_ownership_check"
    assert sim.api("PUT", base, {"verification_email_address": "admin@main.com"}).status == 422, "an address of the alias"
    assert sim.api("PUT", base, {"verification_email_address": "admin@alias.org"}, token=CUSTOMER_TOKEN).status == 204
    first = sim.emails(domain="alias.org")[0]["code"]
    assert sim.resource(path)["ownership_verification_email_address"] == "admin@alias.org"
    assert sim.api("PUT", base + "/reset", token=CUSTOMER_TOKEN).status == 204
    assert sim.resource(path)["ownership_verification_email_address"] is None
    assert sim.api("PUT", base + "/verify", {"verification_code": first}).status == 422, "reset forgets the code"
    sim.api("PUT", base, {"verification_email_address": "webmaster@alias.org"})
    second = sim.emails(domain="alias.org")[-1]["code"]
    assert sim.api("PUT", base + "/verify", {"verification_code": second}, token=CUSTOMER_TOKEN).status == 204
    assert sim.resource(path)["status"] == "updating"
    sim.wait_until(lambda: sim.resource(path)["status"] == "enabled")
