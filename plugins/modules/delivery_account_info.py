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
  ids:
    description:
      - Only the accounts with these ids, sent as Qboxmail's C(ids) list filter (a comma-separated list).
    type: list
    elements: int
  plan_messages_from:
    description: Only accounts whose plan holds at least this many messages (Qboxmail's C(plan_messages_from)).
    type: int
  plan_messages_to:
    description: Only accounts whose plan holds at most this many messages (Qboxmail's C(plan_messages_to)).
    type: int
  with_domains:
    description:
      - V(true) sends Qboxmail's C(with_domains) list parameter, which its documentation names without describing
        (understood as - the accounts with their domains). V(false) or unset sends nothing.
    type: bool
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

- name: Accounts 42 and 43, with their domains
  qboxmail.qboxmail.delivery_account_info:
    ids: [42, 43]
    with_domains: true

- name: Accounts whose plan holds 10000 to 100000 messages
  qboxmail.qboxmail.delivery_account_info:
    plan_messages_from: 10000
    plan_messages_to: 100000
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
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.delivery_account), in its units (sizes like V(5G),
          names instead of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(description), C(id), C(type), C(domains),
          C(allow_nets), C(bounce_notification), C(bounce_notification_to_sender), C(ignore_suppression_list),
          C(state), C(payment_method).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import ACCOUNT_VIEW, ACCOUNTS_PATH, with_status_name
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import non_negative, text


def id_list(values):
    """The documented comma-separated `ids` filter."""
    return ",".join(str(non_negative(value)) for value in values) or None


class DeliveryAccountInfo(InfoModule):
    name = "delivery_accounts"
    fields = dict(
        description=Field(to_api=text(allow_empty=False)),
        id=Field("int", to_api=non_negative),
        query=Field(),
        status=Field(choices=["enabled", "disabled", "wait_pay", "blocked"]),
        type=Field(choices=["transactional", "newsletter"]),
        plan=Field(choices=["free", "prepaid", "monthly"]),
        ids=Field("list", elements="int", to_api=id_list),
        plan_messages_from=Field("int", to_api=non_negative),
        plan_messages_to=Field("int", to_api=non_negative),
        # GAP: `with_domains` is a documented string the docs do not describe: `true` when asked for, else not sent.
        with_domains=Field("bool", to_api=lambda value: "true" if value else None),
    )
    module_kwargs = dict(mutually_exclusive=[("description", "id", "query")])
    view = ACCOUNT_VIEW
    code_option = "id"
    list_path, item_path = ACCOUNTS_PATH, ACCOUNTS_PATH + "/{code}"
    key, key_field = "description", "description"
    filters = dict((f, f) for f in ("query", "status", "type", "plan", "ids", "plan_messages_from", "plan_messages_to",
                                    "with_domains"))

    def read(self):
        low, high = self.wanted.get("plan_messages_from"), self.wanted.get("plan_messages_to")
        if low is not None and high is not None and low > high:
            raise ModuleFailure("plan_messages_from: %s is more than plan_messages_to (%s); give the smaller bound first"
                                % (low, high))
        return super(DeliveryAccountInfo, self).read()

    def transform(self, obj):
        return with_status_name(obj)


def main():
    DeliveryAccountInfo.run()


if __name__ == "__main__":
    main()
