# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hosting email accounts (mailboxes): list, create, get, update, status, delete.

Mailboxes live in the ``email_accounts`` collection, next to the postmaster that ``hosting_domains.py``
creates with every domain. Fields without a documented name use CONTRACT.md's canonical names.
"""
from __future__ import annotations

import datetime
import functools
import re
import zoneinfo

from aiohttp import web

from ..common import (
    Checks, created, invalid, is_bool, is_email, is_int, is_net_list, is_password, json_body, no_content,
    one, paginate, require_billing,
)
from ..state import NOW, State, now_iso
from ._managers import check_mailbox_limits
from .hosting_domains import DEFAULT_OUTBOUND_LIMIT, QUOTAS, find_child, find_domain, is_outbound_limit

COLLECTION = "email_accounts"
BOOL_FIELDS = (
    "password_change_disabled", "autoresponder_enabled", "autoresponder_intervals_enabled", "spam_in_inbox",
    "forward_keep_copy", "reject_incoming", "imap_disabled", "pop_disabled", "smtp_disabled", "webmail_disabled",
    "force_new_password", "hide_from_addressbook_company",
)
# GAP: the create page lists address book fields (company, role/job title, ...) only by description; the simulator
# names these three, which the signature template variables read (``hosting_signatures.py``).
ADDRESS_BOOK_FIELDS = ("company", "job_title", "phone")
TEXT_FIELDS = ("description", "firstname", "lastname", "autoresponder_subject", "autoresponder_body", "bounce_msg") + ADDRESS_BOOK_FIELDS
DATE_FIELDS = ("autoresponder_start_date", "autoresponder_end_date")
LIST_FIELDS = ("forward_destinations", "allow_nets", "tags")
WRITABLE = BOOL_FIELDS + TEXT_FIELDS + DATE_FIELDS + LIST_FIELDS + ("language", "timezone", "outbound_limit", "max_email_quota")
LANGUAGES = ("it", "en", "es")
# GAP: the limit on forwarding destinations is not documented; the simulator uses the alias limit (20).
MAX_FORWARDS = 20
# GAP: the default bounce message of a disabled account is not documented.
DEFAULT_BOUNCE = "This address is disabled"
LOCAL_RE = re.compile(r"^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$")
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\d$")


@functools.cache
def time_zones() -> frozenset:
    """The IANA time zone names Python's ``zoneinfo`` knows (CONTRACT "time zones")."""
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(value) -> bool:
    """An IANA time zone name such as ``Europe/Rome`` or ``UTC``."""
    return isinstance(value, str) and value in time_zones()


def is_date(value) -> bool:
    """A real calendar date written ``YYYY-MM-DD`` (``2026-02-31`` is not one)."""
    if not isinstance(value, str) or not DATE_RE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def is_local_part(value) -> bool:
    """A lower-case local part such as ``info`` or ``first.last``."""
    return isinstance(value, str) and bool(LOCAL_RE.match(value)) and ".." not in value


def in_domain(state: State, collection: str, domain_code: str) -> list:
    """Objects of a collection that belong to the domain."""
    return [obj for obj in state.values(collection) if obj.get("domain_code") == domain_code]


def local_name_taken(state: State, domain_code: str, name: str) -> bool:
    """True when a mailbox or an email alias of the domain already uses this local part."""
    return any(obj.get("name") == name for coll in (COLLECTION, "alias_email_accounts") for obj in in_domain(state, coll, domain_code))


def mailbox_limit_reached(state: State, domain: dict) -> int | None:
    """The domain's ``max_email_accounts`` when its mailboxes (the postmaster not counted) already reach it."""
    limit = domain.get("max_email_accounts", -1)
    used = sum(1 for box in in_domain(state, COLLECTION, domain["code"]) if not box.get("is_postmaster"))
    return limit if is_int(limit, 0) and used >= limit else None


def new_mailbox(state: State, domain: dict, name: str) -> dict:
    """A mailbox with every field at its default (activation not yet queued)."""
    stamp = now_iso()
    mailbox = {
        "code": state.new_code("EA", 8), "domain_code": domain["code"], "customer_code": domain["customer_code"],
        "domain_name": domain["name"], "name": name, "email_address": "%s@%s" % (name, domain["name"]),
        "is_postmaster": False, "status": "updating", "status_detail": "queued", "created_at": stamp, "updated_at": stamp,
        "max_email_quota": domain.get("default_quota") or QUOTAS[1], "forward_destinations": [], "allow_nets": [],
        "tags": [], "language": "en", "timezone": "Europe/Rome", "outbound_limit": DEFAULT_OUTBOUND_LIMIT,
        "autoresponder_start_date": None, "autoresponder_end_date": None,
    }
    mailbox.update({field: False for field in BOOL_FIELDS})
    mailbox.update({field: None for field in TEXT_FIELDS})
    return mailbox


