# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: email log analysis (access / incoming / outgoing, domain and mailbox) and ``/_sim/email_logs``."""
from __future__ import annotations

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN, NOBILLING_TOKEN

ACCESS_KEYS = {"date", "email_address", "ip", "protocol", "client", "result"}
MAIL_KEYS = {"date", "message_id", "from", "to", "subject", "status", "size", "detail"}
GOOD = {"password": "Secret123", "password_confirmation": "Secret123", "firstname": "A"}


def add_logs(sim, **body):
    """POST /_sim/email_logs."""
    return sim.control("POST", "email_logs", body)


def entries(sim, path, token=CUSTOMER_TOKEN):
    """The listed entries of a log path (asserting 200)."""
    reply = sim.api("GET", path, token=token)
    assert reply.status == 200, reply
    return reply.body["resources"]


@pytest.fixture(name="domain")
def domain_fixture(sim, make_domain):
    """(domain code, alice's mailbox code) with a mailbox ``alice@logs.com`` and some log entries."""
    code = make_domain("logs.com")
    box = sim.api("POST", "/api/domains/%s/email_accounts" % code, dict(GOOD, name="alice")).body["resource_code"]
    add_logs(sim, domain="logs.com", kind="access", email_address="alice@logs.com", entries=[
        {"date": "2026-03-01T08:00:00Z", "ip": "203.0.113.5", "protocol": "IMAP", "client": "Thunderbird", "result": "success"},
        {"date": "2026-03-02T09:00:00Z", "ip": "203.0.113.6", "protocol": "Webmail", "client": "Firefox", "result": "failed"},
    ])
    add_logs(sim, domain=code, kind="access", entries=[
        {"date": "2026-03-03T10:00:00Z", "email_address": "bob@logs.com", "protocol": "POP", "client": "Outlook"}])
    add_logs(sim, domain="logs.com", kind="incoming", entries=[
        {"date": "2026-03-01T10:00:00Z", "from": "x@ext.org", "to": "alice@logs.com", "subject": "Hello", "size": 1200},
        {"date": "2026-03-05T10:00:00Z", "from": "spam@ext.org", "to": "bob@logs.com, alice@logs.com", "subject": "Offer",
         "status": "rejected", "detail": "spam"},
    ])
    add_logs(sim, domain="logs.com", kind="outgoing", email_address="alice@logs.com", entries=[
        {"date": "2026-03-04T10:00:00Z", "to": "x@ext.org", "subject": "Re: Hello", "message_id": "<m1@logs.com>"}])
    return code, box


def test_domain_logs_shapes(sim, domain):
    code, _box = domain
    access = entries(sim, "/api/domains/%s/logs/access" % code)
    assert [entry["email_address"] for entry in access] == ["alice@logs.com", "alice@logs.com", "bob@logs.com"]
    assert all(set(entry) == ACCESS_KEYS for entry in access)
    assert access[2]["result"] == "success" and access[2]["ip"], "defaults filled in by the control"
    incoming = entries(sim, "/api/domains/%s/logs/incoming" % code)
    assert [entry["subject"] for entry in incoming] == ["Hello", "Offer"]
    assert all(set(entry) == MAIL_KEYS for entry in incoming)
    assert incoming[0]["status"] == "delivered" and incoming[0]["size"] == 1200 and incoming[0]["message_id"].endswith("@logs.com>")
    outgoing = entries(sim, "/api/domains/%s/logs/outgoing" % code)
    assert outgoing == [{"date": "2026-03-04T10:00:00Z", "message_id": "<m1@logs.com>", "from": "alice@logs.com", "to": "x@ext.org",
                         "subject": "Re: Hello", "status": "delivered", "size": 0, "detail": ""}]
    reply = sim.api("GET", "/api/domains/%s/logs/access" % code)
    assert reply.body["pagination"]["total_records"] == 3
    assert sim.api("GET", "/api/domains/%s/logs/other" % code).status == 404


