# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the option declarations of the Hosting resource modules (domain, domain_alias,
mailbox, alias), declared once here because two modules use them: the module converts options to API fields with
them, its `_info` module converts API objects back to the module's options (`_spec.option_view`)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import format_size, quota_bytes
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import (
    DKIM_UNKNOWN, DOMAIN_FIELDS, OUTBOUND_FIELD, OWNERSHIP_FIELDS, dkim_state,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import MAX_BODY, MAX_TEXT, Field, Option, inverted, status_state
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import (
    domain_name, email_address, email_addresses, iso_date, limit, networks, optional, password, timezone,
)

PROTOCOLS = ("imap", "pop", "smtp", "webmail")
STATES = ["present", "absent", "enabled", "disabled"]


def present(obj):
    return "present"


def protocol_fields():
    """`imap: true` and the like, stored by the API as `imap_disabled: false`."""
    return dict((p, Field("bool", api=p + "_disabled", to_api=inverted, from_api=inverted)) for p in PROTOCOLS)


# ------------------------------------------------------------------------------------------ domain
ANTISPAM = {"disabled": 0, "permissive": 1, "standard": 2, "aggressive": 3}
ANTISPAM_NAMES = dict((v, k) for k, v in ANTISPAM.items())
SERVICES = ("chat", "activesync", "meeting", "calendar", "dav")
LIMITS = ("max_email_accounts", "max_email_accounts_25gb", "max_email_accounts_50gb", "max_email_accounts_100gb",
          "max_email_accounts_archive")


def dkim_option(obj):
    """`dkim` as the module takes it: a setup waiting for its DNS record is what `dkim: enabled` asked for."""
    state = dkim_state(obj)
    if state == DKIM_UNKNOWN:
        return None   # the answer does not say which: the view leaves dkim out
    return "absent" if state is None else ("enabled" if state == "pending_dns" else state)


DOMAIN_OPTIONS = dict(
    name=Field(required=True, create_only=True, to_api=domain_name),
    state=Option(default="present", choices=STATES, read=status_state),
    plan=Field(choices=["basic", "professional", "enterprise"], billable=True),
    postmaster_password=Field(secret=True, confirm="postmaster_password_confirmation", to_api=password),
    update_password=Option(default="on_create", choices=["always", "on_create"]),
    antispam_level=Field(choices=list(ANTISPAM), to_api=ANTISPAM.__getitem__, from_api=ANTISPAM_NAMES.get),
    catch_all_enabled=Field("bool"),
    catch_all_destination=Field(to_api=email_address),
    allow_nets=Field("list", elements="str", compare="set", to_api=networks),
    default_quota=Field(to_api=quota_bytes, from_api=format_size),
    max_email_quota=Field(to_api=quota_bytes, from_api=format_size),
    outbound_limit=OUTBOUND_FIELD,
    dkim=Option(choices=["enabled", "disabled", "absent"], read=dkim_option),
    confirm_delete_domain=Option("bool", default=False),
    **dict(OWNERSHIP_FIELDS, **DOMAIN_FIELDS)
)
DOMAIN_OPTIONS.update(protocol_fields())
DOMAIN_OPTIONS.update((s, Field("bool")) for s in SERVICES)
DOMAIN_OPTIONS.update((n, Field("int", to_api=limit)) for n in LIMITS)

DOMAIN_ALIAS_OPTIONS = dict(
    name=Field(required=True, create_only=True, to_api=domain_name),
    domain=Option(required=True),
    state=Option(default="present", choices=["present", "absent"], read=present),
    **OWNERSHIP_FIELDS
)

# ------------------------------------------------------------------------------------------ mailbox
FLAGS = ("forward_keep_copy", "autoresponder_enabled", "spam_in_inbox", "reject_incoming", "password_change_disabled")
# GAP: the forwarding limit is not documented; the documented alias limit ([GUIDE] 20 destinations) is assumed.
MAX_FORWARDS = 20
TEXTS = ("firstname", "lastname", "autoresponder_subject", "autoresponder_body")
DATES = ("autoresponder_start_date", "autoresponder_end_date")

MAILBOX_OPTIONS = dict(
    address=Option(aliases=["email"], item=True),
    name=Field(create_only=True),
    domain=Option(),
    state=Option(default="present", choices=STATES, item=True, read=status_state),
    password=Field(secret=True, confirm="password_confirmation", to_api=password),
    update_password=Option(default="on_create", choices=["always", "on_create"], item=True),
    quota=Field(api="max_email_quota", to_api=quota_bytes, from_api=format_size),
    forward_to=Field("list", elements="str", api="forward_destinations", compare="set", to_api=email_addresses,
                     max_items=MAX_FORWARDS),
    allow_nets=Field("list", elements="str", compare="set", to_api=networks),
    tags=Field("list", elements="str", compare="set"),
    language=Field(choices=["it", "en", "es"]),
    timezone=Field(to_api=timezone),
    outbound_limit=OUTBOUND_FIELD,
    force_new_password=Field("bool", update_only=True),
    bounce_message=Field(api="bounce_msg", aliases=["bounce_msg"], max_length=MAX_BODY),
    # Not an option: the API applies the dates only with intervals enabled (set from the dates given).
    autoresponder_intervals_enabled=Field("bool", option=False, update_only=True),
)
MAILBOX_OPTIONS.update(protocol_fields())
MAILBOX_OPTIONS.update((f, Field("bool")) for f in FLAGS)
MAILBOX_OPTIONS.update((t, Field(max_length=MAX_BODY if t == "autoresponder_body" else MAX_TEXT)) for t in TEXTS)
MAILBOX_OPTIONS.update((d, Field(to_api=optional(iso_date), update_only=True)) for d in DATES)

# ------------------------------------------------------------------------------------------ alias
ALIAS_OPTIONS = dict(
    address=Option(aliases=["email"], item=True),
    name=Field(create_only=True),
    domain=Option(),
    state=Option(default="present", choices=["present", "absent"], item=True, read=present),
    destinations=Field("list", elements="str", compare="set", to_api=email_addresses),
    destinations_mode=Option(default="exact", choices=["exact", "append", "remove"], item=True),
)
