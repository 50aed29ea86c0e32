#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: delivery_domain
short_description: Manage Qboxmail Delivery sending domains
version_added: 0.1.0
description:
  - Create, enable, disable and delete a Qboxmail Delivery (transactional and newsletter e-mail) domain, identified
    by its name.
  - Returns the DNS records the domain needs (SPF TXT, the DKIM CNAME records of the transactional and newsletter
    selectors, the suggested DMARC TXT) in one list that a DNS module can loop over.
  - With O(verify=true) it runs Qboxmail's DNS verification while the domain is not verified; with O(wait=true) it
    retries the verification until the records are found and then waits for Qboxmail's approval.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.WAIT
options:
  name:
    description:
      - Domain name, for example V(mail.example.com). Compared case-insensitively.
      - Delivery domain names are unique across Qboxmail; a name used by another customer is refused with HTTP 422.
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the domain exists.
      - V(enabled) and V(disabled) also set its status (a disabled domain cannot be used as a sender).
      - V(absent) deletes the domain; it is removed from the accounts it was assigned to.
    type: str
    choices: [present, absent, enabled, disabled]
    default: present
  verify:
    description:
      - Run Qboxmail's DNS verification when the domain is not verified yet. Nothing is done once it is verified.
      - Publish RV(dns_records) first (all records with C(required=true)).
      - With O(wait=false) one verification runs; when records are still missing the task warns, names them and
        reports no change.
      - With O(wait=true) the verification is retried with backoff until every required record is found, then the
        module waits until Qboxmail approves the domain. After O(wait_timeout) seconds it fails, naming the records
        still missing (or saying that approval is pending). A domain blocked by review fails at once.
      - In check mode the module reports that a verification would run, without running it.
    type: bool
    default: false
notes:
  - A Delivery domain can send only once it is verified, approved and assigned to a Delivery account
    (see M(qboxmail.qboxmail.delivery_account)).
  - O(wait) only matters together with O(verify) or O(state); creating a domain is immediate.
seealso:
  - module: qboxmail.qboxmail.delivery_domain_info
  - module: qboxmail.qboxmail.delivery_account
"""

EXAMPLES = r"""
- name: Create a Delivery domain
  qboxmail.qboxmail.delivery_domain:
    name: mail.example.com
  register: qbx_delivery_domain

- name: Publish its records (here only shown; use the DNS module of your provider)
  ansible.builtin.debug:
    msg: "{{ item.name }} {{ item.type }} {{ item.value }}"
  loop: "{{ qbx_delivery_domain.dns_records }}"

- name: Verify the records and wait for the approval
  qboxmail.qboxmail.delivery_domain:
    name: mail.example.com
    verify: true
    wait_timeout: 900

- name: Disable the domain
  qboxmail.qboxmail.delivery_domain:
    name: mail.example.com
    state: disabled

- name: Delete it
  qboxmail.qboxmail.delivery_domain:
    name: mail.example.com
    state: absent
"""

RETURN = r"""
delivery_domain:
  description: The domain as Qboxmail returns it; empty after deletion.
  returned: always
  type: dict
  sample:
    code: DD66042061
    name: mail.example.com
    display_status: enabled
    dns_verification_status: verified
    approval_status: approved
    dkim_selector_tr: tr12345678
    dkim_selector_nl: nl87654321
dns_records:
  description:
    - The DNS records of the domain, ready for a DNS module. Empty in check mode before the domain exists.
  returned: when state is not absent
  type: list
  elements: dict
  contains:
    name:
      description: Fully qualified record name.
      type: str
    type:
      description: Record type (V(TXT) or V(CNAME)).
      type: str
    value:
      description: Record value.
      type: str
    purpose:
      description: V(spf), V(dkim_transactional), V(dkim_newsletter) or V(dmarc).
      type: str
    required:
      description: Whether verification needs the record (the DMARC record is a suggestion).
      type: bool
  sample:
    - {name: mail.example.com, type: TXT, value: "v=spf1 include:spf.delivery.qboxmail.com ~all", purpose: spf, required: true}
    - {name: tr12345678._domainkey.mail.example.com, type: CNAME, value: tr12345678._domainkey.delivery.qboxmail.com,
       purpose: dkim_transactional, required: true}
    - {name: nl87654321._domainkey.mail.example.com, type: CNAME, value: nl87654321._domainkey.delivery.qboxmail.com,
       purpose: dkim_newsletter, required: true}
    - {name: _dmarc.mail.example.com, type: TXT, value: "v=DMARC1; p=none; rua=mailto:dmarc@mail.example.com",
       purpose: dmarc, required: false}
verification:
  description: Where the domain stands.
  returned: when state is not absent
  type: dict
  contains:
    verified:
      description: Whether Qboxmail found every required record.
      type: bool
    approved:
      description: Whether Qboxmail approved the domain.
      type: bool
    missing_records:
      description: Required records the last verification did not find (all of them before the first verification).
      type: list
      elements: dict
