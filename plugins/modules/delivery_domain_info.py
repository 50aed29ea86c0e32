#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: delivery_domain_info
short_description: Read Qboxmail Delivery sending domains
version_added: 0.1.0
description:
  - Return one Qboxmail Delivery domain by name or code, or the domains matching a search and a status, read page by
    page with server-side filters. Each domain comes with its DNS records in the form
    M(qboxmail.qboxmail.delivery_domain) returns them.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  name:
    description: Exact domain name. Returns a list of one domain, or an empty list.
    type: str
  code:
    description: Domain code.
    type: str
  query:
    description: Text search on the domain name, done by Qboxmail (substring match).
    type: str
  status:
    description: Only domains with this display status.
    type: str
    choices: [enabled, not_verified, misconfigured, disabled, blocked]
seealso:
  - module: qboxmail.qboxmail.delivery_domain
"""

EXAMPLES = r"""
- name: One Delivery domain with its DNS records
  qboxmail.qboxmail.delivery_domain_info:
    name: mail.example.com
  register: qbx

- name: Domains that still wait for their DNS records
  qboxmail.qboxmail.delivery_domain_info:
    status: not_verified
"""

RETURN = r"""
delivery_domains:
  description: The matching domains as Qboxmail returns them, each with C(dns_records) added.
  returned: always
  type: list
  elements: dict
  sample:
    - code: DD66042061
      name: mail.example.com
      display_status: enabled
      dns_records:
        - {name: mail.example.com, type: TXT, value: "v=spf1 include:spf.delivery.qboxmail.com ~all", purpose: spf, required: true}
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.delivery_domain), in its units (sizes like V(5G), names
          instead of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(name), C(state).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import DELIVERY_DOMAIN_OPTIONS, DOMAINS_PATH, dns_records, public_records
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code, domain_name


class DeliveryDomainInfo(InfoModule):
    name = "delivery_domains"
    fields = dict(
        name=Field(to_api=domain_name),
        code=Field(to_api=code("delivery_domain")),
        query=Field(),
        status=Field(choices=["enabled", "not_verified", "misconfigured", "disabled", "blocked"]),
    )
    module_kwargs = dict(mutually_exclusive=[("name", "code", "query")])
    list_path, item_path = DOMAINS_PATH, DOMAINS_PATH + "/{code}"
    view = DELIVERY_DOMAIN_OPTIONS
    key = key_field = "name"
    filters = {"query": "query", "status": "status"}

    def transform(self, obj):
        return dict(obj, dns_records=public_records(dns_records(obj)))


def main():
    DeliveryDomainInfo.run()


if __name__ == "__main__":
    main()
