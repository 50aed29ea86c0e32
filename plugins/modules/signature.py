#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: signature
short_description: Manage the e-mail signatures of a Qboxmail mailbox
version_added: 0.2.0
description:
  - Create, update and delete the signature of one identity of a Qboxmail hosted mailbox.
  - An identity is a sending address of the mailbox; the default identity is the mailbox's own address.
  - Only the options you set are compared and changed; unset options keep their current value.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
options:
  mailbox:
    description: Address of the mailbox (its postmaster too).
    type: str
    required: true
  identity:
    description:
      - Sending address whose signature this is, compared case-insensitively. Defaults to O(mailbox).
    type: str
  body:
    description:
      - The signature, in HTML. Required to create a signature. Compared exactly (also white space).
      - The signature template variables of the domain are listed by M(qboxmail.qboxmail.signature_info).
    type: str
  title:
    description: Title of the signature.
    type: str
  default_signature:
    description:
      - Use it by default for new messages. Qboxmail keeps one default per mailbox, so setting it on one identity
        clears it on the others.
    type: bool
  default_signature_replies:
    description:
      - Use it by default for replies (one per mailbox, like O(default_signature)).
      - Qboxmail shows this flag on signatures but does not document it among the fields a request takes, so the
        module never sends it; it is compared (an M(qboxmail.qboxmail.signature_info) result feeds back), and a
        value that differs from the signature's fails the task before any request. Change it in the panel.
    type: bool
  sender_in_bcc:
    description: Put the sender in Bcc of the messages signed with it.
    type: bool
  only_new_messages:
    description: Add it to new messages only, not to replies and forwards.
    type: bool
  state:
    description: V(present) makes sure the signature exists with the given settings; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Qboxmail addresses an identity by its position in the mailbox's list of signatures; the module finds it by its
    address on every run, so deleting one identity never touches another. A delete whose answer did not arrive is
    not repeated blindly, as the next identity would have moved into its position; the list is read first.
seealso:
  - module: qboxmail.qboxmail.signature_info
"""

EXAMPLES = r"""
- name: Alice's default signature
  qboxmail.qboxmail.signature:
    mailbox: alice@example.com
    title: Work
    body: "<p>Alice Rossi<br>Example Ltd</p>"
    default_signature: true

- name: The signature of a second identity (an alias Alice sends from)
  qboxmail.qboxmail.signature:
    mailbox: alice@example.com
    identity: sales@example.com
    body: "<p>Example Ltd sales team</p>"
    only_new_messages: true

- name: Remove it
  qboxmail.qboxmail.signature:
    mailbox: alice@example.com
    identity: sales@example.com
    state: absent
"""

RETURN = r"""
signature:
  description:
    - The signature, with the field names of the options (Qboxmail answers in camelCase, C(defaultSignature)...), and
      C(position), its place in the mailbox's list; empty after deletion.
  returned: always
  type: dict
  sample:
    identity: alice@example.com
    title: Work
    body: "<p>Alice Rossi<br>Example Ltd</p>"
    default_signature: true
    default_signature_replies: false
    sender_in_bcc: false
    only_new_messages: false
    position: 0
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import MAILBOX_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._mailbox_data import SIGNATURE_OPTIONS, SIGNATURES, read_signatures
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Resource, Write, fold
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address


class Signature(Resource):
    name = what = "signature"
    fields = SIGNATURE_OPTIONS
    list_path = SIGNATURES
    item_path = SIGNATURES + "/{code}"
    parent, parent_option = MAILBOX_REF, "mailbox"
    key = key_field = "identity"
    code_field = "position"
    current = None

    def normalise(self):
        try:
            self.params["mailbox"] = email_address(self.params["mailbox"])
        except ValueError as exc:
            raise ModuleFailure("mailbox: %s" % exc)
        if self.params.get("identity") in (None, ""):
            self.params["identity"] = self.params["mailbox"]

    def validate(self):
        self.params["identity"] = self.wanted["identity"]

    def label(self):
        return "signature of %s (mailbox %s)" % (self.params["identity"], self.params["mailbox"])

    def find(self):
        if self.parent_missing():
            return None
        found = [sig for sig in read_signatures(self.client, self.parent_code) if fold(sig["identity"]) == self.params["identity"]]
        if len(found) > 1:
            raise ModuleFailure("%s is ambiguous: %d signatures have this identity" % (self.label(), len(found)))
        self.current = found[0] if found else None
        return self.current

    def get(self, code):
        return self.find()

    def check_create(self):
        if self.params.get("body") is None:
            raise ModuleFailure("body is required to create the %s" % self.label())

    def plan_delete(self):
        """DELETE by position is never repeated: after an answer that did not arrive, the list tells whether it happened
        (the identity is gone). If the identity is still listed, the DELETE may still be processed late, and sending it
        again could delete the identity that moves into that position: fail, and let a re-run look again."""
        return Write("DELETE", self.item_path, once=True, applied=lambda res: res.find() is None,
                     error=lambda res, err: err.status == 404, uncertain=(
                         "DELETE of the %s got no answer and the signature is still listed: Qboxmail may have processed "
                         "it late. Run the task again; a DELETE by position is never repeated blindly, since it could "
                         "delete another signature" % self.label()))

    def update_write(self, changes):
        """PUT /api/signatures/{code} names the identity in the body, which needs `body` every time [DOC]."""
        body = dict({"identity": self.params["identity"], "body": self.current.get("body") or ""}, **changes)
        return Write("PUT", self.list_path, body)


def main():
    Signature.run()


if __name__ == "__main__":
    main()
