#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: alias_info
short_description: Read Qboxmail e-mail aliases
version_added: 0.1.0
description:
  - Return one e-mail alias of a Qboxmail Hosting domain by address or code, or the aliases of the domain matching
    a search, read page by page (100 per request) with server-side filters.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  domain:
    description: Hosting domain of the aliases. Required unless O(address) is given.
    type: str
  address:
    description: Exact alias address, V(name@domain). Returns a list of one alias, or an empty list.
    type: str
    aliases: [email]
  name:
    description: Exact local part of the alias address (with O(domain)).
    type: str
  code:
    description: Alias code (V(AE) followed by 8 digits).
    type: str
  query:
    description: Text search on the alias name, done by Qboxmail (substring match).
    type: str
  status:
    description: Only aliases with this status, for example V(enabled).
    type: str
seealso:
  - module: qboxmail.qboxmail.alias
"""

EXAMPLES = r"""
- name: One alias
  qboxmail.qboxmail.alias_info:
    address: info@example.com
  register: qbx

- name: Every alias of a domain
  qboxmail.qboxmail.alias_info:
    domain: example.com
"""

RETURN = r"""
aliases:
  description: The matching aliases as Qboxmail returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - code: AE12345678
      name: info
      domain_name: example.com
      destinations: [alice@example.com]
      status: enabled
      status_detail: ok
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.alias), in its units (sizes like V(5G), names instead
          of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(name), C(state), C(destinations), C(domain).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import ALIASES, DomainChildInfo
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import ALIAS_OPTIONS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code


class AliasInfo(DomainChildInfo):
    name = "aliases"
    what = "alias"
    fields = DomainChildInfo.child_fields(code("alias"))
    list_path, item_path = ALIASES, ALIASES + "/{code}"
    view = ALIAS_OPTIONS


def main():
    AliasInfo.run()


if __name__ == "__main__":
    main()
