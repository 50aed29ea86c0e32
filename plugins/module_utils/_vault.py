# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: Vault (mail archiving) paths and the Vault view of a Hosting domain."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option

VAULT_DOMAINS = "/api/archive/domains"                       # [DOC] list
VAULT_DOMAIN = VAULT_DOMAINS + "/{parent}"                  # [DOC] activate (POST), settings (PUT)
# GAP: status, delete and the account routes other than status/delete are CONTRACT.md's "Vault accounts" row.
VAULT_STATUS = VAULT_DOMAIN + "/status"
VAULT_ACCOUNTS = VAULT_DOMAIN + "/email_accounts"
VAULT_ACCOUNT = VAULT_ACCOUNTS + "/{code}"
VAULT_ACCOUNT_STATUS = VAULT_ACCOUNT + "/status"             # [DOC]

ARCHIVE_STATUSES = ("activating", "enabled", "disabling", "disabled", "deleting", "failure")   # [DOC]
IN_PROGRESS = ("activating", "disabling", "deleting")
# The Vault fields of a domain object [DOC], plus `archive_status_detail`, the reason of a failure.
# GAP: how the API explains a failure is undocumented; CONTRACT's simulator shows `archive_status_detail`.
VAULT_FIELDS = ("code", "name", "archive", "archive_status", "archive_status_detail", "archive_activated_at",
                "default_retention", "default_archive", "no_email_accounts_archive", "max_email_accounts_archive")


def set_up(domain):
    """Whether Vault was activated on the domain (and not deleted since).

    GAP: the docs do not say how a Vault that was never activated differs from a disabled one; the domain's
    `archive_activated_at` [DOC field] is set by a successful activation.
    """
    return bool(domain.get("archive_activated_at")) or domain.get("archive_status") in ("enabled", "disabling")


def has_vault(domain):
    """Whether the domain has anything of Vault to delete (activated, or a failed activation left behind)."""
    return set_up(domain) or domain.get("archive_status") in ("activating", "failure")


def vault_view(domain):
    """The Vault fields of a domain object."""
    return dict((key, domain.get(key)) for key in VAULT_FIELDS)


def months(value):
    """A retention in months: a whole number, 1 or more (GAP: the accepted values are undocumented)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError("must be a whole number of months, 1 or more (got %r)" % (value,))
    return value


def account_state(account):
    """`enabled`, `disabled`, ... of a Vault account, or None when the mailbox is not archived."""
    return None if account is None else account.get("archive_status")


def vault_state(domain):
    """`state` as M(qboxmail.qboxmail.vault) takes it: V(disabled) also for a Vault never activated (no change)."""
    return domain.get("archive_status") if domain.get("archive_status") in ("enabled", "disabled") else "present"


STATES = ["present", "enabled", "disabled", "absent"]
# The options of `vault`, also the `options` view of `vault_info` (whose items with O(domain) add `mailboxes`).
VAULT_OPTIONS = dict(
    domain=Option(required=True, read=lambda obj: obj.get("name")),
    state=Option(default="present", choices=STATES, read=vault_state),
    retention=Field("int", api="default_retention", to_api=months),
    default_archive=Field("bool"),
    mailboxes=Option("list", elements="dict", options=dict(
        address=Option(required=True), retention=Option("int"), state=Option(default="present", choices=STATES))),
    purge=Option("bool", default=False),
    confirm_delete_archive=Option("bool", default=False),
)


def mailbox_items(accounts):
    """The archived mailboxes as items of O(qboxmail.qboxmail.vault#module:mailboxes)."""
    return [dict((k, v) for k, v in (("address", str(a.get("email_address")).lower()), ("retention", a.get("retention")),
                                     ("state", account_state(a))) if v is not None) for a in accounts]
