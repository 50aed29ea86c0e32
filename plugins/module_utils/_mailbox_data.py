# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: what a mailbox holds besides mail: its signatures, address books and contacts.

hosting.md 3.18-3.19 and CONTRACT.md "signature identity", "address books beyond the documented ones": signatures
are read with camelCase names and written with snake_case ones; an identity is addressed by its 0-based position in
the list; an address book has an integer `id`, a contact a `uid`. The contact list documents only `uid`, `type`,
`fullname`, `given_name` and `surname` per item, so comparing e-mails, phones or addresses needs the full contact.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path, resources_of
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN, MAILBOX_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import Ref
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import MAX_BODY, MAX_TEXT, Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address, iso_date, optional, text

SIGNATURES = "/api/signatures/{parent}"
ADDRESSBOOKS = "/api/addressbooks/{parent}"
CONTACTS = "/api/addressbooks/{mailbox}/{parent}/contacts"
SIGNATURE_VARIABLES = DOMAIN + "/signature_variables"
WITHOUT_SIGNATURE = DOMAIN + "/email_accounts_without_signature"

# ------------------------------------------------------------------------------------------ signatures
# Request field (snake_case) -> response field (camelCase) [DOC]. `default_signature_replies` is documented in
# responses only: compared, never sent (Field answer_only).
SIGNATURE_FLAGS = {
    "default_signature": "defaultSignature", "default_signature_replies": "defaultSignatureReplies",
    "sender_in_bcc": "senderInBcc", "only_new_messages": "onlyNewMessages",
}


def signature_view(item, position):
    """A signature with the request bodies' snake_case names (read in either case) and its position in the list."""
    out = {"identity": str(item.get("identity") or "").strip().lower() or None, "body": item.get("body"),
           "title": item.get("title"), "position": position}
    for snake, camel in SIGNATURE_FLAGS.items():
        out[snake] = item.get(camel, item.get(snake))
    return out


def present(obj):
    return "present"


# The options of `signature` and `addressbook`, also the `options` view of their `_info` modules.
SIGNATURE_OPTIONS = dict(
    mailbox=Option(required=True),
    identity=Field(to_api=email_address, compare=None),
    body=Field(max_length=MAX_BODY),
    title=Field(),
    state=Option(default="present", choices=["present", "absent"], read=present),
    **dict((flag, Field("bool", answer_only=flag == "default_signature_replies")) for flag in SIGNATURE_FLAGS)
)
ADDRESSBOOK_OPTIONS = dict(
    mailbox=Option(required=True),
    name=Field(required=True, create_only=True, to_api=text(allow_empty=False)),
    new_name=Option(),
    state=Option(default="present", choices=["present", "absent"], read=present),
)


def read_signatures(client, mailbox_code):
    """Every signature of a mailbox, in the API's order (which gives each identity its position)."""
    return [signature_view(item, number) for number, item in
            enumerate(client.paginate(path(SIGNATURES, parent=mailbox_code)))]


def top_level(resp):
    """A body answered at the top level, or as the first resource of an envelope (tolerant reader)."""
    body = resp.body if isinstance(resp.body, dict) else {}
    if "resources" in body and not any(key in body for key in ("variables", "accounts_missing_fields")):
        found = resources_of(body)
        return found[0] if found and isinstance(found[0], dict) else {}
    return body


# ------------------------------------------------------------------------------------------ address books
def book_key(value):
    """The reference of an address book: (mailbox address, address book name)."""
    mailbox, name = value
    name = str(name if name is not None else "").strip()
    if not name:
        raise ValueError("the address book name must not be empty")
    return str(mailbox or "").strip(), name


class BookRef(Ref):
    """Address books are found under their mailbox; the found object keeps the mailbox code (`_mailbox_code`) that
    the contact paths need beside the address book id."""

    def lookup(self, client, key, parent_code=None):
        return [dict(obj, _mailbox_code=parent_code) for obj in super(BookRef, self).lookup(client, key, parent_code)]


