#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: delivery_api_token
short_description: Manage Send API tokens of Qboxmail Delivery accounts
version_added: 0.1.0
description:
  - Create, update and revoke a Send API token of a Qboxmail Delivery account, identified by its O(label). This is
    the panel step "API tokens" of the Delivery setup, automated.
  - The plain token exists only in Qboxmail's answer to the create request. The module returns it on that run under
    RV(token), or writes it to O(token_file) instead. It cannot be read again; a lost token can only be replaced
    with O(regenerate=true).
  - Register the result with C(no_log=true), as in the examples, so that the token does not appear in logs.
  - A new token whose O(allow_nets) cannot be set right after the create is revoked at once, so that no token usable
    from anywhere is left behind; the task fails saying so, without the token. Only when that revocation fails too is
    the token returned under RV(token) (then revoke it with O(state=absent)).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
options:
  account:
    description:
      - The Delivery account of the token, by description or id (a number is taken as the id).
    type: str
    required: true
  label:
    description:
      - The token's label. Labels identify tokens here, so give each token of an account its own label; when two
        tokens of the account share the label, the module fails as ambiguous and names their ids.
    type: str
    required: true
  allow_nets:
    description:
      - IP addresses or networks (CIDR) the token may be used from; updated in place. Checked before any request.
      - The complete list; an address removed from it is revoked. V([]) removes every restriction.
      - When a new token's allow-list cannot be set, the new token is revoked at once (it would be usable from
        anywhere) and the task fails saying so.
    type: list
    elements: str
  state:
    description:
      - V(present) creates the token when there is none with this label.
      - V(absent) revokes it; it stops authenticating at once.
    type: str
    choices: [present, absent]
    default: present
  regenerate:
    description:
      - Revoke the token and create a new one with the same label and allow-list. Always reports a change.
      - Use it when the plain token was lost, or to rotate it.
    type: bool
    default: false
  token_file:
    description:
      - Write the plain token to this file on the host the module runs on, instead of returning it in RV(token).
      - Written only when a token is created (or regenerated), atomically and with mode C(0600); an existing file
        is never overwritten otherwise. Not written in check mode. The directory must exist and be writable; this is
        checked before the token is created, so that its value can never be lost.
    type: path
notes:
  - Tokens belong to a Delivery account; create it first with M(qboxmail.qboxmail.delivery_account).
  - Qboxmail's create call takes only the label; the allow-list is set by a second request right after it.
seealso:
  - module: qboxmail.qboxmail.delivery_api_token_info
  - module: qboxmail.qboxmail.delivery_account
"""

EXAMPLES = r"""
- name: Create the Send API token of the shop (the plain token is returned only on this run)
  qboxmail.qboxmail.delivery_api_token:
    account: Shop notifications
    label: shop-backend
    allow_nets: [203.0.113.10]
  register: qbx_token
  no_log: true

- name: Store it in a vault of your choice; it cannot be read again
  ansible.builtin.copy:
    content: "{{ qbx_token.token }}"
    dest: /etc/myapp/send-token
    mode: "0600"
  when: qbx_token.token is defined
  no_log: true

- name: Or let the module write it, once, on the host it runs on
  qboxmail.qboxmail.delivery_api_token:
    account: Shop notifications
    label: shop-worker
    token_file: /etc/myapp/worker-send-token

- name: Rotate a token
  qboxmail.qboxmail.delivery_api_token:
    account: Shop notifications
    label: shop-worker
    regenerate: true
    token_file: /etc/myapp/worker-send-token

- name: Revoke a token
  qboxmail.qboxmail.delivery_api_token:
    account: 42
    label: old-integration
    state: absent
"""

RETURN = r"""
api_token:
  description: The token as Qboxmail lists it (never the plain token); empty after revocation.
  returned: always
  type: dict
  sample:
    id: 7
    label: shop-backend
    token_preview: qbxs_1a2b...
    allow_nets: [203.0.113.10]
    created_at: "2026-01-31T10:00:00Z"
    last_used_at: null
token:
  description:
    - The plain Send API token. Returned only by the run that created (or regenerated) it, and only without
      O(token_file). It cannot be read again.
  returned: when the token was created and O(token_file) is not set (not in check mode)
  type: str
token_file:
  description: The path the plain token was written to.
  returned: when the token was created and O(token_file) is set (not in check mode)
  type: str
