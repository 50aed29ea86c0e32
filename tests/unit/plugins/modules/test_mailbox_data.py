# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""signature, addressbook and contact modules (and their _info modules) against the threaded simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.modules import (
    addressbook, addressbook_info, contact, contact_info, signature, signature_info,
)
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import dropped, page, run_scripted

BOX = "alice@example.com"


def seed_mailbox(sim, **extra):
    codes = sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}])
    domain = codes["domains"][0]
    box = dict({"domain_code": domain, "name": "alice", "firstname": "Alice"}, **extra)
    mailbox = sim.seed(email_accounts=[box])["email_accounts"][0]
    sim.clear_requests()
    return domain, mailbox


def seed_book(sim, name="Staff"):
    _domain, mailbox = seed_mailbox(sim)
    book = sim.seed(addressbooks=[{"email_account_code": mailbox, "name": name}])["addressbooks"][0]
    sim.clear_requests()
    return mailbox, book


# ------------------------------------------------------------------------------------------ signature
def test_signature_create_update_idempotent_delete(run_module, sim):
    seed_mailbox(sim)
    args = dict(mailbox=BOX, title="Work", body="<p>Alice</p>", default_signature=True)
    result, failed = run_module(signature.main, args, check_mode=True, diff=True)
    assert not failed and result["changed"] and sim.requests(write=True) == []
    result, failed = run_module(signature.main, args)
    assert not failed and result["changed"], result
    sig = result["signature"]
    assert sig["identity"] == BOX and sig["default_signature"] is True and sig["position"] == 0
    written = sim.requests(write=True)
    assert written[0]["body"]["default_signature"] is True and written[0]["body"]["identity"] == BOX
    again, _failed = run_module(signature.main, args)
    assert not again["changed"]
    update, _failed = run_module(signature.main, dict(mailbox=BOX, only_new_messages=True), diff=True)
    assert update["changed"] and update["diff"] == {"before": {"only_new_messages": False}, "after": {"only_new_messages": True}}
    put = sim.requests(write=True)[-1]
    assert put["method"] == "PUT" and put["body"] == {"identity": BOX, "body": "<p>Alice</p>", "only_new_messages": True}
    second, _failed = run_module(signature.main, dict(mailbox=BOX, identity="Sales@Example.com", body="<p>Sales</p>"))
    assert second["changed"] and second["signature"]["position"] == 1
    gone, _failed = run_module(signature.main, dict(mailbox=BOX, state="absent"))
    assert gone["changed"] and sim.requests(write=True)[-1]["path"].endswith("/0")
    left, _failed = run_module(signature_info.main, dict(mailbox=BOX))
    assert [s["identity"] for s in left["signatures"]] == ["sales@example.com"]
    none, _failed = run_module(signature.main, dict(mailbox=BOX, state="absent"))
    assert not none["changed"]


def test_signature_needs_a_body_to_create_and_an_address_identity(run_module, sim):
    seed_mailbox(sim)
    result, failed = run_module(signature.main, dict(mailbox=BOX, title="x"))
    assert failed and "body is required" in result["msg"] and sim.requests(write=True) == []
    sim.clear_requests()
    result, failed = run_module(signature.main, dict(mailbox=BOX, identity="not-an-address", body="x"))
    assert failed and result["msg"].startswith("identity:") and sim.requests() == []


def test_signature_info_domain_templates(run_module, sim):
    domain, _mailbox = seed_mailbox(sim, company="Example Ltd")
    sim.seed(email_accounts=[{"domain_code": domain, "name": "bob", "firstname": "Bob", "lastname": "B", "company": "X",
                              "job_title": "CTO", "phone": "1"}])
    run_module(signature.main, dict(mailbox="bob@example.com", body="<p>Bob</p>"))
    result, failed = run_module(signature_info.main, dict(domain="example.com"))
    assert not failed
    assert "email_address" in result["variables"]
    unsigned = [a for a in result["accounts_without_signature"] if a["email_address"] == BOX]
    assert unsigned and set(unsigned[0]["missing"]) >= {"lastname", "job_title", "phone"}
    assert not any(a["email_address"] == "bob@example.com" for a in result["accounts_without_signature"])
    unknown, _failed = run_module(signature_info.main, dict(mailbox=BOX, identity="nobody@example.com"))
    assert unknown["signatures"] == []


