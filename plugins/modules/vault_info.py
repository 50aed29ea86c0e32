#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault_info
short_description: Read Qboxmail Vault, the mail archive of hosted domains and their mailboxes
version_added: 0.2.0
description:
  - Without O(domain), the domains with Vault available to the token, with their Vault fields, filtered by Qboxmail.
  - With O(domain), that domain's Vault fields and its archived mailboxes (Vault accounts).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  domain:
    description: One Hosting domain by name; its archived mailboxes are returned in RV(accounts).
    type: str
  query:
    description: Text search, done by Qboxmail - on the domain names, or with O(domain) on the mailbox addresses.
    type: str
  archive_status:
    description: Only domains (or, with O(domain), archived mailboxes) with this Vault status.
    type: str
    choices: [activating, enabled, disabling, disabled, deleting, failure]
  address:
    description: With O(domain), only this archived mailbox (exact address).
    type: str
  sort_field:
    description:
      - Without O(domain), the field Qboxmail sorts the domains by (its C(sort_field), for example V(name)). The
        documents do not list the fields it supports.
    type: str
  sort:
    description:
      - Without O(domain), the order of the domains (Qboxmail's C(sort)) - V(asc), V(desc) or V(none).
    type: str
    choices: [asc, desc, none]
seealso:
  - module: qboxmail.qboxmail.vault
"""

EXAMPLES = r"""
- name: The Vault of example.com and its archived mailboxes
  qboxmail.qboxmail.vault_info:
    domain: example.com
  register: qbx_vault

- name: Domains whose Vault activation failed
  qboxmail.qboxmail.vault_info:
    archive_status: failure

- name: Every domain with Vault, last name first
  qboxmail.qboxmail.vault_info:
    sort_field: name
    sort: desc
"""

RETURN = r"""
domains:
  description:
    - The Vault fields of the domains - C(code), C(name), C(archive), C(archive_status), C(archive_status_detail) (why
      it failed), C(archive_activated_at), C(default_retention) (months), C(default_archive),
      C(no_email_accounts_archive), C(max_email_accounts_archive).
  returned: always
  type: list
  elements: dict
  sample:
    - {code: D123456789, name: example.com, archive: true, archive_status: enabled, default_retention: 120}
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.vault), in its units (sizes like V(5G), names instead
          of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(domain), C(state), C(retention), C(default_archive),
          C(mailboxes).
      type: dict
      returned: always
accounts:
  description:
    - With O(domain), its archived mailboxes - C(code) (the mailbox code), C(email_address), C(archive_status),
      C(archive_status_detail), C(retention) (months), C(archive_activated_at). Empty when Vault was never activated.
  returned: with O(domain)
  type: list
  elements: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address, field_names
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._vault import (
    ARCHIVE_STATUSES, VAULT_ACCOUNTS, VAULT_DOMAINS, VAULT_OPTIONS, has_vault, mailbox_items, vault_view,
)


class VaultInfo(InfoModule):
    name = "domains"
    fields = dict(
        domain=Option(),
        query=Field(),
        archive_status=Field(choices=list(ARCHIVE_STATUSES)),
        address=Field(to_api=email_address),
        sort_field=Field(to_api=lambda value: field_names([value])),
        sort=Field(choices=["asc", "desc", "none"]),
    )
    # [DOC] sort_field and sort are documented on the Vault domain list only.
    module_kwargs = dict(required_by={"address": "domain"},
                         mutually_exclusive=[("address", "query"), ("domain", "sort_field"), ("domain", "sort")])
    list_path = VAULT_DOMAINS
    filters = dict((f, f) for f in ("query", "archive_status", "sort_field", "sort"))
    accounts = None
    view = VAULT_OPTIONS

    def read(self):
        if not self.params.get("domain"):
            return super(VaultInfo, self).read()
        domain = resolve(self.ctx, DOMAIN_REF, self.params["domain"], "domain")
        self.accounts = []
        if domain["code"] != PENDING and has_vault(domain):
            filters = dict((q, self.wanted[o]) for o, q in self.filters.items() if self.wanted.get(o) is not None)
            address = self.wanted.get("address")
            if address:
                if address.rpartition("@")[2] != domain.get("name"):
                    raise ModuleFailure("address: %s is not in domain %s" % (address, domain.get("name")))
                filters["query"] = address
            url = path(VAULT_ACCOUNTS, parent=domain["code"])
            self.accounts = [scrub(a) for a in self.ctx.client.paginate(url, filters)
                             if not address or str(a.get("email_address")).lower() == address]
        return [domain]

    def transform(self, obj):
        return vault_view(obj)

    def with_options(self, obj):
        obj = super(VaultInfo, self).with_options(obj)
        if self.accounts:
            obj["options"]["mailboxes"] = mailbox_items(self.accounts)
        return obj

    @classmethod
    def option_keys(cls):
        return super(VaultInfo, cls).option_keys() + ["mailboxes"]

    def extra_result(self, items):
        return {} if self.accounts is None else {"accounts": self.accounts}


def main():
    VaultInfo.run()


if __name__ == "__main__":
    main()
