#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain_alias
short_description: Manage the alias domains of a Qboxmail hosted domain
version_added: 0.1.0
description:
  - Create and delete an alias domain of a Qboxmail Hosting domain (mail to C(user@alias) goes to C(user@domain)).
  - Prove ownership of the alias domain the same ways as for a domain (DNS record, e-mail code, HTML file on its
    website, or the sandbox-only skip). Returns the DNS record to publish while ownership is not verified.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.WAIT
options:
  name:
    description:
      - The alias domain name, without C(www.). Compared case-insensitively.
      - It cannot be O(domain) itself; that is refused before any request.
    type: str
    required: true
  domain:
    description: The Hosting domain the alias belongs to.
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the alias domain exists; it becomes enabled once ownership is verified.
      - V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
  ownership_method:
    description:
      - How to prove ownership while the alias domain waits for it; nothing is done once it is verified.
      - V(dns) queues a check of the ownership A record (see RV(dns_records)); with O(wait=true) the module waits
        for its outcome.
      - V(dns_sync) checks the record at once; when it is not published yet the task does not fail but warns and
        reports the record to publish.
      - V(email) sends a code to O(ownership_email) on one run; run again with O(ownership_code) to verify.
      - V(html) returns the file to publish on the alias domain's website in RV(ownership.html_file) (name, content,
        URL) and asks Qboxmail to check it; until the file is published the task warns instead of failing.
      - V(skip) skips the check, which only the sandbox allows. The module knows the sandbox by O(api_url); with the
        production API (the default V(https://api.qboxmail.com)) it fails before any request. With another URL the
        server decides; when it refuses (HTTP 403) right after this task created the object, the module deletes it
        again, so that nothing is left behind.
      - A requested DNS or HTML check is a change (diff key C(ownership)), on every run while ownership is not
        verified, and check mode predicts it, with a warning naming the record to publish. The task never waits for
        the record to appear (unlike M(qboxmail.qboxmail.delivery_domain) with O(qboxmail.qboxmail.delivery_domain#module:wait_for_verification=true));
        RV(ownership.verified) gives the outcome.
    type: str
    choices: [dns, dns_sync, email, html, skip]
  ownership_email:
    description:
      - With O(ownership_method=email), the address of the alias domain that receives the code (postmaster, admin,
        administrator, hostmaster or webmaster at the alias domain).
    type: str
  ownership_code:
    description: With O(ownership_method=email), the code received by e-mail.
    type: str
  ownership_email_reset:
    description:
      - Reset the e-mail ownership procedure (the code sent is forgotten), for example to send a new code to another
        address together with O(ownership_email).
      - A trigger, not a state, so it reports a change on every run that sets it while ownership is not verified;
        once ownership is verified it does nothing.
    type: bool
attributes:
  idempotent:
    support: partial
    details:
      - O(ownership_email_reset) is a trigger that reports a change on every run that sets it while ownership is not
        verified, and so is the DNS or HTML ownership check of O(ownership_method); everything else is idempotent.
seealso:
  - module: qboxmail.qboxmail.domain_alias_info
  - module: qboxmail.qboxmail.domain
"""

EXAMPLES = r"""
- name: Add example.net as an alias of example.com and check its DNS record at once
  qboxmail.qboxmail.domain_alias:
    name: example.net
    domain: example.com
    ownership_method: dns_sync
  register: qbx_alias

- name: The record to publish
  ansible.builtin.debug:
    var: qbx_alias.dns_records

- name: Prove ownership of the alias domain with a file on its website
  qboxmail.qboxmail.domain_alias:
    name: example.net
    domain: example.com
    ownership_method: html
  register: qbx_alias_html

- name: Remove the alias domain
  qboxmail.qboxmail.domain_alias:
    name: example.net
    domain: example.com
    state: absent
"""

RETURN = r"""
domain_alias:
  description: The alias domain as Qboxmail returns it; empty after deletion.
  returned: always
  type: dict
  sample:
    code: AD12345678
    name: example.net
    domain_name: example.com
    status: enabled
    status_detail: ok
dns_records:
  description: The ownership A record to publish, while ownership is not verified (else an empty list).
  returned: when state is not absent
  type: list
  elements: dict
  sample:
    - {name: a123456789.example.net, type: A, value: 185.97.217.16, purpose: ownership}
ownership:
  description: Ownership verification state.
  returned: when state is not absent
  type: dict
  contains:
    verified:
      description: Whether ownership is verified.
      type: bool
    method:
      description: The O(ownership_method) used.
      type: str
    record:
      description: The ownership A record (name, type, value).
      type: dict
    email:
      description: Address the last ownership code was sent to.
      type: str
    html_file:
      description:
        - With O(ownership_method=html) while ownership is not verified, the file to publish (C(file_name),
          C(file_content), C(url)); else null.
      type: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import (
    DOMAIN_ALIASES, DOMAIN_REF, ownership_record, ownership_result, plan_ownership, refuse_own_name, validate_ownership,
    verified,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import DOMAIN_ALIAS_OPTIONS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import WAIT_FIELDS, Lifecycle, Resource


class DomainAlias(Resource):
    name = "domain_alias"
    what = "alias domain"
    fields = dict(DOMAIN_ALIAS_OPTIONS, **WAIT_FIELDS)
    list_path = DOMAIN_ALIASES
    item_path = DOMAIN_ALIASES + "/{code}"
    parent, parent_option = DOMAIN_REF, "domain"
    lifecycle = Lifecycle("status", ("updating",), ("error",), "status_detail")

    def validate(self):
        validate_ownership(self.params)
        self.params["name"] = self.wanted["name"]
        refuse_own_name(self.params["name"], self.params["domain"])

    def plan_steps(self, plan):
        plan_ownership(self, plan, "; use ownership_method dns, dns_sync, email or html in production")

    def extra_result(self, obj):
        if self.state == "absent":
            return {}
        obj = obj or {}
        record = ownership_record(obj)
        return {"dns_records": [record] if record and not verified(obj) else [], "ownership": ownership_result(self, obj)}


def main():
    DomainAlias.run()


if __name__ == "__main__":
    main()
