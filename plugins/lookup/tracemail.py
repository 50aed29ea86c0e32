# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: tracemail
short_description: Read Qboxmail Delivery TraceMail log entries, counters or statistics
version_added: 0.2.0
description:
  - Returns the TraceMail log entries (mailouts) of the customer's Delivery accounts that match the filters, read
    across every page at the largest page size (100), or with O(kind) their counters, the daily statistics, the
    domain ranking, or the accounts and domains TraceMail knows.
  - Runs on the controller with the Management token. Lookups do not receive C(module_defaults) - give the connection
    options to the lookup itself, or set the environment variables the modules read (see the notes).
  - Use the C(query) function (or C(lookup) with C(wantlist=true)) to always get a list; C(lookup) returns a single
    entry as itself.
  - The same reads are available as the module M(qboxmail.qboxmail.tracemail_info).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.plugin_connection
  - qboxmail.qboxmail.plugin_connection.lookup_vars
  - qboxmail.qboxmail.tracemail_filters
options:
  _terms:
    description: Not used; give everything as keyword options.
    required: false
  kind:
    description:
      - What to read. V(mailouts) the log entries matching the filters, one per recipient of each message;
        V(counters) their counts, one mapping; V(daily_statistics) one row per day; V(domain_ranking) the sender domains
        by volume; V(accounts) and V(domains) the accounts and sender domains TraceMail can filter by.
      - The counters take the filters except O(collection), O(status) and O(error_category); the daily statistics and
        the domain ranking take O(account), O(start_date) and O(end_date) (by default the last 30 days).
    type: str
    choices: [mailouts, counters, daily_statistics, domain_ranking, accounts, domains]
    default: mailouts
  collection:
    description:
      - Which log - V(worked) (processed, with a final status; the default), V(queued) (accepted, not processed yet) or
        V(errors) (requests the Send API refused).
    type: str
    choices: [worked, queued, errors]
  error_category:
    description: With O(collection=errors), only refusals of this kind.
    type: str
    choices: [auth, limits, generic]
seealso:
  - module: qboxmail.qboxmail.tracemail_info
  - module: qboxmail.qboxmail.send
"""

EXAMPLES = r"""
- name: Did anything bounce for this address today? (connection from QBOXMAIL_API_URL / QBOXMAIL_API_TOKEN)
  ansible.builtin.debug:
    msg: "{{ query('qboxmail.qboxmail.tracemail', to='john@example.org', status='bounce',
             start_date=now(utc=true, fmt='%Y-%m-%d')) }}"

- name: Counters of one account, connection options given to the lookup itself
  ansible.builtin.set_fact:
    shop_counters: "{{ lookup('qboxmail.qboxmail.tracemail', kind='counters', account='Shop notifications',
                       start_date='2026-04-01', api_url=qbx_api_url, api_token=qbx_api_token) }}"

- name: Fail when a message of the newsletter was suppressed
  ansible.builtin.assert:
    that: query('qboxmail.qboxmail.tracemail', subject='April news', status='suppressed') | length == 0
"""

RETURN = r"""
_raw:
  description:
    - With V(mailouts) the log entries, newest first - C(message_id), C(request_id), C(account), C(domain), C(from),
      C(to), C(subject), C(status), C(collection), C(error_category), C(error_message), C(auth_protocol),
      C(submitted_at), C(processed_at).
    - With V(counters) one mapping - C(all), C(delivered), C(suppressed), C(bounce), C(queued), C(errors),
      C(authErrors), C(limitsErrors), C(genericErrors).
    - With the other kinds their rows (see M(qboxmail.qboxmail.tracemail_info)).
  type: list
  elements: dict
"""

from ansible.errors import AnsibleError
from ansible.plugins.lookup import LookupBase

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import PLUGIN_CONNECTION
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._tracemail import FILTERS, lookup


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        if terms:
            raise AnsibleError("qboxmail.qboxmail.tracemail takes no positional terms; give the filters as keyword "
                               "options, e.g. lookup('qboxmail.qboxmail.tracemail', to='x@example.net', status='bounce')")
        self.set_options(var_options=variables, direct=kwargs)
        try:
            return lookup(dict((name, self.get_option(name)) for name in PLUGIN_CONNECTION + FILTERS + ("kind",)))
        except ValueError as exc:
            raise AnsibleError("qboxmail.qboxmail.tracemail: %s" % exc)
        except QboxmailError as err:
            hint = "; api_token must be a Management token (X-Api-Token), not a Send token" if err.status == 401 else ""
            raise AnsibleError("qboxmail.qboxmail.tracemail: %s%s" % (err, hint))
