# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""_spec.option_view: an API object back to the module's options, one case per kind of declaration; and the round
trip: the view's values convert (to_api) to the API values they came from."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import format_size, quota_bytes
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import (
    ALIAS_OPTIONS, DOMAIN_OPTIONS, MAILBOX_OPTIONS, dkim_option,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import Ref
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import (
    Field, Option, inverted, option_view, same, status_state,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import Task

CASES = [
    ("same name", Field(), {"language": "it"}, "it"),
    ("renamed", Field("list", api="forward_destinations"), {"forward_destinations": ["a@b.c"]}, ["a@b.c"]),
    ("size in the module's unit", Field(api="max_email_quota", to_api=quota_bytes, from_api=format_size),
     {"max_email_quota": 5368709120}, "5G"),
    ("inverted flag", Field("bool", api="imap_disabled", to_api=inverted, from_api=inverted), {"imap_disabled": True}, False),
    ("enumeration by name", Field(from_api={3: "aggressive"}.get), {"language": 3}, "aggressive"),
    ("false is a value", Field("bool"), {"language": False}, False),
    ("empty list is a value", Field("list"), {"language": []}, []),
    ("read from the object", Option(read=status_state), {"status": "disabled"}, "disabled"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_kind(case):
    name, field, obj, expected = case
    assert option_view({"language": field}, obj) == {"language": expected}


@pytest.mark.parametrize("field, obj", [
    (Field(secret=True), {"language": "s3cret"}),                      # secrets never
    (Field(option=False), {"language": True}),                         # computed, no option
    (Field("list", ref=Ref("x", "", "/x", "name")), {"language": ["C1"]}),   # codes, not the names the module takes
    (Option(), {"language": "x"}),                                     # task options (wait, purge...)
    (Field(), {"language": None}),                                     # null: not set
    (Field(), {}),                                                     # absent
], ids=["secret", "computed", "reference", "task option", "null", "absent"])
def test_left_out(field, obj):
    assert option_view({"language": field}, obj) == {}


def test_a_reference_gives_names_where_known():
    field = Field("list", api="domain_codes", ref=Ref("x", "", "/x", "name"))
    view = option_view({"domains": field}, {"domain_codes": ["D1", "D2", 7]}, {"domains": {"D1": "a.example.com", "7": "Shop"}})
    assert view == {"domains": ["a.example.com", "D2", "Shop"]}   # an unknown code stays: the module then names it


def test_state_and_dkim_read_from_the_object():
    assert [status_state({"status": s}) for s in ("enabled", "disabled", "ownership_check", None)] == [
        "enabled", "disabled", "present", "present"]
    assert [dkim_option(o) for o in ({"dkim_status": "pending_dns"}, {"dkim_status": "enabled"},
                                     {"dkim_status": "disabled"}, {})] == ["enabled", "enabled", "disabled", "absent"]


@pytest.mark.parametrize("fields, obj", [
    (MAILBOX_OPTIONS, {"name": "carol", "max_email_quota": 53687091200, "forward_destinations": ["x@y.org"],
                       "imap_disabled": True, "bounce_msg": "gone", "status": "disabled", "tags": ["a"],
                       "autoresponder_intervals_enabled": True, "password": "never"}),
    (DOMAIN_OPTIONS, {"name": "example.com", "antispam_level": 0, "default_quota": 52428800, "webmail_disabled": False,
                      "max_email_accounts": -1, "status": "enabled", "dkim_status": "disabled"}),
    (ALIAS_OPTIONS, {"name": "info", "destinations": ["a@example.org"], "status": "enabled"}),
], ids=["mailbox", "domain", "alias"])
def test_round_trip(fields, obj):
    """Each value of the view converts back to the API value it was read from (what the module compares)."""
    view = option_view(fields, obj)
    api = Task.values(fields, view)
    for option, value in api.items():
        field = fields[option]
        assert same(field.compare or "scalar", obj[field.api or option], value), option
    assert "password" not in view and "autoresponder_intervals_enabled" not in view
