# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: mailbox time zones, autoresponder dates, outbound limit ids and address book fields."""
from __future__ import annotations

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN

GOOD = {"password": "Secret123", "password_confirmation": "Secret123", "firstname": "Alice"}


def errors_of(reply):
    """``{field: description}`` of a 422 answer."""
    assert reply.status == 422, reply
    assert reply.body["message"] == "Validation failed"
    return {err["field"]: err["description"] for err in reply.body["errors"]}


@pytest.fixture(name="mailbox")
def mailbox_fixture(sim, make_domain):
    """(domain code, mailbox path) of a new mailbox ``alice@example.com``."""
    code = make_domain()
    box = sim.api("POST", "/api/domains/%s/email_accounts" % code, dict(GOOD, name="alice"), token=CUSTOMER_TOKEN).body["resource_code"]
    return code, "/api/domains/%s/email_accounts/%s" % (code, box)


@pytest.mark.parametrize("zone", ["Europe/Rome", "UTC", "America/Argentina/Buenos_Aires", "Asia/Kolkata"])
def test_iana_time_zones_are_accepted(sim, mailbox, zone):
    _code, path = mailbox
    assert sim.api("PUT", path, {"timezone": zone}, token=CUSTOMER_TOKEN).status == 204
    assert sim.resource(path)["timezone"] == zone


@pytest.mark.parametrize("zone", ["Mars/Olympus", "europe/rome", "CEST", "+02:00", "", None, 1, "../etc/passwd"])
def test_unknown_time_zones_are_422(sim, mailbox, zone):
    _code, path = mailbox
    assert errors_of(sim.api("PUT", path, {"timezone": zone})) == {"timezone": "is not valid"}
    assert sim.resource(path)["timezone"] == "Europe/Rome"


def test_time_zone_checked_on_create(sim, make_domain):
    code = make_domain()
    reply = sim.api("POST", "/api/domains/%s/email_accounts" % code, dict(GOOD, name="bob", timezone="Nowhere/City"))
    assert errors_of(reply) == {"timezone": "is not valid"}


@pytest.mark.parametrize("date", ["2026-02-31", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "20260101", "2026-01-01T00:00"])
def test_impossible_autoresponder_dates_are_422(sim, mailbox, date):
    _code, path = mailbox
    errors = errors_of(sim.api("PUT", path, {"autoresponder_start_date": date, "autoresponder_end_date": date}))
    assert errors == {"autoresponder_start_date": "is not valid", "autoresponder_end_date": "is not valid"}


def test_real_and_empty_autoresponder_dates(sim, mailbox):
    _code, path = mailbox
    body = {"autoresponder_start_date": "2028-02-29", "autoresponder_end_date": "2028-03-31", "autoresponder_intervals_enabled": True}
    assert sim.api("PUT", path, body).status == 204
    box = sim.resource(path)
    assert (box["autoresponder_start_date"], box["autoresponder_end_date"]) == ("2028-02-29", "2028-03-31")
    assert sim.api("PUT", path, {"autoresponder_start_date": None, "autoresponder_end_date": ""}).status == 204
    assert sim.resource(path)["autoresponder_start_date"] is None


def test_outbound_limit_ids_come_from_the_options(sim, mailbox):
    code, path = mailbox
    ids = [opt["id"] for opt in sim.api("GET", path + "/outbound_limits").body["resources"]]
    assert sim.resource(path)["outbound_limit"] == 0
    for value in ids + [0]:
        assert sim.api("PUT", path, {"outbound_limit": value}).status == 204
        assert sim.resource(path)["outbound_limit"] == value
    for value in (max(ids) + 1, -1, "1", None, True, 1.5):
        assert errors_of(sim.api("PUT", path, {"outbound_limit": value})) == {"outbound_limit": "is not valid"}
    domain_ids = [opt["id"] for opt in sim.api("GET", "/api/domains/%s/outbound_limits" % code).body["resources"]]
    assert domain_ids == ids
    assert sim.resource("/api/domains/" + code)["outbound_limit"] == 0
    assert sim.api("PUT", "/api/domains/" + code, {"outbound_limit": ids[-1]}).status == 204
    assert errors_of(sim.api("PUT", "/api/domains/" + code, {"outbound_limit": 999})) == {"outbound_limit": "is not valid"}
    body = {"name": "limits.com", "postmaster_password": "Secret123", "postmaster_password_confirmation": "Secret123",
            "outbound_limit": 999}
    assert errors_of(sim.api("POST", "/api/domains", body, token=CUSTOMER_TOKEN)) == {"outbound_limit": "is not valid"}


def test_address_book_fields(sim, mailbox):
    _code, path = mailbox
    box = sim.resource(path)
    assert (box["company"], box["job_title"], box["phone"]) == (None, None, None)
    assert sim.api("PUT", path, {"company": "ACME", "job_title": "CEO", "phone": "+39 06 1234"}).status == 204
    box = sim.resource(path)
    assert (box["company"], box["job_title"], box["phone"]) == ("ACME", "CEO", "+39 06 1234")
    assert errors_of(sim.api("PUT", path, {"company": 3})) == {"company": "is not valid"}


def test_deleting_a_mailbox_removes_its_signatures_and_address_books(sim, mailbox):
    _code, path = mailbox
    box = path.rsplit("/", 1)[1]
    assert sim.api("POST", "/api/signatures/" + box, {"body": "Bye"}).status == 200
    book = sim.api("POST", "/api/addressbooks/" + box, {"name": "Friends"}).body["resource_code"]
    sim.api("POST", "/api/addressbooks/%s/%s/contacts" % (box, book), {"given_name": "Bob"})
    assert sim.api("DELETE", path).status == 204
    assert (sim.state("signatures"), sim.state("addressbooks"), sim.state("contacts")) == ([], [], [])
