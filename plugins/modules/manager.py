#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: manager
short_description: Manage the managers of a Qboxmail reseller
version_added: 0.2.0
description:
  - Create, update, enable, disable and delete a manager of a Qboxmail reseller customer. A manager logs into the
    panel (and uses API tokens) to look after the Hosting domains and Delivery resources assigned to it, and sees
    nothing else.
  - A manager is identified by its e-mail address. Only the options you set are compared and changed.
  - Assigns Hosting domains by name (O(domains)) and Delivery domains and accounts (O(delivery_domains),
    O(delivery_accounts)), sets the manager's limits and its password.
  - Only a reseller customer, its team members with the C(managers_manage) permission, or an admin token can manage
    managers; any other token gets HTTP 403, which the module explains.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
options:
  email:
    description:
      - The manager's e-mail address, its login. Compared case-insensitively.
    type: str
    required: true
    aliases: [email_address]
  firstname:
    description:
      - First name. Required to create a manager.
      - Set on creation only. Qboxmail's update has no such field, so when an existing manager has another value the
        module warns and leaves it as it is.
    type: str
  lastname:
    description:
      - Last name. Required to create a manager. Set on creation only, like O(firstname).
    type: str
  company:
    description:
      - Company name. Set on creation only, like O(firstname).
    type: str
  catch_all:
    description:
      - Allow catch-all handling for the assigned domains. Set on creation only, like O(firstname).
    type: bool
  password:
    description:
      - Panel password, at least 8 characters with at least one letter and one digit (checked before any request).
        Required to create a manager.
      - Write-only, never returned and never in the diff; see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the manager is created.
      - V(always) sends it on every run, so the task reports a change on every run.
    type: str
    choices: [always, on_create]
    default: on_create
  max_domains:
    description: How many Hosting domains may be assigned to the manager; V(-1) for no limit.
    type: int
  max_email_accounts:
    description: How many mailboxes the manager may have in its domains; V(-1) for no limit.
    type: int
  max_email_accounts_archive:
    description: How many archived (Vault) mailboxes the manager may have; V(-1) for no limit.
    type: int
  max_email_accounts_25gb:
    description: How many 25 GB mailboxes the manager may have; V(-1) for no limit.
    type: int
  max_email_accounts_50gb:
    description: How many 50 GB mailboxes the manager may have; V(-1) for no limit.
    type: int
  max_email_accounts_100gb:
    description: How many 100 GB mailboxes the manager may have; V(-1) for no limit.
    type: int
  max_delivery_domains:
    description:
      - How many Delivery domains may be assigned to the manager; V(-1) for no limit.
      - Qboxmail's create has no such field, so a new manager gets it in an update right after the create.
    type: int
  max_delivery_accounts:
    description:
      - How many Delivery accounts may be assigned to the manager; V(-1) for no limit. Set like
        O(max_delivery_domains).
    type: int
  max_email_quota:
    description:
      - The largest mailbox the manager may create, as V(50M), V(1G) ... V(100G) (binary units). Must be one of the
        quotas Qboxmail allows; the error lists them.
      - V(5G), V(5g), V(5GiB) or a number of bytes; V(5GB) and V(5 GB) are refused as ambiguous (decimal or binary).
    type: str
  domains:
    description:
      - Names of the Hosting domains assigned to the manager (see M(qboxmail.qboxmail.domain)).
      - The complete set; a domain left out is unassigned. V([]) unassigns every domain. A domain assigned to another
        manager moves to this one.
      - An unknown domain fails the task before any change, naming it.
      - M(qboxmail.qboxmail.domain_info) lists the domains without a manager (C(list=without_manager)).
    type: list
    elements: str
  delivery_domains:
    description:
      - Names of the Delivery domains assigned to the manager (see M(qboxmail.qboxmail.delivery_domain)).
      - Qboxmail assigns a resource together with its linked resources (a domain brings the Delivery accounts it is
        assigned to). Those count as wanted; the module returns them in RV(linked_resources).
      - The complete set, with the linked resources of O(delivery_domains) and O(delivery_accounts); another
        Delivery domain assigned to the manager is unassigned. V([]) unassigns every Delivery domain that no listed
        account brings along. When not set, the Delivery domains are left alone (except those a listed account
        brings along).
      - Assigning goes through Qboxmail's assign endpoint one resource at a time; unassigning through its unassign
        endpoint, which removes only the resource it names.
    type: list
    elements: str
  delivery_accounts:
    description:
      - Descriptions (or ids) of the Delivery accounts assigned to the manager (see
        M(qboxmail.qboxmail.delivery_account)). An account brings the Delivery domains assigned to it.
      - The complete set, with the linked resources, like O(delivery_domains).
    type: list
    elements: str
  state:
    description:
      - V(present) makes sure the manager exists with the given settings.
      - V(enabled) and V(disabled) also set its status; a disabled manager cannot log in and its API tokens stop
        working.
      - V(absent) deletes the manager; its domains and Delivery resources stay, unassigned.
    type: str
    choices: [present, absent, enabled, disabled]
    default: present
notes:
  - Qboxmail's manager create has no C(customer_code) field; the manager belongs to the reseller whose token creates
    it. With an admin token, the module names the reseller with the connection option O(customer_code), sent in the
    query string of the create.
  - Check mode and diff mode read what assigning each listed Delivery resource would bring along, through Qboxmail's
    preview of the assignment (a read), so the diff shows the linked resources too. For a manager that does not exist
    yet the preview cannot be asked; check mode warns, and the real run assigns them.
  - A team member token needs the C(managers_manage) permission; without it the module says which permission is
    missing and how to grant it.
