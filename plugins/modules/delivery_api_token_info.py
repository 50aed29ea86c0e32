#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: delivery_api_token_info
short_description: Read the Send API tokens of a Qboxmail Delivery account
version_added: 0.1.0
description:
  - Return the Send API tokens of a Delivery account (label, preview, allow-list, dates), optionally only those with
    one label. Never returns token values; Qboxmail shows a token only once, when it is created.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  account:
    description: The Delivery account, by description or id (a number is taken as the id).
    type: str
    required: true
  label:
    description: Only tokens with exactly this label.
    type: str
seealso:
  - module: qboxmail.qboxmail.delivery_api_token
"""

EXAMPLES = r"""
- name: Tokens of the shop account
  qboxmail.qboxmail.delivery_api_token_info:
    account: Shop notifications
  register: qbx_tokens

- name: Tokens not used yet
  ansible.builtin.debug:
    msg: "{{ qbx_tokens.api_tokens | selectattr('last_used_at', 'none') | map(attribute='label') | list }}"
"""

RETURN = r"""
api_tokens:
  description: The tokens, without their values. Empty when the account does not exist.
  returned: always
  type: list
  elements: dict
  sample:
    - id: 7
      label: shop-backend
      token_preview: qbxs_1a2b...
      allow_nets: [203.0.113.10]
      created_at: "2026-01-31T10:00:00Z"
      last_used_at: null
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.delivery_api_token), in its units (sizes like V(5G),
          names instead of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(label), C(allow_nets), C(state), C(account).
      type: dict
      returned: always
account:
  description: The account (id and description), or empty when it does not exist.
  returned: always
  type: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import ACCOUNT_REF, API_TOKEN_OPTIONS, TOKENS_PATH
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import text


class DeliveryApiTokenInfo(InfoModule):
    name = "api_tokens"
    fields = dict(
        account=Option(required=True),
        label=Field(to_api=text(allow_empty=False)),
    )
    account = None
    view, parent_option = API_TOKEN_OPTIONS, "account"

    def read(self):
        self.account = resolve(self.ctx, ACCOUNT_REF, self.params["account"], "account", required=False)
        if self.account is None or self.account["id"] == PENDING:
            return []
        # The token list takes no paging or search parameters [DOC]: one GET, the label matched here.
        self.parent_code = self.account["id"]
        tokens = self.ctx.client.list_unpaged(self.path(TOKENS_PATH))
        label = self.wanted.get("label")
        return [t for t in tokens if label is None or t.get("label") == label]

    def extra_result(self, items):
        return {"account": dict((k, self.account.get(k)) for k in ("id", "description")) if self.account else {}}


def main():
    DeliveryApiTokenInfo.run()


if __name__ == "__main__":
    main()
