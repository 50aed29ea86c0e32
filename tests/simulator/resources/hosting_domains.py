# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hosting domains: list, create, get, update, status, delete and the MX check.

Ownership checks live in ``hosting_domain_ownership.py`` and DKIM in ``hosting_domain_dkim.py``;
both use ``find_domain`` and ``queue_activation`` from here.
"""
from __future__ import annotations

from aiohttp import web

from ..common import (
    Checks, api_error, created, invalid, is_bool, is_domain_name, is_email, is_int, is_net_list, is_password, json_body,
    no_content, one, owner_code, paginate, require_billing, scoped, visible_or_404,
)
from ..gaps import allowed, refuse_query
from ..state import NOW, State, now_iso
from ._managers import claim

PLANS = ("basic", "professional", "enterprise")
QUOTAS = (
    52428800, 1073741824, 2147483648, 3221225472, 4294967296, 5368709120, 6442450944, 7516192768,
    8589934592, 17179869184, 26843545600, 53687091200, 107374182400,
)
STATUSES = ("enabled", "disabled")
BOOL_FIELDS = (
    "imap_disabled", "pop_disabled", "smtp_disabled", "webmail_disabled", "chat", "activesync", "meeting", "calendar",
    "dav", "catch_all_enabled",
)
LIMIT_FIELDS = (
    "max_email_accounts", "max_email_accounts_archive", "max_email_accounts_25gb", "max_email_accounts_50gb",
    "max_email_accounts_100gb",
)
WRITABLE = BOOL_FIELDS + LIMIT_FIELDS + (
    "plan", "outbound_limit", "catch_all_destination", "default_quota", "max_email_quota", "antispam_level", "allow_nets",
)
# GAP: MX targets of Qboxmail hosting are not in the stored docs; the MX check wants both of these published.
MX_HOSTS = ("mx01.qboxmail.com", "mx02.qboxmail.com")
# GAP: the outbound limit options are documented only by their shape (extra.md #8); ids, rates and flags are ours.
# ``period`` is in seconds; ``outbound_limit`` of a domain or mailbox takes one of these ids, or 0 (the default).
OUTBOUND_LIMITS = (
    {"id": 1, "description": "250 messages per day", "rate": 250, "period": 86400, "view": "250/day", "pay": False, "included": True},
    {"id": 2, "description": "500 messages per day", "rate": 500, "period": 86400, "view": "500/day", "pay": False, "included": True},
    {"id": 3, "description": "1,000 messages per day", "rate": 1000, "period": 86400, "view": "1000/day", "pay": False,
     "included": True},
    {"id": 4, "description": "2,500 messages per day", "rate": 2500, "period": 86400, "view": "2500/day", "pay": True,
     "included": False},
    {"id": 5, "description": "5,000 messages per day", "rate": 5000, "period": 86400, "view": "5000/day", "pay": True,
     "included": False},
)
DEFAULT_OUTBOUND_LIMIT = 0


def is_outbound_limit(value) -> bool:
    """0 (the default) or the ``id`` of one of the ``OUTBOUND_LIMITS`` options."""
    return is_int(value, 0) and (value == DEFAULT_OUTBOUND_LIMIT or any(opt["id"] == value for opt in OUTBOUND_LIMITS))


def outbound_rate(limit_id) -> int:
    """The ``rate`` of an outbound limit option (0 for the default or an unknown id)."""
    return next((opt["rate"] for opt in OUTBOUND_LIMITS if opt["id"] == limit_id), 0)


def new_domain(state: State, name: str, customer_code: str, code: str | None = None) -> dict:
    """A domain with every documented field at its default, awaiting the ownership check."""
    stamp = now_iso()
    customer = state.customer(customer_code) or {}
    domain = {
        "activated_at": None, "archive_activated_at": None, "created_at": stamp, "updated_at": stamp,
        "status": "ownership_check", "status_detail": "ownership_check", "archive_status": "disabled",
        "code": code or state.new_code("D", 9), "is_healthy": False, "name": name,
        "customer_fullname": customer.get("fullname"), "customer_code": customer_code, "customer_catch_all": False,
        "allow_nets": [], "antispam_level": 2, "archive": False, "manager_fullname": None, "manager_code": None,
        "imap_disabled": False, "smtp_disabled": False, "pop_disabled": False, "webmail_disabled": False,
        "calendar": False, "meeting": False, "activesync": False, "chat": False, "dav": False,
        "default_retention": 0, "default_archive": False, "email_services": 0, "default_quota": 1073741824,
        "dkim_public_key": None, "dkim_selector": None, "has_dkim": 0, "dkim_last_checked_at": None,
        "dkim_last_check_ok": None, "max_email_accounts": -1, "max_email_accounts_archive": -1,
        "max_email_accounts_25gb": -1, "max_email_accounts_50gb": -1, "max_email_accounts_100gb": -1,
        "max_email_quota": 8589934592, "no_alias_domains": 0, "no_alias_email_accounts": 0, "no_email_accounts": 0,
        "no_email_accounts_archive": 0, "no_email_accounts_25gb": 0, "no_email_accounts_50gb": 0,
        "no_email_accounts_100gb": 0, "ownership_verification_email_address": None,
        # Not in the stored docs (see hosting.md 3.1): [3P] possession_a_record, [INF] the rest.
        "plan": "basic", "catch_all_enabled": False, "catch_all_destination": None, "outbound_limit": DEFAULT_OUTBOUND_LIMIT,
        "possession_a_record": state.new_code("d", 9), "dkim_status": None, "mx_last_check_at": None,
        "mx_last_check_ok": None, "archive_status_detail": None,
        # GAP: "customization" (seed 003: domains "that do not have a customization assigned") has no documented
        # field; the simulator keeps the assigned customization's code here (null: none, set through /_sim/seed).
        "customization": None,
    }
    return domain


def new_postmaster(state: State, domain: dict, password: str) -> dict:
    """The postmaster mailbox created with every domain (``email_accounts`` collection, code ``P`` + 9 digits)."""
    stamp = now_iso()
    return state.insert("email_accounts", {
        "code": state.new_code("P", 9), "domain_code": domain["code"], "customer_code": domain["customer_code"],
        "name": "postmaster", "email_address": "postmaster@%s" % domain["name"], "is_postmaster": True,
        "status": "enabled", "status_detail": "ok", "max_email_quota": domain["default_quota"],
        "created_at": stamp, "updated_at": stamp, "_password": password,
    })


def name_taken(state: State, name: str) -> bool:
    """True when a domain or an alias domain of any customer already has this name."""
    return any(obj.get("name") == name for coll in ("domains", "alias_domains") for obj in state.collection(coll).values())


def check_fields(check: Checks, current: dict, creating: bool = False) -> None:
    """Validate the writable fields present in the body (``current``: the domain before the change)."""
    for field in BOOL_FIELDS:
        check.field(field, is_bool)
    for field in LIMIT_FIELDS:
        check.field(field, lambda value: is_int(value, -1))
    check.field("plan", lambda value: value in PLANS)
    check.field("max_email_quota", lambda value: is_int(value) and value in QUOTAS)
    check.field("default_quota", lambda value: is_int(value) and value in QUOTAS)
    check.field("antispam_level", lambda value: is_int(value) and 0 <= value <= 3)
    check.field("allow_nets", is_net_list)
    check.field("outbound_limit", is_outbound_limit)
    check.field("catch_all_destination", lambda value: value in (None, "") or is_email(value))
    enabled = check.body.get("catch_all_enabled", current.get("catch_all_enabled"))
    destination = check.body.get("catch_all_destination", current.get("catch_all_destination"))
    if enabled is True and not is_email(destination):
        check.add("catch_all_destination", "is not valid")
    if creating or "postmaster_password" in check.body:
        if check.required("postmaster_password") and not is_password(check.body["postmaster_password"]):
            check.add("postmaster_password", "is not valid")
        if check.body.get("postmaster_password_confirmation") != check.body.get("postmaster_password"):
            check.add("postmaster_password_confirmation", "doesn't match")


def mx_ok(state: State, name: str) -> bool:
    """True when the zone holds MX records of ``name`` (``<priority> <host>``) for every host of ``MX_HOSTS``."""
    hosts = {value.split()[-1].rstrip(".").lower() for value in state.dns_values(name, "MX") if value.split()}
    return all(host in hosts for host in MX_HOSTS)


def find_domain(request: web.Request, state: State, code: str) -> dict:
    """The domain ``code`` if this token may see it, else 404."""
    return visible_or_404(request, state, "domains", code)


def find_child(request: web.Request, state: State, collection: str, path_key: str) -> tuple:
    """(domain, child) of a path ``/api/domains/{code}/<collection>/{path_key}``; 404 unless both are visible
    and the child belongs to that domain."""
    domain = find_domain(request, state, request.match_info["code"])
    child = visible_or_404(request, state, collection, request.match_info[path_key])
    if child["domain_code"] != domain["code"]:
        raise api_error(404)
    return domain, child


def queue_activation(state: State, obj: dict) -> None:
    """Ownership proven: ``updating``/``queued`` now, ``enabled``/``ok`` after the async delay."""
    obj.update(status="updating", status_detail="queued", updated_at=now_iso())
    state.schedule(obj, {"status": "enabled", "status_detail": "ok", "is_healthy": True, "activated_at": NOW})


def seed_domain(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"domains": [...]}``: defaults filled, ``status`` may be set."""
    item = dict(item)
    password = item.pop("postmaster_password", None) or "Postmaster1"
    item.pop("postmaster_password_confirmation", None)
    domain = new_domain(state, item["name"], item.get("customer_code") or "C100000001", item.get("code"))
    status = item.get("status")
    if status and status != "ownership_check":
        ready = status in STATUSES
        domain.update(status_detail="ok" if ready else status, is_healthy=ready, activated_at=now_iso())
    domain.update(item)
    state.insert("domains", domain)
    new_postmaster(state, domain, password)
    return domain["code"]


