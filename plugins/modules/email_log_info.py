#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: email_log_info
short_description: Read the access, incoming and outgoing mail logs of a Qboxmail domain or mailbox
version_added: 0.2.0
description:
  - Return the entries of one e-mail log (Qboxmail's Email log analysis) of a hosted domain, or of one of its
    mailboxes, in a date window, filtered by Qboxmail on text and status, read page by page (100 per request).
  - V(access) entries tell who logged in from where (C(date), C(email_address), C(ip), C(protocol), C(client),
    C(result)); V(incoming) and V(outgoing) entries follow each message (C(date), C(message_id), C(from), C(to),
    C(subject), C(status), C(size), C(detail)).
  - For templates and C(assert) tasks the lookup P(qboxmail.qboxmail.email_log#lookup) reads the same logs.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  kind:
    description: Which log.
    type: str
    required: true
    choices: [access, incoming, outgoing]
  domain:
    description: Hosting domain whose log to read. Required unless O(mailbox) is set.
    type: str
  mailbox:
    description:
      - Address of a mailbox of the domain, to read only its entries (the user of an access, a recipient of
        incoming mail, the sender of outgoing mail).
    type: str
  start_date:
    description: First day of the window, V(YYYY-MM-DD) (UTC).
    type: str
  end_date:
    description: Last day of the window, V(YYYY-MM-DD) (UTC), included.
    type: str
  days:
    description:
      - The window as today and the days before it (UTC), for example V(1) for today only or V(7) for the last
        week; from 1 to 30 (Qboxmail keeps about 30 days of logs). Mutually exclusive with O(start_date) and
        O(end_date).
    type: int
  query:
    description: Text search done by Qboxmail (substring of the addresses, subject, IP...).
    type: str
  status:
    description: Only entries with this C(result) (access, for example V(failed)) or C(status) (mail, for example
      V(bounced) or V(deferred)).
    type: str
notes:
  - No module writes what this module reads, so its items have no C(options) to feed back into a module (as the
    other C(_info) modules' items have).
seealso:
  - plugin: qboxmail.qboxmail.email_log
    plugin_type: lookup
  - module: qboxmail.qboxmail.mailbox_info
"""

EXAMPLES = r"""
- name: Failed logins of a mailbox today
  qboxmail.qboxmail.email_log_info:
    kind: access
    mailbox: alice@example.com
    status: failed
    days: 1
  register: qbx_logins

- name: Mail sent by the domain that bounced last week
  qboxmail.qboxmail.email_log_info:
    kind: outgoing
    domain: example.com
    status: bounced
    days: 7
  register: qbx_bounced

- name: Did the invoice from the supplier arrive?
  qboxmail.qboxmail.email_log_info:
    kind: incoming
    mailbox: alice@example.com
    query: supplier.example
    start_date: "2026-03-01"
    end_date: "2026-03-02"
"""

RETURN = r"""
entries:
  description: The log entries, oldest first (as Qboxmail lists them).
  returned: always
  type: list
  elements: dict
  sample:
    - {date: "2026-03-01T09:12:44Z", message_id: "<a1@supplier.example>", from: orders@supplier.example,
       to: alice@example.com, subject: Invoice 42, status: delivered, size: 48213, detail: "250 2.0.0 Ok"}
summary:
  description: C(total) entries and their counts by C(status) (mail, as C(by_status)) or C(result) (access, C(by_result)).
  returned: always
  type: dict
  sample: {total: 3, by_status: {delivered: 2, bounced: 1}}
window:
  description: The filters sent to Qboxmail (C(start_date), C(end_date), C(query), C(status) when set).
  returned: always
  type: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import (
    DOMAIN_REF, MAILBOX_REF, log_filters, log_owner, log_summary, read_email_logs,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure


class EmailLogInfo(InfoModule):
    name = "entries"
    fields = dict(
        kind=Option(required=True, choices=["access", "incoming", "outgoing"]),
        domain=Option(),
        mailbox=Option(),
        start_date=Option(),
        end_date=Option(),
        days=Option("int"),
        query=Option(),
        status=Option(),
    )
    module_kwargs = dict(required_one_of=[("domain", "mailbox")], mutually_exclusive=[("days", "start_date"), ("days", "end_date")])

    @classmethod
    def execute(cls, ctx):
        params = ctx.params
        try:
            domain, local = log_owner(params.get("domain"), params.get("mailbox"))
            filters = log_filters(params)
        except ValueError as exc:
            raise ModuleFailure(str(exc))
        found = resolve(ctx, DOMAIN_REF, domain, "domain")
        mailbox = resolve(ctx, MAILBOX_REF, "%s@%s" % (local, domain), "mailbox") if local else None
        if found["code"] == PENDING or (mailbox or {}).get("code") == PENDING:
            entries = []
        else:
            entries = read_email_logs(ctx.client, params["kind"], found["code"], mailbox and mailbox["code"], filters)
        return {"changed": False, "entries": entries, "summary": log_summary(entries, params["kind"]), "window": filters}


def main():
    EmailLogInfo.run()


if __name__ == "__main__":
    main()