"""

import time

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    DOMAINS_PATH, describe_records, dns_records, domain_ready, domain_verified, missing_records,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import domain_name
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import (
    POLL_CAP, POLL_FACTOR, POLL_FIRST, WAIT_OPTIONS, Field, ModuleFailure, Resource,
)


class DeliveryDomain(Resource):
    name = "delivery_domain"
    fields = {"name": Field(create_only=True, to_api=domain_name)}
    options = dict(
        name=dict(type="str", required=True),
        state=dict(type="str", default="present", choices=["present", "absent", "enabled", "disabled"]),
        verify=dict(type="bool", default=False),
        **WAIT_OPTIONS
    )
    list_path = DOMAINS_PATH
    item_path = DOMAINS_PATH + "/{code}"
    status_path = DOMAINS_PATH + "/{code}/status"

    waited = False

    def validate(self):
        if self.params["state"] == "absent" and self.params["verify"]:
            raise ModuleFailure("verify cannot be used with state=absent")
        self.params["name"] = self.wanted["name"]
        self.deadline = time.time() + float(self.params.get("wait_timeout") or 300)

    def ensure_status(self, current, state):
        """`display_status: disabled` is the only status a user sets; enabling restores the computed one."""
        if state not in ("enabled", "disabled"):
            return current, False
        disabled = current.get("display_status") == "disabled"
        if (state == "disabled") == disabled:
            return current, False
        self.note("status", "disabled" if disabled else "enabled", state)
        if self.check_mode:
            return dict(current, display_status="disabled" if state == "disabled" else current.get("display_status")), False
        self.set_status(current, state)
        return current, True

    def special_steps(self, current):
        if not self.params["verify"] or current.get("code") is None and not self.check_mode:
            return current, False
        wrote = False
        if not domain_verified(current):
            if self.check_mode:
                self.note("verification", current.get("dns_verification_status") or "not_verified", "verified")
                return current, False
            current = self.verify_records(current)
            if not domain_verified(current):
                return current, False
            self.note("verification", "not_verified", "verified")
            wrote = True
        if self.params["wait"] and not self.check_mode and not domain_ready(current):
            current = self.wait_approval(current["code"])
            self.waited = True
        return current, wrote

    def verify_records(self, current):
        """PUT verify; with `wait`, again with backoff until every required record is found or time runs out."""
        delay = POLL_FIRST
        path = self.path(self.item_path, code=current["code"]) + "/verify"
        while True:
            found = self.client.put(path).resources
            current = found[0] if found else self.get(current["code"])
            self.check_blocked(current)
            if domain_verified(current):
                return current
            missing = missing_records(current)
            if not self.params["wait"]:
                self.warnings.append("Delivery domain %s is not verified yet: publish %s, then run again"
                                     % (current.get("name"), describe_records(missing) or "its DNS records"))
                return current
            if time.time() + delay > self.deadline:
                raise ModuleFailure("timed out after %ss waiting for the verification of Delivery domain %s: records "
                                    "still missing: %s" % (self.params["wait_timeout"], current.get("name"),
                                                           describe_records(missing)),
                                    **self.timeout_details(current))
            time.sleep(delay)
            delay = min(POLL_CAP, delay * POLL_FACTOR)

    def check_blocked(self, obj):
        if obj.get("display_status") == "blocked" or obj.get("approval_status") == "blocked":
            raise ModuleFailure("Delivery domain %s is blocked by Qboxmail's review (%s): contact Qboxmail support" % (
                obj.get("name"), obj.get("status_detail") or "blocked"), delivery_domain=self.shape(obj))

    def approval_message(self, obj):
        if not domain_verified(obj):
            return "records still missing: %s" % describe_records(missing_records(obj))
        return "the records are verified but Qboxmail has not approved the domain yet (approval_status %s)" % (
            obj.get("approval_status"))

    def wait_approval(self, code):
        """Poll until the domain is verified and approved, within this run's one deadline (verify + wait)."""
        def ready(obj):
            self.check_blocked(obj)
            return domain_ready(obj)
        return self.wait_for(code, ready, self.approval_message, deadline=self.deadline)

    def timeout_details(self, obj):
        return dict(delivery_domain=self.shape(obj), dns_records=self.records(obj))

    def is_settled(self, obj):
        self.check_blocked(obj)
        return True

    def settle(self, current):
        if self.waited:
            return current
        return self.get(current["code"]) or current

    @staticmethod
    def records(obj):
        return [dict((k, v) for k, v in rec.items() if k != "ok") for rec in dns_records(obj or {})]

    def result(self):
        out = super(DeliveryDomain, self).result()
        if self.params["state"] != "absent":
            obj = self.current or {}
            out["dns_records"] = self.records(obj)
            out["verification"] = dict(
                verified=domain_verified(obj), approved=obj.get("approval_status") == "approved",
                missing_records=[dict((k, v) for k, v in rec.items() if k != "ok") for rec in missing_records(obj)])
        return out


def main():
    DeliveryDomain.run()


if __name__ == "__main__":
    main()
