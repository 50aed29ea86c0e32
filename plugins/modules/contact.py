#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: contact
short_description: Manage the contacts of an address book of a Qboxmail mailbox
version_added: 0.2.0
description:
  - Create, update and delete the contacts of one address book of a Qboxmail hosted mailbox.
  - A contact is identified by its first e-mail address (O(email)), or by its O(uid).
  - With O(contacts), converge a whole list in one task, for example a company directory synced into one mailbox's
    address book; O(purge) deletes the contacts the list does not name.
  - Only the options you set are compared and changed; unset options keep their current value.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.LIST
options:
  mailbox:
    description: Address of the mailbox that owns the address book.
    type: str
    required: true
  addressbook:
    description: Name of the address book (see M(qboxmail.qboxmail.addressbook)).
    type: str
    required: true
  email:
    description:
      - The contact's first e-mail address, which identifies it. Compared case-insensitively.
      - A new contact gets it as its only address unless O(emails) is set; with O(emails), it must be the first of them
        and may be left out.
      - With O(uid), it sets the contact's first address.
    type: str
  uid:
    description:
      - Identifies the contact by its uid instead of O(email) (see M(qboxmail.qboxmail.contact_info)). A contact is
        created only when identified by O(email).
    type: str
  state:
    description:
      - V(present) makes sure the contact exists with the given data; V(absent) deletes it.
      - With O(contacts), the default of every item.
    type: str
    choices: [present, absent]
    default: present
  given_name:
    description: First name.
    type: str
  surname:
    description: Last name.
    type: str
  fullname:
    description: Display name. When never set, Qboxmail shows the first and last name.
    type: str
  nickname:
    description: Nickname.
    type: str
  title:
    description: Job title.
    type: str
  company_name:
    description: Company.
    type: str
  notes:
    description: Notes; line breaks are kept.
    type: str
  birthday:
    description:
      - Birthday, V(YYYY-MM-DD); V("") removes it.
      - Qboxmail shows it on a contact but does not document it among the fields a request takes, so the module
        never sends it; it is compared (an M(qboxmail.qboxmail.contact_info) result feeds back), and a value that
        differs from the contact's fails the task before any request.
    type: str
  emails:
    description:
      - E-mail addresses, the complete list in order; the first one identifies the contact.
    type: list
    elements: dict
    suboptions:
      value:
        description: The address.
        type: str
        required: true
      type:
        description: Kind of address; Qboxmail's default is V(home).
        type: str
        choices: [work, home]
  phone_numbers:
    description: Phone numbers, the complete list in order.
    type: list
    elements: dict
    suboptions:
      value:
        description: The number.
        type: str
        required: true
      type:
        description: Kind of number; Qboxmail's default is V(home).
        type: str
        choices: [work, home, cell, home fax, work fax]
  urls:
    description: Web addresses, the complete list in order.
    type: list
    elements: dict
    aliases: [url]
    suboptions:
      value:
        description: The URL.
        type: str
        required: true
      type:
        description: Kind of URL; Qboxmail's default is V(home).
        type: str
        choices: [work, home]
  addresses:
    description: Postal addresses, the complete list in order.
    type: list
    elements: dict
    suboptions:
      street_address:
        description: Street and number.
        type: str
      city:
        description: City.
        type: str
      postal_code:
        description: Postal code.
        type: str
      region:
        description: Region, state or province.
        type: str
      country:
        description: Country.
        type: str
      type:
        description: Kind of address; Qboxmail's default is V(home).
        type: str
        choices: [work, home]
  contacts:
    description:
      - Converge many contacts of the address book in one task. Each item takes the options above (O(email) or
        O(emails) is required in every item, as the list is matched by first e-mail address); O(state) is inherited.
      - The current contacts are read with the list calls; Qboxmail documents only their names in the list, so the
        module reads each contact the list form compares (on the worker threads) unless the list already carries
        its e-mail addresses.
      - Mutually exclusive with the single-contact options.
    type: list
    elements: dict
    suboptions:
      email:
        description: Like O(email); required unless O(contacts[].emails) is set.
        type: str
      state:
        description: Like O(state).
        type: str
        choices: [present, absent]
      given_name:
        description: Like O(given_name).
        type: str
      surname:
        description: Like O(surname).
        type: str
      fullname:
        description: Like O(fullname).
        type: str
      nickname:
        description: Like O(nickname).
        type: str
      title:
        description: Like O(title).
        type: str
      company_name:
        description: Like O(company_name).
        type: str
      notes:
        description: Like O(notes).
        type: str
      birthday:
        description: Like O(birthday).
        type: str
      emails:
        description: Like O(emails).
        type: list
        elements: dict
        suboptions:
          value:
            description: The address.
            type: str
            required: true
          type:
            description: Kind of address.
            type: str
            choices: [work, home]
      phone_numbers:
        description: Like O(phone_numbers).
        type: list
        elements: dict
        suboptions:
          value:
            description: The number.
            type: str
            required: true
          type:
            description: Kind of number.
            type: str
            choices: [work, home, cell, home fax, work fax]
      urls:
        description: Like O(urls).
        type: list
        elements: dict
        aliases: [url]
        suboptions:
          value:
            description: The URL.
            type: str
            required: true
          type:
            description: Kind of URL.
            type: str
            choices: [work, home]
      addresses:
        description: Like O(addresses).
        type: list
        elements: dict
        suboptions:
          street_address:
            description: Street and number.
            type: str
          city:
            description: City.
            type: str
          postal_code:
            description: Postal code.
            type: str
          region:
            description: Region, state or province.
            type: str
          country:
            description: Country.
            type: str
          type:
            description: Kind of address.
            type: str
            choices: [work, home]
  purge:
    description:
      - With O(contacts), delete the contacts of the address book whose first e-mail address the list does not name.
      - Contacts without any e-mail address are never purged.
    type: bool
    default: false
  workers:
    description: With O(contacts), how many requests run side by side (1 to 32).
    type: int
    default: 4
