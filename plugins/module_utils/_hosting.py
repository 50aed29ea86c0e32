# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: Hosting paths, the domain and mailbox references, ownership proof steps, the domain
settings beside the domain object (trusted networks, outbound limits, MX and DKIM checks) and the email logs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import ipaddress

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError, QboxmailUncertainError, path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, Ref
from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _resource
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Write, fold
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option, same
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import (
    domain_name, email_address, iso_date, local_part, network,
)

DOMAINS = "/api/domains"
DOMAIN = DOMAINS + "/{code}"
MAILBOXES = DOMAINS + "/{parent}/email_accounts"
ALIASES = DOMAINS + "/{parent}/alias_email_accounts"
DOMAIN_ALIASES = DOMAINS + "/{parent}/aliases"
# CONTRACT "domain lists": Qboxmail's other lists of domains (and of their postmasters), paged like the domain list.
DOMAIN_LISTS = {"postmasters": "/api/postmasters", "without_customization": DOMAINS + "/without_customization",
                "without_manager": DOMAINS + "/without_manager"}

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
    ownership_method=Option(choices=["dns", "dns_sync", "email", "html", "skip"]),
    ownership_email=Option(),
    ownership_code=Option(no_log=True),
    ownership_email_reset=Option("bool"),
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


def domain_dns_records(obj):
    """The records a domain needs published, as `domain` and `domain_info` return them: the ownership A record until
    ownership is verified, the DKIM TXT record while a DKIM setup exists. GAP: the API documents no MX or SPF value
    for Hosting domains, so none is given."""
    return [rec for rec in (None if verified(obj) else ownership_record(obj), dkim_record(obj)) if rec]


def validate_ownership(params):
    method = params.get("ownership_method")
    if method == "email" and not (params.get("ownership_email") or params.get("ownership_code")):
        raise ModuleFailure("ownership_method=email needs ownership_email (the address that receives the code, one of "
                            "%s@<domain>) on the first run, and ownership_code on a later run" % "|".join(OWNERSHIP_MAILBOXES))
    if method != "email" and (params.get("ownership_email") or params.get("ownership_code")):
        raise ModuleFailure("ownership_email and ownership_code are only used with ownership_method=email")
    if params.get("state") == "absent" and (method or params.get("ownership_email_reset")):
        raise ModuleFailure("%s cannot be used with state=absent" % ("ownership_method" if method else "ownership_email_reset"))
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
    if verified(obj):
        return
    base = res.item_path
    if res.params.get("ownership_email_reset") and res.code:
        plan.note("ownership_email_reset", obj.get("ownership_verification_email_address"), "reset")
        plan.add(Write("PUT", base + "/email_ownership_check/reset"))
        obj["ownership_verification_email_address"] = None
    if not method:
        return
    if method == "html":
        plan_html_ownership(res, plan)
        return
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
            "email": obj.get("ownership_verification_email_address"), "html_file": getattr(res, "html_file", None)}


def html_file_of(answer):
    """`{file_name, file_content, url}` from the answer of `GET .../html_ownership_check` (top level or enveloped)."""
    body = answer.body if isinstance(answer.body, dict) else {}
    if "file_name" not in body and answer.resources:
        body = answer.resources[0]
    return dict((key, body.get(key)) for key in ("file_name", "file_content", "url"))


def plan_html_ownership(res, plan):
    """HTML-file ownership: read the file to publish, then ask Qboxmail to check it. Like the DNS checks, it counts
    as a change only when it verifies; otherwise the task warns with the file to publish."""
    base = res.item_path
    if res.ctx.check_mode:
        if res.code and res.parent_code != PENDING:
            res.html_file = html_file_of(res.client.get(res.path(base + "/html_ownership_check")))
        res.warnings.append("a real run would check the ownership file of %s on its website; it counts as a change only "
                            "once the file is published" % res.label())
        return

    def check(r, client):
        r.html_file = html_file_of(client.get(r.path(base + "/html_ownership_check")))
        try:
            client.put(r.path(base + "/html_ownership_check"))
        except QboxmailError as err:
            if err.status != 422:
                raise
            r.warnings.append("ownership of %s is not verified yet: publish a file named %s with the content %r at %s "
                              "(see ownership.html_file), then run again (%s)" % (
                                  r.label(), r.html_file["file_name"], r.html_file["file_content"], r.html_file["url"],
                                  err.message + "".join("; %s %s" % (e.get("field"), e.get("description")) for e in err.errors)))
            return
        r.ctx.written = r.wrote = True
        plan.note("ownership", "unverified", "verified (html)")
    plan.add(Write("PUT", base + "/html_ownership_check", run=check))


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


