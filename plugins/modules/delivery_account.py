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
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.WAIT
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
notes:
  - In production, creating a Delivery account needs a customer with a billing profile. Without one Qboxmail answers
    HTTP 403; complete the first order in the Qboxmail panel, then run again. The Hosting trial exception does not
    apply to Delivery. The sandbox needs no billing profile.
  - Register the result with C(no_log) when it may carry RV(smtp_credentials).
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
    status: 0
    status_name: enabled
    domains: [{code: DD66042061, name: mail.example.com}]
    allow_nets: [203.0.113.0/24]
smtp_credentials:
  description:
    - The SMTP credentials, revealed only by Qboxmail's create and reset-password answers. Store them at once;
      they cannot be read again.
  returned: when the account was created, or O(reset_password=true) (not in check mode)
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

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailUncertainError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import MASK
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    ACCOUNTS_PATH, account_status, find_accounts, resolve_domain_codes, with_status_name,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import (
    WAIT_OPTIONS, Field, ModuleFailure, Resource,
)

# Fields the create call accepts [DOC: postApiDeliveryAccounts]; the others are set by an update right after.
CREATE_FIELDS = ("description", "type", "allow_nets", "ignore_suppression_list")
STUCK = {
    "wait_pay": "waits for a payment: complete the pending order in the Qboxmail panel",
    "blocked": "is blocked by Qboxmail (system policy or review): contact Qboxmail support",
}


def domain_codes_of(obj):
    """Assigned domain codes of an account: `domain_codes`, or the codes in `domains` (objects or strings)."""
    if isinstance(obj.get("domain_codes"), list):
        return list(obj["domain_codes"])
    out = []
    for item in obj.get("domains") or []:
        out.append(item.get("code") if isinstance(item, dict) else item)
    return [code for code in out if code]


def domain_names_of(obj):
    return sorted(item.get("name") for item in obj.get("domains") or [] if isinstance(item, dict) and item.get("name"))