# ------------------------------------------------------------------------------------------ address books
def test_addressbook_lifecycle_and_rename(run_module, sim):
    seed_mailbox(sim)
    result, failed = run_module(addressbook.main, dict(mailbox=BOX, name="Suppliers"), check_mode=True)
    assert not failed and result["changed"] and sim.requests(write=True) == []
    result, failed = run_module(addressbook.main, dict(mailbox=BOX, name="Suppliers"))
    assert not failed and result["changed"] and result["addressbook"]["name"] == "Suppliers", result
    again, _failed = run_module(addressbook.main, dict(mailbox=BOX, name="suppliers"))
    assert not again["changed"]
    renamed, _failed = run_module(addressbook.main, dict(mailbox=BOX, name="Suppliers", new_name="Vendors"), diff=True)
    assert renamed["changed"] and renamed["diff"]["after"] == {"name": "Vendors"}
    again, _failed = run_module(addressbook.main, dict(mailbox=BOX, name="Suppliers", new_name="Vendors"))
    assert not again["changed"] and again["addressbook"]["name"] == "Vendors"
    missing, failed = run_module(addressbook.main, dict(mailbox=BOX, name="Nope", new_name="Nada"))
    assert failed and "nothing to rename" in missing["msg"]
    listed, _failed = run_module(addressbook_info.main, dict(mailbox=BOX))
    assert [b["name"] for b in listed["addressbooks"]] == ["Vendors"]
    book = listed["addressbooks"][0]["id"]
    sim.seed(contacts=[{"addressbook_id": book, "given_name": "X", "emails": [{"value": "x@y.example"}]}])
    gone, _failed = run_module(addressbook.main, dict(mailbox=BOX, name="Vendors", state="absent"))
    assert gone["changed"] and sim.state("contacts") == []


# ------------------------------------------------------------------------------------------ contacts
def test_contact_single_lifecycle(run_module, sim):
    seed_book(sim)
    args = dict(mailbox=BOX, addressbook="Staff", email="Bob@Supplier.example", given_name="Bob", surname="Rossi",
                phone_numbers=[{"value": "+39 02 1", "type": "work"}])
    result, failed = run_module(contact.main, args)
    assert not failed and result["changed"], result
    created = result["contact"]
    assert created["email"] == "bob@supplier.example" and created["fullname"] == "Bob Rossi"
    assert created["phone_numbers"] == [{"value": "+39 02 1", "type": "work"}]
    assert sim.requests(write=True)[0]["body"]["emails"] == [{"value": "bob@supplier.example", "type": "home"}]
    again, _failed = run_module(contact.main, args)
    assert not again["changed"], again
    changed, _failed = run_module(contact.main, dict(args, emails=[{"value": "bob@supplier.example", "type": "work"},
                                                                   {"value": "bob@home.example"}]), diff=True)
    assert changed["changed"] and list(changed["diff"]["after"]) == ["emails"]
    by_uid, _failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", uid=created["uid"], email="robert@supplier.example"))
    assert by_uid["changed"] and by_uid["contact"]["emails"][0]["value"] == "robert@supplier.example"
    assert by_uid["contact"]["emails"][1]["value"] == "bob@home.example"
    found, _failed = run_module(contact_info.main, dict(mailbox=BOX, addressbook="Staff", email="bob@home.example"))
    assert [c["uid"] for c in found["contacts"]] == [created["uid"]]
    gone, _failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", email="robert@supplier.example", state="absent"))
    assert gone["changed"] and sim.state("contacts") == []


def test_contact_errors(run_module, sim):
    seed_book(sim)
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", given_name="Nobody"))
    assert failed and result["msg"].startswith("email:") and sim.requests() == []
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", email="a@b.example",
                                                   emails=[{"value": "c@b.example"}]))
    assert failed and "must be the first of emails" in result["msg"]
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Nope", email="a@b.example"))
    assert failed and "no such address book Nope" in result["msg"]
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", uid="no-such-uid", given_name="X"))
    assert failed and "created only when identified by email" in result["msg"]
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", contacts=[
        {"email": "a@b.example"}, {"given_name": "No address"}]))
    assert failed and result["msg"].startswith("contacts item 2: email:") and sim.requests(write=True) == []


def directory(count):
    return [{"email": "user%04d@corp.example" % i, "given_name": "User", "surname": "%04d" % i} for i in range(count)]