# ------------------------------------------------------------------------------------------ outbound limits
def outbound_value(value):
    """`outbound_limit` as the user gives it: an option id (0 restores the default) or the option's description."""
    if isinstance(value, bool):
        raise ValueError("give an outbound limit option id (a whole number, 0 for the default) or its description")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("an outbound limit option id is 0 or more (got %r)" % (value,))
        return value
    text = str(value).strip()
    if not text:
        raise ValueError("must not be empty: give an option id or its description")
    return int(text) if text.isdigit() else text


OUTBOUND_FIELD = Field("raw", to_api=outbound_value)
OUTBOUND_PATHS = {"domain": DOMAIN + "/outbound_limits", "mailbox": MAILBOXES + "/{code}/outbound_limits"}


def outbound_options(res, client, code):
    """The outbound limit options of a domain or mailbox, read once per task.

    GAP: the options of a mailbox are read from its own endpoint; every mailbox of a domain is assumed to have the
    same options (a list task reads them once per domain).
    """
    key = ("outbound_limits", res.name, res.parent_code or code)
    if key not in res.ctx.cache:
        res.ctx.cache[key] = client.get(res.path(OUTBOUND_PATHS[res.name], code=code)).resources
    return res.ctx.cache[key]


def outbound_id(res, options, value):
    """The option id `value` names (an id, or a description compared case-insensitively); fails listing the choices."""
    if isinstance(value, int):
        found = [opt for opt in options if opt.get("id") == value]
    else:
        found = [opt for opt in options if fold(opt.get("description")) == fold(value)]
    if value == 0 or len(found) == 1:
        return value if value == 0 else found[0]["id"]
    choices = ", ".join("%s (%s)" % (opt.get("id"), opt.get("description")) for opt in options) or "none"
    if found:
        raise ModuleFailure("outbound_limit: %r is ambiguous for %s: %d options match; give its id (%s)" % (
            value, res.label(), len(found), choices))
    raise ModuleFailure("outbound_limit: %r is not an outbound limit option of %s; choose an id or a description among: "
                        "0 (the default), %s" % (value, res.label(), choices))


class OutboundLimit:
    """Mixin of `domain` and `mailbox`: `outbound_limit` given as an option id or as its description, checked against
    the object's outbound limit options. On a create the object has no options yet: an id passes through (the API
    checks it), a description is resolved and set right after the create."""

    outbound_later = None   # a description to resolve and set after the create

    def find(self):
        current = super(OutboundLimit, self).find()
        self.resolve_outbound(current)
        return current

    @classmethod
    def prepare_list(cls, ctx, items, index):
        super(OutboundLimit, cls).prepare_list(ctx, items, index)
        for obj in items:
            obj.resolve_outbound(index.get(fold(obj.params.get(cls.key))))

    def resolve_outbound(self, current):
        value = self.wanted.get("outbound_limit")
        if value is None or self.state == "absent":
            return
        if current is None:
            if not isinstance(value, int):
                self.outbound_later = self.wanted.pop("outbound_limit")
            return
        if isinstance(value, int) and (value == 0 or same("scalar", current.get("outbound_limit"), value)):
            return
        self.wanted["outbound_limit"] = outbound_id(self, outbound_options(self, self.client, current[self.code_field]), value)

    def plan(self, current):
        plan = super(OutboundLimit, self).plan(current)
        if self.outbound_later is None or self.state == "absent":
            return plan
        description = self.outbound_later
        plan.note("outbound_limit", None, description)

        def later(res, client):
            ident = outbound_id(res, outbound_options(res, client, res.code), description)
            client.put(res.path(res.item_path), {"outbound_limit": ident})
        write = Write("PUT", self.item_path, run=later)
        if plan.writes and plan.writes[0].creates:
            plan.writes.insert(1, write)
        else:
            plan.add(write)
        return plan


