# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    # The TraceMail filters of the tracemail_info module and the tracemail lookup.
    DOCUMENTATION = r"""
options:
  account:
    description: Only this Delivery account, by description or id (a number is taken as the id).
    type: str
  domain:
    description: Only messages of this sender domain (its name, or the Delivery domain code).
    type: str
  start_date:
    description: From this day on (C(YYYY-MM-DD), UTC, the day the message was submitted).
    type: str
  end_date:
    description: Up to this day (C(YYYY-MM-DD), UTC).
    type: str
  from:
    description: Only messages from this sender address (the whole address).
    type: str
  to:
    description: Only messages to this recipient address (the whole address).
    type: str
  subject:
    description: Only messages whose subject contains this text.
    type: str
  auth_protocol:
    description: Only messages sent through the Send API (V(api)) or SMTP (V(smtp)).
    type: str
    choices: [api, smtp]
  status:
    description: Only processed messages with this final status.
    type: str
    choices: [delivered, suppressed, bounce]
"""
