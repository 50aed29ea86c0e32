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
  pick:
    description:
      - Return only these fields of each domain (and its C(code)), sent as Qboxmail's C(pick) list parameter
        (comma-separated), so that Qboxmail sends less. The fields the module itself needs are added (C(name) with
        O(name), C(status) with O(status)).
      - The items then hold what Qboxmail returned, without C(options) and C(dns_records), which need the whole domain.
      - Not with O(code) or O(list), whose requests document no such parameter.
    type: list
    elements: str
  only:
    description:
      - Like O(pick), sent as Qboxmail's C(only) list parameter (documented with the same description).
    type: list
    elements: str
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

# example: skip names the real sandbox host (api_url), which the offline test cannot reach
- name: A domain by code, with the connection options given inline
  qboxmail.qboxmail.domain_info:
    code: D123456789
    api_url: https://sandbox.qboxmail.com
    api_token: "{{ vault_qboxmail_sandbox_token }}"

- name: Only the name and status of every domain
  qboxmail.qboxmail.domain_info:
    pick: [name, status]

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
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.domain), in its units (sizes like V(5G), names instead
          of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(name), C(state), C(plan), C(antispam_level),
          C(catch_all_enabled), C(catch_all_destination), C(allow_nets), C(default_quota), C(max_email_quota),
          C(outbound_limit), C(dkim), C(imap), C(pop), C(smtp), C(webmail), C(chat), C(activesync), C(meeting),
          C(calendar), C(dav), C(max_email_accounts), C(max_email_accounts_25gb), C(max_email_accounts_50gb),
          C(max_email_accounts_100gb), C(max_email_accounts_archive).
      type: dict
      returned: always
    dns_records:
      description:
        - The DNS records the domain needs published, in the shape M(qboxmail.qboxmail.domain) returns them
          (C(name), C(type), C(value), C(purpose)) - the ownership A record until ownership is verified, the DKIM TXT
          record while a DKIM setup exists - so that a separate, read-only playbook can publish them.
        - The API documents no MX or SPF value for Hosting domains, so none is listed; the HTML ownership file is
          returned by M(qboxmail.qboxmail.domain) with O(qboxmail.qboxmail.domain#module:ownership_method=html).
      returned: unless O(pick) or O(only) is set
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
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import DOMAIN_OPTIONS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code, domain_name, field_names


class DomainInfo(InfoModule):
    name = "domains"
    fields = dict(
        name=Field(to_api=domain_name),
        code=Field(to_api=code("domain")),
        query=Field(),
        status=Field(),
        list=Option(choices=sorted(DOMAIN_LISTS)),
        pick=Field("list", elements="str", to_api=field_names),
        only=Field("list", elements="str", to_api=field_names),
    )
    module_kwargs = dict(mutually_exclusive=[("name", "code", "query"), ("list", "name"), ("list", "code"), ("pick", "only"),
                                             ("pick", "code", "list"), ("only", "code", "list")])
    list_path, item_path = DOMAINS, DOMAIN
    view = DOMAIN_OPTIONS
    key = key_field = "name"
    filters = dict((f, f) for f in ("query", "pick", "only"))
    local_filters = {"status": "status"}   # GAP: the domain list documents no status filter

    @classmethod
    def execute(cls, ctx):
        out = super(DomainInfo, cls).execute(ctx)
        if ctx.params.get("list") == "postmasters":
            out["postmasters"] = out.pop("domains")
        return out

    def whole(self):
        """Whether the items are whole domains (not postmasters, not picked fields)."""
        return self.params.get("list") != "postmasters" and not (self.params.get("pick") or self.params.get("only"))

    def transform(self, obj):
        return dict(obj, dns_records=domain_dns_records(obj)) if self.whole() else obj

    def with_options(self, obj):
        return super(DomainInfo, self).with_options(obj) if self.whole() else obj

    def read(self):
        needed = [f for f, o in (("name", "name"), ("status", "status")) if self.wanted.get(o) is not None]
        for option in ("pick", "only"):
            if self.wanted.get(option) is not None:
                self.wanted[option] = ",".join(self.params[option] + [f for f in needed if f not in self.params[option]])
        if not self.params.get("list"):
            return super(DomainInfo, self).read()
        found = self.ctx.client.paginate(DOMAIN_LISTS[self.params["list"]], {"query": self.wanted["query"]} if self.wanted.get("query") else None)
        return [obj for obj in found if self.wanted.get("status") in (None, obj.get("status"))]


def main():
    DomainInfo.run()


if __name__ == "__main__":
    main()
