# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: Hosting helpers shared by `domain`, `domain_alias`, `mailbox`, `alias` (ownership, parent domain)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import InfoModule, ModuleFailure

# GAP: [3P] the ownership record is `A <possession_a_record>.<domain> -> 185.97.217.16` (CONTRACT.md).
OWNERSHIP_A_VALUE = "185.97.217.16"
# GAP: CONTRACT.md's canonical status of a domain or alias domain that waits for ownership proof.
UNVERIFIED_STATUS = "ownership_check"
# GAP: which mailbox may receive the ownership code is undocumented; these are the usual role addresses.
OWNERSHIP_MAILBOXES = ("postmaster", "admin", "administrator", "hostmaster", "webmaster")

_DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")

OWNERSHIP_OPTIONS = dict(
    ownership_method=dict(type="str", choices=["dns", "dns_sync", "email", "skip"]),
    ownership_email=dict(type="str"),
    ownership_code=dict(type="str", no_log=True),
)


def domain_name(value):
    """A domain name in the form the API stores (lowercase, no trailing dot); ValueError when invalid."""
    name = str(value).strip().rstrip(".").lower()
    if name.startswith("www."):
        raise ValueError("%s: give the domain name without www." % value)
    if not _DOMAIN_RE.match(name):
        raise ValueError("%s is not a valid domain name" % value)
    return name


def ownership_record(obj):
    """The A record that proves ownership of a domain or alias domain, or None when unknown."""
    marker = obj.get("possession_a_record")
    if not marker or not obj.get("name"):
        return None
    return {"name": "%s.%s" % (marker, obj["name"]), "type": "A", "value": OWNERSHIP_A_VALUE,
            "purpose": "ownership"}


class OwnershipMixin:
    """Ownership verification for Resource subclasses whose item path has the ownership sub-paths."""

    def validate_ownership(self):
        method = self.params.get("ownership_method")
        if method == "email" and not (self.params.get("ownership_email") or self.params.get("ownership_code")):
            raise ModuleFailure("ownership_method=email needs ownership_email (the address that receives the code, "
                                "one of %s@<domain>) on the first run, and ownership_code on a later run"
                                % "|".join(OWNERSHIP_MAILBOXES))
        if method != "email" and (self.params.get("ownership_email") or self.params.get("ownership_code")):
            raise ModuleFailure("ownership_email and ownership_code are only used with ownership_method=email")

    def verify_ownership(self, current):
        """Run the chosen ownership check while the object waits for one; returns (object, wrote)."""
        method = self.params.get("ownership_method")
        if not method or current.get("code") is None or obj_verified(current):
            return current, False
        base = self.path(self.item_path, code=current["code"])
        record = ownership_record(current)
        if method == "email":
            return self._email_ownership(current, base)
        self.note("ownership", "unverified", "verification requested (%s)" % method)
        if self.check_mode:
            return current, False
        if method == "dns":
            self.client.put(base + "/dns_ownership_check")
            return current, True
        if method == "skip":
            self.client.put(base + "/skip_ownership_check")
            return current, True
        answer = self.client.put(base + "/dns_ownership_check/sync").body or {}
        if answer.get("verified"):
            return current, True
        # Nothing changed on the server: report the record still to publish, not a change.
        self.before.pop("ownership", None)
        self.after.pop("ownership", None)
        self.changed = bool(self.before or self.after)
        expected = answer.get("expected_record") or record or {}
        self.warnings.append("ownership of %s is not verified yet: publish the DNS record %s %s %s (it resolves to %s "
                             "now), then run again" % (current.get("name"), expected.get("name"), expected.get("type"),
                                                       expected.get("value"), answer.get("resolved_ip") or "nothing"))
        return current, False

    def _email_ownership(self, current, base):
        code = self.params.get("ownership_code")
        if code:
            self.note("ownership", "unverified", "verification code submitted")
            if self.check_mode:
                return current, False
            self.client.put(base + "/email_ownership_check/verify", {"verification_code": code})
            return current, True
        address = self.params["ownership_email"].strip().lower()
        if (current.get("ownership_verification_email_address") or "").lower() == address:
            self.warnings.append("the ownership code was sent to %s: run again with ownership_code set to it" % address)
            return current, False
        self.note("ownership_email", current.get("ownership_verification_email_address"), address)
        if not self.check_mode:
            self.client.put(base + "/email_ownership_check", {"verification_email_address": address})
            self.warnings.append("an ownership code was sent to %s: run again with ownership_code set to it" % address)
        return current, not self.check_mode

    def ownership_result(self, obj):
        verified = obj_verified(obj)
        if self.params.get("ownership_method") in ("dns", "dns_sync") and not verified and obj.get("code") \
                and not self.check_mode and not any("not verified yet" in w for w in self.warnings):
            record = ownership_record(obj) or {}
            self.warnings.append("ownership of %s is not verified yet: publish the DNS record %s A %s, then run again"
                                 % (obj.get("name"), record.get("name"), record.get("value")))
        return {"verified": verified, "method": self.params.get("ownership_method"),
                "record": ownership_record(obj),
                "email": obj.get("ownership_verification_email_address")}


