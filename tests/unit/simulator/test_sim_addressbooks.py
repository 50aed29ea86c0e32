# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: address books and contacts (documented shapes, paging of a large book, validation, visibility)."""
from __future__ import annotations

import re

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN, NOBILLING_TOKEN

GOOD = {"password": "Secret123", "password_confirmation": "Secret123"}
LIST_KEYS = {"uid", "type", "fullname", "given_name", "surname"}
READ_KEYS = {"uid", "given_name", "surname", "fullname", "nickname", "company_name", "title", "notes", "birthday", "emails",
             "phone_numbers", "url", "photo", "addresses"}
UUID_RE = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"


def errors_of(reply):
    """``{field: description}`` of a 422 answer."""
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


@pytest.fixture(name="box")
def box_fixture(sim, make_domain):
    """The code of mailbox ``alice@example.com``."""
    code = make_domain()
    return sim.api("POST", "/api/domains/%s/email_accounts" % code, dict(GOOD, name="alice", firstname="Alice"),
                   token=CUSTOMER_TOKEN).body["resource_code"]


@pytest.fixture(name="book")
def book_fixture(sim, box):
    """(mailbox code, address book id) of a new address book."""
    reply = sim.api("POST", "/api/addressbooks/" + box, {"name": "Friends"}, token=CUSTOMER_TOKEN)
    assert reply.status == 200
    return box, reply.body["resource_code"]