notes:
  - Deleting the address book (M(qboxmail.qboxmail.addressbook) with O(state=absent)) deletes its contacts too.
seealso:
  - module: qboxmail.qboxmail.contact_info
  - module: qboxmail.qboxmail.addressbook
"""

EXAMPLES = r"""
- name: A contact in Alice's address book
  qboxmail.qboxmail.contact:
    mailbox: alice@example.com
    addressbook: Suppliers
    email: orders@supplier.example
    given_name: Bob
    surname: Rossi
    company_name: Supplier Ltd
    phone_numbers:
      - {value: "+39 02 1234567", type: work}

- name: Sync the company directory into one mailbox's address book
  qboxmail.qboxmail.contact:
    mailbox: reception@example.com
    addressbook: Staff
    contacts: "{{ directory }}"
    purge: true
  vars:
    directory: [{email: anna@example.com, given_name: Anna}, {email: marco@example.com, given_name: Marco}]

- name: Remove a contact
  qboxmail.qboxmail.contact:
    mailbox: alice@example.com
    addressbook: Suppliers
    email: orders@supplier.example
    state: absent
"""

RETURN = r"""
contact:
  description:
    - The contact as Qboxmail returns it, its lists with C(type) as a string, plus C(email) (its first address);
      empty after deletion. Without O(contacts).
  returned: success
  type: dict
  sample:
    uid: 7f3c2a10-5e2b-4d47-9a53-1f0e6d2c8b11
    email: orders@supplier.example
    given_name: Bob
    surname: Rossi
    fullname: Bob Rossi
    emails: [{value: orders@supplier.example, type: home}]
contacts:
  description: With O(contacts), one entry per item (and per purged contact).
  returned: with O(contacts)
  type: list
  elements: dict
  contains:
    email:
      description: The item's first e-mail address.
      type: str
    state:
      description: The item's state.
      type: str
    changed:
      description: Whether the item changed (or would, in check mode).
      type: bool
    changes:
      description: The options that changed, or V([state]) for a create or delete.
      type: list
      elements: str
    contact:
      description: The contact, when it changed or with O(return_objects=all).
      type: dict
