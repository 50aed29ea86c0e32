#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain_alias_info
short_description: Read the alias domains of a Qboxmail hosted domain
version_added: 0.1.0
description:
  - Return one alias domain of a Qboxmail Hosting domain by name or code, or the alias domains of the domain
    matching a search, read page by page (100 per request) with server-side filters.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  domain:
    description: The Hosting domain the alias domains belong to.
    type: str
    required: true
  name:
    description: Exact alias domain name. Returns a list of one alias domain, or an empty list.
    type: str
  code:
    description: Alias domain code (V(AD) followed by 8 digits).
    type: str
  query:
    description: Text search on the alias domain name, done by Qboxmail (substring match).
    type: str
  status:
    description: Only alias domains with this status, for example V(enabled) or V(ownership_check).
    type: str
seealso:
  - module: qboxmail.qboxmail.domain_alias
"""

EXAMPLES = r"""
- name: Alias domains of example.com
  qboxmail.qboxmail.domain_alias_info:
    domain: example.com
  register: qbx

- name: One alias domain
  qboxmail.qboxmail.domain_alias_info:
    domain: example.com
    name: example.net
"""

RETURN = r"""
domain_aliases:
  description: The matching alias domains as Qboxmail returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - code: AD12345678
      name: example.net
      domain_name: example.com
      status: enabled
      status_detail: ok
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.domain_alias), in its units (sizes like V(5G), names
          instead of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(name), C(state), C(domain).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN_ALIASES, DOMAIN_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import DOMAIN_ALIAS_OPTIONS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code, domain_name


class DomainAliasInfo(InfoModule):
    name = "domain_aliases"
    fields = dict(
        domain=Option(required=True),
        name=Field(to_api=domain_name),
        code=Field(to_api=code("domain_alias")),
        query=Field(),
        status=Field(),
    )
    module_kwargs = dict(mutually_exclusive=[("name", "code", "query")])
    list_path = DOMAIN_ALIASES
    item_path = DOMAIN_ALIASES + "/{code}"
    view = DOMAIN_ALIAS_OPTIONS
    parent, parent_option = DOMAIN_REF, "domain"
    key = key_field = "name"
    filters = {"query": "query"}
    local_filters = {"status": "status"}   # GAP: the alias domain list documents no status filter


def main():
    DomainAliasInfo.run()


if __name__ == "__main__":
    main()
