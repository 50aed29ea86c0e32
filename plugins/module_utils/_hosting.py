# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: Hosting paths, the domain and mailbox references, ownership proof steps."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import Ref
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import domain_name, email_address, local_part

DOMAINS = "/api/domains"
DOMAIN = DOMAINS + "/{code}"
MAILBOXES = DOMAINS + "/{parent}/email_accounts"
ALIASES = DOMAINS + "/{parent}/alias_email_accounts"
DOMAIN_ALIASES = DOMAINS + "/{parent}/aliases"

# GAP: [3P] the ownership record is `A <possession_a_record>.<domain> -> 185.97.217.16` (CONTRACT.md).
OWNERSHIP_A_VALUE = "185.97.217.16"
# GAP: CONTRACT.md's canonical status of a domain or alias domain that waits for ownership proof.
UNVERIFIED_STATUS = "ownership_check"
# GAP: the status_detail a failed DNS ownership check leaves (CONTRACT.md's canonical choice).
CHECK_FAILED_DETAIL = "ownership_check_failed"
# GAP: which mailbox may receive the ownership code is undocumented; these are the usual role addresses.
OWNERSHIP_MAILBOXES = ("postmaster", "admin", "administrator", "hostmaster", "webmaster")

DOMAIN_REF = Ref("Hosting domain", "create it with qboxmail.qboxmail.domain first", DOMAINS, "name",
                 to_key=domain_name)
MAILBOX_REF = Ref("mailbox", "create it with qboxmail.qboxmail.mailbox first", MAILBOXES, "name",
                  to_key=email_address, parent=DOMAIN_REF, split=lambda address: address.rsplit("@", 1)[::-1])

OWNERSHIP_FIELDS = dict(
    ownership_method=Option(choices=["dns", "dns_sync", "email", "skip"]),
    ownership_email=Option(),
    ownership_code=Option(no_log=True),
)


def split_address(params, what):
    """Fill `name` and `domain` from `address` (`local@domain`), lower case; fail when they disagree."""
    address = params.get("address")
    if address:
        local, sep, domain = str(address).strip().lower().rpartition("@")
        if not sep or not local or not domain:
            raise ModuleFailure("address: %r is not an e-mail address (local@domain)" % (address,))
        if params.get("domain") and str(params["domain"]).strip().rstrip(".").lower() != domain:
            raise ModuleFailure("address %s is not in domain %s" % (address, params["domain"]))
        if params.get("name") and str(params["name"]).strip().lower() != local:
            raise ModuleFailure("address %s and name %s disagree" % (address, params["name"]))
        params["name"], params["domain"] = local, domain
    if not params.get("name"):
        raise ModuleFailure("give the %s's address, or name and domain" % what)
    if not params.get("domain"):
        raise ModuleFailure("domain is required with name (or give the full address)")
    try:
        params["name"] = local_part(params["name"])
    except ValueError as exc:
        raise ModuleFailure("name: %s" % exc)


def ownership_record(obj):
    """The A record that proves ownership of a domain or alias domain, or None when unknown."""
    marker = obj.get("possession_a_record")
    if not marker or not obj.get("name"):
        return None
    return {"name": "%s.%s" % (marker, obj["name"]), "type": "A", "value": OWNERSHIP_A_VALUE, "purpose": "ownership"}


# GAP: DKIM operations are queued (overview page); CONTRACT.md leaves the in-progress value open.
DKIM_IN_PROGRESS = ("updating",)


def dkim_state(obj):
    """`enabled`, `disabled`, `pending_dns` or None (no setup), from `dkim_status` or, when the API has no such
    field (it is inferred [INF]), from the documented `has_dkim` and `dkim_last_check_ok`."""
    if obj.get("dkim_status"):
        return obj["dkim_status"]
    if obj.get("has_dkim") in (1, True, "1"):
        return "enabled"
    if obj.get("dkim_selector") or obj.get("dkim_last_check_ok") is False:
        return "pending_dns"
    return None


def dkim_record(obj):
    """The DKIM TXT record of a domain with a DKIM setup, or None."""
    selector, key = obj.get("dkim_selector"), obj.get("dkim_public_key")
    if not selector or not key or not obj.get("name"):
        return None
    return {"name": "%s._domainkey.%s" % (selector, obj["name"]), "type": "TXT", "value": key, "purpose": "dkim"}


def verified(obj):
    """True once a domain or alias domain has passed ownership verification."""
    return obj.get("code") is not None and obj.get("status") not in (UNVERIFIED_STATUS, None)


def validate_ownership(params):
    method = params.get("ownership_method")
    if method == "email" and not (params.get("ownership_email") or params.get("ownership_code")):
        raise ModuleFailure("ownership_method=email needs ownership_email (the address that receives the code, one of "
                            "%s@<domain>) on the first run, and ownership_code on a later run" % "|".join(OWNERSHIP_MAILBOXES))
    if method != "email" and (params.get("ownership_email") or params.get("ownership_code")):
        raise ModuleFailure("ownership_email and ownership_code are only used with ownership_method=email")
    if params.get("state") == "absent" and method:
        raise ModuleFailure("ownership_method cannot be used with state=absent")
    if params.get("ownership_email"):
        try:
            params["ownership_email"] = email_address(params["ownership_email"])
        except ValueError as exc:
            raise ModuleFailure("ownership_email: %s" % exc)


