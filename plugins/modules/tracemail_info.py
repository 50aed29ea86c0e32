#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: tracemail_info
short_description: Read Qboxmail Delivery TraceMail - sent messages, counters and statistics
version_added: 0.2.0
description:
  - Read what Qboxmail Delivery did with the messages of the customer's accounts, with the Management token
    (O(api_token)) - the TraceMail log entries (mailouts), their counters, the daily statistics and the ranking of
    sender domains, and the accounts and domains TraceMail knows.
  - The log entries are read page by page at the largest page size (100), every page unless O(page) names one.
  - The same reads are available as the lookup P(qboxmail.qboxmail.tracemail#lookup), for use in expressions.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
  - qboxmail.qboxmail.tracemail_filters
options:
  include:
    description:
      - What to read; each becomes a result key. V(mailouts) the log entries matching the filters, V(counters) their
        counts, V(daily_statistics) one row per day, V(domain_ranking) the sender domains by volume, V(accounts) and
        V(domains) the accounts and sender domains TraceMail can filter by.
      - The counters take the filters except O(collection), O(status) and O(error_category); the daily statistics and
        the domain ranking take O(account), O(start_date) and O(end_date) (by default Qboxmail reports the last 30
        days).
    type: list
    elements: str
    choices: [mailouts, counters, daily_statistics, domain_ranking, accounts, domains]
    default: [mailouts]
  collection:
    description:
      - Which log - V(worked) (processed, with a final status; Qboxmail's default), V(queued) (accepted, not processed
        yet) or V(errors) (requests the Send API refused).
    type: str
    choices: [worked, queued, errors]
  error_category:
    description: With O(collection=errors), only refusals of this kind (V(auth), V(limits) or V(generic)).
    type: str
    choices: [auth, limits, generic]
  page:
    description: Read only this page (of 100 entries) of the log entries and return its RV(pagination).
    type: int
notes:
  - No module writes what this module reads, so its items have no C(options) to feed back into a module (as the
    other C(_info) modules' items have).
seealso:
  - plugin: qboxmail.qboxmail.tracemail
    plugin_type: lookup
  - module: qboxmail.qboxmail.send
"""

EXAMPLES = r"""
- name: Bounces of today to one address
  qboxmail.qboxmail.tracemail_info:
    to: john@example.org
    status: bounce
    start_date: "{{ now(utc=true, fmt='%Y-%m-%d') }}"
  register: bounces

- name: Counters, daily statistics and domain ranking of one account this month
  qboxmail.qboxmail.tracemail_info:
    account: Shop notifications
    start_date: "{{ now(utc=true, fmt='%Y-%m-01') }}"
    include: [counters, daily_statistics, domain_ranking]
  register: stats

- name: Requests the Send API refused for limits
  qboxmail.qboxmail.tracemail_info:
    collection: errors
    error_category: limits
"""

RETURN = r"""
mailouts:
  description:
    - The log entries, newest first - C(message_id), C(request_id), C(account) (id), C(domain), C(from), C(to),
      C(subject), C(status), C(collection), C(error_category), C(error_message), C(auth_protocol), C(submitted_at),
      C(processed_at). A message has one entry per recipient.
  returned: when O(include) has V(mailouts)
  type: list
  elements: dict
counters:
  description: C(all), C(delivered), C(suppressed), C(bounce), C(queued), C(errors), C(authErrors), C(limitsErrors),
    C(genericErrors).
  returned: when O(include) has V(counters)
  type: dict
  sample: {all: 3, delivered: 2, suppressed: 0, bounce: 1, queued: 0, errors: 0, authErrors: 0, limitsErrors: 0,
           genericErrors: 0}
daily_statistics:
  description: One row per day - C(date), C(all), C(delivered), C(bounce), C(suppressed), C(queued), C(errors).
  returned: when O(include) has V(daily_statistics)
  type: list
  elements: dict
domain_ranking:
  description: Sender domains by volume, most first - C(domain), C(all), C(delivered), C(bounce), C(suppressed).
  returned: when O(include) has V(domain_ranking)
  type: list
  elements: dict
accounts:
  description: The accounts TraceMail can filter by, C(id) and C(name).
  returned: when O(include) has V(accounts)
  type: list
  elements: dict
domains:
  description: The sender domains TraceMail can filter by, C(id) (the Delivery domain code) and C(name).
  returned: when O(include) has V(domains)
  type: list
  elements: dict
pagination:
  description: Qboxmail's paging data of the page read.
  returned: with O(page)
  type: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import ACCOUNT_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._tracemail import (
    AUTH_PROTOCOLS, COLLECTIONS, ERROR_CATEGORIES, KINDS, STATUSES, check_filters, query_for, read,
)


class TraceMailInfo(InfoModule):
    name = "mailouts"
    fields = {"include": Option("list", elements="str", choices=list(KINDS), default=["mailouts"]),
              "account": Option(), "domain": Option(), "start_date": Option(), "end_date": Option(), "from": Option(),
              "to": Option(), "subject": Option(), "auth_protocol": Option(choices=list(AUTH_PROTOCOLS)),
              "collection": Option(choices=list(COLLECTIONS)), "status": Option(choices=list(STATUSES)),
              "error_category": Option(choices=list(ERROR_CATEGORIES)), "page": Option("int")}

    @classmethod
    def execute(cls, ctx):
        params = ctx.params
        try:
            filters = check_filters(params)
        except ValueError as exc:
            raise ModuleFailure(str(exc))
        page = params.get("page")
        if page is not None and page < 1:
            raise ModuleFailure("page: must be 1 or more (got %s)" % page)
        if page is not None and "mailouts" not in params["include"]:
            raise ModuleFailure("page applies to the log entries: add mailouts to include")
        kinds = list(dict.fromkeys(params["include"]))
        out = {"changed": False}
        if params.get("account"):
            account = resolve(ctx, ACCOUNT_REF, params["account"], "account")
            if account["id"] == PENDING:   # check mode, an account a previous task creates: nothing sent yet
                out.update((kind, {} if kind == "counters" else []) for kind in kinds)
                return out
            filters["account"] = account["id"]
        for kind in kinds:
            data, pagination = read(ctx.client, kind, query_for(kind, filters), page if kind == "mailouts" else None)
            out[kind] = data
            if pagination is not None:
                out["pagination"] = pagination
        return out


def main():
    TraceMailInfo.run()


if __name__ == "__main__":
    main()
