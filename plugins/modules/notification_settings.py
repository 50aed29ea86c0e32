#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: notification_settings
short_description: Manage the notification settings of the Qboxmail user behind the token
version_added: 0.2.0
description:
  - Set the account-level notifications of the user whose API token runs the task (a customer, a manager, a team
    member), that is the webhook URL, the notification e-mail address and each notification action.
  - Only the options you set are compared and sent; Qboxmail keeps the others as they are.
  - The settings apply to every mailbox the user manages; they are not Delivery notifications (see the
    O(qboxmail.qboxmail.delivery_account#module:bounce_notification) option for Delivery bounces).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
attributes:
  idempotent:
    support: partial
    details:
      - The settings are compared with Qboxmail's read of them. Where the API offers no read (HTTP 404 or 405), the
        module sends the options you set and reports a change on every run, with a warning saying so.
options:
  notification_url:
    description:
      - The webhook that receives the enabled notifications as JSON POST requests; an absolute V(https://) URL
        (checked before any request). V("") removes it.
      - Required to enable O(email_overquota_callback) or O(domain_create_callback) unless one is saved already; the
        module checks this before any write when it can read the settings.
    type: str
  notification_email:
    description: The address that receives the notification e-mails of the user; V("") removes it.
    type: str
  email_overquota_callback:
    description:
      - Post an C(email_overquota) event to O(notification_url) when a mailbox crosses a quota threshold or returns
        below it.
    type: bool
  domain_create_callback:
    description:
      - Post a C(domain_create) event to O(notification_url) when a domain is created (with its postmaster code and,
        when available, its token). It shares O(notification_url) with the quota notifications.
    type: bool
notes:
  - The settings belong to the user of O(api_token); with an admin token they are the admin user's own.
seealso:
  - module: qboxmail.qboxmail.manager
"""

EXAMPLES = r"""
- name: Quota and domain-creation webhooks for the provisioning system
  qboxmail.qboxmail.notification_settings:
    notification_url: https://hooks.example.com/qboxmail
    email_overquota_callback: true
    domain_create_callback: true

- name: Notification e-mails to the service desk, webhooks left as they are
  qboxmail.qboxmail.notification_settings:
    notification_email: servicedesk@example.com

- name: Stop the quota webhook (the URL stays saved)
  qboxmail.qboxmail.notification_settings:
    email_overquota_callback: false
"""

RETURN = r"""
notification_settings:
  description:
    - The settings as Qboxmail returns them after the task; where the API offers no read, the options sent.
  returned: always
  type: dict
  sample:
    notification_url: https://hooks.example.com/qboxmail
    notification_email: servicedesk@example.com
    email_overquota_callback: true
    domain_create_callback: false
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delegation import (
    NO_NOTIFICATIONS_READ, NOTIFICATION_CALLBACKS, NOTIFICATIONS, https_url,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Plan, Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address, optional


class NotificationSettings(Resource):
    name = "notification_settings"
    what = "notification settings"
    fields = dict(
        notification_url=Field(to_api=optional(https_url)),
        notification_email=Field(to_api=optional(email_address)),
        email_overquota_callback=Field("bool"),
        domain_create_callback=Field("bool"),
    )
    module_kwargs = dict(required_one_of=[tuple(fields)])
    item_path = NOTIFICATIONS
    unreadable = False
    sent = None

    def label(self):
        return "the notification settings of this token's user"

    def find(self):
        try:
            found = self.client.get(NOTIFICATIONS).resources
        except QboxmailError as err:
            if err.status not in NO_NOTIFICATIONS_READ:
                raise
            self.unreadable = True
            return None
        return found[0] if found else {}

    def plan(self, current):
        if self.unreadable:
            self.warnings.append("Qboxmail offers no read of the notification settings here (%s): the options set are "
                                 "sent on every run and the task reports a change" % NOTIFICATIONS)
            plan = Plan(dict(self.wanted))
            for option in self.wanted:
                plan.note(option, None, self.params[option])
            plan.add(Write("PUT", NOTIFICATIONS, dict(self.wanted)))
            self.sent = plan.obj
            return plan
        enabled = [c for c in NOTIFICATION_CALLBACKS if self.wanted.get(c)]
        if enabled and not self.wanted.get("notification_url", current.get("notification_url")):
            raise ModuleFailure("notification_url is required to enable %s: no webhook URL is saved; set "
                                "notification_url too" % " and ".join(enabled))
        plan = Plan(dict(current))
        changes = self.compare(current, plan)
        if changes:
            plan.obj.update(changes)
            plan.add(Write("PUT", NOTIFICATIONS, changes))
        return plan

    def settle(self):
        return self.sent if self.unreadable else self.find()


def main():
    NotificationSettings.run()


if __name__ == "__main__":
    main()
