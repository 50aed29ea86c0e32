#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: addressbook_info
short_description: Read the address books of a Qboxmail mailbox
version_added: 0.2.0
description:
  - Return the address books of a Qboxmail hosted mailbox, one by name or those matching a search, read page by page
    (100 per request).
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
  name:
    description: Exact name (compared case-insensitively). Returns a list of one address book, or an empty list.
    type: str
  query:
    description: Text search on the name, done by Qboxmail (substring match).
    type: str
seealso:
  - module: qboxmail.qboxmail.addressbook
  - module: qboxmail.qboxmail.contact_info
"""

EXAMPLES = r"""
- name: Alice's address books
  qboxmail.qboxmail.addressbook_info:
    mailbox: alice@example.com
  register: qbx_books

- name: Their names
  ansible.builtin.debug:
    msg: "{{ qbx_books.addressbooks | map(attribute='name') | list }}"
"""

RETURN = r"""
addressbooks:
  description: The address books found (empty when none matches or the mailbox does not exist yet in check mode).
  returned: always
  type: list
  elements: dict
  sample:
    - {id: 3, name: Suppliers, contacts: 12}
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.addressbook), in its units (sizes like V(5G), names
          instead of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(name), C(state), C(mailbox).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import MAILBOX_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._mailbox_data import ADDRESSBOOK_OPTIONS, ADDRESSBOOKS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option


class AddressBookInfo(InfoModule):
    name = "addressbooks"
    fields = dict(mailbox=Option(required=True), name=Field(), query=Field())
    module_kwargs = dict(mutually_exclusive=[("name", "query")])
    list_path = ADDRESSBOOKS
    view = ADDRESSBOOK_OPTIONS
    parent, parent_option = MAILBOX_REF, "mailbox"
    key = key_field = "name"
    filters = {"query": "query"}


def main():
    AddressBookInfo.run()


if __name__ == "__main__":
    main()
