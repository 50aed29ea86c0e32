#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: team_member
short_description: Manage the team members of a Qboxmail customer
version_added: 0.2.0
description:
  - Create, update, enable, disable and delete a team member, a user who acts for the customer within the permissions
    it is granted (in the panel and with API tokens).
  - A team member is identified by its e-mail address. Only the options you set are compared and changed.
  - Team-member and manager tokens cannot manage team members (HTTP 403); use the customer's own token or an admin
    token.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
options:
  email:
    description: The team member's e-mail address, its login. Compared case-insensitively.
    type: str
    required: true
    aliases: [email_address]
  firstname:
    description:
      - First name. Required to create a team member.
      - Set on creation only. Qboxmail's update has no such field, so when an existing team member has another value
        the module warns and leaves it as it is.
    type: str
  lastname:
    description: Last name. Required to create a team member. Set on creation only, like O(firstname).
    type: str
  password:
    description:
      - Password, at least 8 characters with at least one letter and one digit (checked before any request). Required
        to create a team member.
      - Write-only, never returned and never in the diff; see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the team member is created.
      - V(always) sends it on every run, so the task reports a change on every run.
    type: str
    choices: [always, on_create]
    default: on_create
  permissions:
    description:
      - The permissions granted, as a set (order and duplicates do not matter); V([]) grants none.
      - Every request of a team-member token needs V(api_access); each kind of request needs its own permission
        besides (for example V(domains_view) to read domains, V(accounts_create) to create mailboxes,
        V(passwords_change) to set passwords, V(managers_manage) to manage managers).
      - An unknown key fails the task before any request.
    type: list
    elements: str
    choices: [domains_view, domains_create, domains_edit, domains_delete, accounts_view, accounts_create, accounts_edit,
              accounts_delete, archive_manage, passwords_change, email_logs, logs, api_access, managers_manage]
  state:
    description:
      - V(present) makes sure the team member exists with the given settings.
      - V(enabled) and V(disabled) also set its status; a disabled team member cannot log in and its API tokens stop
        working.
      - V(absent) deletes the team member.
    type: str
    choices: [present, absent, enabled, disabled]
    default: present
notes:
  - With an admin token, set the connection option O(customer_code) to the customer the team member belongs to
    (Qboxmail documents it for admin tokens only).
  - The permission key strings are not in Qboxmail's published reference; the module uses the keys of the panel's
    permission areas.
seealso:
  - module: qboxmail.qboxmail.team_member_info
  - module: qboxmail.qboxmail.manager
"""

EXAMPLES = r"""
- name: A help-desk colleague who may read and edit mailboxes and reset their passwords
  qboxmail.qboxmail.team_member:
    email: helpdesk@example.com
    firstname: Grace
    lastname: Hopper
    password: "{{ vault_helpdesk_password }}"
    permissions: [api_access, domains_view, accounts_view, accounts_edit, passwords_change]

- name: Let the automation account manage managers as well
  qboxmail.qboxmail.team_member:
    email: automation@example.com
    permissions: [api_access, domains_view, managers_manage]

- name: Remove a colleague who left
  qboxmail.qboxmail.team_member:
    email: helpdesk@example.com
    state: absent
"""

RETURN = r"""
team_member:
  description: The team member as Qboxmail returns it (never its password); empty after deletion.
  returned: always
  type: dict
  sample:
    code: T123456789
    email_address: helpdesk@example.com
    fullname: Grace Hopper
    type: TeamMember
    status: enabled
    permissions: [domains_view, accounts_view, accounts_edit, passwords_change, api_access]
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delegation import TEAM_MEMBER, TEAM_MEMBER_OPTIONS, TEAM_MEMBERS, User


class TeamMember(User):
    name = "team_member"
    what = "team member"
    fields = TEAM_MEMBER_OPTIONS
    list_path, item_path, status_path = TEAM_MEMBERS, TEAM_MEMBER, TEAM_MEMBER + "/status"


def main():
    TeamMember.run()


if __name__ == "__main__":
    main()