seealso:
  - module: qboxmail.qboxmail.manager_info
  - module: qboxmail.qboxmail.team_member
  - module: qboxmail.qboxmail.domain_info
"""

EXAMPLES = r"""
- name: A manager for Example Ltd with its two domains and its Delivery sending
  qboxmail.qboxmail.manager:
    email: it@example.com
    firstname: Ada
    lastname: Byron
    company: Example Ltd
    password: "{{ vault_manager_password }}"
    domains: [example.com, example.org]
    delivery_domains: [mail.example.com]     # brings the accounts it is assigned to
    max_domains: 5
    max_email_accounts: 200
    max_email_quota: 5G
  register: qbx_manager

- name: What came along with mail.example.com
  ansible.builtin.debug:
    var: qbx_manager.linked_resources.delivery_accounts

- name: Suspend the manager
  qboxmail.qboxmail.manager:
    email: it@example.com
    state: disabled

- name: Delete it (its domains stay, without a manager)
  qboxmail.qboxmail.manager:
    email: it@example.com
    state: absent
"""

RETURN = r"""
manager:
  description:
    - The manager as Qboxmail returns it (never its password); empty after deletion.
    - C(domain_codes), C(delivery_domain_codes) and C(delivery_account_ids) are its assignments; C(max_email_quota) is
      in bytes.
  returned: always
  type: dict
  sample:
    code: MN12345678
    email_address: it@example.com
    type: Manager
    status: enabled
    domain_codes: [D123456789]
    delivery_domain_codes: [DD66042061]
    delivery_account_ids: [42]
    max_domains: 5
    max_email_quota: 5368709120
linked_resources:
  description:
    - The Delivery resources assigned (or, in check mode, to be assigned) only because a listed one brings them along.
  returned: when O(delivery_domains) or O(delivery_accounts) is set
  type: dict
  contains:
    delivery_domains:
      description: Names of the Delivery domains.
      type: list
      elements: str
    delivery_accounts:
      description: Descriptions of the Delivery accounts.
      type: list
      elements: str
"""

from urllib.parse import urlencode

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import permission_hint
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import format_size, quota_bytes
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delegation import (
    MANAGER, MANAGERS, DeliveryAssignment, User, names_of, user_fields,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN, DOMAIN_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option, same
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import limit

CREATE_LIMITS = ("max_domains", "max_email_accounts", "max_email_accounts_archive", "max_email_accounts_25gb",
                 "max_email_accounts_50gb", "max_email_accounts_100gb")
RESELLER_HINT = ("managers belong to a reseller customer: run with the reseller's api_token (or one of its team members "
                 "with managers_manage), or with an admin token and customer_code set to the reseller")


def reseller_only(res, err):
    """Error hook of the create: a 403 that names no missing permission means the customer is not a reseller."""
    if err.status == 403 and not permission_hint(err.message):
        raise ModuleFailure("%s; %s" % (err, RESELLER_HINT), **err.details())
    return False


class Manager(User):
    name = what = "manager"
    fields = dict(
        user_fields(),
        company=Field(create_only=True),
        catch_all=Field("bool", create_only=True),
        max_delivery_domains=Field("int", to_api=limit, update_only=True),
        max_delivery_accounts=Field("int", to_api=limit, update_only=True),
        max_email_quota=Field(to_api=quota_bytes, from_api=format_size),
        domains=Field("list", elements="str", api="domain_codes", compare=None, ref=DOMAIN_REF),
        delivery_domains=Option("list", elements="str"),
        delivery_accounts=Option("list", elements="str"),
        **dict((name, Field("int", to_api=limit)) for name in CREATE_LIMITS)
    )
    identity = ("firstname", "lastname", "company", "catch_all")
    list_path, item_path, status_path = MANAGERS, MANAGER, MANAGER + "/status"
    delivery = None
    domain_names = None

    def resolve(self):
        super(Manager, self).resolve()
        self.delivery = DeliveryAssignment(self)
        self.delivery.resolve()

    def find(self):
        current = super(Manager, self).find()
        if current is not None and "domain_codes" not in current:
            current = self.get(current["code"])   # the list may not show the assignments; the manager itself does
        if self.state != "absent":
            self.delivery.read(self.client, current)
        if current is not None and "domains" in self.wanted and not self.same_domains(current):
            removed = [c for c in current.get("domain_codes") or [] if c not in self.wanted["domains"]]
            self.domain_names = names_of(self.client, DOMAIN, removed, "name")
        return current

    def same_domains(self, current):
        return same("set", current.get("domain_codes"), self.wanted["domains"])

    def compare(self, current, plan):
        changes = super(Manager, self).compare(current, plan)
        if "domains" in self.wanted and not self.same_domains(current):
            wanted = [DOMAIN_REF.key(d) for d in self.params["domains"]]
            names = dict(zip(self.wanted["domains"], wanted), **(self.domain_names or {}))
            changes["domain_codes"] = self.wanted["domains"]
            plan.note("domains", sorted(names.get(c, c) for c in current.get("domain_codes") or []), sorted(set(wanted)))
        return changes

    def create_body(self):
        return self.confirmed(self.create_values())   # [DOC] the manager create has no customer_code

    def create_write(self):
        write = super(Manager, self).create_write()
        write.error = reseller_only
        if self.client_customer():
            # GAP: the create body has no customer_code [DOC]; an admin token names the reseller in the query string.
            write.template += "?" + urlencode({"customer_code": self.client_customer()})
        return write

    def plan_steps(self, plan):
        self.delivery.plan(plan)

    def extra_result(self, obj):
        if self.state == "absent" or not self.delivery.listed:
            return {}
        return {"linked_resources": self.delivery.linked()}


def main():
    Manager.run()


if __name__ == "__main__":
    main()
