#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: suppression_info
short_description: Read the Qboxmail Delivery suppression list
version_added: 0.1.0
description:
  - Return one suppression-list entry by e-mail, or the entries matching filters, read with server-side filters and
    paging (100 entries a request). With O(page) only that page is read.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  email:
    description: Exact address of one entry. Returns a list of one entry, or an empty list.
    type: str
  query:
    description: Text search on the address, done by Qboxmail (substring match).
    type: str
  reason:
    description: Only entries with this reason.
    type: str
    choices: [bounce, complaint]
  account:
    description: Only entries restricted to this Delivery account, by description or id.
    type: str
  status:
    description: V(enabled) for active entries, V(disabled) for entries that let mail through, V(all) for both.
    type: str
    choices: [all, enabled, disabled]
    default: all
  page:
    description: Read only this page (of 100 entries) and return its C(pagination); by default every page is read.
    type: int
seealso:
  - module: qboxmail.qboxmail.suppression
"""

EXAMPLES = r"""
- name: Is this address suppressed?
  qboxmail.qboxmail.suppression_info:
    email: angry@example.org
  register: qbx

- name: Active complaints
  qboxmail.qboxmail.suppression_info:
    reason: complaint
    status: enabled

- name: The first 100 bounces of one account
  qboxmail.qboxmail.suppression_info:
    reason: bounce
    account: Shop notifications
    page: 1
"""

RETURN = r"""
suppressions:
  description: The matching entries as Qboxmail returns them.
  returned: always
  type: list
  elements: dict
  sample:
    - email: angry@example.org
      reason: complaint
      accounts: []
      active: true
pagination:
  description: Qboxmail's paging data of the page read.
  returned: with O(page)
  type: dict
"""

from ansible.module_utils.basic import AnsibleModule

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import MAX_PAGE_SIZE, QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import argument_spec, scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import SUPPRESSION_PATH, find_account
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import InfoModule, ModuleFailure


class SuppressionInfo(InfoModule):
    name = "suppressions"
    options = dict(
        email=dict(type="str"),
        query=dict(type="str"),
        reason=dict(type="str", choices=["bounce", "complaint"]),
        account=dict(type="str"),
        status=dict(type="str", default="all", choices=["all", "enabled", "disabled"]),
        page=dict(type="int"),
    )
    module_kwargs = dict(mutually_exclusive=[("email", "query"), ("email", "page")])
    pagination = None

    @classmethod
    def run(cls):
        module = AnsibleModule(argument_spec=argument_spec(**cls.options), supports_check_mode=True, **cls.module_kwargs)
        try:
            info = cls(module)
            items = info.read()
        except ModuleFailure as fail:
            module.fail_json(msg=fail.msg, **fail.details)
        except QboxmailError as err:
            module.fail_json(msg=str(err), **err.details())
        out = dict(changed=False, suppressions=[scrub(i) for i in items])
        if info.pagination is not None:
            out["pagination"] = info.pagination
        module.exit_json(**out)

    def read(self):
        p = self.params
        if p.get("page") is not None and p["page"] < 1:
            raise ModuleFailure("page must be 1 or more (got %s)" % p["page"])
        filters = {}
        if p["status"] != "all":
            filters["status"] = p["status"]
        if p.get("reason"):
            filters["reason"] = p["reason"]
        if p.get("account"):
            account = find_account(self.client, p["account"].strip())
            if account is None:
                raise ModuleFailure("account: unknown Delivery account %s" % p["account"])
            filters["account_id"] = account["id"]
        if p.get("email"):
            email = p["email"].strip().lower()
            try:
                found = self.client.post(SUPPRESSION_PATH + "/details", {"email": email}).resources
            except QboxmailError as err:
                if err.status == 404:
                    return []
                raise
            return [e for e in found if str(e.get("email") or "").lower() == email and self.matches(e, filters)]
        if p.get("query"):
            filters["query"] = p["query"]
        if p.get("page") is not None:
            query = dict(filters, page=p["page"], per=MAX_PAGE_SIZE)
            if self.client.customer_code:
                query["customer_code"] = self.client.customer_code
            resp = self.client.get(SUPPRESSION_PATH, query)
            self.pagination = (resp.body or {}).get("pagination") if isinstance(resp.body, dict) else {}
            return resp.resources
        return list(self.client.paginate(SUPPRESSION_PATH, filters))

    @staticmethod
    def matches(entry, filters):
        """The list filters, applied to an entry read by e-mail."""
        if filters.get("reason") and entry.get("reason") != filters["reason"]:
            return False
        if filters.get("status") and bool(entry.get("active", True)) != (filters["status"] == "enabled"):
            return False
        if filters.get("account_id") and filters["account_id"] not in [int(a) for a in entry.get("accounts") or []]:
            return False
        return True


def main():
    SuppressionInfo.run()


if __name__ == "__main__":
    main()
