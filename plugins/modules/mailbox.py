#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: mailbox
short_description: Manage Qboxmail mailboxes (e-mail accounts), one or a whole list per task
version_added: 0.1.0
description:
  - Create, update, enable, disable and delete a mailbox of a Qboxmail Hosting domain, identified by its address.
  - With O(mailboxes), converge a whole list of mailboxes of one domain in one task. The module reads the current
    mailboxes with list calls at the largest page size, sends only the writes that are needed, concurrently with
    O(workers) threads, and reports per mailbox what changed.
  - Only the options you set are compared and changed; unset options keep their current value.
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
      - Address of the mailbox, V(user@domain). Compared case-insensitively.
      - Give either O(address), or O(name) with O(domain).
    type: str
    aliases: [email]
  name:
    description: Local part of the address (the part before C(@)); needs O(domain).
    type: str
  domain:
    description:
      - Hosting domain of the mailbox. Required with O(name) and with O(mailboxes).
    type: str
  state:
    description:
      - V(present) makes sure the mailbox exists with the given settings.
      - V(enabled) and V(disabled) also set its status; a disabled mailbox rejects mail with O(bounce_message).
      - V(absent) deletes the mailbox and its mail.
      - With O(mailboxes), the state of the items that do not set their own.
    type: str
    choices: [present, absent, enabled, disabled]
    default: present
  firstname:
    description: First name (address book). Required to create a mailbox.
    type: str
  lastname:
    description: Last name (address book).
    type: str
  password:
    description:
      - Password of the mailbox. Required to create one. At least 8 characters with a letter and a number; a
        weaker one fails before any request.
      - Write-only, never returned and never in the diff; see O(update_password).
    type: str
  update_password:
    description:
      - V(on_create) sets O(password) only when the mailbox is created.
      - V(always) sends it on every run, so the task reports a change on every run.
    type: str
    choices: [always, on_create]
    default: on_create
  quota:
    description:
      - Mailbox size, as V(50M), V(1G) ... V(100G) (binary units, like the API's byte values);
        V(5G), V(5g), V(5GiB) or a number of bytes; V(5GB) and V(5 GB) are refused as ambiguous (decimal or binary).
      - Must be one of the values Qboxmail allows (the error lists them), and at most the domain's C(max_email_quota);
        both are checked before any write.
    type: str
  forward_to:
    description:
      - Addresses that receive a copy of every incoming message. The complete list; V([]) stops forwarding.
    type: list
    elements: str
  forward_keep_copy:
    description: Keep a copy of forwarded messages in the mailbox.
    type: bool
  autoresponder_enabled:
    description: Turn the automatic reply on or off.
    type: bool
  autoresponder_subject:
    description: Subject of the automatic reply.
    type: str
  autoresponder_body:
    description: Text of the automatic reply.
    type: str
  autoresponder_start_date:
    description:
      - First day of the automatic reply, V(YYYY-MM-DD) (a real date). Setting a date limits the reply to the interval.
      - V("") removes the date; when every date given is V(""), the reply is no longer limited to an interval.
    type: str
  autoresponder_end_date:
    description: Last day of the automatic reply, V(YYYY-MM-DD); V("") removes it (see O(autoresponder_start_date)).
    type: str
  spam_in_inbox:
    description: Deliver spam to the inbox instead of the spam folder.
    type: bool
  reject_incoming:
    description: Reject incoming mail for this mailbox.
    type: bool
  imap:
    description: Allow IMAP access.
    type: bool
  pop:
    description: Allow POP access.
    type: bool
  smtp:
    description: Allow authenticated SMTP sending.
    type: bool
  webmail:
    description: Allow webmail access.
    type: bool
  allow_nets:
    description:
      - IP addresses or networks (CIDR) allowed to access the mailbox. The complete list; V([]) removes every restriction.
    type: list
    elements: str
  language:
    description: Language of the webmail.
    type: str
    choices: [it, en, es]
  timezone:
    description: Time zone, an IANA name such as V(Europe/Rome) or V(UTC); checked before any request.
    type: str
  tags:
    description: Tags of the mailbox. The complete list.
    type: list
    elements: str
  outbound_limit:
    description:
      - Outbound sending limit of the mailbox, as an option id (V(0) restores the default) or as the option's
        description (for example V(250 messages per day), compared case-insensitively).
      - Checked against the mailbox's outbound limit options; an unknown one fails and lists the choices.
      - When the mailbox is created by this task, an id is sent with the create and a description is resolved and
        set right after the create.
    type: raw
  force_new_password:
    description: Ask the user to choose a new password at the next login.
    type: bool
  password_change_disabled:
    description: Prevent the user from changing the password.
    type: bool
  bounce_message:
    description:
      - The message senders get back when the mailbox rejects mail, with O(state=disabled) or O(reject_incoming=true).
        Qboxmail uses a default message when it is not set.
    type: str
    aliases: [bounce_msg]
  mailboxes:
    description:
      - A list of mailboxes of O(domain) to converge in one task, each with the single-mailbox options and its own
        O(mailboxes[].state). Mutually exclusive with the single-mailbox options.
      - Items inherit O(state), O(update_password), O(wait) and O(wait_timeout) from the task.
      - Mailboxes the list does not mention are left alone unless O(purge=true).
    type: list
    elements: dict
    suboptions:
      address:
        description: Address of the mailbox (or give O(mailboxes[].name)).
        type: str
        aliases: [email]
      name:
        description: Local part of the address.
        type: str
      state:
        description: Like O(state); defaults to the task's O(state).
        type: str
        choices: [present, absent, enabled, disabled]
      firstname:
        description: Like O(firstname).
        type: str
      lastname:
        description: Like O(lastname).
        type: str
      password:
        description: Like O(password).
        type: str
      update_password:
        description: Like O(update_password); defaults to the task's O(update_password).
        type: str
        choices: [always, on_create]
      quota:
        description: Like O(quota).
        type: str
      forward_to:
        description: Like O(forward_to).
        type: list
        elements: str
      forward_keep_copy:
        description: Like O(forward_keep_copy).
        type: bool
      autoresponder_enabled:
        description: Like O(autoresponder_enabled).
        type: bool
      autoresponder_subject:
        description: Like O(autoresponder_subject).
        type: str
      autoresponder_body:
        description: Like O(autoresponder_body).
        type: str
      autoresponder_start_date:
        description: Like O(autoresponder_start_date).
        type: str
      autoresponder_end_date:
        description: Like O(autoresponder_end_date).
        type: str
      spam_in_inbox:
        description: Like O(spam_in_inbox).
        type: bool
      reject_incoming:
        description: Like O(reject_incoming).
        type: bool
      imap:
        description: Like O(imap).
        type: bool
      pop:
        description: Like O(pop).
        type: bool
      smtp:
        description: Like O(smtp).
        type: bool
      webmail:
        description: Like O(webmail).
        type: bool
      allow_nets:
        description: Like O(allow_nets).
        type: list
        elements: str
      language:
        description: Like O(language).
        type: str
        choices: [it, en, es]
      timezone:
        description: Like O(timezone).
        type: str
      tags:
        description: Like O(tags).
        type: list
        elements: str
      outbound_limit:
        description: Like O(outbound_limit). The options are read once per task (the same for every mailbox of the domain).
        type: raw
      force_new_password:
        description: Like O(force_new_password).
        type: bool
      password_change_disabled:
        description: Like O(password_change_disabled).
        type: bool
      bounce_message:
        description: Like O(bounce_message).
        type: str
        aliases: [bounce_msg]
  purge:
    description:
      - With O(mailboxes), delete the mailboxes of O(domain) that the list does not mention (never the postmaster).
    type: bool
    default: false
  workers:
    description:
      - With O(mailboxes), how many writes run at the same time (each worker uses its own HTTP session).
    type: int
    default: 4
notes:
  - Creating a mailbox in production is billable; the customer needs a billing profile (or an active Hosting
    trial or Free plan); otherwise Qboxmail answers 403 and the module says to complete the first order.
  - A new mailbox is activated asynchronously; with O(wait=true) the module waits until it is enabled.
  - Qboxmail refuses a mailbox named like an alias of the domain; the task (or the list item) fails with its answer,
    naming the option.
  - A new item of O(mailboxes) needs O(mailboxes[].firstname) and O(mailboxes[].password), also when it only sets
    O(mailboxes[].state=disabled).
seealso:
  - module: qboxmail.qboxmail.mailbox_info
  - module: qboxmail.qboxmail.alias
"""

EXAMPLES = r"""
- name: Create a mailbox
  qboxmail.qboxmail.mailbox:
    address: alice@example.com
    firstname: Alice
    lastname: Liddell
    password: "{{ vault_alice_password }}"
    quota: 5G
    language: en

- name: Forward and auto-reply while on holiday
  qboxmail.qboxmail.mailbox:
    address: alice@example.com
    forward_to: [bob@example.com]
    forward_keep_copy: true
    autoresponder_enabled: true
    autoresponder_subject: Out of office
    autoresponder_body: Back on Monday.
    autoresponder_start_date: "2026-08-01"
    autoresponder_end_date: "2026-08-20"

- name: Disable a mailbox with a bounce message
  qboxmail.qboxmail.mailbox:
    address: carol@example.com
    state: disabled
    bounce_message: Carol has left the company, write to info@example.com

- name: Converge every mailbox of a domain in one task, deleting the ones not listed
  qboxmail.qboxmail.mailbox:
    domain: example.com
    purge: true
    workers: 8
    mailboxes: "{{ staff | map('combine', {'password': initial_password, 'quota': '2G'}) | list }}"
  register: qbx_staff

- name: Delete a mailbox
  qboxmail.qboxmail.mailbox:
    address: old@example.com
    state: absent
"""

RETURN = r"""
mailbox:
  description: The mailbox as Qboxmail returns it (no password); empty after deletion. The quota is in bytes.
  returned: without O(mailboxes)
  type: dict
  sample:
    code: EA12345678
    name: alice
    email_address: alice@example.com
    status: enabled
    status_detail: ok
    max_email_quota: 5368709120
    forward_destinations: []
mailboxes:
  description: One entry per item of O(mailboxes) (then per purged mailbox), in that order.
  returned: with O(mailboxes)
  type: list
  elements: dict
  contains:
    name:
      description: Local part of the address.
      type: str
    state:
      description: The state asked for.
      type: str
    changed:
      description: Whether this mailbox changed (or would change, in check mode).
      type: bool
    changes:
      description: The options that changed (V(state) for a creation or a deletion).
      type: list
      elements: str
    mailbox:
      description:
        - The mailbox as Qboxmail returns it (no password); empty when absent.
        - Only for the items that changed, unless O(return_objects=all).
      type: dict
    failed:
      description: Present and true when this item failed; O(mailboxes[].name) and RV(mailboxes[].msg) say why.
      type: bool
    msg:
      description: The error of a failed item.
      type: str
summary:
  description: Counts of a list task.
  returned: with O(mailboxes)
  type: dict
  sample: {items: 500, changed: 3, created: 1, updated: 1, deleted: 1, failed: 0, requests: 9}
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import format_size, quota_bytes
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import (
    DOMAIN_REF, MAILBOXES, OUTBOUND_FIELD, OutboundLimit, split_address,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import (
    LIST_FIELDS, WAIT_FIELDS, Lifecycle, Resource,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option, inverted
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import (
    email_addresses, iso_date, networks, optional, password, timezone,
)

PROTOCOLS = ("imap", "pop", "smtp", "webmail")
FLAGS = ("forward_keep_copy", "autoresponder_enabled", "spam_in_inbox", "reject_incoming", "password_change_disabled")
TEXTS = ("firstname", "lastname", "autoresponder_subject", "autoresponder_body")
DATES = ("autoresponder_start_date", "autoresponder_end_date")


class Mailbox(OutboundLimit, Resource):
    name = what = "mailbox"
    fields = dict(
        address=Option(aliases=["email"], item=True),
        name=Field(create_only=True),
        domain=Option(),
        state=Option(default="present", choices=["present", "absent", "enabled", "disabled"], item=True),
        password=Field(secret=True, confirm="password_confirmation", to_api=password),
        update_password=Option(default="on_create", choices=["always", "on_create"], item=True),
        quota=Field(api="max_email_quota", to_api=quota_bytes, from_api=format_size),
        forward_to=Field("list", elements="str", api="forward_destinations", compare="set", to_api=email_addresses),
        allow_nets=Field("list", elements="str", compare="set", to_api=networks),
        tags=Field("list", elements="str", compare="set"),
        language=Field(choices=["it", "en", "es"]),
        timezone=Field(to_api=timezone),
        outbound_limit=OUTBOUND_FIELD,
        force_new_password=Field("bool", update_only=True),
        bounce_message=Field(api="bounce_msg", aliases=["bounce_msg"]),
        # Not an option: the API applies the dates only with intervals enabled (set from the dates given).
        autoresponder_intervals_enabled=Field("bool", option=False, update_only=True),
        **dict(LIST_FIELDS, **WAIT_FIELDS)
    )
    fields.update((p, Field("bool", api=p + "_disabled", to_api=inverted, from_api=inverted)) for p in PROTOCOLS)
    fields.update((f, Field("bool")) for f in FLAGS)
    fields.update((t, Field()) for t in TEXTS)
    fields.update((d, Field(to_api=optional(iso_date), update_only=True)) for d in DATES)
    list_option = "mailboxes"
    single = sorted(k for k, f in fields.items() if f.item and getattr(f, "option", True) and k not in ("state", "update_password"))
    module_kwargs = dict(mutually_exclusive=[("mailboxes", opt) for opt in single] + [("address", "name")],
                         required_one_of=[("address", "name", "mailboxes")])
    list_path = MAILBOXES
    item_path = MAILBOXES + "/{code}"
    status_path = item_path + "/status"
    parent, parent_option = DOMAIN_REF, "domain"
    billable_create = True
    lifecycle = Lifecycle("status", ("updating",), ("error",), "status_detail")

    def normalise(self):
        split_address(self.params, "mailbox")
        dates = [self.params.get(d) for d in DATES if self.params.get(d) is not None]
        if dates:
            self.params["autoresponder_intervals_enabled"] = any(str(d).strip() for d in dates)

    def validate(self):
        if self.params.get("bounce_message") is not None and self.state != "disabled" and not self.params.get("reject_incoming"):
            raise ModuleFailure("bounce_message is the answer to rejected mail: use it with state=disabled or "
                                "reject_incoming=true")

    def label(self):
        return "mailbox %s@%s" % (self.params["name"], self.params["domain"])

    def resolve(self):
        super(Mailbox, self).resolve()
        largest = (self.parent_obj or {}).get("max_email_quota")
        if self.wanted.get("quota") and isinstance(largest, int) and self.wanted["quota"] > largest:
            raise ModuleFailure("quota: %s is more than the largest quota of domain %s (%s); raise the domain's "
                                "max_email_quota first" % (self.params["quota"], self.params["domain"], format_size(largest)))

    def check_create(self):
        missing = [o for o in ("firstname", "password") if not self.params.get(o)]
        if missing:
            raise ModuleFailure("%s required to create %s" % (" and ".join(missing) + (
                " are" if len(missing) > 1 else " is"), self.label()))

    def status_body(self, state):
        body = {"status": state}
        if state == "disabled" and self.params.get("bounce_message") is not None:
            body["bounce_msg"] = self.params["bounce_message"]
        return body

    def plan_status(self, plan):
        """Status first (after a create): enabling clears the bounce message, which an update may set again."""
        count = len(plan.writes)
        super(Mailbox, self).plan_status(plan)
        if len(plan.writes) > count and not plan.writes[0].creates:
            plan.writes.insert(0, plan.writes.pop())

    @staticmethod
    def purgeable(obj):
        """The postmaster goes only with its domain."""
        return not obj.get("is_postmaster") and not str(obj.get("code") or "").startswith("P")


def main():
    Mailbox.run()


if __name__ == "__main__":
    main()
