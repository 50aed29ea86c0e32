#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: manager_info
short_description: Read the managers of a Qboxmail reseller
version_added: 0.2.0
description:
  - Return one manager by e-mail address or code, or the managers matching a search or a status, read page by page.
  - Each manager comes with its limits and its assignments (C(domain_codes), C(delivery_domain_codes),
    C(delivery_account_ids)).
  - Reseller customers, their team members with the C(managers_manage) permission and admin tokens can read managers;
    a manager token cannot (HTTP 403).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  email:
    description: Exact e-mail address of one manager. Returns a list of one manager, or an empty list.
    type: str
    aliases: [email_address]
  code:
    description: Manager code (V(MN) followed by 8 digits).
    type: str
  query:
    description: Text search on the address, name and company, done by Qboxmail (substring match).
    type: str
  status:
    description: Only managers with this status; V(all) for both.
    type: str
    choices: [all, enabled, disabled]
    default: all
seealso:
  - module: qboxmail.qboxmail.manager
"""

EXAMPLES = r"""
- name: One manager
  qboxmail.qboxmail.manager_info:
    email: it@example.com
  register: qbx

- name: The disabled managers of the reseller
  qboxmail.qboxmail.manager_info:
    status: disabled
"""

RETURN = r"""
managers:
  description: The matching managers as Qboxmail returns them (never their passwords). Quotas are in bytes.
  returned: always
  type: list
  elements: dict
  sample:
    - code: MN12345678
      email_address: it@example.com
      fullname: Ada Byron
      status: enabled
      domain_codes: [D123456789]
      delivery_domain_codes: []
      delivery_account_ids: [42]
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.manager), in its units (sizes like V(5G), names instead
          of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(email), C(firstname), C(lastname), C(state),
          C(company), C(catch_all), C(max_delivery_domains), C(max_delivery_accounts), C(max_email_quota),
          C(domains), C(max_domains), C(max_email_accounts), C(max_email_accounts_archive),
          C(max_email_accounts_25gb), C(max_email_accounts_50gb), C(max_email_accounts_100gb).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delegation import (
    MANAGER, MANAGERS, MANAGER_OPTIONS, UserInfo, user_info_fields,
)


class ManagerInfo(UserInfo):
    name = "managers"
    view = MANAGER_OPTIONS
    fields = user_info_fields("manager")
    list_path, item_path = MANAGERS, MANAGER


def main():
    ManagerInfo.run()


if __name__ == "__main__":
    main()
