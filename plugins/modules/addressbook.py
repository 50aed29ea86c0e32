#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: addressbook
short_description: Manage the address books of a Qboxmail mailbox
version_added: 0.2.0
description:
  - Create, rename and delete an address book of a Qboxmail hosted mailbox, identified by its name.
  - B(Deleting an address book deletes its contacts too.)
  - Manage the contacts inside it with M(qboxmail.qboxmail.contact).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
options:
  mailbox:
    description: Address of the mailbox that owns the address book.
    type: str
    required: true
  name:
    description:
      - Name of the address book, compared case-insensitively.
      - With O(new_name), its current name.
    type: str
    required: true
  new_name:
    description:
      - Rename the address book O(name) to this name. When O(name) does not exist but O(new_name) does, the rename
        already happened and nothing changes; when neither exists the task fails (nothing to rename).
      - A change of letter case only is a rename too.
    type: str
  state:
    description:
      - V(present) makes sure the address book exists (under O(new_name) when set).
      - V(absent) deletes it B(with all its contacts).
    type: str
    choices: [present, absent]
    default: present
seealso:
  - module: qboxmail.qboxmail.addressbook_info
  - module: qboxmail.qboxmail.contact
"""

EXAMPLES = r"""
- name: An address book for suppliers in Alice's mailbox
  qboxmail.qboxmail.addressbook:
    mailbox: alice@example.com
    name: Suppliers

- name: Rename it
  qboxmail.qboxmail.addressbook:
    mailbox: alice@example.com
    name: Suppliers
    new_name: Vendors

- name: Delete it, with its contacts
  qboxmail.qboxmail.addressbook:
    mailbox: alice@example.com
    name: Vendors
    state: absent
"""

RETURN = r"""
addressbook:
  description: The address book as Qboxmail lists it; empty after deletion.
  returned: always
  type: dict
  sample:
    id: 3
    name: Suppliers
    contacts: 12
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import MAILBOX_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._mailbox_data import ADDRESSBOOK_OPTIONS, ADDRESSBOOKS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address


class AddressBook(Resource):
    name = "addressbook"
    what = "address book"
    fields = ADDRESSBOOK_OPTIONS
    list_path = ADDRESSBOOKS
    item_path = ADDRESSBOOKS + "/{code}"
    code_field = "id"
    parent, parent_option = MAILBOX_REF, "mailbox"

    def normalise(self):
        try:
            self.params["mailbox"] = email_address(self.params["mailbox"])
        except ValueError as exc:
            raise ModuleFailure("mailbox: %s" % exc)
        if self.params.get("new_name") is not None:
            self.params["new_name"] = str(self.params["new_name"]).strip()
            if not self.params["new_name"]:
                raise ModuleFailure("new_name: must not be empty")
            if self.state == "absent":
                raise ModuleFailure("new_name cannot be used with state=absent")

    def label(self):
        return "address book %s of %s" % (self.params["name"], self.params["mailbox"])

    def find(self):
        current = super(AddressBook, self).find()
        if current is None and self.params.get("new_name"):
            renamed = self.client.find(self.path(self.list_path), "name", self.params["new_name"]) if not self.parent_missing() else []
            if len(renamed) > 1:
                raise ModuleFailure("address book %s is ambiguous: %d match" % (self.params["new_name"], len(renamed)))
            current = renamed[0] if renamed else None
            if current is None and not self.parent_missing():
                raise ModuleFailure("%s does not exist, nor address book %s: nothing to rename (create it with name: %s)"
                                    % (self.label(), self.params["new_name"], self.params["new_name"]))
        return current

    def get(self, code):
        """Address books are read from the list (CONTRACT documents no read of one)."""
        return next((book for book in self.client.paginate(self.path(self.list_path)) if str(book.get("id")) == str(code)), None)

    def check_create(self):
        if self.params.get("new_name"):   # a previous task of the play (check mode) creates the mailbox
            self.wanted["name"] = self.params["new_name"]

    def compare(self, current, plan):
        new = self.params.get("new_name")
        if not new or current.get("name") == new:
            return {}
        plan.note("name", current.get("name"), new)
        return {"name": new}

    def update_write(self, changes):
        return Write("PUT", self.item_path, {"name": changes["name"]})


def main():
    AddressBook.run()


if __name__ == "__main__":
    main()
