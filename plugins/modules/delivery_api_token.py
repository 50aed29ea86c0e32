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
      - IP addresses or networks (CIDR) the token may be used from; updated in place.
      - The complete list; an address removed from it is revoked. V([]) removes every restriction.
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
        is never overwritten otherwise. Not written in check mode. The directory must exist.
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

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError, QboxmailUncertainError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    PLAIN_TOKEN_KEYS, TOKENS_PATH, find_account, read_text, write_private_file,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Field, ModuleFailure, Resource


class DeliveryApiToken(Resource):
    name = "api_token"
    fields = {
        "label": Field(create_only=True, to_api=lambda v: v.strip()),
        "allow_nets": Field(compare="set"),
    }
    options = dict(
        account=dict(type="str", required=True),
        label=dict(type="str", required=True),
        allow_nets=dict(type="list", elements="str"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        regenerate=dict(type="bool", default=False, no_log=False),
        token_file=dict(type="path", no_log=False),
    )
    list_path = TOKENS_PATH
    item_path = TOKENS_PATH + "/{code}"
    key_option = "label"
    key_field = "label"
    code_field = "id"

    account = None
    plain = None
    written_file = None

    def validate(self):
        if not self.wanted["label"]:
            raise ModuleFailure("label must not be empty")
        if self.params["state"] == "absent" and self.params["regenerate"]:
            raise ModuleFailure("regenerate cannot be used with state=absent")
        self.params["label"] = self.wanted["label"]

    def path_args(self):
        return {"account_id": (self.account or {}).get("id")}

    def execute(self):
        self.account = find_account(self.client, self.params["account"].strip())
        if self.account is None:
            if self.params["state"] == "absent":
                self.current = None
                return
            if not self.check_mode:
                raise ModuleFailure("Delivery account %s not found: create it with qboxmail.qboxmail.delivery_account "
                                    "first" % self.params["account"])
            self.warnings.append("Delivery account %s does not exist yet; the token would be created with it"
                                 % self.params["account"])
            self.converge(None)
            return
        super(DeliveryApiToken, self).execute()

    def find(self):
        matches = self.client.find(self.path(self.list_path), "label", self.params["label"])
        if len(matches) > 1:
            raise ModuleFailure(
                "label %r is ambiguous: Delivery account %s has %d Send API tokens with it (ids %s). Revoke the extra "
                "ones (state=absent needs a unique label, so use the Qboxmail panel) or give this token another label"
                % (self.params["label"], self.params["account"], len(matches),
                   ", ".join(str(m.get("id")) for m in matches)))
        return matches[0] if matches else None

    def get(self, code):
        """GET of one token is not documented: read the account's token list (tokens are few)."""
        for obj in self.client.paginate(self.path(self.list_path)):
            if str(obj.get("id")) == str(code):
                return obj
        return None

    def converge(self, current):
        if current is not None and self.params["regenerate"] and self.params["state"] == "present":
            self.note("token", "********", "******** (regenerated)")
            if not self.check_mode:
                self.delete(current)
            current = None
        super(DeliveryApiToken, self).converge(current)
        if current is not None and self.params.get("token_file") and read_text(self.params["token_file"]) is None:
            self.warnings.append("token_file %s does not exist, and the token %r cannot be read again: run with "
                                 "regenerate=true to replace it" % (self.params["token_file"], self.params["label"]))

    def create(self):
        path = self.path(self.list_path)
        try:
            resp = self.client.post(path, {"label": self.params["label"]})
        except QboxmailUncertainError:
            raise ModuleFailure("the request creating Send API token %r failed in transit; a token may have been created "
                                "without its value reaching us. Check with delivery_api_token_info and revoke it in that "
                                "case" % self.params["label"])
        created = (resp.resources or [{}])[0]
        for key in PLAIN_TOKEN_KEYS:
            if created.get(key):
                self.plain = created[key]
                break
        code = self.client.created_code(resp, "id")
        if self.plain is None:
            raise ModuleFailure("Qboxmail created Send API token %r (id %s) but did not return its value" % (
                self.params["label"], code))
        if self.params.get("token_file"):
            self.written_file = write_private_file(self.params["token_file"], self.plain)
        nets = self.wanted.get("allow_nets")
        if nets:
            try:
                self.client.put(self.path(self.item_path, code=code), {"allow_nets": nets})
            except QboxmailError as err:
                raise ModuleFailure("Send API token %r was created but its allow_nets could not be set: %s. Run again "
                                    "to set them%s" % (self.params["label"], err, "" if self.written_file else
                                                       "; the token value is in this result under `token`"),
                                    **self.secret_result())
        return code

    def secret_result(self):
        if self.written_file:
            return {"token_file": self.written_file}
        return {"token": self.plain} if self.plain else {}

    def result(self):
        out = super(DeliveryApiToken, self).result()
        out.update(self.secret_result())
        out["account"] = dict((k, (self.account or {}).get(k)) for k in ("id", "description"))
        return out


def main():
    DeliveryApiToken.run()


if __name__ == "__main__":
    main()
