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
  - With O(verify=true) it asks Qboxmail to verify the DNS records once, warns with the records still missing and
    goes on, like M(qboxmail.qboxmail.domain) does for its ownership check; waiting for the records and the approval is
    the explicit opt-in O(wait_for_verification=true).
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
      - Ask Qboxmail to verify the DNS records when the domain is not verified yet. Nothing is done once it is verified.
      - Publish RV(dns_records) first (all records with C(required=true)), for example with the task order create,
        publish, verify.
      - By default one verification runs and the task goes on at once, like the ownership check of
        M(qboxmail.qboxmail.domain). When records are still missing it warns, naming them; when the domain is verified
        but not approved yet it warns and does not wait. The requested verification is a change (diff key
        C(verification)), on every run while the domain is not verified.
      - A domain that lost a record after its verification (C(display_status=misconfigured)) is verified again.
      - In check mode nothing is verified; the task reports the verification a real run would request (changed, and
        the C(verification) diff key) and warns with the records the last verification did not find.
    type: bool
    default: false
  wait_for_verification:
    description:
      - With O(verify=true), retry the verification with backoff until every required record is found, then wait
        until Qboxmail approves the domain. After O(wait_timeout) seconds it fails, naming the records still missing
        (or saying that approval is pending). A domain blocked by review fails at once.
      - An explicit opt-in, as it can wait up to O(wait_timeout) seconds; V(false) (the default) never waits for the
        records or the approval.
    type: bool
    default: false
attributes:
  idempotent:
    support: partial
    details:
      - O(verify=true) requests a verification, and reports a change, on every run while the domain is not verified;
        everything else is idempotent.
notes:
  - A C(misconfigured) domain (a record removed after verification) fails the task with the records to fix, unless
    O(verify=true) verifies it again.
  - A Delivery domain can send only once it is verified, approved and assigned to a Delivery account
    (see M(qboxmail.qboxmail.delivery_account)).
  - O(wait) waits for a status change (O(state=enabled) or V(disabled)); creating a domain is immediate, and the
    records and approval are waited for only with O(wait_for_verification=true).
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

- name: Verify the records once; warns with the records still missing and goes on
  qboxmail.qboxmail.delivery_domain:
    name: mail.example.com
    verify: true

- name: Or wait for the records and Qboxmail's approval (explicit opt-in, up to wait_timeout seconds)
  qboxmail.qboxmail.delivery_domain:
    name: mail.example.com
    verify: true
    wait_for_verification: true
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

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    DELIVERY_DOMAIN_OPTIONS, DOMAINS_PATH, describe_records, dns_records, missing_records, public_records,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import WAIT_FIELDS, Lifecycle, Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure


def verified(obj):
    """Every required record found by the last verification (a `misconfigured` domain lost one since)."""
    return obj.get("dns_verification_status") == "verified" and obj.get("display_status") != "misconfigured"


def ready(obj):
    return verified(obj) and obj.get("approval_status") == "approved"


def records(obj):
    return public_records(dns_records(obj or {}))


class DeliveryDomain(Resource):
    name = "delivery_domain"
    what = "Delivery domain"
    fields = dict(
        DELIVERY_DOMAIN_OPTIONS,
        verify=Option("bool", default=False),
        wait_for_verification=Option("bool", default=False),
        **WAIT_FIELDS
    )
    list_path = DOMAINS_PATH
    item_path = DOMAINS_PATH + "/{code}"
    status_path = item_path + "/status"
    lifecycle = Lifecycle("display_status", (), ("misconfigured", "blocked"), "status_detail")
    status_field = "display_status"

    def validate(self):
        if self.state == "absent" and self.params["verify"]:
            raise ModuleFailure("verify cannot be used with state=absent")
        if self.params["wait_for_verification"] and not self.params["verify"]:
            raise ModuleFailure("wait_for_verification needs verify=true (it waits for the verification verify requests)")
        self.params["name"] = self.wanted["name"]

    def status_of(self, obj):
        """`disabled` is the only display status a user sets; any other counts as enabled."""
        return "disabled" if obj.get("display_status") == "disabled" else "enabled"

    def plan_status(self, plan):
        super(DeliveryDomain, self).plan_status(plan)
        if self.state == "enabled" and plan.obj.get("display_status") == "enabled" and "status" in plan.after:
            plan.obj["display_status"] = "not_verified" if not verified(plan.obj) else "enabled"

    def plan_steps(self, plan):
        """A requested verification is a change in check mode and in the real run alike (its outcome: `verification`)."""
        if not self.params["verify"] or verified(plan.obj):
            return
        plan.note("verification", plan.obj.get("display_status") or "not_verified", "verification requested")
        if self.ctx.check_mode:
            self.warnings.append("a real run would verify the DNS records of Delivery domain %s; still missing at the last "
                                 "verification: %s" % (self.params["name"], describe_records(missing_records(plan.obj))
                                                       or "every required record of dns_records (once the domain exists)"))
            return
        plan.add(Write("PUT", self.item_path + "/verify", run=lambda res, client: res.verify(client)))

    def verify(self, client):
        """PUT verify once; with `wait_for_verification`, again with backoff until every required record is found."""
        def read():
            self.ctx.written = self.wrote = True
            found = client.put(self.path(self.item_path) + "/verify").resources
            return found[0] if found else self.get(self.code)

        def done(obj):
            self.check_blocked(obj)
            return verified(obj) or not self.params["wait_for_verification"]
        obj = self.poller().wait(read, done, lambda o: "records still missing: %s" % describe_records(missing_records(o)),
                                 "the verification of %s" % self.label(), details=self.timeout_details)
        if not verified(obj):
            self.warnings.append("%s is not verified yet: publish %s, then run again" % (
                self.label(), describe_records(missing_records(obj)) or "its DNS records"))
        elif not ready(obj) and not self.params["wait_for_verification"]:
            self.warnings.append("%s is verified; Qboxmail has not approved it yet (approval_status %s): it can send once "
                                 "approved (wait_for_verification=true waits for it)" % (self.label(), obj.get("approval_status")))

    def check_blocked(self, obj):
        if obj.get("display_status") == "blocked" or obj.get("approval_status") == "blocked":
            raise ModuleFailure("%s is blocked by Qboxmail's review (%s): contact Qboxmail support" % (
                self.label(), obj.get("status_detail") or "blocked"), delivery_domain=self.shape(obj))

    def settled(self, obj):
        self.check_blocked(obj)
        if obj.get("display_status") == "misconfigured" and not self.params.get("verify"):
            raise ModuleFailure("%s is misconfigured: its DNS records no longer verify (%s). Fix them, then run with "
                                "verify=true" % (self.label(), describe_records(missing_records(obj)) or "see dns_records"),
                                **self.timeout_details(obj))
        if self.params.get("wait_for_verification") and verified(obj) and not ready(obj):
            return False   # verified: wait for Qboxmail's approval
        return True

    def describe_wait(self, obj):
        return "the records are verified but Qboxmail has not approved the domain yet (approval_status %s)" % (
            obj.get("approval_status"))

    def timeout_details(self, obj):
        return dict(delivery_domain=self.shape(obj), dns_records=records(obj))

    def extra_result(self, obj):
        if self.state == "absent":
            return {}
        obj = obj or {}
        return {"dns_records": records(obj), "verification": dict(
            verified=verified(obj), approved=obj.get("approval_status") == "approved",
            missing_records=public_records(missing_records(obj)))}


def main():
    DeliveryDomain.run()


if __name__ == "__main__":
    main()
