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
  - qboxmail.qboxmail.attributes.LIST
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
  - Qboxmail refuses an alias named like an existing mailbox of the domain; the task (or the list item) fails with
    a message saying so. Destinations are checked as e-mail addresses before any request.
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
      description:
        - The alias as Qboxmail returns it; empty when absent.
        - Only for the items that changed, unless O(return_objects=all).
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

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import ALIASES, DOMAIN_REF, split_address
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import ALIAS_OPTIONS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import (
    LIST_FIELDS, WAIT_FIELDS, Lifecycle, Resource,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import same
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure

# [GUIDE] an alias has at most 20 destinations; [DOC] it must keep at least one.
MAX_DESTINATIONS = 20


class Alias(Resource):
    name = what = "alias"
    fields = dict(ALIAS_OPTIONS, **dict(LIST_FIELDS, **WAIT_FIELDS))
    list_option = "aliases"
    module_kwargs = dict(
        mutually_exclusive=[("aliases", opt) for opt in ("address", "name", "destinations")] + [("address", "name")],
        required_one_of=[("address", "name", "aliases")],
    )
    list_path = ALIASES
    item_path = ALIASES + "/{code}"
    parent, parent_option = DOMAIN_REF, "domain"
    lifecycle = Lifecycle("status", ("updating",), ("error",), "status_detail")
    inherit = Resource.inherit + ("destinations_mode",)

    def normalise(self):
        split_address(self.params, "alias")

    def label(self):
        return "alias %s@%s" % (self.params["name"], self.params["domain"])

    def validate(self):
        given = self.wanted.get("destinations")
        if given is not None and self.params.get("destinations_mode") != "remove":
            self.check_count(given)

    def check_count(self, destinations):
        if len(destinations) > MAX_DESTINATIONS:
            raise ModuleFailure("destinations: %s would have %d destinations; Qboxmail allows at most %d"
                                % (self.label(), len(destinations), MAX_DESTINATIONS))
        if not destinations:
            raise ModuleFailure("destinations: %s needs at least one destination (use state=absent to delete it)"
                                % self.label())

    def compare(self, current, plan):
        if "destinations" not in self.wanted:
            return {}
        have = [str(d).lower() for d in current.get("destinations") or []]
        given, mode = self.wanted["destinations"], self.params.get("destinations_mode") or "exact"
        want = have + [d for d in given if d not in have] if mode == "append" else (
            [d for d in have if d not in given] if mode == "remove" else given)
        self.check_count(want)
        if same("set", have, want):
            return {}
        plan.note("destinations", have, want)
        return {"destinations": want}

    def check_create(self):
        if self.params.get("destinations_mode") == "remove" or not self.wanted.get("destinations"):
            raise ModuleFailure("destinations are required to create %s" % self.label())

    def create_values(self):
        return {"name": self.params["name"], "destinations": self.wanted["destinations"]}

    def create_write(self):
        write = super(Alias, self).create_write()
        write.error = self.name_taken
        return write

    def name_taken(self, res, err):
        """Qboxmail refuses an alias named like a mailbox (the module relies on that answer: no extra read)."""
        if err.status == 422 and any(e.get("field") == "name" and "used" in str(e.get("description")) for e in err.errors):
            raise ModuleFailure("name: %s cannot be created: a mailbox of that name exists (%s)" % (self.label(), err))
        return False


def main():
    Alias.run()


if __name__ == "__main__":
    main()