class DeliveryAccount(Resource):
    name = "delivery_account"
    fields = {
        "description": Field(to_api=lambda v: v.strip()),
        "type": Field(create_only=True),
        "allow_nets": Field(compare="set"),
        "bounce_notification": Field(),
        "bounce_notification_to_sender": Field(),
        "ignore_suppression_list": Field(),
    }
    options = dict(
        description=dict(type="str"),
        id=dict(type="int"),
        type=dict(type="str", choices=["transactional", "newsletter"]),
        domains=dict(type="list", elements="str"),
        allow_nets=dict(type="list", elements="str"),
        bounce_notification=dict(type="str"),
        bounce_notification_to_sender=dict(type="bool"),
        ignore_suppression_list=dict(type="bool"),
        state=dict(type="str", default="present", choices=["present", "absent", "enabled", "disabled"]),
        delete_after_billing=dict(type="bool", default=False),
        reset_password=dict(type="bool", default=False, no_log=False),
        **WAIT_OPTIONS
    )
    module_kwargs = dict(required_one_of=[("description", "id")])
    list_path = ACCOUNTS_PATH
    item_path = ACCOUNTS_PATH + "/{code}"
    status_path = ACCOUNTS_PATH + "/{code}/status"
    key_option = "description"
    key_field = "description"
    code_field = "id"
    billable_create = True

    credentials = None
    domain_codes = None

    def validate(self):
        p = self.params
        if p.get("description") is not None and not p["description"].strip():
            raise ModuleFailure("description must not be empty")
        if p["state"] == "absent" and p["reset_password"]:
            raise ModuleFailure("reset_password cannot be used with state=absent")
        if p["delete_after_billing"] and p["state"] != "absent":
            raise ModuleFailure("delete_after_billing is only used with state=absent")
        if p.get("domains") is not None:
            names = [name.strip().lower().rstrip(".") for name in p["domains"]]
            if any(not name for name in names):
                raise ModuleFailure("domains: empty domain name in the list")
            self.domain_names = sorted(set(names))

    # ------------------------------------------------------------------ reads
    def label(self):
        return "id %s" % self.params["id"] if self.params.get("id") is not None else self.params["description"]

    def find(self):
        if self.params.get("id") is not None:
            obj = self.get(self.params["id"])
            if obj is not None and obj.get("delete_on"):
                if self.params["state"] != "absent":
                    raise ModuleFailure("Delivery account id %s is scheduled for deletion on %s" % (
                        self.params["id"], obj["delete_on"]))
                return None
            return obj
        matches = find_accounts(self.client, self.wanted["description"])
        if len(matches) > 1:
            raise ModuleFailure("Delivery account description %r is ambiguous: %d accounts have it (ids %s); use id" % (
                self.wanted["description"], len(matches), ", ".join(str(m.get("id")) for m in matches)))
        return with_status_name(matches[0]) if matches else None

    def get(self, code):
        return with_status_name(self.client.get_one(self.path(self.item_path, code=code)))

    def converge(self, current):
        if self.params.get("domains") is not None and self.params["state"] != "absent":
            self.domain_codes = resolve_domain_codes(self.client, self.domain_names)  # fails before any write
        super(DeliveryAccount, self).converge(current)

    # ------------------------------------------------------------------ compare and write
    def compare(self, current):
        wanted_type = self.params.get("type")
        if wanted_type and current.get("type") not in (None, wanted_type) and not (
                current.get("type") == "promotional" and wanted_type == "newsletter"):
            raise ModuleFailure(
                "Delivery account %s is of type %s; the type of an existing account cannot be changed to %s. Create "
                "a new account with another description instead (and delete this one if it is no longer needed)"
                % (self.label(), current.get("type"), wanted_type))
        changes = super(DeliveryAccount, self).compare(current)
        if self.domain_codes is not None and set(domain_codes_of(current)) != set(self.domain_codes):
            changes["domain_codes"] = self.domain_codes
            self.note("domains", domain_names_of(current), self.domain_names)
        return changes

    def before_create(self):
        if self.params.get("id") is not None:
            raise ModuleFailure("Delivery account id %s does not exist; an account is created by description (the API "
                                "chooses its id)" % self.params["id"])
        if not self.params.get("type"):
            raise ModuleFailure("type is required to create Delivery account %s (transactional or newsletter)"
                                % self.params["description"])
        if self.domain_codes is not None:
            self.after["domains"] = self.domain_names
        self.after["type"] = self.params["type"]

    def create_values(self):
        values = super(DeliveryAccount, self).create_values()
        if self.domain_codes is not None:
            values["domain_codes"] = self.domain_codes
        return values

    def create(self):
        values = self.create_values()
        body = self.payload(dict((k, v) for k, v in values.items() if k in CREATE_FIELDS), creating=True)
        try:
            resp = self.client.post(ACCOUNTS_PATH, body, billable=True)
        except QboxmailUncertainError:
            again = self.find()
            if again is None:
                raise
            self.warnings.append("the create request failed in transit, but the account exists: using it (its SMTP "
                                 "password was not received; run with reset_password=true to get one)")
            return again["id"]
        created = (resp.resources or [{}])[0]
        code = self.client.created_code(resp, "id")
        self.reveal(created)
        rest = dict((k, v) for k, v in values.items() if k not in CREATE_FIELDS)
        if rest:
            self.client.put(self.path(self.item_path, code=code), rest)
        return code

    def reveal(self, obj):
        if obj.get("password"):
            self.credentials = dict(username=obj.get("username"), password=obj["password"],
                                    hostname=obj.get("config_hostname"))

    def delete(self, current):
        params = {"delete_after_billing": "true"} if self.params["delete_after_billing"] else None
        self.client.delete(self.path(self.item_path, code=current["id"]), params=params)

    def ensure_status(self, current, state):
        if state not in ("enabled", "disabled"):
            return current, False
        status = account_status(current.get("status")) if current.get("id") is not None else "enabled"
        if status == state:
            return current, False
        if status in STUCK:
            raise ModuleFailure("Delivery account %s %s; its status cannot be set to %s" % (self.label(), STUCK[status], state))
        self.note("status", status, state)
        if self.check_mode:
            return dict(current, status_name=state), False
        self.set_status(current, state)
        return current, True

    def special_steps(self, current):
        if not self.params["reset_password"] or self.credentials is not None:
            return current, False
        self.note("password", MASK, MASK + " (reset)")
        if self.check_mode:
            return current, False
        resp = self.client.put(self.path(self.item_path, code=current["id"]) + "/reset_password")
        self.reveal((resp.resources or [{}])[0])
        if self.credentials is None:
            raise ModuleFailure("Qboxmail reset the SMTP password of Delivery account %s but did not return it" % self.label())
        return current, True

    # ------------------------------------------------------------------ waiting and result
    def is_settled(self, obj):
        status = account_status(obj.get("status"))
        if status in STUCK:
            raise ModuleFailure("Delivery account %s %s" % (self.label(), STUCK[status]), delivery_account=self.shape(obj))
        return True

    def in_progress(self, obj):
        return False

    def result(self):
        out = super(DeliveryAccount, self).result()
        if self.credentials is not None:
            out["smtp_credentials"] = self.credentials
        return out


def main():
    DeliveryAccount.run()


if __name__ == "__main__":
    main()