def test_mailbox_logs(sim, domain):
    code, box = domain
    base = "/api/domains/%s/email_accounts/%s/logs/" % (code, box)
    assert [entry["ip"] for entry in entries(sim, base + "access")] == ["203.0.113.5", "203.0.113.6"]
    assert [entry["subject"] for entry in entries(sim, base + "incoming")] == ["Hello", "Offer"], "any recipient counts"
    assert len(entries(sim, base + "outgoing")) == 1
    postmaster = [item for item in sim.state("email_accounts") if item.get("is_postmaster")][0]["code"]
    assert entries(sim, "/api/domains/%s/email_accounts/%s/logs/incoming" % (code, postmaster)) == []


def test_filters(sim, domain):
    code, _box = domain
    path = "/api/domains/%s/logs/" % code
    assert len(entries(sim, path + "access?start_date=2026-03-02")) == 2
    assert len(entries(sim, path + "access?end_date=2026-03-02")) == 2
    assert len(entries(sim, path + "access?start_date=2026-03-02&end_date=2026-03-02")) == 1
    reply = sim.api("GET", path + "access?status=failed")
    assert [entry["client"] for entry in reply.body["resources"]] == ["Firefox"], "status filters the access result"
    assert reply.body["pagination"]["status"] == "failed"
    assert len(entries(sim, path + "access?status=all")) == 3
    assert [entry["subject"] for entry in entries(sim, path + "incoming?status=rejected")] == ["Offer"]
    assert [entry["subject"] for entry in entries(sim, path + "incoming?query=ext.org&start_date=2026-03-02")] == ["Offer"]
    assert [entry["client"] for entry in entries(sim, path + "access?query=thunder")] == ["Thunderbird"]
    assert [entry["date"][:10] for entry in entries(sim, path + "access?sort=desc")] == ["2026-03-03", "2026-03-02", "2026-03-01"]
    page = sim.api("GET", path + "access?per=2&page=2").body
    assert len(page["resources"]) == 1 and page["pagination"]["total_pages"] == 2


@pytest.mark.parametrize("query, errors", [
    ("start_date=2026-02-30", {"start_date": "is not valid"}),
    ("end_date=2026-3-1", {"end_date": "is not valid"}),
    ("start_date=yesterday&end_date=2026-13-01", {"start_date": "is not valid", "end_date": "is not valid"}),
    ("start_date=2026-03-05&end_date=2026-03-01", {"end_date": "is before start_date"}),
])
def test_bad_dates_are_422(sim, domain, query, errors):
    code, _box = domain
    reply = sim.api("GET", "/api/domains/%s/logs/access?%s" % (code, query))
    assert reply.status == 422
    assert {err["field"]: err["description"] for err in reply.body["errors"]} == errors


def test_visibility(sim, domain):
    code, box = domain
    assert sim.api("GET", "/api/domains/%s/logs/access" % code, token=NOBILLING_TOKEN).status == 404
    assert sim.api("GET", "/api/domains/%s/email_accounts/%s/logs/access" % (code, box), token=NOBILLING_TOKEN).status == 404
    assert sim.api("GET", "/api/domains/%s/email_accounts/EA00000000/logs/access" % code).status == 404


def test_control(sim, domain):
    code, _box = domain
    listed = sim.control("GET", "email_logs", query={"domain": "logs.com", "kind": "access"})["entries"]
    assert len(listed) == 3 and all(entry["domain_code"] == code for entry in listed)
    for body in ({"domain": "nope.com", "kind": "access", "entries": []}, {"domain": "logs.com", "kind": "x", "entries": []},
                 {"domain": "logs.com", "kind": "access", "entries": "x"}, {"domain": "logs.com", "kind": "access", "entries": [1]},
                 {"domain": "logs.com", "kind": "access", "entries": [{"date": "2026-02-31"}]},
                 {"domain": "logs.com", "kind": "incoming", "entries": [{"size": -1}]}):
        assert sim.call("POST", "/_sim/email_logs", body).status == 400, body
    assert sim.control("DELETE", "email_logs", {"domain": "logs.com"}) == {"entries": 0}
    assert entries(sim, "/api/domains/%s/logs/access" % code) == []
    add_logs(sim, domain="logs.com", kind="access", entries=[{}])
    sim.reset()
    assert sim.control("GET", "email_logs") == {"entries": []}
