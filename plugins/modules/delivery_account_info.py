#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: delivery_account_info
short_description: Read Qboxmail Delivery accounts
version_added: 0.1.0
description:
  - Return one Qboxmail Delivery account by description or id, or the accounts matching a search and filters, read
    page by page with server-side filters. Passwords are never returned.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  description:
    description: Exact description. Accounts scheduled for deletion are included.
    type: str
  id:
    description: Account id.
    type: int
  query:
    description: Text search on the description and username, done by Qboxmail (substring match).
    type: str
  status:
    description: Only accounts with this status.
    type: str
    choices: [enabled, disabled, wait_pay, blocked]
  type:
    description: Only accounts of this type.
    type: str
    choices: [transactional, newsletter]
  plan:
    description: Only accounts on this plan.
    type: str
    choices: [free, prepaid, monthly]
seealso:
  - module: qboxmail.qboxmail.delivery_account
"""

EXAMPLES = r"""
- name: One account by description
  qboxmail.qboxmail.delivery_account_info:
    description: Shop notifications
  register: qbx

- name: Every disabled newsletter account
  qboxmail.qboxmail.delivery_account_info:
    status: disabled
    type: newsletter
"""

RETURN = r"""
delivery_accounts:
  description: The matching accounts as Qboxmail returns them (never with a password), each with C(status_name) added.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 42
      description: Shop notifications
      type: transactional
      status: 0
      status_name: enabled
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import ACCOUNTS_PATH, with_status_name
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import non_negative, text


class DeliveryAccountInfo(InfoModule):
    name = "delivery_accounts"
    fields = dict(
        description=Field(to_api=text(allow_empty=False)),
        id=Field("int", to_api=non_negative),
        query=Field(),
        status=Field(choices=["enabled", "disabled", "wait_pay", "blocked"]),
        type=Field(choices=["transactional", "newsletter"]),
        plan=Field(choices=["free", "prepaid", "monthly"]),
    )
    module_kwargs = dict(mutually_exclusive=[("description", "id", "query")])
    code_option = "id"
    list_path, item_path = ACCOUNTS_PATH, ACCOUNTS_PATH + "/{code}"
    key, key_field = "description", "description"
    filters = dict((f, f) for f in ("query", "status", "type", "plan"))

    def transform(self, obj):
        return with_status_name(obj)


def main():
    DeliveryAccountInfo.run()


if __name__ == "__main__":
    main()
