# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: value checks and normalisers used as `Field.to_api` converters.

Each raises ValueError with a message that says what is wrong and what is accepted; the base prefixes it
with the option's name and fails before any request. The same rules are kept, independently, by the
simulator; tests/unit/test_contract.py feeds one corpus through both and compares the verdicts.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress
import re

try:
    import zoneinfo
except ImportError:  # pragma: no cover - Python < 3.9 is not supported by the modules (tests/config.yml)
    zoneinfo = None

# A DNS name: labels of letters, digits and inner hyphens; a letter TLD or a punycode one (xn--...).
_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
# The local part of a hosted address the API accepts (mailboxes and aliases).
_LOCAL_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$")
# An e-mail address as destinations, forwards and notifications take it: RFC 5322 atom characters in the local part.
_EMAIL_LOCAL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}$")
_DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")
# Codes of the Management API [DOC] (CONTRACT.md "Codes and identity").
CODE_FORMATS = {
    "domain": r"D\d{9}", "mailbox": r"(?:EA\d{8}|P\d{9})", "domain_alias": r"AD\d{8}", "alias": r"AE\d{8}",
    "import": r"I\d{9}", "migration": r"MG\d{8}", "manager": r"MN\d{8}", "team_member": r"T\d{9}",
}
# GAP: Delivery domain codes have no documented format: letters, digits, `_` and `-` only (nothing path-like).
SAFE_CODE_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def domain_name(value):
    """A domain name in the form the API stores (lower case, no trailing dot, no `www.`)."""
    name = str(value).strip().rstrip(".").lower()
    if name.startswith("www."):
        raise ValueError("%s: give the domain name without www." % value)
    if not _DOMAIN_RE.match(name):
        raise ValueError("%r is not a valid domain name (labels of letters, digits and hyphens, like example.com)" % (value,))
    return name


def local_part(value):
    """The local part of a hosted mailbox or alias address (lower case)."""
    name = str(value).strip().lower()
    if not _LOCAL_RE.match(name) or ".." in name:
        raise ValueError("%r is not a valid local part (letters, digits and . _ + -, not at either end)" % (value,))
    return name


def email_address(value):
    """An e-mail address, lower case; the domain part must be a valid domain name."""
    text = str(value).strip()
    local, sep, domain = text.rpartition("@")
    if not sep or not _EMAIL_LOCAL_RE.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        raise ValueError("%r is not an e-mail address (local@domain)" % (value,))
    try:
        domain = domain_name(domain)
    except ValueError:
        raise ValueError("%r is not an e-mail address (its domain part is not valid)" % (value,))
    return "%s@%s" % (local.lower(), domain)


def email_addresses(values):
    """E-mail addresses, lower case, without duplicates, in the order given."""
    out = []
    for value in values:
        address = email_address(value)
        if address not in out:
            out.append(address)
    return out


def network(value):
    """An IP address or network in CIDR form, as written (host bits of a network are accepted)."""
    text = str(value).strip()
    try:
        ipaddress.ip_network(text, strict=False)
    except ValueError:
        raise ValueError("%r is not an IP address or a network in CIDR form (like 203.0.113.0/24)" % (value,))
    return text


def networks(values):
    """IP addresses or CIDR networks (the complete allow-list)."""
    return [network(v) for v in values]


def password(value):
    """A password the API accepts: at least 8 characters with at least one letter and one digit [DOC]."""
    text = str(value)
    if len(text) < 8 or not any(c.isalpha() for c in text) or not any(c.isdigit() for c in text):
        raise ValueError("must have at least 8 characters with at least one letter and one digit")
    return text


def iso_date(value):
    """A real calendar date `YYYY-MM-DD`."""
    text = str(value).strip()
    if not _DATE_RE.match(text):
        raise ValueError("%r is not a date in the form YYYY-MM-DD" % (value,))
    try:
        datetime.date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    except ValueError:
        raise ValueError("%r is not a real date" % (value,))
    return text


def field_names(values):
    """Names of API fields (`pick`/`only`), as a comma-separated list."""
    if not values:
        raise ValueError("give at least one field name, e.g. [name, status]")
    for value in values:
        if not isinstance(value, str) or not re.match(r"^[a-z][a-z0-9_]*$", value):
            raise ValueError("%r is not a field name (lowercase letters, digits and _, e.g. name)" % (value,))
    return ",".join(values)


def timezone(value):
    """An IANA time zone name as Python's zoneinfo knows it (CONTRACT.md "time zones")."""
    text = str(value).strip()
    if zoneinfo is not None:
        try:
            zoneinfo.ZoneInfo(text)
            return text
        except (ValueError, zoneinfo.ZoneInfoNotFoundError):
            pass
    raise ValueError("%r is not an IANA time zone name (like Europe/Rome or UTC)" % (value,))


def limit(value):
    """A count limit: 0 or more, or -1 for no limit."""
    if isinstance(value, bool) or not isinstance(value, int) or value < -1:
        raise ValueError("must be a whole number, 0 or more, or -1 for no limit (got %r)" % (value,))
    return value


def non_negative(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number, 0 or more (got %r)" % (value,))
    return value


def code(kind):
    """A converter checking a code against its documented format (`domain` -> D + 9 digits ...)."""
    pattern = re.compile("^%s$" % CODE_FORMATS[kind]) if kind in CODE_FORMATS else SAFE_CODE_RE

    def check(value):
        text = str(value).strip()
        if not pattern.match(text):
            raise ValueError("%r is not a %s code%s" % (value, kind.replace("_", " "), (
                " (%s)" % CODE_FORMATS[kind].replace("\\d", "digit").replace("(?:", "(") if kind in CODE_FORMATS else "")))
        return text
    return check


def text(max_length=None, allow_empty=True):
    """A string converter: stripped of surrounding whitespace, optionally length-limited."""
    def check(value):
        out = str(value).strip()
        if not allow_empty and not out:
            raise ValueError("must not be empty")
        if max_length is not None and len(out) > max_length:
            raise ValueError("is %d characters long; at most %d are allowed" % (len(out), max_length))
        return out
    return check


def optional(check):
    """A converter accepting "" (the value removed, or a setting turned off) besides what `check` accepts."""
    def convert(value):
        return "" if str(value).strip() == "" else check(value)
    return convert