account:
  description: The Delivery account of the token (id and description).
  returned: always
  type: dict
"""

import os

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    ACCOUNT_REF, API_TOKEN_OPTIONS, PLAIN_TOKEN_KEYS, TOKENS_PATH, read_text, write_private_file,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import MASK, ModuleFailure


class DeliveryApiToken(Resource):
    name = "api_token"
    what = "Send API token"
    fields = API_TOKEN_OPTIONS
    list_path = TOKENS_PATH
    item_path = TOKENS_PATH + "/{code}"
    key = key_field = "label"
    code_field = "id"
    unpaged_list = True   # [DOC] the token list has no parameters
    plain = None
    parent, parent_option = ACCOUNT_REF, "account"

    def validate(self):
        if self.state == "absent" and self.params["regenerate"]:
            raise ModuleFailure("regenerate cannot be used with state=absent")
        self.params["label"] = self.wanted["label"]
        target = self.params.get("token_file")
        if target and self.state == "present":   # checked before a token exists whose value could be lost
            directory = os.path.dirname(os.path.abspath(target))
            if os.path.isdir(target):
                raise ModuleFailure("token_file: %s is a directory; give the path of a file" % target)
            if not os.path.isdir(directory) or not os.access(directory, os.W_OK | os.X_OK):
                raise ModuleFailure("token_file: the directory %s does not exist or is not writable on the host the "
                                    "module runs on" % directory)

    def label(self):
        return "Send API token %r of Delivery account %s" % (self.params["label"], self.params["account"])

    def get(self, code):
        """GET of one token is not documented: read the account's token list (tokens are few)."""
        for obj in self.client.list_unpaged(self.path(self.list_path)):
            if str(obj.get("id")) == str(code):
                return obj
        return None

    def plan(self, current):
        regenerate = current is not None and self.params["regenerate"] and self.state == "present"
        plan = super(DeliveryApiToken, self).plan(None if regenerate else current)
        if current is not None and not regenerate and self.params.get("token_file") and \
                read_text(self.params["token_file"]) is None:
            self.warnings.append("token_file %s does not exist, and the token %r cannot be read again: run with "
                                 "regenerate=true to replace it" % (self.params["token_file"], self.params["label"]))
        if regenerate:
            plan.writes.insert(0, Write("DELETE", self.item_path, code=current["id"]))
            plan.before, plan.after = {"token": MASK}, {"token": MASK + " (regenerated)"}
        create = next((w for w in plan.writes if w.creates), None)
        if create is not None:
            create.body = {"label": self.params["label"]}
            create.done = self.reveal
            for write in plan.writes[plan.writes.index(create) + 1:]:
                write.error = self.revoke
            plan.add(Write("GET", None, run=self.deliver))
        return plan

    def recover_create(self, client, write):
        raise ModuleFailure("the request creating %s got no answer; a token may have been created without its value "
                            "reaching us. Check with delivery_api_token_info and revoke it in that case" % self.label(),
                            changed=True)

    def reveal(self, res, resp):
        created = (resp.resources or [{}])[0]
        self.plain = next((created[k] for k in PLAIN_TOKEN_KEYS if created.get(k)), None)
        if self.plain is None:
            raise ModuleFailure("Qboxmail created %s (id %s) but did not return its value" % (self.label(), self.code))

    def deliver(self, res, client):
        """Once the new token is restricted: its value to token_file (0600, atomic) or to the result, once."""
        if self.params.get("token_file"):
            self.ctx.revealed["token_file"] = write_private_file(self.params["token_file"], self.plain)
        else:
            self.ctx.revealed["token"] = self.plain

    def revoke(self, res, err):
        """A new token whose allow-list could not be set would be usable from anywhere: revoke it."""
        try:
            self.client.delete(self.path(self.item_path))
            undone = "the new token was revoked"
        except QboxmailError as again:
            undone = "revoking the new token failed too (%s): revoke it with state=absent; its value is under `token`" % again
            self.ctx.revealed["token"] = self.plain
        raise ModuleFailure("the allow_nets of %s could not be set (%s); %s" % (self.label(), err, undone), changed=True)

    def extra_result(self, obj):
        return {"account": dict((k, (self.parent_obj or {}).get(k)) for k in ("id", "description"))}


def main():
    DeliveryApiToken.run()


if __name__ == "__main__":
    main()
