#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: delivery_account
short_description: Manage Qboxmail Delivery accounts
version_added: 0.1.0
description:
  - Create, update, enable, disable and delete a Qboxmail Delivery account, the sender identity of the Send API and
    of Delivery SMTP.
  - An account is identified by its O(description) (Qboxmail generates the username) or by its O(id).
  - Assigns Delivery domains by name, sets the networks allowed to use the account, bounce notifications and the
    suppression-list behaviour. Only the options you set are compared and changed.
  - Returns the SMTP credentials once, under RV(smtp_credentials), when the account is created or when
    O(reset_password=true); never otherwise.
  - Checks the sending plan (O(plan), O(plan_volume)) against the account, can bring the customer's billing profile with the create
    (O(billing_profile)) and buys extra messages on request (O(buy_extra_messages)). Paid changes say so when Qboxmail
    refuses them for want of a billing profile.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.WAIT
attributes:
  idempotent:
    support: partial
    details:
      - Every option is compared with the account and a second run changes nothing, except O(reset_password) and
        O(buy_extra_messages), which act on every run they are given (a new password; another purchase).
options:
  description:
    description:
      - The account's description, its human name. Give each account of a customer a different description; when
        two accounts share one, the module fails as ambiguous and names their ids.
      - With O(id), the new description of that account.
      - Accounts scheduled for deletion (see O(delete_after_billing)) are ignored.
    type: str
  id:
    description:
      - The account's numeric id, instead of (or with, to rename it) O(description). An account cannot be created
        by id.
    type: int
  type:
    description:
      - Sending type. Required to create an account.
      - The type of an existing account cannot be changed; the module refuses before any change.
    type: str
    choices: [transactional, newsletter]
  domains:
    description:
      - Names of the Delivery domains assigned to the account (see M(qboxmail.qboxmail.delivery_domain)).
      - The complete assignment; a domain left out is unassigned. V([]) unassigns every domain.
      - An unknown domain fails the task before any change, naming it.
    type: list
    elements: str
  allow_nets:
    description:
      - IP addresses or networks (CIDR) allowed to send through the account (SMTP and Send API).
      - The complete list; an address removed from it is revoked. V([]) removes every restriction.
    type: list
    elements: str
  bounce_notification:
    description: Address that receives bounce notifications; V("") turns them off.
    type: str
  bounce_notification_to_sender:
    description: Also notify the original sender of a bounce.
    type: bool
  ignore_suppression_list:
    description: Send even to addresses on the suppression list (see M(qboxmail.qboxmail.suppression)).
    type: bool
  num_messages:
    description:
      - The account's available message count (Qboxmail's C(num_messages)), compared with the account's and sent in
        an update when it differs. B(Admin tokens only); another token gets Qboxmail's refusal.
      - It changes how many messages the account may send, so it is never set unless you give it, together with
        O(override_plan_num_messages). Left out of the C(options) of M(qboxmail.qboxmail.delivery_account_info).
    type: int
  override_plan_num_messages:
    description:
      - With O(num_messages) (required with it), V(true) makes O(num_messages) replace the message count of the
        account's plan. B(Admin tokens only).
      - Qboxmail does not show it, so it is not compared; it is sent with each change of O(num_messages).
    type: bool
  state:
    description:
      - V(present) makes sure the account exists with the given settings.
      - V(enabled) and V(disabled) also set its status. Accounts waiting for payment or blocked by Qboxmail cannot
        change status; the module says why.
      - V(absent) deletes the account, at once or, with O(delete_after_billing=true), at the end of the billing cycle.
    type: str
    choices: [present, absent, enabled, disabled]
    default: present
  delete_after_billing:
    description:
      - With O(state=absent), keep the account until the end of its billing cycle (Qboxmail sets C(delete_on)).
        Such an account counts as absent from then on.
    type: bool
    default: false
  reset_password:
    description:
      - Generate a new SMTP password and return it in RV(smtp_credentials). Always reports a change.
    type: bool
    default: false
  plan:
    description:
      - The sending plan the account must be on, compared with its C(plan) (and, for a paid plan, its
        C(plan_num_messages)). V(free), V(monthly) (a subscription) or V(prepaid) (a package valid one year). A new
        account starts on V(free).
      - Checked, never changed. Qboxmail's API documents no plan change (the update's C(volume) alone buys extra
        messages, which is billed), so a task whose account is on another plan, or a new account with a paid plan,
        fails before any request, saying to change the plan in the Qboxmail panel. Use it to assert the plan an
        account must have.
    type: str
    choices: [free, monthly, prepaid]
  plan_volume:
    description:
      - With O(plan=monthly) or O(plan=prepaid), the number of message packages of the plan (Qboxmail's C(volume));
        the plan then holds O(plan_volume) times the package's messages (see M(qboxmail.qboxmail.delivery_price_info)).
        A different size fails like a different O(plan).
    type: int
  payment_method:
    description:
      - How paid changes are paid. Sent with the create and with an extra-message purchase; Qboxmail
        does not show it, so it is never compared. When not set, Qboxmail uses the one the account already has.
    type: str
    choices: [stripe, lcwsoftpaypalbillingagreements, paypal]
  buy_extra_messages:
    description:
      - Buy this many packages of extra messages for the account, now. A one-shot purchase, not a state, so every run
        with this option buys again and reports a change. Use it in a task you run on purpose (a tag, a C(when)).
      - A purchase whose answer is lost (timeout, dropped connection) is not tried again; the task fails saying so,
        and C(remaining_extra_messages_bought) in M(qboxmail.qboxmail.delivery_account_info) tells whether it was made.
    type: int
  billing_profile:
    description:
      - The customer's billing profile, created together with the account when the customer has none yet (Qboxmail's
        create "optionally creates the customer billing profile/order"). Sent with the create only; ignored for an
        existing account.
    type: dict
    suboptions:
      customer_type:
        description: Kind of customer.
        type: str
        choices: [private, company, reseller]
      firstname:
        description: First name.
        type: str
      lastname:
        description: Last name.
        type: str
      email_address:
        description: Billing e-mail address.
        type: str
      country:
        description: Country, as a two-letter code (V(IT)).
        type: str
      address1:
        description: Street address.
        type: str
      city:
        description: City.
        type: str
      postcode:
        description: Postal code.
        type: str
      state:
        description: State or province.
        type: str
      phonenumber:
        description: Phone number.
        type: str
      fiscalcode:
        description: Fiscal code.
        type: str
      vat:
        description: VAT number (companies and resellers).
        type: str
      companyname:
        description: Company name (companies and resellers).
        type: str
      password2:
        description: Password of the billing account (write-only; Qboxmail's confirmation field is filled with it).
        type: str
notes:
  - In production, creating a Delivery account needs a customer with a billing profile. Without one Qboxmail answers
    HTTP 403; complete the first order in the Qboxmail panel, then run again. The Hosting trial exception does not
    apply to Delivery. The sandbox needs no billing profile.
  - Register the result with C(no_log) when it may carry RV(smtp_credentials). That includes a failed run; when a step
    after the create fails (the update that assigns the domains...), the task fails and its failed
    result still carries RV(smtp_credentials) of the new account, since they cannot be read again. With
    C(ignore_errors) or C(block)/C(rescue), read them from the registered failure.
  - The create sends every field Qboxmail documents for it (description, type, allow_nets, ignore_suppression_list);
    domains and bounce notifications follow in an update right after it.
  - A reset whose answer is lost (timeout, dropped connection) is not tried again, since the password may already
    have changed; the task fails saying so, and a later run with O(reset_password=true) gets a new one.
  - Extra-message purchases are paid changes too; without a billing profile Qboxmail answers HTTP 403 and the module
    says how to fix it (or give O(billing_profile) when creating the account).
  - How the API chooses or changes a plan is not in Qboxmail's published reference, so the module never sends one
    (O(plan) is a check); plans are chosen in the Qboxmail panel.
seealso:
  - module: qboxmail.qboxmail.delivery_account_info
  - module: qboxmail.qboxmail.delivery_domain
  - module: qboxmail.qboxmail.delivery_api_token
"""

EXAMPLES = r"""
- name: Create a transactional account for the shop and assign its domain
  qboxmail.qboxmail.delivery_account:
    description: Shop notifications
    type: transactional
    domains: [mail.example.com]
    allow_nets: [203.0.113.0/24]
    bounce_notification: bounces@example.com
  register: qbx_account
  no_log: true

- name: Keep the SMTP credentials (shown only on this run)
  ansible.builtin.copy:
    content: "{{ qbx_account.smtp_credentials | to_nice_json }}"
    dest: /etc/myapp/smtp.json
    mode: "0600"
  when: qbx_account.smtp_credentials is defined
  no_log: true

- name: Rotate the SMTP password
  qboxmail.qboxmail.delivery_account:
    description: Shop notifications
    reset_password: true
  register: qbx_rotated
  no_log: true

- name: Make sure the account is still on the free plan (fails, before any request, if it is not)
  qboxmail.qboxmail.delivery_account:
    description: Shop notifications
    plan: free

# example: skip an admin token's task for customer C123456789 (the test runs as a customer)
- name: Give the account 50000 messages instead of its plan's count (admin token only)
  # api_token: an admin token; customer_code: the customer the account belongs to
  qboxmail.qboxmail.delivery_account:
    customer_code: C123456789
    description: Shop notifications
    num_messages: 50000
    override_plan_num_messages: true

- name: Buy three packages of extra messages (runs only when asked for)
  qboxmail.qboxmail.delivery_account:
    description: Shop notifications
    buy_extra_messages: 3
  when: qbx_buy_extra | default(false) | bool

- name: Delete the account at the end of the billing cycle
  qboxmail.qboxmail.delivery_account:
    description: Shop notifications
    state: absent
    delete_after_billing: true
"""

RETURN = r"""
delivery_account:
  description:
    - The account as Qboxmail returns it, without its password; empty after deletion.
    - C(status) is Qboxmail's integer; C(status_name) is its name (V(enabled), V(disabled), V(wait_pay), V(blocked)).
  returned: always
  type: dict
  sample:
    id: 42
    description: Shop notifications
    username: d4k2m9x0q1wz
    type: transactional
    plan: free
    plan_num_messages: 3000
    remaining_messages: 3000
    status: 0
    status_name: enabled
    domains: [{code: DD66042061, name: mail.example.com}]
    allow_nets: [203.0.113.0/24]
smtp_credentials:
  description:
    - The SMTP credentials, revealed only by Qboxmail's create and reset-password answers. Store them at once;
      they cannot be read again.
  returned: >-
    when the account was created, or O(reset_password=true) (not in check mode); also in the failure result when a
    step after the create failed, so that the password is never lost
  type: dict
  contains:
    username:
      description: SMTP username.
      type: str
    password:
      description: SMTP password.
      type: str
    hostname:
      description: SMTP host (C(config_hostname)).
      type: str
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    ACCOUNTS_PATH, DELIVERY_ACCOUNT_OPTIONS, account_status, with_status_name,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery_plans import AccountPlan
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import MASK, ModuleFailure

STUCK = {
    "wait_pay": "waits for a payment: complete the pending order in the Qboxmail panel",
    "blocked": "is blocked by Qboxmail (system policy or review): contact Qboxmail support",
}


def domain_codes_of(obj):
    """Assigned domain codes of an account: `domain_codes`, or the codes in `domains` (objects or strings)."""
    if isinstance(obj.get("domain_codes"), list):
        return list(obj["domain_codes"])
    return [d.get("code") if isinstance(d, dict) else d for d in obj.get("domains") or [] if d]


class DeliveryAccount(AccountPlan):
    name = "delivery_account"
    what = "Delivery account"
    fields = DELIVERY_ACCOUNT_OPTIONS
    module_kwargs = dict(required_one_of=[("description", "id")])
    list_path = ACCOUNTS_PATH
    item_path = ACCOUNTS_PATH + "/{code}"
    status_path = item_path + "/status"
    key = key_field = "description"
    code_field = "id"
    billable_create = True

    def validate(self):
        if self.state == "absent" and self.params["reset_password"]:
            raise ModuleFailure("reset_password cannot be used with state=absent")
        count, override = self.params.get("num_messages"), self.params.get("override_plan_num_messages")
        if (count is None) != (override is None):
            raise ModuleFailure("num_messages and override_plan_num_messages go together (admin tokens only): set both, "
                                "override_plan_num_messages=true to replace the plan's message count with num_messages")
        if count is not None and self.state == "absent":
            raise ModuleFailure("num_messages cannot be used with state=absent")
        if self.params["delete_after_billing"] and self.state != "absent":
            raise ModuleFailure("delete_after_billing is only used with state=absent")

    def label(self):
        return "Delivery account %s" % (
            "id %s" % self.params["id"] if self.params.get("id") is not None else self.wanted["description"])

    def find(self):
        if self.params.get("id") is not None:
            obj = self.get(self.params["id"])
            if obj is not None and obj.get("delete_on"):
                if self.state != "absent":
                    raise ModuleFailure("%s is scheduled for deletion on %s" % (self.label(), obj["delete_on"]))
                return None
            return obj
        matches = [o for o in self.client.find(ACCOUNTS_PATH, "description", self.wanted["description"]) if not o.get("delete_on")]
        if len(matches) > 1:
            raise ModuleFailure("description: %r is ambiguous: %d Delivery accounts have it (ids %s); use id" % (
                self.wanted["description"], len(matches), ", ".join(str(m.get("id")) for m in matches)))
        return with_status_name(matches[0]) if matches else None

    def get(self, code):
        return with_status_name(super(DeliveryAccount, self).get(code))

    def compare(self, current, plan):
        wanted_type = self.params.get("type")
        if wanted_type and current.get("type") not in (None, wanted_type) and not (
                current.get("type") == "promotional" and wanted_type == "newsletter"):
            raise ModuleFailure("type: %s is of type %s; the type of an existing account cannot be changed to %s. Create a "
                                "new account with another description instead (and delete this one if it is no longer "
                                "needed)" % (self.label(), current.get("type"), wanted_type))
        changes = super(DeliveryAccount, self).compare(current, plan)
        if "num_messages" in changes:
            changes["override_plan_num_messages"] = self.wanted["override_plan_num_messages"]
        if "domains" in self.wanted and set(domain_codes_of(current)) != set(self.wanted["domains"]):
            changes["domain_codes"] = self.wanted["domains"]
            plan.note("domains", sorted(d.get("name") for d in current.get("domains") or [] if isinstance(d, dict)),
                      sorted(set(str(d).strip().lower() for d in self.params["domains"])))
        return changes

    def check_create(self):
        if self.params.get("id") is not None:
            raise ModuleFailure("id: Delivery account id %s does not exist; an account is created by description (the "
                                "API chooses its id)" % self.params["id"])
        if not self.params.get("type"):
            raise ModuleFailure("type is required to create %s (transactional or newsletter)" % self.label())

    def plan(self, current):
        plan = super(DeliveryAccount, self).plan(current)
        if plan.writes and plan.writes[0].creates:
            plan.writes[0].done = self.reveal
            plan.writes[0].uncertain = None
        return plan

    def recover_create(self, client, write):
        self.warnings.append("the answer to the request creating %s was lost, so its SMTP password was not received: "
                             "once the account exists, run with reset_password=true to get one" % self.label())
        return super(DeliveryAccount, self).recover_create(client, write)

    def reveal(self, res, resp):
        obj = (resp.resources or [{}])[0]
        if obj.get("password"):
            self.ctx.revealed["smtp_credentials"] = dict(
                username=obj.get("username"), password=obj["password"], hostname=obj.get("config_hostname"))

    def status_of(self, obj):
        return account_status(obj.get("status"))

    def plan_status(self, plan):
        status = self.status_of(plan.obj) if self.code else "enabled"
        if self.state in ("enabled", "disabled") and status != self.state and status in STUCK:
            raise ModuleFailure("%s %s; its status cannot be set to %s" % (self.label(), STUCK[status], self.state))
        super(DeliveryAccount, self).plan_status(plan)

    def plan_steps(self, plan):
        if not self.params["reset_password"] or not self.code:
            return   # a new account comes with its password
        plan.note("password", MASK, MASK + " (reset)")
        plan.add(Write("PUT", self.item_path + "/reset_password", done=self.reset,
                       uncertain="the SMTP password of %s may have been reset, but the answer with the new one was lost; it "
                                 "is not tried again: run with reset_password=true to get a new one" % self.label()))

    def reset(self, res, resp):
        self.reveal(res, resp)
        if "smtp_credentials" not in self.ctx.revealed:
            raise ModuleFailure("Qboxmail reset the SMTP password of %s but did not return it" % self.label())

    def plan_delete(self):
        params = "?delete_after_billing=true" if self.params["delete_after_billing"] else ""
        return Write("DELETE", self.item_path + params, error=lambda res, err: err.status == 404)

    def settled(self, obj):
        status = account_status(obj.get("status"))
        if status in STUCK:
            raise ModuleFailure("%s %s" % (self.label(), STUCK[status]), delivery_account=self.shape(obj))
        return True


def main():
    DeliveryAccount.run()


if __name__ == "__main__":
    main()
