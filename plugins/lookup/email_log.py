# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: email_log
short_description: Read the access, incoming or outgoing mail log of a Qboxmail domain or mailbox
version_added: 0.2.0
description:
  - Returns the entries of Qboxmail's e-mail logs (Email log analysis) of a hosted domain, or of one of its mailboxes,
    for templates and C(assert) tasks, in a date window and filtered by Qboxmail on text and status.
  - Each term is a log kind, V(access), V(incoming) or V(outgoing); the entries of every term are returned in one
    list, each with its C(kind) added.
  - The module M(qboxmail.qboxmail.email_log_info) reads the same logs as a task.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.plugin_connection
  - qboxmail.qboxmail.plugin_connection.lookup_vars
options:
  _terms:
    description: The log kinds to read.
    type: list
    elements: str
    required: true
  domain:
    description: Hosting domain whose logs to read. Required unless O(mailbox) is set.
    type: str
  mailbox:
    description: Address of a mailbox, to read only its entries.
    type: str
  start_date:
    description: First day of the window, V(YYYY-MM-DD) (UTC).
    type: str
  end_date:
    description: Last day of the window, V(YYYY-MM-DD) (UTC), included.
    type: str
  days:
    description: The window as today and the days before it (UTC), from 1 to 30. Not with O(start_date) or O(end_date).
    type: int
  query:
    description: Text search done by Qboxmail (substring of the addresses, subject, IP...).
    type: str
  status:
    description: Only entries with this C(result) (access) or C(status) (mail).
    type: str
notes:
  - Errors (an unknown domain, a refused token, an API failure) fail the task with the HTTP status and Qboxmail's
    message; the token is never shown.
seealso:
  - module: qboxmail.qboxmail.email_log_info
"""

EXAMPLES = r"""
- name: Fail when mail to Alice bounced today
  ansible.builtin.assert:
    that: bounced | length == 0
    fail_msg: "{{ bounced | map(attribute='detail') | list }}"
  vars:
    bounced: "{{ query('qboxmail.qboxmail.email_log', 'incoming', mailbox='alice@example.com', status='bounced', days=1) }}"

- name: Where did Alice log in from this week
  ansible.builtin.debug:
    msg: "{{ query('qboxmail.qboxmail.email_log', 'access', mailbox='alice@example.com', days=7)
             | map(attribute='ip') | unique | list }}"
  environment:
    QBOXMAIL_API_TOKEN: "{{ vault_qboxmail_token }}"
"""

RETURN = r"""
_list:
  description: The log entries of every term, oldest first within each kind, each with its C(kind).
  type: list
  elements: dict
  sample:
    - {kind: incoming, date: "2026-03-01T09:12:44Z", message_id: "<a1@supplier.example>", from: orders@supplier.example,
       to: alice@example.com, subject: Invoice 42, status: delivered, size: 48213, detail: "250 2.0.0 Ok"}
"""

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import PLUGIN_CONNECTION, plugin_client
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import (
    log_filters, log_kind, log_owner, lookup_log_owner, read_email_logs,
)

FILTERS = ("start_date", "end_date", "days", "query", "status")


class LookupModule(LookupBase):

    def template(self, value):
        """An option set through a `qboxmail_*` variable arrives untemplated (variables given to lookups are raw)."""
        if isinstance(value, str) and "{{" in value and getattr(self, "_templar", None) is not None:
            return self._templar.template(value)
        return value

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        names = PLUGIN_CONNECTION + FILTERS + ("domain", "mailbox")
        params = dict((name, self.template(self.get_option(name))) for name in names)
        try:
            client = plugin_client(params, "set the api_token option, the QBOXMAIL_API_TOKEN environment variable or the "
                                           "qboxmail_api_token variable")
            kinds = [log_kind(term) for term in terms]
            if not kinds:
                raise ValueError("give at least one log kind (access, incoming or outgoing) as a term")
            domain, local = log_owner(params["domain"], params["mailbox"])
            filters = log_filters(params)
        except ValueError as exc:
            raise AnsibleError("qboxmail.qboxmail.email_log: %s" % exc)
        try:
            domain_code, mailbox_code = lookup_log_owner(client, domain, local)
            out = []
            for kind in kinds:
                out.extend(dict(entry, kind=kind) for entry in read_email_logs(client, kind, domain_code, mailbox_code, filters))
        except ValueError as exc:
            raise AnsibleError("qboxmail.qboxmail.email_log: %s" % exc)
        except QboxmailError as err:
            raise AnsibleError("qboxmail.qboxmail.email_log: %s" % err)
        return out