def obj_verified(obj):
    """True once a domain or alias domain has passed ownership verification."""
    return obj.get("code") is not None and obj.get("status") not in (UNVERIFIED_STATUS, None)


def resolve_domain(client, name):
    """The code of the Hosting domain `name` (one filtered list call); ModuleFailure when there is none."""
    try:
        wanted = domain_name(name)
    except ValueError as exc:
        raise ModuleFailure("domain: %s" % exc)
    found = client.find("/api/domains", "name", wanted)
    if not found:
        raise ModuleFailure("domain %s not found (it does not exist or this token cannot see it)" % wanted)
    return found[0]["code"]


class DomainChildMixin:
    """For Resource subclasses living under a Hosting domain: `{domain_code}` in paths, from the `domain` option."""

    _domain_code = None

    def preset_path_args(self, args):
        self._domain_code = args["domain_code"]

    def path_args(self):
        if self._domain_code is None:
            self._domain_code = resolve_domain(self.client, self.params["domain"])
        return {"domain_code": self._domain_code}


def split_address(params, address_option="address"):
    """Fill `name` and `domain` from `address` (`local@domain`); ModuleFailure when they disagree."""
    address = params.get(address_option)
    if not address:
        if params.get("name") is not None:
            params["name"] = params["name"].strip().lower()
        return params
    local, sep, domain = address.strip().lower().rpartition("@")
    if not sep or not local or not domain:
        raise ModuleFailure("%s: %s is not an e-mail address (local@domain)" % (address_option, address))
    try:
        other = domain_name(params["domain"]) if params.get("domain") else domain
    except ValueError as exc:
        raise ModuleFailure("domain: %s" % exc)
    if other != domain:
        raise ModuleFailure("%s %s is not in domain %s" % (address_option, address, params["domain"]))
    if params.get("name") and params["name"].strip().lower() != local:
        raise ModuleFailure("%s %s and name %s disagree" % (address_option, address, params["name"]))
    params["name"] = local
    params["domain"] = domain
    return params


def read_domain_children(client, params, collection, key_field, key):
    """For `_info` modules of a domain's children: by `code`, by exact key, or a filtered list paged server-side."""
    if not params.get("domain"):
        raise ModuleFailure("domain is required")
    base = "/api/domains/%s/%s" % (resolve_domain(client, params["domain"]), collection)
    if params.get("code"):
        found = client.get_one("%s/%s" % (base, params["code"]))
        return [found] if found else []
    filters = {}
    if params.get("status"):
        filters["status"] = params["status"]
    if key:
        return client.find(base, key_field, key, filters)
    if params.get("query"):
        filters["query"] = params["query"]
    return list(client.paginate(base, filters))


class DomainChildInfo(InfoModule):
    """`_info` module of a hosted domain's children (mailboxes, aliases): by address, name, code or filters."""

    collection = None  # API collection under /api/domains/{code}/, e.g. `email_accounts`
    options = dict(
        domain=dict(type="str"),
        address=dict(type="str", aliases=["email"]),
        name=dict(type="str"),
        code=dict(type="str"),
        query=dict(type="str"),
        status=dict(type="str"),
    )
    module_kwargs = dict(mutually_exclusive=[("address", "name", "code", "query")],
                         required_one_of=[("domain", "address")])

    def read(self):
        params = dict(self.params)
        if params.get("address"):
            split_address(params)
        key = params["name"].strip().lower() if params.get("name") else None
        return read_domain_children(self.client, params, self.collection, "name", key)