class Domains:
    """Handlers of the domain routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/domains (``page``, ``per``, ``query``, ``customer_code``, ``pick``/``only``; ``status`` only under
        the GAP switch ``domain_list_status``)."""
        refuse_query(request, self.state, "domain_list_status", ("status",))
        return paginate(request, [self.shown(obj) for obj in scoped(request, self.state.values("domains"))])

    def shown(self, domain: dict) -> dict:
        """A domain as answered: without ``dkim_status`` under the switch ``omit_dkim_status`` (has_dkim alone)."""
        if not allowed(self.state, "omit_dkim_status"):
            return domain
        return {key: value for key, value in domain.items() if key != "dkim_status"}

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/domains: 200 ``{message, resource_code}`` + ``Location``."""
        body = await json_body(request)
        check = Checks(body)
        owner = owner_code(request, self.state, body, check)
        require_billing(request, self.state)
        name = body.get("name")
        if check.required("name"):
            if not is_domain_name(name):
                check.add("name", "is not valid")
            elif name_taken(self.state, name):
                check.add("name", "already exists")
        check_fields(check, {}, creating=True)
        check.done()
        domain = new_domain(self.state, name, owner)
        domain.update({field: body[field] for field in WRITABLE if field in body})
        claim(request, self.state, domain, "domains")
        self.state.insert("domains", domain)
        new_postmaster(self.state, domain, body["postmaster_password"])
        return created("Domain created", domain["code"], "/api/domains/%s" % domain["code"])

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}."""
        return one(self.shown(find_domain(request, self.state, request.match_info["code"])))

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}: given fields apply at once (``name`` and ``customer_code`` are ignored)."""
        domain = find_domain(request, self.state, request.match_info["code"])
        body = await json_body(request)
        if body.get("plan") in PLANS and body["plan"] != domain["plan"]:
            require_billing(request, self.state, domain["customer_code"])
        check = Checks(body)
        check_fields(check, domain)
        check.done()
        domain.update({field: body[field] for field in WRITABLE if field in body}, updated_at=now_iso())
        if "postmaster_password" in body:
            for mailbox in self.state.values("email_accounts"):
                if mailbox["domain_code"] == domain["code"] and mailbox.get("is_postmaster"):
                    mailbox["_password"] = body["postmaster_password"]
        return no_content()

    async def set_status(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/status ``{status: enabled|disabled}`` (queued)."""
        domain = find_domain(request, self.state, request.match_info["code"])
        body = await json_body(request)
        if body.get("status") not in STATUSES:
            raise invalid("status")
        if domain["status"] == "ownership_check":
            raise invalid("status", "cannot change before the domain ownership is verified")
        domain.update(status="updating", status_detail="queued", updated_at=now_iso())
        self.state.schedule(domain, {"status": body["status"], "status_detail": "ok"})
        return no_content()

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/domains/{code}: the domain and everything with its ``domain_code``."""
        domain = find_domain(request, self.state, request.match_info["code"])
        self.state.remove("domains", domain["code"])
        self.state.remove_children("domain_code", domain["code"])
        return no_content()

    async def mx_check(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/dns: queue a check of the MX records (204).

        GAP (CONTRACT "MX check"): the result shows on the domain after the async delay as ``mx_last_check_at``
        and ``mx_last_check_ok``, true when the zone, as it is when the check is queued, holds MX records of the
        domain pointing at both ``MX_HOSTS``.
        """
        domain = find_domain(request, self.state, request.match_info["code"])
        self.state.schedule(domain, {"mx_last_check_ok": mx_ok(self.state, domain["name"]), "mx_last_check_at": NOW})
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the domain routes and the ``domains`` fixture loader."""
    handlers = Domains(state)
    state.seeders["domains"] = seed_domain
    state.declare("domains", "email_accounts")
    routes.get("/api/domains")(handlers.list)
    routes.post("/api/domains")(handlers.create)
    routes.get("/api/domains/{code}")(handlers.get)
    routes.put("/api/domains/{code}")(handlers.update)
    routes.delete("/api/domains/{code}")(handlers.delete)
    routes.put("/api/domains/{code}/status")(handlers.set_status)
    routes.put("/api/domains/{code}/dns")(handlers.mx_check)
