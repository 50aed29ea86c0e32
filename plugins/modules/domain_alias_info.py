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
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import domain_name, read_domain_children
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import InfoModule, ModuleFailure


class DomainAliasInfo(InfoModule):
    name = "domain_aliases"
    options = dict(
        domain=dict(type="str", required=True),
        name=dict(type="str"),
        code=dict(type="str"),
        query=dict(type="str"),
        status=dict(type="str"),
    )
    module_kwargs = dict(mutually_exclusive=[("name", "code", "query")])

    def read(self):
        key = None
        if self.params.get("name"):
            try:
                key = domain_name(self.params["name"])
            except ValueError as exc:
                raise ModuleFailure("name: %s" % exc)
        return read_domain_children(self.client, self.params, "aliases", "name", key)


def main():
    DomainAliasInfo.run()


if __name__ == "__main__":
    main()
