# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Address books of an email account and their contacts.

[DOC] (hosting.md 3.19): ``POST /api/addressbooks/{code}`` ``{name}``; ``GET/POST .../{addressbook_id}/contacts``;
``GET/DELETE .../contacts/{uid}``; contact fields and enums as documented (request ``type`` values are strings;
in a read contact ``emails``, ``phone_numbers`` and ``addresses`` carry ``type`` as a list, ``url`` and ``photo`` as a
string). CONTRACT "address books beyond the documented ones": ``GET /api/addressbooks/{code}``,
``PUT/DELETE /api/addressbooks/{code}/{addressbook_id}``, ``PUT .../contacts/{uid}`` (same body as create).
"""
from __future__ import annotations

import uuid

from aiohttp import web

from ..common import Checks, created, is_email, json_body, no_content, not_found, one, paginate, visible_or_404
from ..gaps import refuse_fields
from ..state import State, now_iso
from ._hosting import find_account
from .hosting_mailboxes import is_date

BOOKS = "addressbooks"
CONTACTS = "contacts"
TEXTS = ("given_name", "surname", "fullname", "title", "nickname", "company_name", "notes")
# [DOC] the allowed ``type`` of each list item (default ``home``) and the item's other fields.
LISTS = {
    "emails": (("work", "home"), ("value",)),
    "phone_numbers": (("work", "home", "cell", "home fax", "work fax"), ("value",)),
    "url": (("work", "home"), ("value",)),
    "addresses": (("work", "home"), ("street_address", "city", "postal_code", "region", "country")),
}
LIST_TYPED = ("emails", "phone_numbers", "addresses")  # read back with ``type`` as a list [DOC]
DEFAULT_TYPE = "home"
# ``birthday`` is shown on a read contact but not among the create fields: in a body it needs the GAP switch
# ``contact_birthday`` (gaps.py); then YYYY-MM-DD.
EXTRA_FIELDS = ("birthday",)
# GAP: the contact ``type`` of the list item is not documented beyond being a string.
CONTACT_TYPE = "contact"


def book_view(state: State, book: dict) -> dict:
    """An address book as listed: ``{id, name, contacts, created_at, updated_at}`` (GAP: shape not documented)."""
    count = sum(1 for contact in state.collection(CONTACTS).values() if contact["addressbook_id"] == book["id"])
    return {"id": book["id"], "name": book["name"], "contacts": count, "created_at": book["created_at"],
            "updated_at": book["updated_at"]}


def contact_item(contact: dict) -> dict:
    """A list item [DOC]: ``uid``, ``type``, ``fullname``, ``given_name``, ``surname`` (``_emails`` for ``query=``)."""
    return {"uid": contact["uid"], "type": contact["type"], "fullname": contact["fullname"],
            "given_name": contact["given_name"], "surname": contact["surname"],
            "_emails": " ".join(item["value"] for item in contact["emails"])}


def contact_view(contact: dict) -> dict:
    """A read contact [DOC], list item types converted to the documented shapes."""
    out = {field: contact[field] for field in ("uid", "given_name", "surname", "fullname", "nickname", "company_name",
                                               "title", "notes", "birthday")}
    for field in LISTS:
        out[field] = [dict(item, type=[item["type"]] if field in LIST_TYPED else item["type"]) for item in contact[field]]
    out["photo"] = list(contact["photo"])
    return out


def check_contact(check: Checks) -> None:
    """Validate a contact create / update body (every field optional [DOC])."""
    for field in TEXTS:
        check.field(field, lambda value: value is None or isinstance(value, str))
    check.field("birthday", lambda value: value in (None, "") or is_date(value))
    for field, (types, keys) in LISTS.items():
        items = check.body.get(field)
        if field not in check.body or items is None:
            continue
        if not isinstance(items, list):
            check.add(field, "is not valid")
            continue
        for index, item in enumerate(items):
            prefix = "%s[%d]" % (field, index)
            if not isinstance(item, dict):
                check.add(prefix, "is not valid")
                continue
            if item.get("type", DEFAULT_TYPE) not in types:
                check.add(prefix + ".type", "is not valid")
            for key in keys:
                if item.get(key) is not None and not isinstance(item[key], str):
                    check.add("%s.%s" % (prefix, key), "is not valid")
            if keys == ("value",) and not item.get("value"):
                check.add(prefix + ".value", "is required")
            elif field == "emails" and not is_email(str(item["value"]).lower()):
                check.add(prefix + ".value", "is not valid")


def normalized_items(field: str, items: list) -> list:
    """List items as stored: every documented key present, ``type`` a string (default ``home``), e-mails lower-case."""
    keys = LISTS[field][1]
    out = []
    for item in items:
        row = {key: item.get(key) for key in keys}
        if field == "emails":
            row["value"] = row["value"].lower()
        row["type"] = item.get("type", DEFAULT_TYPE)
        out.append(row)
    return out


def apply_contact(contact: dict, body: dict) -> None:
    """Copy the given fields (lists replace); ``fullname`` follows the names unless it was given explicitly."""
    for field in TEXTS + EXTRA_FIELDS:
        if field in body:
            contact[field] = body[field] or None
    for field in LISTS:
        if field in body:
            contact[field] = normalized_items(field, body[field] or [])
    if "fullname" in body:
        contact["_fullname_given"] = bool(body["fullname"])
    if not contact.get("_fullname_given"):
        # GAP: the fullname of a contact created without one is not documented: "<given_name> <surname>".
        contact["fullname"] = " ".join(part for part in (contact["given_name"], contact["surname"]) if part) or None
    contact["updated_at"] = now_iso()


def new_contact(state: State, book: dict, uid: str | None = None) -> dict:
    """A contact of an address book with every field empty."""
    stamp = now_iso()
    contact = {
        "uid": uid or str(uuid.UUID(int=state.rng.getrandbits(128), version=4)), "type": CONTACT_TYPE,
        "customer_code": book["customer_code"], "domain_code": book["domain_code"],
        "email_account_code": book["email_account_code"], "addressbook_id": book["id"], "created_at": stamp,
    }
    contact.update((field, None) for field in TEXTS + EXTRA_FIELDS)
    contact.update((field, []) for field in LISTS)
    contact["photo"] = []
    return contact


def new_book(state: State, mailbox: dict, name: str, book_id: int | None = None) -> dict:
    """An address book of a mailbox (integer ``id``, GAP: the id's form is not documented)."""
    stamp = now_iso()
    return state.insert(BOOKS, {
        "id": book_id or state.new_id(BOOKS), "name": name, "customer_code": mailbox["customer_code"],
        "domain_code": mailbox["domain_code"], "email_account_code": mailbox["code"], "created_at": stamp,
        "updated_at": stamp,
    }, key="id")


def seed_book(state: State, item: dict) -> int:
    """Fixture loader for ``POST /_sim/seed {"addressbooks": [{email_account_code, name, id?}]}``."""
    mailbox = state.get("email_accounts", item["email_account_code"])
    return new_book(state, mailbox, item.get("name") or "Contacts", item.get("id"))["id"]


def seed_contact(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"contacts": [{addressbook_id, uid?, <contact fields>}]}`` (not validated)."""
    item = dict(item)
    book = state.get(BOOKS, item.pop("addressbook_id"))
    contact = new_contact(state, book, item.pop("uid", None))
    apply_contact(contact, item)
    state.insert(CONTACTS, contact, key="uid")
    return contact["uid"]


class AddressBooks:
    """Handlers of the address book and contact routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def book(self, request: web.Request) -> tuple:
        """(mailbox, address book) of the path; 404 unless both are visible and belong together."""
        _domain, mailbox = find_account(request, self.state, request.match_info["code"])
        raw = request.match_info["book"]
        if not raw.isdigit():
            raise not_found()
        book = visible_or_404(request, self.state, BOOKS, int(raw))
        if book["email_account_code"] != mailbox["code"]:
            raise not_found()
        return mailbox, book

    def contact(self, request: web.Request) -> tuple:
        """(address book, contact) of the path; 404 unless the contact is in that address book."""
        _mailbox, book = self.book(request)
        contact = visible_or_404(request, self.state, CONTACTS, request.match_info["uid"])
        if contact["addressbook_id"] != book["id"]:
            raise not_found()
        return book, contact

    async def list_books(self, request: web.Request) -> web.Response:
        """GET /api/addressbooks/{code}: the account's address books (paged; ``query`` on the name)."""
        _domain, mailbox = find_account(request, self.state, request.match_info["code"])
        books = [book_view(self.state, book) for book in self.state.values(BOOKS) if book["email_account_code"] == mailbox["code"]]
        return paginate(request, books, sort_field="id")

    async def create_book(self, request: web.Request) -> web.Response:
        """POST /api/addressbooks/{code} ``{name}`` -> ``{message, resource_code: <id>}``."""
        _domain, mailbox = find_account(request, self.state, request.match_info["code"])
        body = await json_body(request)
        check = Checks(body)
        if check.required("name"):
            check.field("name", lambda value: isinstance(value, str))
        check.done()
        book = new_book(self.state, mailbox, body["name"])
        return created("Addressbook created", str(book["id"]), "/api/addressbooks/%s/%s" % (mailbox["code"], book["id"]))

    async def rename_book(self, request: web.Request) -> web.Response:
        """PUT /api/addressbooks/{code}/{addressbook_id} ``{name}``."""
        _mailbox, book = self.book(request)
        body = await json_body(request)
        check = Checks(body)
        if check.required("name"):
            check.field("name", lambda value: isinstance(value, str))
        check.done()
        book.update(name=body["name"], updated_at=now_iso())
        return no_content()

    async def delete_book(self, request: web.Request) -> web.Response:
        """DELETE /api/addressbooks/{code}/{addressbook_id}: the address book and its contacts."""
        _mailbox, book = self.book(request)
        self.state.remove(BOOKS, book["id"])
        self.state.remove_children("addressbook_id", book["id"])
        return no_content()

    async def list_contacts(self, request: web.Request) -> web.Response:
        """GET .../{addressbook_id}/contacts: paged list items; ``query`` matches the names and the e-mail addresses."""
        _mailbox, book = self.book(request)
        items = [contact_item(contact) for contact in self.state.values(CONTACTS) if contact["addressbook_id"] == book["id"]]
        return paginate(request, items, search=("fullname", "given_name", "surname", "_emails"), sort_field="fullname")

    async def create_contact(self, request: web.Request) -> web.Response:
        """POST .../{addressbook_id}/contacts -> ``{message, resource_code: <uid>}``."""
        mailbox, book = self.book(request)
        body = await json_body(request)
        refuse_fields(body, self.state, "contact_birthday", ("birthday",))
        check = Checks(body)
        check_contact(check)
        check.done()
        contact = new_contact(self.state, book)
        apply_contact(contact, body)
        self.state.insert(CONTACTS, contact, key="uid")
        book["updated_at"] = now_iso()
        return created("Contact created", contact["uid"],
                       "/api/addressbooks/%s/%s/contacts/%s" % (mailbox["code"], book["id"], contact["uid"]))

    async def get_contact(self, request: web.Request) -> web.Response:
        """GET .../contacts/{uid}: the whole contact (get-one envelope)."""
        return one(contact_view(self.contact(request)[1]))

    async def update_contact(self, request: web.Request) -> web.Response:
        """PUT .../contacts/{uid}: the create body; given fields replace (lists as a whole), absent ones stay."""
        _book, contact = self.contact(request)
        body = await json_body(request)
        refuse_fields(body, self.state, "contact_birthday", ("birthday",))
        check = Checks(body)
        check_contact(check)
        check.done()
        apply_contact(contact, body)
        return no_content()

    async def delete_contact(self, request: web.Request) -> web.Response:
        """DELETE .../contacts/{uid}."""
        self.state.remove(CONTACTS, self.contact(request)[1]["uid"])
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the address book and contact routes and their fixture loaders."""
    handlers = AddressBooks(state)
    state.declare(BOOKS, CONTACTS)
    state.seeders[BOOKS] = seed_book
    state.seeders[CONTACTS] = seed_contact
    base = "/api/addressbooks/{code}"
    routes.get(base)(handlers.list_books)
    routes.post(base)(handlers.create_book)
    routes.put(base + "/{book}")(handlers.rename_book)
    routes.delete(base + "/{book}")(handlers.delete_book)
    routes.get(base + "/{book}/contacts")(handlers.list_contacts)
    routes.post(base + "/{book}/contacts")(handlers.create_contact)
    routes.get(base + "/{book}/contacts/{uid}")(handlers.get_contact)
    routes.put(base + "/{book}/contacts/{uid}")(handlers.update_contact)
    routes.delete(base + "/{book}/contacts/{uid}")(handlers.delete_contact)
