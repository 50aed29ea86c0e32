#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: contact_info
short_description: Read the contacts of an address book of a Qboxmail mailbox
version_added: 0.2.0
description:
  - Return the contacts of one address book of a Qboxmail hosted mailbox, one by uid, those with an e-mail address,
    those matching a search, or all of them, read page by page (100 per request).
  - Qboxmail lists contacts with their names only (C(uid), C(type), C(fullname), C(given_name), C(surname)); the whole
    contact (e-mail addresses, phones, addresses...) is returned with O(uid) or O(email), or for every contact with
    O(details=true), at the cost of one request per contact.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  mailbox:
    description: Address of the mailbox.
    type: str
    required: true
  addressbook:
    description: Name of the address book.
    type: str
    required: true
  uid:
    description: The contact's uid. Returns a list of one contact, or an empty list.
    type: str
  email:
    description: The contacts that have this e-mail address (any of theirs, compared case-insensitively).
    type: str
  query:
    description: Text search on the names and e-mail addresses, done by Qboxmail (substring match).
    type: str
  details:
    description: Read the whole contact of every contact listed (one request each).
    type: bool
    default: false
seealso:
  - module: qboxmail.qboxmail.contact
  - module: qboxmail.qboxmail.addressbook_info
"""

EXAMPLES = r"""
- name: Who is orders@supplier.example in Alice's Suppliers book
  qboxmail.qboxmail.contact_info:
    mailbox: alice@example.com
    addressbook: Suppliers
    email: orders@supplier.example
  register: qbx_contact

- name: Every contact, with their addresses and phones
  qboxmail.qboxmail.contact_info:
    mailbox: alice@example.com
    addressbook: Suppliers
    details: true
"""

RETURN = r"""
contacts:
  description:
    - The contacts found. Whole contacts (lists with C(type) as a string, plus C(email), the first address) with
      O(uid), O(email) or O(details); else the list items as Qboxmail lists them.
  returned: always
  type: list
  elements: dict
  sample:
    - uid: 7f3c2a10-5e2b-4d47-9a53-1f0e6d2c8b11
      email: orders@supplier.example
      fullname: Bob Rossi
      emails: [{value: orders@supplier.example, type: work}]
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.contact), in its units (sizes like V(5G), names instead
          of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(email), C(state), C(given_name), C(surname),
          C(fullname), C(nickname), C(title), C(company_name), C(notes), C(birthday), C(emails), C(phone_numbers),
          C(urls), C(addresses), C(mailbox), C(addressbook).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._mailbox_data import (
    ADDRESSBOOK_REF, CONTACT_OPTIONS, CONTACTS, contact_current,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address


class ContactInfo(InfoModule):
    name = "contacts"
    fields = dict(
        mailbox=Field(required=True, to_api=email_address),
        addressbook=Option(required=True),
        uid=Field(),
        email=Field(to_api=email_address),
        query=Field(),
        details=Option("bool", default=False),
    )
    module_kwargs = dict(mutually_exclusive=[("uid", "email", "query")])
    view, context = CONTACT_OPTIONS, ("mailbox", "addressbook")

    def read(self):
        book = resolve(self.ctx, ADDRESSBOOK_REF, (self.params["mailbox"], self.params["addressbook"]), "addressbook")
        if book["id"] == PENDING:
            return []
        base = path(CONTACTS, mailbox=book["_mailbox_code"], parent=book["id"])
        client = self.ctx.client

        def full(uid):
            return contact_current(client.get_one(base + path("/{uid}", uid=uid)))
        if self.wanted.get("uid"):
            found = full(self.wanted["uid"])
            return [found] if found else []
        email = self.wanted.get("email")
        query = email or self.wanted.get("query")
        items = list(client.paginate(base, {"query": query} if query else None))
        if not email and not self.params["details"]:
            return items
        contacts = [contact_current(item) if "emails" in item else full(item.get("uid")) for item in items]
        return [c for c in contacts if c and (not email or email in [e.get("value") for e in c.get("emails") or []])]


def main():
    ContactInfo.run()


if __name__ == "__main__":
    main()