def check_fields(check: Checks, domain: dict) -> None:
    """Validate the writable fields present in the body."""
    for field in BOOL_FIELDS:
        check.field(field, is_bool)
    for field in TEXT_FIELDS:
        check.field(field, lambda value: value is None or isinstance(value, str))
    for field in DATE_FIELDS:
        check.field(field, lambda value: value in (None, "") or is_date(value))
    check.field("timezone", is_time_zone)
    check.field("language", lambda value: value in LANGUAGES)
    check.field("outbound_limit", is_outbound_limit)
    check.field("tags", lambda value: isinstance(value, list) and all(isinstance(tag, str) for tag in value))
    check.field("allow_nets", is_net_list)
    check.field("forward_destinations", lambda value: isinstance(value, list) and all(is_email(item) for item in value))
    if isinstance(check.body.get("forward_destinations"), list) and len(set(check.body["forward_destinations"])) > MAX_FORWARDS:
        check.add("forward_destinations", "has more than %d addresses" % MAX_FORWARDS)
    if "max_email_quota" in check.body:
        quota = check.body["max_email_quota"]
        if not is_int(quota) or quota not in QUOTAS:
            check.add("max_email_quota", "is not valid")
        elif quota > domain.get("max_email_quota", quota):
            check.add("max_email_quota", "is greater than the domain's max_email_quota (%d)" % domain["max_email_quota"])
    if "password" in check.body:
        if not is_password(check.body["password"]):
            check.add("password", "is not valid")
        if check.body.get("password_confirmation") != check.body.get("password"):
            check.add("password_confirmation", "doesn't match")


def apply(mailbox: dict, body: dict) -> None:
    """Copy the writable fields of a body onto the mailbox (duplicates of list fields dropped)."""
    for field in WRITABLE:
        if field in body:
            value = body[field]
            if field in LIST_FIELDS:
                value = list(dict.fromkeys(value))
            mailbox[field] = value
    if "password" in body:
        mailbox["_password"] = body["password"]
    mailbox["updated_at"] = now_iso()


def seed_mailbox(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"email_accounts": [{domain_code, name, ...}]}`` (enabled at once)."""
    item = dict(item)
    domain = state.get("domains", item.pop("domain_code"))
    mailbox = new_mailbox(state, domain, item.pop("name"))
    mailbox.update(status="enabled", status_detail="ok", firstname=item.pop("firstname", "Seeded"),
                   _password=item.pop("password", "Mailbox123"))
    mailbox.update(item)
    state.insert(COLLECTION, mailbox)
    return mailbox["code"]


class Mailboxes:
    """Handlers of the email account routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def mailbox(self, request: web.Request) -> tuple:
        """(domain, mailbox) of the path; 404 unless both exist, are visible and belong together."""
        return find_child(request, self.state, COLLECTION, "account")

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/email_accounts (``page``, ``per``, ``query`` on the address, ``status``)."""
        domain = find_domain(request, self.state, request.match_info["code"])
        return paginate(request, in_domain(self.state, COLLECTION, domain["code"]), search=("email_address",))

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/domains/{code}/email_accounts: billable; activation queued."""
        domain = find_domain(request, self.state, request.match_info["code"])
        body = await json_body(request)
        require_billing(request, self.state, domain["customer_code"])
        check = Checks(body)
        name = body.get("name")
        if check.required("name"):
            if not is_local_part(name):
                check.add("name", "is not valid")
            elif local_name_taken(self.state, domain["code"], name):
                check.add("name", "already exists")
        check.required("firstname")
        check.required("password")
        check_fields(check, domain)
        limit = mailbox_limit_reached(self.state, domain)
        if limit is not None:
            check.add("name", "exceeds the domain's max_email_accounts (%d)" % limit)
        check_mailbox_limits(request, self.state, check, domain)
        check.done()
        mailbox = new_mailbox(self.state, domain, name)
        apply(mailbox, body)
        self.state.insert(COLLECTION, mailbox)
        self.state.schedule(mailbox, {"status": "enabled", "status_detail": "ok", "activated_at": NOW})
        return created("Email account created", mailbox["code"],
                       "/api/domains/%s/email_accounts/%s" % (domain["code"], mailbox["code"]))

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/email_accounts/{account}."""
        return one(self.mailbox(request)[1])

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/email_accounts/{account}: given fields apply at once (``name`` is ignored)."""
        domain, mailbox = self.mailbox(request)
        body = await json_body(request)
        check = Checks(body)
        check_fields(check, domain)
        check_mailbox_limits(request, self.state, check, domain, mailbox)
        check.done()
        apply(mailbox, body)
        return no_content()

    async def set_status(self, request: web.Request) -> web.Response:
        """PUT .../email_accounts/{account}/status ``{status: enabled|disabled, bounce_msg}`` (queued)."""
        _domain, mailbox = self.mailbox(request)
        body = await json_body(request)
        check = Checks(body)
        check.status()
        check.field("bounce_msg", lambda value: value is None or isinstance(value, str))
        check.done()
        bounce = (body.get("bounce_msg") or DEFAULT_BOUNCE) if body["status"] == "disabled" else None
        mailbox.update(status="updating", status_detail="queued", bounce_msg=bounce, updated_at=now_iso())
        self.state.schedule(mailbox, {"status": body["status"], "status_detail": "ok"})
        return no_content()

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/domains/{code}/email_accounts/{account} (the postmaster cannot be deleted)."""
        _domain, mailbox = self.mailbox(request)
        if mailbox.get("is_postmaster"):
            raise invalid("code", "is the postmaster account, which is deleted only with its domain")
        self.state.remove(COLLECTION, mailbox["code"])
        self.state.remove_children("email_account_code", mailbox["code"])
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the email account routes and the ``email_accounts`` fixture loader."""
    handlers = Mailboxes(state)
    state.seeders[COLLECTION] = seed_mailbox
    state.declare(COLLECTION)
    base = "/api/domains/{code}/email_accounts"
    routes.get(base)(handlers.list)
    routes.post(base)(handlers.create)
    routes.get(base + "/{account}")(handlers.get)
    routes.put(base + "/{account}")(handlers.update)
    routes.delete(base + "/{account}")(handlers.delete)
    routes.put(base + "/{account}/status")(handlers.set_status)