def plan_ownership(res, plan, sandbox_hint=""):
    """Steps proving ownership of `plan.obj` while it waits for it (nothing once it is verified).

    A DNS check succeeds only once the record is published, which the module cannot see beforehand: it
    counts as a change only when it verified, and check mode does not predict it (it warns instead).
    """
    method = res.params.get("ownership_method")
    obj = plan.obj
    if not method or verified(obj):
        return
    base = res.item_path
    if method == "email":
        code = res.params.get("ownership_code")
        if code:
            plan.note("ownership", "unverified", "verification code submitted")
            plan.add(Write("PUT", base + "/email_ownership_check/verify", {"verification_code": code}))
            return
        address = res.params["ownership_email"]
        if (obj.get("ownership_verification_email_address") or "").lower() == address:
            res.warnings.append("the ownership code was sent to %s: run again with ownership_code set to it" % address)
            return
        plan.note("ownership_email", obj.get("ownership_verification_email_address"), address)
        plan.add(Write("PUT", base + "/email_ownership_check", {"verification_email_address": address},
                       done=lambda r, resp: r.warnings.append(
                           "an ownership code was sent to %s: run again with ownership_code set to it" % address)))
        return
    if method == "skip":
        plan.note("ownership", "unverified", "check skipped (sandbox)")
        plan.add(Write("PUT", base + "/skip_ownership_check", error=lambda r, err: _skip_refused(r, err, sandbox_hint)))
        return
    if res.ctx.check_mode or (method == "dns" and not res.params.get("wait", True)):
        if method == "dns" and not res.params.get("wait", True):
            plan.note("ownership", "unverified", "verification requested (dns)")
            plan.add(Write("PUT", base + "/dns_ownership_check"))
        else:
            res.warnings.append("a real run would check the ownership DNS record of %s (%s); it counts as a change only "
                                "once the record is published" % (obj.get("name") or res.params.get("name"), method))
        return
    plan.add(Write("PUT", base + ("/dns_ownership_check/sync" if method == "dns_sync" else "/dns_ownership_check"),
                   run=lambda r, client: _dns_check(r, client, plan, method)))


def _skip_refused(res, err, hint):
    """A refused skip (production) leaves nothing behind: an object this run created is deleted again."""
    if err.status != 403:
        return False
    undone = ""
    if res.created:
        res.client.delete(res.path(res.item_path))
        res.ctx.written = False
        undone = "; the %s this run created was deleted again" % res.label()
    raise ModuleFailure("ownership_method=skip is only allowed in the Qboxmail sandbox (HTTP 403)%s%s" % (undone, hint),
                        **err.details())


def _dns_check(res, client, plan, method):
    """Run the DNS ownership check; note a change only when it verified, else warn with the record to publish."""
    base = res.path(res.item_path)
    if method == "dns_sync":
        answer = client.put(base + "/dns_ownership_check/sync").body or {}
        res.ctx.written = True
        ok = bool(answer.get("verified"))
        record = answer.get("expected_record") or ownership_record(plan.obj) or {}
        resolved = answer.get("resolved_ip")
    else:
        client.put(base + "/dns_ownership_check")
        res.ctx.written = True
        obj = res.poller().wait(lambda: res.get(res.code), lambda o: verified(o) or o.get("status_detail") == CHECK_FAILED_DETAIL,
                                lambda o: "status is still %s" % o.get("status"), "the DNS ownership check of %s" % res.label())
        ok = verified(obj)
        record = ownership_record(obj) or {}
        resolved = None
    if ok:
        res.wrote = True
        plan.note("ownership", "unverified", "verified (%s)" % method)
        return
    res.warnings.append("ownership of %s is not verified yet: publish the DNS record %s %s %s%s, then run again" % (
        plan.obj.get("name") or res.params.get("name"), record.get("name"), record.get("type", "A"), record.get("value"),
        " (it resolves to %s now)" % resolved if resolved else ""))


def ownership_result(res, obj):
    return {"verified": verified(obj), "method": res.params.get("ownership_method"), "record": ownership_record(obj),
            "email": obj.get("ownership_verification_email_address")}


class DomainChildInfo(InfoModule):
    """`_info` module of a hosted domain's mailboxes or aliases: by address, name, code or filters."""

    what = None                 # `mailbox` or `alias`, for messages
    parent, parent_option = DOMAIN_REF, "domain"
    key = key_field = "name"
    filters = {"query": "query"}
    local_filters = {"status": "status"}   # GAP: these lists document no status filter
    module_kwargs = dict(mutually_exclusive=[("address", "name", "code", "query")], required_one_of=[("domain", "address")])

    @staticmethod
    def child_fields(code_check):
        return dict(domain=Option(), address=Option(aliases=["email"]), name=Field(to_api=local_part),
                    code=Field(to_api=code_check), query=Field(), status=Field())

    def __init__(self, ctx):
        if ctx.params.get("address"):
            split_address(ctx.params, self.what)
        super(DomainChildInfo, self).__init__(ctx)
