#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: team_member_info
short_description: Read the team members of a Qboxmail customer
version_added: 0.2.0
description:
  - Return one team member by e-mail address or code, or the team members matching a search or a status, read page by
    page, each with its C(permissions).
  - Team-member and manager tokens cannot read team members (HTTP 403). With an admin token, the connection option
    O(customer_code) narrows the list to one customer.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  email:
    description: Exact e-mail address of one team member. Returns a list of one team member, or an empty list.
    type: str
    aliases: [email_address]
  code:
    description: Team member code (V(T) followed by 9 digits).
    type: str
  query:
    description: Text search on the address and name, done by Qboxmail (substring match).
    type: str
  status:
    description: Only team members with this status; V(all) for both.
    type: str
    choices: [all, enabled, disabled]
    default: all
seealso:
  - module: qboxmail.qboxmail.team_member
"""

EXAMPLES = r"""
- name: Who may act for the customer
  qboxmail.qboxmail.team_member_info:
    status: enabled
  register: qbx

- name: The permissions of one team member
  ansible.builtin.debug:
    msg: "{{ (qbx.team_members | selectattr('email_address', 'equalto', 'helpdesk@example.com') | first).permissions }}"
"""

RETURN = r"""
team_members:
  description: The matching team members as Qboxmail returns them (never their passwords).
  returned: always
  type: list
  elements: dict
  sample:
    - code: T123456789
      email_address: helpdesk@example.com
      fullname: Grace Hopper
      status: enabled
      permissions: [domains_view, accounts_view, api_access]
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.team_member), in its units (sizes like V(5G), names
          instead of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(email), C(firstname), C(lastname), C(state),
          C(permissions).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delegation import (
    TEAM_MEMBER, TEAM_MEMBERS, TEAM_MEMBER_OPTIONS, UserInfo, user_info_fields,
)


class TeamMemberInfo(UserInfo):
    name = "team_members"
    view = TEAM_MEMBER_OPTIONS
    fields = user_info_fields("team_member")
    list_path, item_path = TEAM_MEMBERS, TEAM_MEMBER


def main():
    TeamMemberInfo.run()


if __name__ == "__main__":
    main()
