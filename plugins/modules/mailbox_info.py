#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailbox_info
short_description: Read Qboxmail mailboxes (e-mail accounts)
version_added: 0.1.0
description:
  - Return one mailbox of a Qboxmail Hosting domain by address or code, or the mailboxes of the domain matching a
    search, read page by page (100 per request) with server-side filters.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  domain:
    description: Hosting domain of the mailboxes. Required unless O(address) is given.
    type: str
  address:
    description: Exact address, V(user@domain). Returns a list of one mailbox, or an empty list.
    type: str
    aliases: [email]
  name:
    description: Exact local part of the address (with O(domain)).
    type: str
  code:
    description: Mailbox code (V(EA) followed by 8 digits, V(P) followed by 9 for the postmaster).
    type: str
  query:
    description: Text search on the address, done by Qboxmail (substring match).
    type: str
  status:
    description: Only mailboxes with this status, for example V(enabled) or V(disabled).
    type: str
seealso:
  - module: qboxmail.qboxmail.mailbox
"""

EXAMPLES = r"""
- name: One mailbox
  qboxmail.qboxmail.mailbox_info:
    address: alice@example.com
  register: qbx

- name: Every disabled mailbox of a domain
  qboxmail.qboxmail.mailbox_info:
    domain: example.com
    status: disabled

- name: Mailboxes whose address contains "sales"
  qboxmail.qboxmail.mailbox_info:
    domain: example.com
    query: sales
"""

RETURN = r"""
mailboxes:
  description: The matching mailboxes as Qboxmail returns them (no passwords). Quotas are in bytes.
  returned: always
  type: list
  elements: dict
  sample:
    - code: EA12345678
      name: alice
      email_address: alice@example.com
      status: enabled
      status_detail: ok
      max_email_quota: 5368709120
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.mailbox), in its units (sizes like V(5G), names instead
          of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(name), C(state), C(quota), C(forward_to),
          C(allow_nets), C(tags), C(language), C(timezone), C(outbound_limit), C(force_new_password),
          C(bounce_message), C(imap), C(pop), C(smtp), C(webmail), C(forward_keep_copy), C(autoresponder_enabled),
          C(spam_in_inbox), C(reject_incoming), C(password_change_disabled), C(firstname), C(lastname),
          C(autoresponder_subject), C(autoresponder_body), C(autoresponder_start_date), C(autoresponder_end_date),
          C(domain).
      type: dict
      returned: always
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import MAILBOXES, DomainChildInfo
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import MAILBOX_OPTIONS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code


class MailboxInfo(DomainChildInfo):
    name = "mailboxes"
    what = "mailbox"
    fields = DomainChildInfo.child_fields(code("mailbox"))
    list_path, item_path = MAILBOXES, MAILBOXES + "/{code}"
    view = MAILBOX_OPTIONS


def main():
    MailboxInfo.run()


if __name__ == "__main__":
    main()
