#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: signature_info
short_description: Read the e-mail signatures of a Qboxmail mailbox, or a domain's signature template data
version_added: 0.2.0
description:
  - With O(mailbox), return the signatures of the mailbox (one per identity).
  - With O(domain), return the variables a signature template of the domain may use, and the mailboxes without a
    signature, each with the address-book fields the template needs that the mailbox lacks (fill them with
    M(qboxmail.qboxmail.mailbox) before rolling out a template).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  mailbox:
    description: Address of the mailbox whose signatures to return.
    type: str
  identity:
    description: With O(mailbox), only the signature of this sending address (an empty list when it has none).
    type: str
  domain:
    description: Hosting domain whose template variables and mailboxes without a signature to return.
    type: str
seealso:
  - module: qboxmail.qboxmail.signature
"""

EXAMPLES = r"""
- name: Alice's signatures
  qboxmail.qboxmail.signature_info:
    mailbox: alice@example.com
  register: qbx_sigs

- name: Who has no signature yet, and what their address book data lacks
  qboxmail.qboxmail.signature_info:
    domain: example.com
  register: qbx_unsigned

- name: Show them
  ansible.builtin.debug:
    msg: "{{ item.email_address }} lacks {{ item.missing | join(', ') }}"
  loop: "{{ qbx_unsigned.accounts_without_signature }}"
"""

RETURN = r"""
signatures:
  description:
    - With O(mailbox), its signatures with the field names of M(qboxmail.qboxmail.signature) (snake_case) and
      C(position), the place in the list Qboxmail uses to address an identity.
  returned: with O(mailbox)
  type: list
  elements: dict
  sample:
    - {identity: alice@example.com, title: Work, body: "<p>Alice</p>", default_signature: true,
       default_signature_replies: false, sender_in_bcc: false, only_new_messages: false, position: 0}
  contains:
    options:
      description:
        - The object as the options of M(qboxmail.qboxmail.signature), in its units (sizes like V(5G), names
          instead of codes), without secrets; fed back into that module, it leaves the object as it is.
        - Its keys, each where the object has a value, are C(identity), C(body), C(title), C(state),
          C(default_signature), C(default_signature_replies), C(sender_in_bcc), C(only_new_messages), C(mailbox).
      type: dict
      returned: always
variables:
  description: With O(domain), the variables a signature template of the domain may use.
  returned: with O(domain)
  type: list
  elements: str
  sample: [firstname, lastname, email_address, company, job_title, phone]
accounts_without_signature:
  description:
    - With O(domain), the mailboxes that have no signature, with C(missing), the template fields their address book
      data lacks (an empty list when nothing is missing).
  returned: with O(domain)
  type: list
  elements: dict
  sample:
    - {email_address: bob@example.com, code: EA12345678, missing: [job_title, phone]}
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN_REF, MAILBOX_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._mailbox_data import (
    SIGNATURE_OPTIONS, SIGNATURE_VARIABLES, WITHOUT_SIGNATURE, read_signatures, top_level,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import domain_name, email_address


class SignatureInfo(InfoModule):
    name = "signatures"
    fields = dict(mailbox=Field(to_api=email_address), identity=Field(to_api=email_address), domain=Field(to_api=domain_name))
    view = SIGNATURE_OPTIONS
    parent_option = "mailbox"
    module_kwargs = dict(mutually_exclusive=[("mailbox", "domain")], required_one_of=[("mailbox", "domain")],
                         required_by={"identity": "mailbox"})

    @classmethod
    def execute(cls, ctx):
        info = cls(ctx)
        if info.wanted.get("mailbox"):
            return {"changed": False, "signatures": info.signatures()}
        return dict(info.domain_data(), changed=False)

    def signatures(self):
        mailbox = resolve(self.ctx, MAILBOX_REF, self.wanted["mailbox"], "mailbox")
        if mailbox["code"] == PENDING:
            return []
        identity = self.wanted.get("identity")
        return [self.with_options(sig) for sig in read_signatures(self.ctx.client, mailbox["code"])
                if not identity or sig["identity"] == identity]

    def domain_data(self):
        domain = resolve(self.ctx, DOMAIN_REF, self.wanted["domain"], "domain")
        if domain["code"] == PENDING:
            return {"variables": [], "accounts_without_signature": []}
        client = self.ctx.client
        data = top_level(client.get(path(SIGNATURE_VARIABLES, code=domain["code"])))
        missing = dict((str(row.get("email_address") or "").lower(), row.get("missing") or [])
                       for row in data.get("accounts_missing_fields") or [])
        unsigned = [dict(code=box.get("code"), email_address=box.get("email_address"),
                         missing=missing.get(str(box.get("email_address") or "").lower(), []))
                    for box in client.paginate(path(WITHOUT_SIGNATURE, code=domain["code"]))]
        return {"variables": data.get("variables") or [], "accounts_without_signature": scrub(unsigned)}


def main():
    SignatureInfo.run()


if __name__ == "__main__":
    main()
