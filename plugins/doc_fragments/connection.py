# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The connection options every module of the collection accepts (Management and Send APIs).
    DOCUMENTATION = r"""
options:
  api_url:
    description:
      - Base URL of the Qboxmail Management API, a host without a path (the modules add C(/api/...)).
      - Use V(https://sandbox.qboxmail.com) for the sandbox, or the URL of the bundled simulator for offline runs.
      - If not set, the value of the E(QBOXMAIL_API_URL) environment variable is used.
    type: str
    default: https://api.qboxmail.com
  api_token:
    description:
      - Management API token, sent as the C(X-Api-Token) header.
      - Create it in the Qboxmail panel under Settings, API access. What it can see and change depends on its owner
        (admin, customer, manager, team member).
      - If not set, the value of the E(QBOXMAIL_API_TOKEN) environment variable is used.
      - Required by every module that calls the Management API.
    type: str
  customer_code:
    description:
      - Customer that owns what an admin token creates and lists. Required when O(api_token) belongs to an admin;
        leave it unset for a customer's own token.
      - If not set, the value of the E(QBOXMAIL_CUSTOMER_CODE) environment variable is used.
    type: str
  send_api_url:
    description:
      - Base URL of the Qboxmail Send API (the modules add C(/v1/...); a trailing C(/v1) is accepted).
      - If not set, the value of the E(QBOXMAIL_SEND_API_URL) environment variable is used.
    type: str
    default: https://api.qboxmail.com
  send_api_token:
    description:
      - 'Send API token of one Delivery account, sent as C(Authorization: Bearer <token>).'
      - Only the modules that send e-mail use it; the others accept it so that one C(module_defaults) block serves all.
      - If not set, the value of the E(QBOXMAIL_SEND_API_TOKEN) environment variable is used.
    type: str
  validate_certs:
    description:
      - Whether to verify the TLS certificate of the API. Only set to V(false) against a test server.
      - If not set, the value of the E(QBOXMAIL_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - PEM file of the certificate authorities to trust instead of the system ones.
    type: path
  timeout:
    description:
      - Seconds to wait for each HTTP response.
    type: float
    default: 30
  retries:
    description:
      - How many times a request is retried on HTTP 429, 502, 503, 504 and connection errors, with exponential
        backoff and jitter that honours C(Retry-After). V(0) disables retries.
      - Reads (GET) and idempotent writes (PUT, DELETE) are retried. Creates, sends and the updates that are not
        idempotent (a password reset, an ownership e-mail, a DKIM reset, an MX check) are retried only when the server
        provably did not process them (a rate-limit answer or a refused connection).
      - After a timeout, a dropped connection or a gateway error on a create, the module looks the object up; it
        uses it when it exists, and otherwise fails saying that it may still be created, without sending the create
        again (a re-run finds it or creates it). A call that may have been applied is never repeated.
    type: int
    default: 5
notes:
  - All modules of this collection are in the action group C(qboxmail.qboxmail.all), so the connection options can
    be set once with C(module_defaults) for C(group/qboxmail.qboxmail.all).
requirements:
  - requests
"""
