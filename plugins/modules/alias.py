#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: alias
short_description: Manage Qboxmail e-mail aliases, one or a whole list per task
version_added: 0.1.0
description:
  - Create, update and delete an e-mail alias of a Qboxmail Hosting domain, an address that delivers to a set of
    destination addresses.
  - Destinations are compared as a set (order, case and duplicates do not matter). By default the given
    destinations are the complete set; O(destinations_mode) also allows adding or removing some.
  - With O(aliases), converge a whole list of aliases of one domain in one task, reading the current aliases with
    list calls and sending only the needed writes, concurrently with O(workers) threads.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.WAIT
options:
  address:
    description:
      - Address of the alias, V(name@domain). Give either O(address), or O(name) with O(domain).
    type: str
    aliases: [email]
  name:
    description: Local part of the alias address; needs O(domain).
    type: str
  domain:
    description: Hosting domain of the alias. Required with O(name) and with O(aliases).
    type: str
  state:
    description:
      - V(present) makes sure the alias exists with the given destinations; V(absent) deletes it.
      - With O(aliases), the state of the items that do not set their own.
    type: str
    choices: [present, absent]
    default: present
  destinations:
    description:
      - Addresses the alias delivers to. Qboxmail allows between 1 and 20 of them.
      - Required to create an alias.
    type: list
    elements: str
  destinations_mode:
    description:
      - V(exact) makes O(destinations) the complete set.
      - V(append) adds O(destinations) to the current ones.
      - V(remove) removes O(destinations) from the current ones; at least one must remain (delete the alias with
        O(state=absent) instead).
    type: str
    choices: [exact, append, remove]
    default: exact
  aliases:
    description:
      - A list of aliases of O(domain) to converge in one task, each with the single-alias options and its own
        O(aliases[].state). Mutually exclusive with the single-alias options.
      - Aliases the list does not mention are left alone unless O(purge=true).
    type: list
    elements: dict
    suboptions:
      address:
        description: Address of the alias (or give O(aliases[].name)).
        type: str
        aliases: [email]
      name:
        description: Local part of the alias address.
        type: str
      state:
        description: Like O(state); defaults to the task's O(state).
        type: str
        choices: [present, absent]
      destinations:
        description: Like O(destinations).
        type: list
        elements: str
      destinations_mode:
        description: Like O(destinations_mode); defaults to the task's O(destinations_mode).
        type: str
        choices: [exact, append, remove]
  purge:
    description: With O(aliases), delete the aliases of O(domain) that the list does not mention.
    type: bool
    default: false
  workers:
    description: With O(aliases), how many writes run at the same time (each worker uses its own HTTP session).
    type: int
    default: 4
notes:
  - An alias cannot be named like an existing mailbox of the domain; the module says so before asking Qboxmail.
seealso:
  - module: qboxmail.qboxmail.alias_info
  - module: qboxmail.qboxmail.mailbox
"""

EXAMPLES = r"""
- name: info@ delivers to two people
  qboxmail.qboxmail.alias:
    address: info@example.com
    destinations: [alice@example.com, bob@example.com]

- name: Add one more, keeping the others
  qboxmail.qboxmail.alias:
    address: info@example.com
    destinations: [carol@example.com]
    destinations_mode: append

- name: Every alias of the domain in one task, deleting the ones not listed
  qboxmail.qboxmail.alias:
    domain: example.com
    purge: true
    aliases:
      - {name: sales, destinations: [alice@example.com]}
      - {name: support, destinations: [bob@example.com, carol@example.com]}
      - {name: old, state: absent}
"""

RETURN = r"""
alias:
  description: The alias as Qboxmail returns it; empty after deletion.
  returned: without O(aliases)
  type: dict
  sample:
    code: AE12345678
    name: info
    domain_name: example.com
    destinations: [alice@example.com, bob@example.com]
    status: enabled
    status_detail: ok
aliases:
  description: One entry per item of O(aliases) (then per purged alias), in that order.
  returned: with O(aliases)
  type: list
  elements: dict
  contains:
    name:
      description: Local part of the alias address.
      type: str
    state:
      description: The state asked for.
      type: str
    changed:
      description: Whether this alias changed (or would change, in check mode).
      type: bool
    changes:
      description: The options that changed (V(state) for a creation or a deletion).
      type: list
      elements: str
    alias:
      description: The alias as Qboxmail returns it; empty when absent.
      type: dict
    failed:
      description: Present and true when this item failed.
      type: bool
    msg:
      description: The error of a failed item.
      type: str