ADDRESSBOOK_REF = BookRef("address book", "create it with qboxmail.qboxmail.addressbook first", ADDRESSBOOKS, "name",
                          code_field="id", to_key=book_key, parent=MAILBOX_REF, split=lambda key: key)


# ------------------------------------------------------------------------------------------ contacts
# [DOC] the list fields of a contact, the keys of their items besides `type`, and the allowed types (default `home`).
CONTACT_LISTS = {
    "emails": (("value",), ("work", "home")),
    "phone_numbers": (("value",), ("work", "home", "cell", "home fax", "work fax")),
    "url": (("value",), ("work", "home")),
    "addresses": (("street_address", "city", "postal_code", "region", "country"), ("work", "home")),
}
DEFAULT_TYPE = "home"
CONTACT_TEXTS = ("given_name", "surname", "fullname", "nickname", "title", "company_name", "notes")


def compact(field, item):
    """One item of a contact list in one form for both sides of a comparison: the keys that have a value, `type` a
    string (a read contact gives it as a list [DOC]), e-mail addresses lower case."""
    keys = CONTACT_LISTS[field][0]
    row = dict((key, str(item[key]).strip()) for key in keys if item.get(key) not in (None, ""))
    if field == "emails" and "value" in row:
        row["value"] = row["value"].lower()
    kind = item.get("type")
    if isinstance(kind, list):
        kind = kind[0] if kind else None
    row["type"] = kind or DEFAULT_TYPE
    return row


def contact_list(field):
    """The converter of a contact list option: items in the compact form; a bad e-mail address fails, naming it."""
    keys = CONTACT_LISTS[field][0]

    def convert(values):
        out = []
        for number, item in enumerate(values or [], start=1):
            row = compact(field, item)
            if keys == ("value",) and "value" not in row:
                raise ValueError("item %d has no value" % number)
            if len(row) == 1:
                raise ValueError("item %d is empty" % number)
            if field == "emails":
                try:
                    row["value"] = email_address(row["value"])
                except ValueError as exc:
                    raise ValueError("item %d: %s" % (number, exc))
            out.append(row)
        return out
    return convert


def item_options(field):
    keys, types = CONTACT_LISTS[field]
    options = dict((key, Option(required=keys == ("value",))) for key in keys)
    options["type"] = Option(choices=list(types))
    return options


def contact_fields():
    """The Fields of a contact's documented data (hosting.md 3.19)."""
    fields = dict((name, Field(max_length=MAX_BODY if name == "notes" else MAX_TEXT)) for name in CONTACT_TEXTS)
    # `birthday` is shown on a read contact but not among the documented create fields: compared, never sent.
    fields["birthday"] = Field(to_api=optional(iso_date), answer_only=True)
    for field in CONTACT_LISTS:
        option = "urls" if field == "url" else field
        fields[option] = Field("list", elements="dict", options=item_options(field), api=field, compare="list",
                               to_api=contact_list(field), aliases=["url"] if field == "url" else None)
    return fields


# The options of `contact`, also the `options` view of `contact_info` (whose list items without O(details) have
# only the few fields the contact list gives).
CONTACT_OPTIONS = dict(
    mailbox=Option(required=True),
    addressbook=Option(required=True),
    email=Option(item=True, read=lambda obj: obj.get("email")),
    uid=Option(),
    state=Option(default="present", choices=["present", "absent"], item=True, read=present),
    **contact_fields()
)


def contact_current(obj):
    """A contact as read, its lists in the compact form, with `email` (its first e-mail address, which identifies it)."""
    if obj is None:
        return None
    out = dict(obj)
    for field in CONTACT_LISTS:
        if isinstance(obj.get(field), list):
            out[field] = [compact(field, item) for item in obj[field] if isinstance(item, dict)]
    emails = out.get("emails") or []
    out["email"] = emails[0].get("value") if emails else None
    return out