def test_contacts_list_of_1000_converges_then_reads_only_what_it_compares(run_module, sim):
    seed_book(sim)
    staff = directory(1000)
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", contacts=staff, workers=8))
    assert not failed and result["summary"]["created"] == 1000 and result["summary"]["failed"] == 0, result.get("msg")
    sim.clear_requests()
    again, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", contacts=staff, workers=8))
    assert not failed and not again["changed"]
    log = sim.requests()
    assert all(r["method"] == "GET" for r in log)
    lookups = [r["path"] for r in log if not r["path"].startswith("/api/addressbooks/") or r["path"].count("/") == 3]
    assert len(lookups) == 3   # domain, mailbox, address book
    pages = [r for r in log if r["path"].endswith("/contacts")]
    assert len(pages) == 10
    # Qboxmail lists contacts without their e-mail addresses [DOC]: each is read once to be compared
    assert len(log) == 3 + 10 + 1000
    assert again["summary"]["requests"] == len(log)


def test_contacts_list_purge_and_changes(run_module, sim):
    seed_book(sim)
    staff = directory(5)
    run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", contacts=staff))
    sim.clear_requests()
    changed = staff[:3] + [dict(staff[3], surname="Renamed"), {"email": "new@corp.example", "given_name": "New"}]
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", contacts=changed, purge=True),
                                check_mode=True, diff=True)
    assert not failed and sim.requests(write=True) == []
    summary = result["summary"]
    assert (summary["created"], summary["updated"], summary["deleted"]) == (1, 1, 1)
    result, failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", contacts=changed, purge=True))
    assert not failed and result["summary"]["changed"] == 3
    new = [c for c in result["contacts"] if c["email"] == "new@corp.example"][0]
    assert new["contact"]["uid"] and new["contact"]["emails"] == [{"value": "new@corp.example", "type": "home"}]
    again, _failed = run_module(contact.main, dict(mailbox=BOX, addressbook="Staff", contacts=changed, purge=True))
    assert not again["changed"]


def test_contacts_list_items_that_carry_the_addresses_are_not_read_again(monkeypatch):
    """Where the API's list items carry the whole contact, a converged list task reads the 3 references and the pages."""
    staff = directory(250)
    items = [{"uid": "u%d" % i, "type": "contact", "fullname": "User %04d" % i, "given_name": "User",
              "surname": "%04d" % i, "emails": [{"value": c["email"], "type": ["home"]}]} for i, c in enumerate(staff)]
    script = [page([{"code": "D000000001", "name": "example.com"}]),
              page([{"code": "EA00000001", "name": "alice"}]),
              page([{"id": 7, "name": "Staff"}])]
    script += [page(items[n * 100:(n + 1) * 100], n + 1, 3) for n in range(3)]
    result, failed, session = run_scripted(monkeypatch, contact.main, dict(
        mailbox=BOX, addressbook="Staff", contacts=staff, workers=1), script)
    assert not failed and not result["changed"], result
    assert session.sequence() == [
        "GET /api/domains", "GET /api/domains/D000000001/email_accounts", "GET /api/addressbooks/EA00000001",
        "GET /api/addressbooks/EA00000001/7/contacts", "GET /api/addressbooks/EA00000001/7/contacts",
        "GET /api/addressbooks/EA00000001/7/contacts"]


def test_signature_delete_by_position_is_never_repeated_blindly(monkeypatch):
    """A DELETE of position 0 whose answer was lost: the list is read; the identity is gone, so nothing is resent
    (a second DELETE of position 0 would delete the next identity). When it is still listed, the DELETE may be
    processed late: the task fails and says to run again, without a second DELETE."""
    sigs = [{"identity": BOX, "body": "a", "defaultSignature": True}, {"identity": "sales@example.com", "body": "b"}]
    script = [page([{"code": "D000000001", "name": "example.com"}]), page([{"code": "EA00000001", "name": "alice"}]),
              page(sigs), dropped(), page(sigs[1:])]
    result, failed, session = run_scripted(monkeypatch, signature.main, dict(mailbox=BOX, state="absent"), script)
    assert not failed and result["changed"], result
    assert [c for c in session.sequence() if c.startswith("DELETE")] == ["DELETE /api/signatures/EA00000001/0"]
    script = [page([{"code": "D000000001", "name": "example.com"}]), page([{"code": "EA00000001", "name": "alice"}]),
              page(sigs[::-1]), dropped(), page(sigs[::-1])]
    result, failed, session = run_scripted(monkeypatch, signature.main, dict(mailbox=BOX, state="absent"), script)
    assert failed and result["changed"] and "Run the task again" in result["msg"] and "DELETE" in result["msg"], result
    assert [c for c in session.sequence() if c.startswith("DELETE")] == ["DELETE /api/signatures/EA00000001/1"]