summary:
  description: Counts of a list task.
  returned: with O(aliases)
  type: dict
  sample: {items: 20, changed: 2, created: 1, updated: 1, deleted: 0, failed: 0, requests: 5}
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._bulk import LIST_OPTIONS, run_list
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import (
    DomainChildMixin, resolve_domain, split_address,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import (
    WAIT_OPTIONS, Field, ModuleFailure, Resource, same,
)

# [GUIDE] an alias has at most 20 destinations; [DOC] it must keep at least one.
MAX_DESTINATIONS = 20

ITEM_OPTIONS = dict(
    address=dict(type="str", aliases=["email"]),
    name=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"]),
    destinations=dict(type="list", elements="str"),
    destinations_mode=dict(type="str", choices=["exact", "append", "remove"]),
)


def addresses(values):
    """Lower-cased destinations without duplicates, in the order given."""
    out = []
    for value in values:
        value = str(value).strip().lower()
        if value and value not in out:
            out.append(value)
    return out


class Alias(DomainChildMixin, Resource):
    name = "alias"
    fields = {
        "name": Field(create_only=True),
        "destinations": Field(compare="set", to_api=addresses),
    }
    options = dict(ITEM_OPTIONS, domain=dict(type="str"),
                   aliases=dict(type="list", elements="dict", options=ITEM_OPTIONS), **LIST_OPTIONS)
    options["state"] = dict(ITEM_OPTIONS["state"], default="present")
    options["destinations_mode"] = dict(ITEM_OPTIONS["destinations_mode"], default="exact")
    options.update(WAIT_OPTIONS)
    module_kwargs = dict(
        mutually_exclusive=[("aliases", opt) for opt in ("address", "name", "destinations")] + [("address", "name")],
        required_one_of=[("address", "name", "aliases")],
    )
    list_path = "/api/domains/{domain_code}/alias_email_accounts"
    item_path = "/api/domains/{domain_code}/alias_email_accounts/{code}"
    list_option = "aliases"
    mailbox_names = None  # names of the domain's mailboxes, when the list mode loaded them

    def __init__(self, module, client=None, params=None):
        params = params if params is not None else module.params
        if params.get("address") or params.get("name"):
            split_address(params)
        super(Alias, self).__init__(module, client=client, params=params)

    @classmethod
    def run_list(cls, module):
        params = module.params
        if not params.get("domain"):
            raise ModuleFailure("domain is required with aliases")
        shared = dict((k, params.get(k)) for k in ("domain", "state", "destinations_mode", "wait", "wait_timeout"))
        return run_list(module, cls, "aliases", shared,
                        lambda client: {"domain_code": resolve_domain(client, params["domain"])}, "aliases")

    @staticmethod
    def bulk_prepare(client, planned, index):
        """One listing of the domain's mailboxes when the list creates aliases (names must not collide)."""
        creating = [res for res in planned if res.params.get("state") != "absent" and res.params["name"] not in index]
        if not creating:
            return
        names = set(box.get("name") for box in client.paginate(creating[0].path(
            "/api/domains/{domain_code}/email_accounts")))
        for res in creating:
            res.mailbox_names = names

    def address(self):
        return "%s@%s" % (self.params["name"], self.params["domain"])

    def validate(self):
        if not self.params.get("name"):
            raise ModuleFailure("give the alias address, or name and domain")
        if not self.params.get("domain"):
            raise ModuleFailure("domain is required with name (or give the full address)")
        given = self.wanted.get("destinations")
        if given is not None and self.params.get("destinations_mode") != "remove":
            self.check_count(given)

    def check_count(self, destinations):
        if len(destinations) > MAX_DESTINATIONS:
            raise ModuleFailure("alias %s would have %d destinations; Qboxmail allows at most %d"
                                % (self.address(), len(destinations), MAX_DESTINATIONS))
        if not destinations:
            raise ModuleFailure("alias %s needs at least one destination (use state=absent to delete it)"
                                % self.address())

    def desired(self, have):
        given = self.wanted["destinations"]
        mode = self.params.get("destinations_mode") or "exact"
        if mode == "append":
            return have + [d for d in given if d not in have]
        if mode == "remove":
            return [d for d in have if d not in given]
        return given

    def compare(self, current):
        if "destinations" not in self.wanted:
            return {}
        have = addresses(current.get("destinations") or [])
        want = self.desired(have)
        self.check_count(want)
        if same("set", have, want):
            return {}
        self.note("destinations", have, want)
        return {"destinations": want}

    def before_create(self):
        if self.params.get("destinations_mode") == "remove" or not self.wanted.get("destinations"):
            raise ModuleFailure("destinations are required to create alias %s" % self.address())
        names = self.mailbox_names
        if names is None:
            taken = self.client.find(self.path("/api/domains/{domain_code}/email_accounts"), "name", self.params["name"])
            names = set(box.get("name") for box in taken)
        if self.params["name"] in names:
            raise ModuleFailure("alias %s cannot be created: a mailbox of that name exists" % self.address())

    def create_values(self):
        return {"name": self.params["name"], "destinations": self.wanted["destinations"]}


def main():
    Alias.run()


if __name__ == "__main__":
    main()
