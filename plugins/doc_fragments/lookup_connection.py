# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # Management API connection options of the lookup plugins. Lookups do not get module_defaults, so each option
    # also reads an environment variable and an Ansible variable.
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the Qboxmail Management API, a host without a path.
      - Use V(https://sandbox.qboxmail.com) for the sandbox, or the URL of the bundled simulator for offline runs.
    type: str
    default: https://api.qboxmail.com
    env:
      - name: QBOXMAIL_API_URL
    vars:
      - name: qboxmail_api_url
  api_token:
    description:
      - Management API token, sent as the C(X-Api-Token) header. Required.
      - Keep it in a vault; it never appears in errors.
    type: str
    env:
      - name: QBOXMAIL_API_TOKEN
    vars:
      - name: qboxmail_api_token
  customer_code:
    description: Customer whose resources an admin token reads; leave it unset for a customer's own token.
    type: str
    env:
      - name: QBOXMAIL_CUSTOMER_CODE
    vars:
      - name: qboxmail_customer_code
  validate_certs:
    description: Whether to verify the TLS certificate of the API. Only set to V(false) against a test server.
    type: bool
    default: true
    env:
      - name: QBOXMAIL_VALIDATE_CERTS
    vars:
      - name: qboxmail_validate_certs
  ca_path:
    description: PEM file of the certificate authorities to trust instead of the system ones.
    type: path
    env:
      - name: QBOXMAIL_CA_PATH
    vars:
      - name: qboxmail_ca_path
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
  - Lookups run on the controller and do not get C(module_defaults); set the connection through the options, the
    environment variables or the C(qboxmail_*) variables listed above.
requirements:
  - requests
"""
