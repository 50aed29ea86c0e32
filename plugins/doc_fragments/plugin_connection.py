# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Management API connection options of the plugins that run on the controller (inventory, lookups). They get no
    # module_defaults, so they take these options themselves and read the same environment variables as the modules
    # (the variables an AWX credential of the collection's credential type injects).
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the Qboxmail Management API, a host without a path (C(/api/...) is added).
      - V(https://sandbox.qboxmail.com) for the sandbox, or the URL of the bundled simulator for offline runs.
    type: str
    default: https://api.qboxmail.com
    env:
      - name: QBOXMAIL_API_URL
  api_token:
    description:
      - Management API token, sent as the C(X-Api-Token) header (not a Send token). Required.
      - Prefer the environment variable (an AWX credential injects it) or an Ansible Vault encrypted value; the
        token never appears in errors.
    type: str
    env:
      - name: QBOXMAIL_API_TOKEN
  customer_code:
    description: Customer whose data an admin token reads; leave it unset for a customer's own token.
    type: str
    env:
      - name: QBOXMAIL_CUSTOMER_CODE
  validate_certs:
    description: Whether to verify the TLS certificate of the API. Only set to V(false) against a test server.
    type: bool
    default: true
    env:
      - name: QBOXMAIL_VALIDATE_CERTS
  ca_path:
    description: PEM file of the certificate authorities to trust instead of the system ones.
    type: path
  timeout:
    description: Seconds to wait for each HTTP response.
    type: float
    default: 30
  retries:
    description:
      - How many times a read is retried on HTTP 429, 502, 503, 504 and connection errors, with exponential backoff
        and jitter that honours C(Retry-After). V(0) disables retries.
    type: int
    default: 5
notes:
  - This plugin runs on the controller and does not receive C(module_defaults), not even of the group
    C(qboxmail.qboxmail.all). Give it the connection options directly, or set the environment variables
    (E(QBOXMAIL_API_URL), E(QBOXMAIL_API_TOKEN), E(QBOXMAIL_CUSTOMER_CODE), E(QBOXMAIL_VALIDATE_CERTS)) that the
    modules read too.
requirements:
  - requests (on the controller)
"""