summary:
  description: With O(contacts), the counts of items, changed, created, updated, deleted and failed items and requests.
  returned: with O(contacts)
  type: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import segment
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._mailbox_data import (
    ADDRESSBOOK_REF, CONTACT_OPTIONS, CONTACTS, contact_current,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import LIST_FIELDS, Resource, fold
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address


class Contact(Resource):
    name = what = "contact"
    fields = dict(CONTACT_OPTIONS, **LIST_FIELDS)
    list_option = "contacts"
    single = sorted(k for k, f in fields.items() if f.item and k != "state")
    module_kwargs = dict(mutually_exclusive=[("contacts", opt) for opt in single + ["uid"]])
    list_path = CONTACTS
    item_path = CONTACTS + "/{code}"
    parent, parent_option = ADDRESSBOOK_REF, "addressbook"
    key = key_field = "email"
    code_field = "uid"
    inherit = ("state", "mailbox")

    @classmethod
    def parent_value(cls, params):
        return params.get("mailbox"), params.get("addressbook")

    @staticmethod
    def path_values(parent):
        return {"mailbox": (parent or {}).get("_mailbox_code")}

    def normalise(self):
        try:
            self.params["mailbox"] = email_address(self.params["mailbox"])
        except ValueError as exc:
            raise ModuleFailure("mailbox: %s" % exc)
        first = (self.params.get("emails") or [{}])[0].get("value")
        email = self.params.get("email") or first
        if not email and not self.params.get("uid"):
            raise ModuleFailure("email: give the contact's first e-mail address (email or emails), which identifies it%s"
                                % (" (or its uid)" if "contacts" in self.params else ""))
        if email:
            try:
                email = email_address(email)
            except ValueError as exc:
                raise ModuleFailure("%s: %s" % ("email" if self.params.get("email") else "emails", exc))
            self.params["email"] = email
            if first and fold(first) != email:
                raise ModuleFailure("email: %s must be the first of emails (%s), as the first address identifies the "
                                    "contact" % (email, first))

    def label(self):
        return "contact %s in address book %s" % (self.params.get("email") or self.params.get("uid"), self.params["addressbook"])

    def find(self):
        if self.parent_missing():
            return None
        if self.params.get("uid"):
            return self.get(self.params["uid"])
        key = self.params["email"]
        found = [self.complete(item) for item in self.client.paginate(self.path(self.list_path), {"query": key})]
        matches = [obj for obj in found if obj is not None and obj.get("email") == key]
        if len(matches) > 1:
            raise ModuleFailure("%s is ambiguous: %d contacts have it as their first address (uids %s); name it by uid"
                                % (self.label(), len(matches), ", ".join(str(m.get("uid")) for m in matches)))
        return matches[0] if matches else None

    def complete(self, item):
        """The whole contact behind a list item (read only when the item lacks its e-mail addresses)."""
        return contact_current(item) if "emails" in item else self.get(item.get("uid"))

    def get(self, code):
        return contact_current(self.client.get_one(self.path(self.item_path, code=code)))

    @classmethod
    def expand_list(cls, task, items, codes=None):
        wanted = [item for item in items if "emails" not in item and (codes is None or item.get("uid") in codes)]
        read = task.pool_map(lambda item, client: client.get_one(task.list_url + "/" + segment(item["uid"])), wanted)
        full = dict((item["uid"], obj) for item, obj in zip(wanted, read))
        return [contact_current(full.get(item.get("uid"), item)) for item in items
                if item.get("uid") not in full or full[item["uid"]] is not None]

    @staticmethod
    def purgeable(obj):
        return bool(obj.get("email"))

    def check_create(self):
        if not self.params.get("email"):
            raise ModuleFailure("%s does not exist: a contact is created only when identified by email" % self.label())

    def create_values(self):
        values = super(Contact, self).create_values()
        values.setdefault("emails", [{"value": self.params["email"], "type": "home"}])
        return values

    def compare(self, current, plan):
        changes = super(Contact, self).compare(current, plan)
        email = self.params.get("email")
        if email and "emails" not in self.wanted and current.get("email") != email:   # identified by uid
            rest = (current.get("emails") or [])[1:]
            changes["emails"] = [{"value": email, "type": "home"}] + rest
            plan.note("email", current.get("email"), email)
        return changes


def main():
    Contact.run()


if __name__ == "__main__":
    main()