def test_address_book_crud(sim, box):
    path = "/api/addressbooks/" + box
    assert sim.api("GET", path, token=CUSTOMER_TOKEN).body["resources"] == []
    reply = sim.api("POST", path, {"name": "Friends"}, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body["message"] == "Addressbook created"
    first = reply.body["resource_code"]
    assert reply.headers["Location"] == "%s/%s" % (path, first)
    second = sim.api("POST", path, {"name": "Friends"}).body["resource_code"]
    assert second != first, "names need not be unique"
    books = sim.api("GET", path, token=CUSTOMER_TOKEN).body["resources"]
    assert [(str(item["id"]), item["name"], item["contacts"]) for item in books] == [(first, "Friends", 0), (second, "Friends", 0)]
    assert set(books[0]) == {"id", "name", "contacts", "created_at", "updated_at"}
    assert sim.api("PUT", "%s/%s" % (path, second), {"name": "Work"}, token=CUSTOMER_TOKEN).status == 204
    assert [item["name"] for item in sim.api("GET", path + "?query=wor").body["resources"]] == ["Work"]
    assert errors_of(sim.api("PUT", "%s/%s" % (path, second), {})) == {"name": "is required"}
    assert errors_of(sim.api("POST", path, {"name": 3})) == {"name": "is not valid"}
    sim.api("POST", "%s/%s/contacts" % (path, second), {"given_name": "Bob"})
    assert sim.api("DELETE", "%s/%s" % (path, second), token=CUSTOMER_TOKEN).status == 204
    assert [str(item["id"]) for item in sim.api("GET", path).body["resources"]] == [first]
    assert sim.state("contacts") == [], "the contacts went with their address book"
    assert sim.api("DELETE", "%s/%s" % (path, second)).status == 404
    assert sim.api("PUT", "%s/nope" % path, {"name": "x"}).status == 404


def test_contact_create_and_read(sim, book):
    box, book_id = book
    base = "/api/addressbooks/%s/%s/contacts" % (box, book_id)
    body = {
        "given_name": "Bob", "surname": "Rossi", "title": "CTO", "nickname": "bobby", "company_name": "ACME", "notes": "a\nb",
        "emails": [{"value": "Bob@Example.org", "type": "work"}, {"value": "bob@home.org"}],
        "phone_numbers": [{"value": "+39 06 1", "type": "cell"}, {"value": "+39 06 2", "type": "work fax"}],
        "url": [{"value": "https://bob.example.org"}],
        "addresses": [{"street_address": "Via Roma 1", "city": "Roma", "postal_code": "00100", "region": "RM", "country": "IT",
                       "type": "work"}],
    }
    reply = sim.api("POST", base, body, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body["message"] == "Contact created"
    uid = reply.body["resource_code"]
    assert re.fullmatch(UUID_RE, uid)
    assert reply.headers["Location"] == "%s/%s" % (base, uid)
    reply = sim.api("GET", "%s/%s" % (base, uid), token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body["pagination"] == {}
    contact = reply.body["resources"][0]
    assert set(contact) == READ_KEYS
    assert contact["fullname"] == "Bob Rossi" and contact["notes"] == "a\nb" and contact["birthday"] is None
    assert contact["emails"] == [{"value": "bob@example.org", "type": ["work"]}, {"value": "bob@home.org", "type": ["home"]}]
    assert contact["phone_numbers"][1] == {"value": "+39 06 2", "type": ["work fax"]}
    assert contact["url"] == [{"value": "https://bob.example.org", "type": "home"}]
    assert contact["addresses"][0]["type"] == ["work"] and contact["addresses"][0]["city"] == "Roma"
    assert contact["photo"] == []
    items = sim.api("GET", base, token=CUSTOMER_TOKEN).body["resources"]
    assert items == [{"uid": uid, "type": "contact", "fullname": "Bob Rossi", "given_name": "Bob", "surname": "Rossi"}]
    assert set(items[0]) == LIST_KEYS
    assert sim.api("GET", base + "?query=home.org").body["resources"][0]["uid"] == uid, "query matches e-mail addresses"
    assert sim.api("GET", base + "?query=nobody").body["resources"] == []
    books = sim.api("GET", "/api/addressbooks/" + box).body["resources"]
    assert books[0]["contacts"] == 1


def test_contact_update_and_delete(sim, book):
    sim.gaps(contact_birthday=True)  # `birthday` in a body is undocumented (gaps.py)
    box, book_id = book
    base = "/api/addressbooks/%s/%s/contacts" % (box, book_id)
    uid = sim.api("POST", base, {"given_name": "Ann", "emails": [{"value": "ann@x.org"}, {"value": "ann@y.org"}]}).body["resource_code"]
    reply = sim.api("PUT", "%s/%s" % (base, uid), {"surname": "Lee", "emails": [{"value": "ann@z.org", "type": "work"}],
                                                   "birthday": "1990-02-28"}, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    contact = sim.resource("%s/%s" % (base, uid))
    assert (contact["given_name"], contact["surname"], contact["fullname"]) == ("Ann", "Lee", "Ann Lee")
    assert contact["emails"] == [{"value": "ann@z.org", "type": ["work"]}], "a given list replaces the old one"
    assert contact["birthday"] == "1990-02-28"
    sim.api("PUT", "%s/%s" % (base, uid), {"fullname": "Dr. Ann Lee"})
    sim.api("PUT", "%s/%s" % (base, uid), {"given_name": "Anna"})
    assert sim.resource("%s/%s" % (base, uid))["fullname"] == "Dr. Ann Lee", "an explicit fullname stays"
    assert sim.api("DELETE", "%s/%s" % (base, uid), token=CUSTOMER_TOKEN).status == 204
    for method in ("GET", "PUT", "DELETE"):
        reply = sim.api(method, "%s/%s" % (base, uid), {} if method == "PUT" else None)
        assert (reply.status, reply.body) == (404, {"message": "Not found", "errors": []}), method


def test_contact_validation(sim, book):
    sim.gaps(contact_birthday=True)
    box, book_id = book
    base = "/api/addressbooks/%s/%s/contacts" % (box, book_id)
    body = {
        "given_name": 1, "birthday": "2026-02-30", "emails": [{"value": "not-an-address"}, {"value": "a@b.org", "type": "cell"}, {}],
        "phone_numbers": [{"value": "1", "type": "fax"}], "url": "https://x.org", "addresses": [{"city": 5, "type": "home"}, "x"],
    }
    assert errors_of(sim.api("POST", base, body)) == {
        "given_name": "is not valid", "birthday": "is not valid", "emails[0].value": "is not valid",
        "emails[1].type": "is not valid", "emails[2].value": "is required", "phone_numbers[0].type": "is not valid",
        "url": "is not valid", "addresses[0].city": "is not valid", "addresses[1]": "is not valid",
    }
    assert sim.api("GET", base).body["resources"] == []
    assert sim.api("POST", base, {}).status == 200, "every field is optional"


def test_a_contact_of_another_book_is_404(sim, book):
    box, book_id = book
    other = sim.api("POST", "/api/addressbooks/" + box, {"name": "Other"}).body["resource_code"]
    uid = sim.api("POST", "/api/addressbooks/%s/%s/contacts" % (box, other), {"given_name": "X"}).body["resource_code"]
    assert sim.api("GET", "/api/addressbooks/%s/%s/contacts/%s" % (box, book_id, uid)).status == 404
    assert sim.api("GET", "/api/addressbooks/%s/%s/contacts/%s" % (box, other, uid)).status == 200


def test_visibility(sim, book, make_domain):
    box, book_id = book
    for method, path in (("GET", "/api/addressbooks/" + box), ("POST", "/api/addressbooks/" + box),
                         ("GET", "/api/addressbooks/%s/%s/contacts" % (box, book_id)),
                         ("DELETE", "/api/addressbooks/%s/%s" % (box, book_id))):
        assert sim.api(method, path, {"name": "x"} if method == "POST" else None, token=NOBILLING_TOKEN).status == 404
    other = make_domain("other.com")
    bob = sim.api("POST", "/api/domains/%s/email_accounts" % other, dict(GOOD, name="bob", firstname="Bob")).body["resource_code"]
    assert sim.api("GET", "/api/addressbooks/%s/%s/contacts" % (bob, book_id)).status == 404, "a book of another mailbox"


def test_a_thousand_contacts_in_ten_pages(sim, book):
    box, book_id = book
    contacts = [{"addressbook_id": int(book_id), "given_name": "N%04d" % index, "surname": "S",
                 "emails": [{"value": "n%04d@example.org" % index}]} for index in range(1000)]
    uids = sim.seed(contacts=contacts)["contacts"]
    assert len(set(uids)) == 1000
    base = "/api/addressbooks/%s/%s/contacts" % (box, book_id)
    seen = []
    for page in range(1, 11):
        reply = sim.api("GET", "%s?per=100&page=%d" % (base, page), token=CUSTOMER_TOKEN)
        assert reply.body["pagination"]["total_pages"] == 10 and reply.body["pagination"]["total_records"] == 1000
        assert len(reply.body["resources"]) == 100
        seen.extend(item["uid"] for item in reply.body["resources"])
    assert sorted(seen) == sorted(uids)
    assert sim.api("GET", base + "?per=100&page=11").body["resources"] == []
    assert sim.api("GET", base + "?per=1000").body["pagination"]["per"] == 100
    found = sim.api("GET", base + "?query=n0999@example.org").body["resources"]
    assert [item["given_name"] for item in found] == ["N0999"]
    contact = sim.resource("%s/%s" % (base, uids[5]))
    assert contact["emails"] == [{"value": "n0005@example.org", "type": ["home"]}]
    assert sim.api("GET", "/api/addressbooks/" + box).body["resources"][0]["contacts"] == 1000


def test_seeding_address_books(sim, box):
    book_id = sim.seed(addressbooks=[{"email_account_code": box, "name": "Seeded"}])["addressbooks"][0]
    assert [item["name"] for item in sim.api("GET", "/api/addressbooks/" + box).body["resources"]] == ["Seeded"]
    uid = sim.seed(contacts=[{"addressbook_id": book_id, "fullname": "Only Full"}])["contacts"][0]
    assert sim.resource("/api/addressbooks/%s/%s/contacts/%s" % (box, book_id, uid))["fullname"] == "Only Full"
    assert sim.call("POST", "/_sim/seed", {"contacts": [{"addressbook_id": 999999}]}).status == 400
