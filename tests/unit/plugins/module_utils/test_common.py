# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Units, secrets scrubbing and comparison rules of the resource base."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import (
    format_size, parse_size, quota_bytes, scrub,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import domain_name
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import inverted, same


@pytest.mark.parametrize("text,expected", [
    ("50M", 52428800), ("1G", 1073741824), ("5g", 5368709120), ("5 G", 5368709120),
    ("25GiB", 26843545600), ("25gib", 26843545600), ("512B", 512), ("100 G", 107374182400), ("1.5G", 1610612736), ("1024", 1024), (2048, 2048),
])
def test_parse_size(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("bad", ["five", "5X", "", "-1G", True])
def test_parse_size_rejects(bad):
    with pytest.raises(ValueError):
        parse_size(bad)


@pytest.mark.parametrize("decimal", ["5GB", "5 GB", "5gb", "50MB", "1TB", "2kb"])
def test_parse_size_refuses_decimal_looking_units(decimal):
    """`5 GB` / `5gb` were taken as GiB without a word; they are refused, naming the binary spellings."""
    with pytest.raises(ValueError) as err:
        parse_size(decimal)
    assert "ambiguous" in str(err.value) and "binary" in str(err.value)
    number, unit = decimal.strip()[:-2].strip(), decimal.strip()[-2].upper()
    assert "write %s%s or %s%siB" % (number, unit, number, unit) in str(err.value)


def test_format_size_round_trips_the_quota_values():
    assert format_size(52428800) == "50M"
    assert format_size(26843545600) == "25G"
    assert format_size(1536) == "1536"
    assert parse_size(format_size(107374182400)) == 107374182400


def test_quota_bytes_lists_allowed_values():
    assert quota_bytes("8G") == 8589934592
    with pytest.raises(ValueError) as err:
        quota_bytes("9G")
    assert "50M, 1G, 2G" in str(err.value) and "100G" in str(err.value)


def test_scrub_removes_secrets_and_private_keys_recursively():
    obj = {"code": "D1", "postmaster_password": "x", "_pending": 1, "nested": [{"token": "t", "label": "a"}]}
    assert scrub(obj) == {"code": "D1", "nested": [{"label": "a"}]}


@pytest.mark.parametrize("kind,current,desired,equal", [
    ("set", ["10.0.0.1", "192.0.2.0/24"], ["192.0.2.0/24", "10.0.0.1", "10.0.0.1"], True),
    ("set", ["a@x.org"], ["A@X.org"], True),
    ("set", ["10.0.0.1"], [], False),
    ("set", None, [], True),
    ("list", ["a", "b"], ["b", "a"], False),
    ("scalar", 2, 2, True),
    ("scalar", "2", 2, True),
    ("scalar", False, False, True),
    ("scalar", 0, False, True),
    ("scalar", None, False, False),
    ("scalar", "basic", "professional", False),
])
def test_same(kind, current, desired, equal):
    assert same(kind, current, desired) is equal


def test_inverted():
    assert inverted(True) is False and inverted(False) is True and inverted(None) is None


@pytest.mark.parametrize("text,expected", [("Example.COM.", "example.com"), ("mail.example.co.uk", "mail.example.co.uk")])
def test_domain_name(text, expected):
    assert domain_name(text) == expected


@pytest.mark.parametrize("bad", ["www.example.com", "example", "exa mple.com", "-x.com"])
def test_domain_name_rejects(bad):
    with pytest.raises(ValueError):
        domain_name(bad)
