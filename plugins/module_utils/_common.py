# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: connection options shared by every module, client factory, human units."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible.module_utils.basic import env_fallback, missing_required_lib

import os

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import (
    Client, DEFAULT_API_URL, DEFAULT_SEND_API_URL, HAS_REQUESTS, REQUESTS_IMPORT_ERROR, check_base_url, header_value,
)

# Every module accepts this whole set, so one `module_defaults: group/qboxmail.qboxmail.all` serves all.
CONNECTION_ARGSPEC = dict(
    api_url=dict(type="str", default=DEFAULT_API_URL, fallback=(env_fallback, ["QBOXMAIL_API_URL"])),
    api_token=dict(type="str", no_log=True, fallback=(env_fallback, ["QBOXMAIL_API_TOKEN"])),
    customer_code=dict(type="str", fallback=(env_fallback, ["QBOXMAIL_CUSTOMER_CODE"])),
    send_api_url=dict(type="str", default=DEFAULT_SEND_API_URL, fallback=(env_fallback, ["QBOXMAIL_SEND_API_URL"])),
    send_api_token=dict(type="str", no_log=True, fallback=(env_fallback, ["QBOXMAIL_SEND_API_TOKEN"])),
    validate_certs=dict(type="bool", default=True, fallback=(env_fallback, ["QBOXMAIL_VALIDATE_CERTS"])),
    ca_path=dict(type="path"),
    timeout=dict(type="float", default=30.0),
    retries=dict(type="int", default=5),
)

# Write-only and one-time secrets: never compared, shown or returned (except where a module says so).
SECRET_KEYS = frozenset((
    "password", "password_confirmation", "postmaster_password", "postmaster_password_confirmation",
    "token", "plain_token", "api_token", "send_api_token", "password2", "password2_confirmation",
))


def argument_spec(**module_options):
    """The module's own options plus the shared connection options."""
    spec = dict(CONNECTION_ARGSPEC)
    spec.update(module_options)
    return spec


def check_requirements(module):
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=str(REQUESTS_IMPORT_ERROR))


def client_settings(params, token_option, env_var, url_option):
    """The client's settings from the connection options; ValueError naming the option, before any request."""
    if not params.get(token_option) or not str(params[token_option]).strip():
        raise ValueError("%s is required: set the %s option (for example through module_defaults for "
                         "group/qboxmail.qboxmail.all) or the %s environment variable" % (token_option, token_option, env_var))
    check_transport(params)
    return dict(base_url=check_base_url(params[url_option], url_option), token=header_value(params[token_option], token_option),
                validate_certs=params["validate_certs"], ca_path=params.get("ca_path"), timeout=params["timeout"],
                retries=params["retries"])


def check_connection(params):
    """Every connection option the task was given, whether or not it uses it; ValueError naming the option."""
    for option in ("api_url", "send_api_url"):
        if params.get(option):
            check_base_url(params[option], option)
    for option in ("api_token", "send_api_token"):
        if params.get(option) is not None and str(params[option]).strip():
            header_value(params[option], option)
    check_transport(params)


def check_transport(params):
    """retries, timeout and ca_path, where given; ValueError naming the option."""
    if params.get("retries") is not None and params["retries"] < 0:
        raise ValueError("retries must be 0 or more (got %s)" % params["retries"])
    if params.get("timeout") is not None and params["timeout"] <= 0:
        raise ValueError("timeout must be a positive number of seconds (got %s)" % params["timeout"])
    if params.get("ca_path") and not os.path.isfile(params["ca_path"]):
        raise ValueError("ca_path %s does not exist on the host the module runs on (or is not a file)" % params["ca_path"])


# The options of the controller-side plugins (lookups, inventory) that make their Management client.
PLUGIN_CONNECTION = ("api_url", "api_token", "customer_code", "validate_certs", "ca_path", "timeout", "retries")