# ------------------------------------------------------------------------------------------ domain settings and checks
TRUSTED_NETWORKS = DOMAIN + "/settings/trusted_networks"
ADMIN_ONLY = ("trusted_networks: Qboxmail lets only admin tokens read and replace the trusted networks of a domain "
              "(HTTP 403 for this token); run this task with an admin token (and customer_code)")
DOMAIN_FIELDS = dict(
    trusted_networks=Option("list", elements="dict", options=dict(ip=Option(required=True),
                                                                  description=Option(required=True))),
    check_mx=Option("bool"),
    dkim_recheck=Option("bool"),
    dkim_reset=Option("bool"),
)
# The domain fields each queued check updates when it is done (CONTRACT "MX check", hosting.md 2.3).
CHECK_FIELDS = {"check_mx": ("mx_last_check_at", "mx_last_check_ok"),
                "dkim_recheck": ("dkim_last_checked_at", "dkim_last_check_ok")}


def trusted_networks(values):
    """`[{ip, description}]` as the API takes them; fails on a bad address, an empty description or a repeated network."""
    out, seen = [], set()
    for number, item in enumerate(values or [], start=1):
        try:
            ip = network(item.get("ip"))
        except ValueError as exc:
            raise ModuleFailure("trusted_networks item %d: ip: %s" % (number, exc))
        description = str(item.get("description") or "").strip()
        if not description:
            raise ModuleFailure("trusted_networks item %d: description must not be empty (Qboxmail requires one)" % number)
        net = ipaddress.ip_network(ip, strict=False)
        if net in seen:
            raise ModuleFailure("trusted_networks item %d: %s is listed twice" % (number, ip))
        seen.add(net)
        out.append({"ip": ip, "description": description})
    return out


def network_set(values):
    return set((ipaddress.ip_network(str(v.get("ip")), strict=False), str(v.get("description") or "").strip())
               for v in values or [])


