#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: domain
short_description: Manage Qboxmail hosted e-mail domains
version_added: 0.1.0
description:
  - Create, update, enable, disable and delete a Qboxmail Hosting domain, identified by its name.
  - Prove ownership of the domain (DNS record, e-mail code, HTML file on its website, or the sandbox-only skip) and
    manage its DKIM setup.
  - Replace its trusted networks (admin tokens only), queue MX and DKIM record checks, and set its outbound sending
    limit by option id or description.
  - Returns the DNS records to publish (ownership A record, DKIM TXT record) in one list that a DNS module can loop over.
  - Only the options you set are compared and changed; unset options keep their current value.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.WAIT
options:
  name:
    description:
      - Domain name, without C(www.). Compared case-insensitively.
    type: str
    required: true
  state:
    description:
      - V(present) makes sure the domain exists with the given settings.
      - V(enabled) and V(disabled) also set its status. A domain waiting for ownership proof becomes enabled once
        ownership is verified and cannot be disabled before.
      - V(absent) deletes the domain with all its mailboxes, aliases and mail; it needs O(confirm_delete_domain=true),
        checked before any request.
    type: str
    choices: [present, absent, enabled, disabled]
    default: present
  confirm_delete_domain:
    description:
      - Confirms O(state=absent), which deletes the domain with all its mailboxes, aliases and their mail for good.
        Without it, V(absent) fails before any request, naming this option.
    type: bool
    default: false
  plan:
    description:
      - Hosting plan. Changing it is a billable change.
    type: str
    choices: [basic, professional, enterprise]
  postmaster_password:
    description:
      - Password of the domain's postmaster account. Required to create a domain.
      - At least 8 characters with at least one letter and one number; a weaker one fails before any request.
      - Write-only; see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sets O(postmaster_password) only when the domain is created.
      - V(always) sends it on every run, so the task reports a change on every run.
    type: str
    choices: [always, on_create]
    default: on_create
  imap:
    description: Allow IMAP on the domain's accounts.
    type: bool
  pop:
    description: Allow POP on the domain's accounts.
    type: bool
  smtp:
    description: Allow authenticated SMTP on the domain's accounts.
    type: bool
  webmail:
    description: Allow webmail on the domain's accounts.
    type: bool
  chat:
    description: Enable the webmail chat.
    type: bool
  activesync:
    description: Enable ActiveSync.
    type: bool
  meeting:
    description: Enable meeting video chat.
    type: bool
  calendar:
    description: Enable the webmail calendar.
    type: bool
  dav:
    description: Enable the DAV service.
    type: bool
  antispam_level:
    description: Antispam filter level.
    type: str
    choices: [disabled, permissive, standard, aggressive]
  catch_all_enabled:
    description:
      - Deliver mail for unknown addresses of the domain to O(catch_all_destination). Not available to trial customers.
    type: bool
  catch_all_destination:
    description: Address that receives catch-all mail. Required when O(catch_all_enabled=true).
    type: str
  allow_nets:
    description:
      - IP addresses or networks (CIDR) allowed to access the domain's accounts.
      - The complete list; an address removed from it is revoked. V([]) removes every restriction.
    type: list
    elements: str
  default_quota:
    description:
      - Quota of new accounts, as V(50M), V(1G) ... V(100G) (binary units, like the API's byte values);
        V(5G), V(5g), V(5GiB) or a number of bytes; V(5GB) and V(5 GB) are refused as ambiguous (decimal or binary).
      - Must be one of the values Qboxmail allows; the error lists them.
    type: str
  max_email_quota:
    description: Largest quota an account of the domain may have, in the same units as O(default_quota).
    type: str
  max_email_accounts:
    description: Maximum number of accounts; V(-1) means no limit.
    type: int
  max_email_accounts_25gb:
    description: Maximum number of 25G accounts; V(-1) means no limit.
    type: int
  max_email_accounts_50gb:
    description: Maximum number of 50G accounts; V(-1) means no limit.
    type: int
  max_email_accounts_100gb:
    description: Maximum number of 100G accounts; V(-1) means no limit.
    type: int
  max_email_accounts_archive:
    description: Maximum number of accounts archived in Vault; V(-1) means no limit.
    type: int
  outbound_limit:
    description:
      - Outbound sending limit of the domain, as an option id (V(0) restores the default) or as the option's
        description (for example V(500 messages per day), compared case-insensitively).
      - Checked against the domain's outbound limit options; an unknown one fails and lists the choices.
      - When the domain is created by this task, an id is sent with the create (Qboxmail checks it) and a description
        is resolved and set right after the create, as the options exist only then.
    type: raw
  trusted_networks:
    description:
      - The domain's trusted networks, the complete list (it replaces the current one); V([]) removes them all.
      - Qboxmail allows this to B(admin tokens only); with another token the task fails with a message saying so,
        before any change. A domain created by this task gets them right after the create.
      - Compared as a set of (network, description) pairs; the order does not matter.
    type: list
    elements: dict
    suboptions:
      ip:
        description: An IP address or a network in CIDR form.
        type: str
        required: true
      description:
        description: What the network is.
        type: str
        required: true
  check_mx:
    description:
      - Queue a check of the domain's MX records. With O(wait=true) the module waits for its outcome and returns
        RV(mx_last_check_ok).
      - A trigger, not a state, so it reports a change on every run that sets it (see attributes).
    type: bool
  dkim_recheck:
    description:
      - Queue a new check of the DKIM record of a verified DKIM setup. With O(wait=true) the module waits for its
        outcome and returns RV(dkim_last_check_ok).
      - A trigger, not a state, so it reports a change on every run that sets it.
    type: bool
  dkim_reset:
    description:
      - Drop the DKIM setup that waits for its DNS record (a key generated but never verified), for example to start
        again with a new key together with O(dkim=enabled).
      - A trigger, not a state, so it reports a change on every run that sets it. Qboxmail may refuse to reset a
        verified setup; use O(dkim=absent) to remove that.
    type: bool
  ownership_method:
    description:
      - How to prove ownership while the domain waits for it; nothing is done once it is verified.
      - V(dns) queues a check of the ownership A record (see RV(dns_records)); with O(wait=true) the module waits
        for its outcome.
      - V(dns_sync) checks the record at once; when it is not published yet the task does not fail but warns and
        reports the record to publish.
      - V(email) sends a code to O(ownership_email) on one run; run again with O(ownership_code) to verify.
      - V(html) returns the file to publish on the domain's website in RV(ownership.html_file) (name, content, URL)
        and asks Qboxmail to check it; until the file is published the task warns instead of failing. Publish it,
        then run again.
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
      - With O(ownership_method=email), the domain address that receives the code (postmaster, admin,
        administrator, hostmaster or webmaster at the domain). The code is sent once per address.
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
  dkim:
    description:
      - V(enabled) generates a DKIM key when there is none, verifies the TXT record once it is published (see
        RV(dns_records)) and re-enables a disabled setup. Until the record is published the task warns instead of failing.
      - V(disabled) turns DKIM signing off and keeps the setup for a later V(enabled).
      - V(absent) removes the DKIM setup.
      - The DKIM state is read from C(dkim_status) and, where the API has no such field, from the documented
        C(has_dkim) and C(dkim_last_check_ok).
    type: str
    choices: [enabled, disabled, absent]
attributes:
  idempotent:
    support: partial
    details:
      - The triggers O(check_mx), O(dkim_recheck), O(dkim_reset) and O(ownership_email_reset) run, and report a
        change, on every run that sets them; so does the DNS or HTML ownership check while ownership is not verified.
        Everything else is idempotent.
notes:
  - Creating a domain in production needs a customer with a billing profile (or an active Hosting trial or Free
    plan); otherwise Qboxmail answers 403 and the module says to complete the first order in the Qboxmail panel.
seealso:
  - module: qboxmail.qboxmail.domain_info
"""

EXAMPLES = r"""
# example: seed=hosting
- name: Create a domain and ask for DNS ownership verification
  qboxmail.qboxmail.domain:
    name: example.com
    postmaster_password: "{{ vault_postmaster_password }}"
    plan: professional
    default_quota: 5G
    antispam_level: standard
    allow_nets: [203.0.113.0/24]
    ownership_method: dns_sync
    dkim: enabled
  register: qbx_domain

- name: Publish the records it asks for (here with a DNS module of your provider)
  ansible.builtin.debug:
    msg: "{{ item.name }} {{ item.type }} {{ item.value }}"
  loop: "{{ qbx_domain.dns_records }}"

- name: Verify by e-mail instead, first run sends the code
  qboxmail.qboxmail.domain:
    name: example.org
    postmaster_password: "{{ vault_postmaster_password }}"
    ownership_method: email
    ownership_email: postmaster@example.org

- name: Second run verifies the code received
  qboxmail.qboxmail.domain:
    name: example.org
    ownership_method: email
    ownership_code: "{{ code_from_mail }}"

- name: Prove ownership with a file on the website; the first run returns the file to publish
  qboxmail.qboxmail.domain:
    name: example.net
    ownership_method: html
  register: qbx_html

- name: Publish it (here a copy to the web server), then run the task above again
  ansible.builtin.copy:
    content: "{{ qbx_html.ownership.html_file.file_content }}"
    dest: "/var/www/example.net/{{ qbx_html.ownership.html_file.file_name }}"
    mode: "0644"
  when: qbx_html.ownership.html_file is mapping

# example: skip an admin token's task for customer C123456789 (the test runs as a customer)
- name: Trusted networks (admin token), outbound limit by description, and an MX check
  qboxmail.qboxmail.domain:
    name: example.com
    customer_code: C123456789
    trusted_networks:
      - {ip: 203.0.113.0/24, description: Office}
    outbound_limit: 500 messages per day
    check_mx: true
  register: qbx_checked

# example: skip checks the result of the admin token's task above
- name: Fail when the MX records are not right
  ansible.builtin.assert:
    that: qbx_checked.mx_last_check_ok

- name: Disable a domain
  qboxmail.qboxmail.domain:
    name: example.com
    state: disabled

- name: Delete a domain with all its mailboxes and mail (for good)
  qboxmail.qboxmail.domain:
    name: old-example.com
    state: absent
    confirm_delete_domain: true
"""

RETURN = r"""
domain:
  description: The domain as Qboxmail returns it (secrets removed); empty after deletion. Quotas are in bytes.
  returned: always
  type: dict
  sample:
    code: D123456789
    name: example.com
    status: enabled
    status_detail: ok
    plan: professional
    default_quota: 5368709120
    has_dkim: 1
    dkim_status: enabled
dns_records:
  description:
    - DNS records the domain needs, ready for a DNS module; the ownership record is listed until ownership is
      verified, the DKIM record while a DKIM setup exists.
  returned: when state is not absent
  type: list
  elements: dict
  contains:
    name:
      description: Fully qualified record name.
      type: str
    type:
      description: Record type (V(A) or V(TXT)).
      type: str
    value:
      description: Record value.
      type: str
    purpose:
      description: V(ownership) or V(dkim).
      type: str
  sample:
    - {name: d123456789.example.com, type: A, value: 185.97.217.16, purpose: ownership}
    - {name: qbm1807252189._domainkey.example.com, type: TXT, value: "v=DKIM1; k=rsa; p=MIGf...", purpose: dkim}
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
        - With O(ownership_method=html) while ownership is not verified, the file to publish on the domain's website;
          else null.
      type: dict
      contains:
        file_name:
          description: Name of the file.
          type: str
        file_content:
          description: Its exact content.
          type: str
        url:
          description: Where Qboxmail reads it (it also accepts C(https) and C(www.)).
          type: str
trusted_networks:
  description: The domain's trusted networks after the task.
  returned: when O(trusted_networks) is set
  type: list
  elements: dict
  sample: [{ip: 203.0.113.0/24, description: Office}]
mx_last_check_ok:
  description: Outcome of the MX check the task queued; null without O(wait) and in check mode.
  returned: when O(check_mx) is set
  type: bool
dkim_last_check_ok:
  description: Outcome of the DKIM recheck the task queued; null without O(wait) and in check mode.
  returned: when O(dkim_recheck) is set
  type: bool
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import (
    DKIM_IN_PROGRESS, DKIM_UNKNOWN, DKIM_UNKNOWN_WARNING, DOMAIN, DOMAINS, UNVERIFIED_STATUS, DomainSteps, dkim_record, dkim_state,
    domain_dns_records, domain_result, ownership_result, plan_domain_steps, plan_ownership, validate_ownership,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import DOMAIN_OPTIONS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import WAIT_FIELDS, Lifecycle, Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure


class Domain(DomainSteps, Resource):
    name = what = "domain"
    fields = dict(DOMAIN_OPTIONS, **WAIT_FIELDS)
    module_kwargs = dict(required_if=[("catch_all_enabled", True, ["catch_all_destination"])])
    list_path = DOMAINS
    item_path = DOMAIN
    status_path = DOMAIN + "/status"
    billable_create = True
    lifecycle = Lifecycle("status", ("updating",), ("error",), "status_detail")
    dkim_target = None   # the DKIM status a queued DKIM change must reach before the task ends

    def validate(self):
        validate_ownership(self.params)
        if self.state == "absent" and self.params.get("dkim"):
            raise ModuleFailure("dkim cannot be used with state=absent")
        if self.state == "absent" and not self.params["confirm_delete_domain"]:
            raise ModuleFailure("state=absent deletes domain %s with all its mailboxes, aliases and mail for good: set "
                                "confirm_delete_domain=true to confirm" % self.params["name"])
        self.params["name"] = self.wanted["name"]

    def check_create(self):
        if not self.params.get("postmaster_password"):
            raise ModuleFailure("postmaster_password is required to create domain %s" % self.params["name"])
        if self.state == "disabled":
            raise ModuleFailure("a new domain cannot be created disabled: it waits for ownership proof first")

    def plan_status(self, plan):
        if self.code and plan.obj.get("status") == UNVERIFIED_STATUS:
            if self.state == "disabled":
                raise ModuleFailure("domain %s cannot be disabled before its ownership is verified" % self.params["name"])
            return  # it becomes enabled when ownership is verified
        super(Domain, self).plan_status(plan)

    def plan_steps(self, plan):
        plan_ownership(self, plan, "; use ownership_method dns, dns_sync, email or html in production")
        plan_domain_steps(self, plan, self.plan_dkim)

    # ------------------------------------------------------------------ DKIM
    def plan_dkim(self, plan):
        want, status = self.params.get("dkim"), dkim_state(plan.obj)
        base = DOMAIN + "/dkim"
        if status == DKIM_UNKNOWN and want in ("enabled", "disabled"):
            return self.warnings.append(DKIM_UNKNOWN_WARNING % self.params["name"])
        if not want or status == want or (want == "absent" and status is None) or (want == "disabled" and status != "enabled"):
            return
        if want == "absent" or status in ("enabled", "disabled"):
            action = {"absent": ("DELETE", base), "disabled": ("PUT", base + "/disable"), "enabled": ("PUT", base + "/enable")}
            plan.note("dkim", status, want)
            plan.add(Write(action[want][0], action[want][1], done=self.aim(None if want == "absent" else want)))
            return
        if status is None:
            plan.note("dkim", None, "generated")
            plan.add(Write("POST", base, done=self.generated))
        if self.ctx.check_mode:
            self.warnings.append("a real run would verify the DKIM record of %s; it counts as a change only once the record "
                                 "is published" % self.params["name"])
            return

        def done(res, resp):
            plan.note("dkim", "pending_dns", "enabled")
            res.dkim_target = "enabled"
        plan.add(Write("PUT", base + "/verify", done=done, error=lambda res, err: self.unverified(err, plan.obj)))

    @staticmethod
    def aim(target):
        def done(res, resp):
            res.dkim_target = target
        return done

    @staticmethod
    def generated(res, resp):
        setup = (resp.resources or [{}])[0]
        res.dkim_setup = dict(dkim_status="pending_dns", dkim_selector=setup.get("dkim_selector"),
                              dkim_public_key=setup.get("txt_record") or setup.get("dkim_public_key"))

    def unverified(self, err, obj):
        if err.status != 422:
            return False
        record = dkim_record(dict(obj, **getattr(self, "dkim_setup", {}))) or {}
        self.warnings.append("DKIM of %s is not verified yet: publish the DNS record %s TXT \"%s\", then run again"
                             % (self.params["name"], record.get("name"), record.get("value")))
        return True

    # ------------------------------------------------------------------ waiting and result
    def settled(self, obj):
        if not super(Domain, self).settled(obj) or obj.get("dkim_status") in DKIM_IN_PROGRESS:
            return False
        return self.dkim_target is None or dkim_state(obj) in (self.dkim_target, DKIM_UNKNOWN)

    def extra_result(self, obj):
        if self.state == "absent":
            return {}
        obj = obj or {}
        return dict(domain_result(self, obj), dns_records=domain_dns_records(obj), ownership=ownership_result(self, obj))


def main():
    Domain.run()


if __name__ == "__main__":
    main()