def plugin_client(params, token_hint):
    """The Management client of a controller-side plugin from its PLUGIN_CONNECTION options; ValueError naming the
    option (`token_hint` says where a missing api_token can come from: plugins get no module_defaults)."""
    if not HAS_REQUESTS:
        raise ValueError("the requests Python library is required on the controller (pip install requests)")
    if not params.get("api_token") or not str(params["api_token"]).strip():
        raise ValueError("api_token is required: %s" % token_hint)
    return Client(family="management", customer_code=params.get("customer_code"),
                  **client_settings(params, "api_token", "QBOXMAIL_API_TOKEN", "api_url"))


def _client(module, family, token_option, env_var, url_option):
    check_requirements(module)
    try:
        settings = client_settings(module.params, token_option, env_var, url_option)
    except ValueError as exc:
        module.fail_json(msg=str(exc))
    if family == "management":
        settings["customer_code"] = module.params.get("customer_code")
    return Client(family=family, **settings)


def management_client(module):
    """A Management API client built from the module's connection options; fails cleanly on bad input."""
    return _client(module, "management", "api_token", "QBOXMAIL_API_TOKEN", "api_url")


def send_client(module):
    """A Send API client (Bearer token) built from the module's connection options."""
    return _client(module, "send", "send_api_token", "QBOXMAIL_SEND_API_TOKEN", "send_api_url")


def scrub(obj, extra_keys=()):
    """A copy of an API object without secrets and private keys."""
    if isinstance(obj, dict):
        hidden = SECRET_KEYS.union(extra_keys)
        return dict((k, scrub(v, extra_keys)) for k, v in obj.items() if k not in hidden and not str(k).startswith("_"))
    if isinstance(obj, list):
        return [scrub(v, extra_keys) for v in obj]
    return obj


# ---------------------------------------------------------------------------------------- sizes
_UNITS = {"": 1, "B": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}
# GAP: the API takes bytes; the modules take binary units only (1G = 1024 ** 3 bytes, as the API's quota values are):
# `5G`, `5g`, `5GiB`, `5 G` or bytes. `5GB`, `5 GB`, `5gb` are refused: decimal GB (10 ** 9) or GiB cannot be told apart.
_SIZE_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:([KMGT])(iB)?|(B)?)\s*$", re.IGNORECASE)
_DECIMAL_RE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT])B\s*$", re.IGNORECASE)

# The quota values the API accepts, in bytes (hosting.md: create/update domain and email account).
QUOTA_BYTES = (52428800, 1073741824, 2147483648, 3221225472, 4294967296, 5368709120, 6442450944,
               7516192768, 8589934592, 17179869184, 26843545600, 53687091200, 107374182400)


def parse_size(value):
    """Bytes from `5G`, `50M`, `1.5G`, `25GiB` or a plain number of bytes (binary units: the one size converter of
    every module); ValueError for anything else, `5GB` / `5 gb` included (see _SIZE_RE)."""
    if isinstance(value, bool):
        raise ValueError("not a size: %r" % (value,))
    if isinstance(value, int):
        return value
    decimal = _DECIMAL_RE.match(str(value))
    if decimal:
        number, unit = decimal.group(1), decimal.group(2).upper()
        raise ValueError("%r is ambiguous: sizes are binary (1G = 1024 ** 3 bytes, as Qboxmail counts them), never decimal "
                         "%sB; write %s%s or %s%siB" % (value, unit, number, unit, number, unit))
    match = _SIZE_RE.match(str(value))
    if not match:
        raise ValueError("not a size: %r (use a number of bytes or a value like 50M, 5G, 25G)" % (value,))
    number, unit = match.group(1), match.group(2) or ""
    return int(round(float(number) * _UNITS[unit.upper()]))


def format_size(num):
    """`5G` for 5368709120, `50M` for 52428800; bytes when no unit divides evenly."""
    if not isinstance(num, int) or isinstance(num, bool) or num <= 0:
        return num
    for unit in ("T", "G", "M", "K"):
        if num % _UNITS[unit] == 0:
            return "%d%s" % (num // _UNITS[unit], unit)
    return str(num)


def quota_bytes(value):
    """Bytes for a quota, restricted to the values the API allows; raises ValueError listing them."""
    num = parse_size(value)
    if num not in QUOTA_BYTES:
        raise ValueError("%s is not a quota the API allows; use one of %s"
                         % (value, ", ".join(format_size(q) for q in QUOTA_BYTES)))
    return num