def last_check_stamp(value):
    """A check's `..._at` time as a UTC datetime, or None."""
    try:
        return datetime.datetime.strptime(str(value)[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=datetime.timezone.utc)
    except ValueError:
        return None


def after_last_check(stamp):
    """GAP: the check times have one-second resolution; a check queued in the same second as the previous one's time
    could not be told apart from it, so the module waits for the next second before queueing it."""
    last = last_check_stamp(stamp)
    if last is not None:
        ahead = (last - datetime.datetime.now(datetime.timezone.utc)).total_seconds() + 1.05
        if ahead > 0:
            _resource.SLEEP(min(ahead, 1.5))


class DomainSteps(OutboundLimit):
    """Mixin of `domain`: trusted networks (admin only), the MX check, DKIM recheck and reset, outbound limits."""

    trusted_current = None   # the trusted networks read before planning
    trusted_after = None     # ... and as they are after the task
    awaiting = None          # {field: value before}: the queued checks a wait waits for

    def normalise(self):
        if self.params.get("trusted_networks") is not None:
            self.params["trusted_networks"] = trusted_networks(self.params["trusted_networks"])
        used = [opt for opt in ("trusted_networks", "check_mx", "dkim_recheck", "dkim_reset") if self.params.get(opt)]
        if used and self.state == "absent":
            raise ModuleFailure("%s cannot be used with state=absent" % used[0])
        self.awaiting = {}

    def find(self):
        current = super(DomainSteps, self).find()
        if current is not None and self.params.get("trusted_networks") is not None:
            try:
                self.trusted_current = list(self.client.paginate(path(TRUSTED_NETWORKS, code=current["code"])))
            except QboxmailError as err:
                if err.status == 403:
                    raise ModuleFailure(ADMIN_ONLY, **err.details())
                raise
        return current

    def settled(self, obj):
        if not super(DomainSteps, self).settled(obj):
            return False
        return all(obj.get(field) != before for field, before in self.awaiting.items())


def plan_domain_steps(res, plan, plan_dkim):
    """Trusted networks, DKIM reset, the DKIM steps of the module (`plan_dkim`), DKIM recheck and MX check."""
    wanted = res.params.get("trusted_networks")
    if wanted is not None:
        # GAP: whose token it is shows only in the answers; an admin token creates a domain with customer_code.
        if res.code is None and not res.ctx.params.get("customer_code"):
            raise ModuleFailure(ADMIN_ONLY.replace("read and replace", "set") + ": an admin token creates a domain with "
                                "customer_code, which is not set")
        if res.trusted_current is not None and network_set(res.trusted_current) == network_set(wanted):
            res.trusted_after = res.trusted_current
        else:
            plan.note("trusted_networks", res.trusted_current, wanted)
            plan.add(Write("PUT", TRUSTED_NETWORKS, {"trusted_networks": wanted}, error=admin_only,
                           done=lambda r, resp: setattr(r, "trusted_after", wanted)))
    status = dkim_state(plan.obj)
    if res.params.get("dkim_reset"):
        if status is None and res.code is not None:
            raise ModuleFailure("dkim_reset: domain %s has no DKIM setup to reset" % res.params["name"])
        plan.note("dkim_reset", status, "reset")
        plan.add(Write("PUT", DOMAIN + "/dkim/reset", uncertain="the DKIM reset of %s may have been applied" % res.label()))
        plan.obj.update(dkim_status=None, has_dkim=0, dkim_selector=None, dkim_public_key=None, dkim_last_check_ok=None,
                        dkim_last_checked_at=None)
    plan_dkim(plan)
    if res.params.get("dkim_recheck"):
        if dkim_state(plan.obj) is None and res.params.get("dkim") != "enabled":
            raise ModuleFailure("dkim_recheck: domain %s has no DKIM setup to check (set dkim: enabled first)" % res.params["name"])
        plan_check(res, plan, "dkim_recheck", DOMAIN + "/dkim/recheck")
    if res.params.get("check_mx"):
        plan_check(res, plan, "check_mx", DOMAIN + "/dns")


def admin_only(res, err):
    if err.status == 403:
        raise ModuleFailure(ADMIN_ONLY, changed=res.ctx.written, **err.details())
    return False


def plan_check(res, plan, option, template):
    """A queued check (a trigger: it runs, and reports a change, on every run); `wait` waits for its result."""
    stamp_field = CHECK_FIELDS[option][0]
    plan.note(option, None, "queued")

    def run(r, client):
        before = None if r.created else plan.obj.get(stamp_field)
        after_last_check(before)
        try:
            client.request("PUT", r.path(template), once=True)
        except QboxmailUncertainError as err:
            r.ctx.written = True
            raise ModuleFailure("%s of %s may have been queued although no answer arrived (%s); it is not repeated: check "
                                "%s with qboxmail.qboxmail.domain_info" % (option, r.label(), err, stamp_field),
                                changed=True, **err.details())
        r.ctx.written = r.wrote = True
        r.awaiting[stamp_field] = before
    plan.add(Write("PUT", template, run=run))


def domain_result(res, obj):
    """Result keys of the domain settings and checks the task named."""
    out = {}
    if res.params.get("trusted_networks") is not None:
        out["trusted_networks"] = res.trusted_after if res.trusted_after is not None else res.params["trusted_networks"]
    waited = res.params.get("wait", True) and not res.ctx.check_mode
    for option, (_stamp, result) in CHECK_FIELDS.items():
        if res.params.get(option):
            out[result] = (obj or {}).get(result) if waited else None
    return out


# ------------------------------------------------------------------------------------------ email logs
# CONTRACT "email log analysis": the logs of a domain or of one of its mailboxes, by kind.
LOG_KINDS = ("access", "incoming", "outgoing")
LOG_PATHS = {"domain": DOMAIN + "/logs/{kind}", "mailbox": MAILBOXES + "/{code}/logs/{kind}"}
# GAP: Qboxmail keeps up to 30 days of logs (the panel guide); `days` is counted back from today (UTC), today included.
MAX_LOG_DAYS = 30


def log_filters(params, today=None):
    """The query of a log read from the options: `start_date`/`end_date` (YYYY-MM-DD) or `days` (today and the days
    before it, UTC), `query`, `status`. Raises ValueError naming the option."""
    out = {}
    for option in ("start_date", "end_date"):
        if params.get(option) not in (None, ""):
            try:
                out[option] = iso_date(params[option])
            except ValueError as exc:
                raise ValueError("%s: %s" % (option, exc))
    days = params.get("days")
    if days is not None:
        if out:
            raise ValueError("days: give either days or start_date/end_date")
        if isinstance(days, bool) or not str(days).strip().isdigit() or not 1 <= int(days) <= MAX_LOG_DAYS:
            raise ValueError("days: must be a whole number from 1 to %d (got %r)" % (MAX_LOG_DAYS, days))
        today = today or datetime.datetime.now(datetime.timezone.utc).date()
        out["start_date"] = (today - datetime.timedelta(days=int(days) - 1)).isoformat()
        out["end_date"] = today.isoformat()
    if out.get("start_date") and out.get("end_date") and out["start_date"] > out["end_date"]:
        raise ValueError("start_date: %s is after end_date %s" % (out["start_date"], out["end_date"]))
    for option in ("query", "status"):
        if params.get(option) not in (None, ""):
            out[option] = str(params[option]).strip()
    return out


def log_kind(value):
    kind = str(value).strip().lower()
    if kind not in LOG_KINDS:
        raise ValueError("kind: %r is not a log kind; use one of %s" % (value, ", ".join(LOG_KINDS)))
    return kind


def log_owner(domain, mailbox):
    """(domain name, mailbox local part or None) from the options; ValueError naming the option."""
    local = None
    if mailbox not in (None, ""):
        try:
            address = email_address(mailbox)
        except ValueError as exc:
            raise ValueError("mailbox: %s" % exc)
        local, mailbox_domain = address.rsplit("@", 1)
        if domain not in (None, "") and domain_name(domain) != mailbox_domain:
            raise ValueError("mailbox: %s is not in domain %s" % (mailbox, domain))
        domain = mailbox_domain
    if domain in (None, ""):
        raise ValueError("domain: give the domain (or the mailbox) whose logs to read")
    try:
        return domain_name(domain), local
    except ValueError as exc:
        raise ValueError("domain: %s" % exc)


def read_email_logs(client, kind, domain_code, mailbox_code=None, filters=None):
    """Every entry of one log of a domain or mailbox, paged at the largest page size, oldest first as the API lists."""
    if mailbox_code:
        url = path(LOG_PATHS["mailbox"], parent=domain_code, code=mailbox_code, kind=kind)
    else:
        url = path(LOG_PATHS["domain"], code=domain_code, kind=kind)
    return list(client.paginate(url, filters or {}))


def lookup_log_owner(client, domain, local):
    """(domain code, mailbox code or None) by one filtered lookup each; ValueError when missing or ambiguous."""
    def one(ref, option, key, label, parent_code=None):
        found = ref.lookup(client, key, parent_code)
        if len(found) != 1:
            raise ValueError("%s: %s %s %s" % (option, ref.what, label, "is ambiguous" if found else
                                               "does not exist (or this token cannot see it)"))
        return found[0]["code"]
    domain_code = one(DOMAIN_REF, "domain", domain, domain)
    return domain_code, (one(MAILBOX_REF, "mailbox", local, "%s@%s" % (local, domain), domain_code) if local else None)


def log_summary(entries, kind):
    """How many entries there are, by `status` (mail) or `result` (access)."""
    field = "result" if kind == "access" else "status"
    counts = {}
    for entry in entries:
        key = str(entry.get(field))
        counts[key] = counts.get(key, 0) + 1
    return {"total": len(entries), "by_" + field: counts}
