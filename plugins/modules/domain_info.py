#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain_info
short_description: Read Qboxmail hosted e-mail domains
version_added: 0.1.0
description:
  - Return one Qboxmail Hosting domain by name or code, or the domains matching a search, read page by page with
    server-side filters.
  - With O(list), return one of Qboxmail's domain lists instead, the postmaster accounts of the domains or the
    domains without a customization or without a manager.
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
    description: Domain code (V(D) followed by 9 digits).
    type: str
  query:
    description: Text search on the domain name, done by Qboxmail (substring match).
    type: str
  status:
    description: Only domains with this status, for example V(enabled), V(disabled) or V(ownership_check).
    type: str
  list:
    description:
      - V(postmasters) returns the postmaster accounts of the domains this token sees, in RV(postmasters) instead of
        RV(domains).
      - V(without_customization) returns the domains that have no customization assigned and can receive one.
      - V(without_manager) returns the domains no manager is assigned to (see M(qboxmail.qboxmail.domain) and the
        manager assignments).
      - O(query) and O(status) filter these lists too.
    type: str
    choices: [postmasters, without_customization, without_manager]
seealso:
  - module: qboxmail.qboxmail.domain
"""

EXAMPLES = r"""
- name: One domain by name
  qboxmail.qboxmail.domain_info:
    name: example.com
  register: qbx

- name: Every enabled domain whose name contains "example"
  qboxmail.qboxmail.domain_info:
    query: example
    status: enabled

- name: A domain by code, with the connection options given inline
  qboxmail.qboxmail.domain_info:
    code: D123456789
    api_url: https://sandbox.qboxmail.com
    api_token: "{{ vault_qboxmail_sandbox_token }}"

- name: The domains no manager looks after yet
  qboxmail.qboxmail.domain_info:
    list: without_manager
  register: qbx_unmanaged

- name: The postmaster accounts
  qboxmail.qboxmail.domain_info:
    list: postmasters

# Ad hoc: ansible localhost -m qboxmail.qboxmail.domain_info -a name=example.com
"""

RETURN = r"""
domains:
  description: The matching domains as Qboxmail returns them (secrets removed). Quotas are in bytes.
  returned: always
  type: list
  elements: dict
  sample:
    - code: D123456789
      name: example.com
      status: enabled
      status_detail: ok
      dns_records:
        - {name: qbm1807252189._domainkey.example.com, type: TXT, value: "v=DKIM1; k=rsa; p=MIGf...", purpose: dkim}
  contains:
    dns_records:
      description:
        - The DNS records the domain needs published, in the shape M(qboxmail.qboxmail.domain) returns them
          (C(name), C(type), C(value), C(purpose)) - the ownership A record until ownership is verified, the DKIM TXT
          record while a DKIM setup exists - so that a separate, read-only playbook can publish them.
        - The API documents no MX or SPF value for Hosting domains, so none is listed; the HTML ownership file is
          returned by M(qboxmail.qboxmail.domain) with O(qboxmail.qboxmail.domain#module:ownership_method=html).
      type: list
      elements: dict
postmasters:
  description: With O(list=postmasters), the postmaster accounts (mailboxes whose code is V(P) followed by 9 digits).
  returned: with O(list=postmasters)
  type: list
  elements: dict
  sample:
    - {code: P123456789, email_address: postmaster@example.com, status: enabled}
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN, DOMAIN_LISTS, DOMAINS, domain_dns_records
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code, domain_name


class DomainInfo(InfoModule):
    name = "domains"
    fields = dict(
        name=Field(to_api=domain_name),
        code=Field(to_api=code("domain")),
        query=Field(),
        status=Field(),
        list=Option(choices=sorted(DOMAIN_LISTS)),
    )
    module_kwargs = dict(mutually_exclusive=[("name", "code", "query"), ("list", "name"), ("list", "code")])
    list_path, item_path = DOMAINS, DOMAIN
    key = key_field = "name"
    filters = {"query": "query"}
    local_filters = {"status": "status"}   # GAP: the domain list documents no status filter

    @classmethod
    def execute(cls, ctx):
        out = super(DomainInfo, cls).execute(ctx)
        if ctx.params.get("list") == "postmasters":
            out["postmasters"] = out.pop("domains")
        return out

    def transform(self, obj):
        return obj if self.params.get("list") == "postmasters" else dict(obj, dns_records=domain_dns_records(obj))

    def read(self):
        if not self.params.get("list"):
            return super(DomainInfo, self).read()
        found = self.ctx.client.paginate(DOMAIN_LISTS[self.params["list"]], {"query": self.wanted["query"]} if self.wanted.get("query") else None)
        return [obj for obj in found if self.wanted.get("status") in (None, obj.get("status"))]


def main():
    DomainInfo.run()


if __name__ == "__main__":
    main()
