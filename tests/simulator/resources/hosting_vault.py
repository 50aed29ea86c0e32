# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Vault (archiving) of Hosting domains and their email accounts, and ``/_sim/vault_failures``.

Documented [DOC]: ``GET /api/archive/domains``, ``POST /api/archive/domains/{code}`` (activate:
``email_codes``, ``retention``, ``default_archive``), ``PUT /api/archive/domains/{code}`` (``default_retention``,
``default_archive``), ``PUT .../email_accounts/{email_code}/status`` and ``DELETE .../email_accounts/{email_code}``.
The other routes follow CONTRACT.md ("Vault accounts").

The Vault state lives on the domain object: ``archive_status`` (lifecycle ``activating`` -> ``enabled``,
``disabling`` -> ``disabled``, ``deleting`` -> ``disabled``, or ``failure``), ``archive``, ``archive_activated_at``,
``default_retention``, ``default_archive``, ``no_email_accounts_archive``. Archived accounts are objects of
the ``archive_email_accounts`` collection keyed by the mailbox code.
"""
from __future__ import annotations

from aiohttp import web

from ..common import STATE, Checks, enum, invalid, is_bool, is_int, json_body, no_content, one, paginate, scoped
from ..state import NOW, State, now_iso
from ..control import ControlError, guarded, read_json
from .hosting_domains import find_child, find_domain
from .hosting_mailboxes import in_domain

COLLECTION = "archive_email_accounts"
FAILURES = "vault_failures"
ARCHIVE_STATUSES = ("activating", "enabled", "disabling", "disabled", "deleting", "failure")  # [DOC]
BUSY = ("activating", "disabling", "deleting")
# GAP: the accepted retention values (months) are not documented; the simulator accepts any integer >= 1.
MIN_RETENTION = 1
# GAP: how the API reports why a Vault operation failed is not documented; the domain shows it in
# `archive_status_detail` (null otherwise), and an account in `archive_status_detail` too.
DEFAULT_FAILURE = "Vault activation failed"
# GAP: the fields of a Vault email account are not documented; the simulator shows these.
ACCOUNT_FIELDS = ("code", "email_address", "name", "domain_code", "domain_name", "customer_code", "archive_status",
                  "archive_status_detail", "retention", "archive_activated_at", "created_at", "updated_at")


def is_set_up(domain: dict) -> bool:
    """True once a Vault activation of the domain succeeded (until the Vault domain is deleted).

    GAP: the docs do not say how "activated but disabled" differs from "never activated"; the simulator uses
    ``archive_activated_at`` (set by the first successful activation, cleared by the delete) and keeps
    ``archive`` true exactly while ``archive_status`` is ``enabled``.
    """
    return domain.get("archive_activated_at") is not None


def accounts_of(state: State, domain: dict) -> list:
    """The Vault accounts of a domain."""
    return in_domain(state, COLLECTION, domain["code"])


def sync(state: State, domain: dict) -> list:
    """Bring the Vault accounts of a domain up to date and return them.

    Accounts whose mailbox is gone are dropped; with ``default_archive`` on and Vault ``enabled``, mailboxes
    created since the last look are archived with ``default_retention`` [DOC: "enable Vault by default for new
    accounts"], within ``max_email_accounts_archive``. ``no_email_accounts_archive`` is recounted.
    """
    mailboxes = in_domain(state, "email_accounts", domain["code"])
    present = {box["code"] for box in mailboxes}
    for account in accounts_of(state, domain):
        if account["code"] not in present:
            state.remove(COLLECTION, account["code"])
    seen = set(domain.get("_vault_seen") or ())
    if domain.get("archive_status") == "enabled" and domain.get("default_archive"):
        archived = {account["code"] for account in accounts_of(state, domain)}
        for box in mailboxes:
            if box["code"] not in seen and box["code"] not in archived and room(state, domain) > 0:
                account = new_account(box, domain.get("default_retention") or MIN_RETENTION)
                account.update(archive_status="enabled", archive_activated_at=now_iso())
                state.insert(COLLECTION, account)
    domain["_vault_seen"] = sorted(present)
    accounts = accounts_of(state, domain)
    domain["no_email_accounts_archive"] = len(accounts)
    return accounts


def room(state: State, domain: dict) -> float:
    """How many more accounts the domain may archive (``max_email_accounts_archive``; -1 = no limit)."""
    limit = domain.get("max_email_accounts_archive", -1)
    if not is_int(limit) or limit < 0:
        return float("inf")
    return limit - len(accounts_of(state, domain))


def new_account(mailbox: dict, retention: int) -> dict:
    """A Vault account for a mailbox (keyed by the mailbox code), ``activating``."""
    stamp = now_iso()
    return {
        "code": mailbox["code"], "email_address": mailbox["email_address"], "name": mailbox["name"],
        "domain_code": mailbox["domain_code"], "domain_name": mailbox.get("domain_name") or mailbox["email_address"].split("@")[1],
        "customer_code": mailbox["customer_code"], "archive_status": "activating", "archive_status_detail": None,
        "retention": retention, "archive_activated_at": None, "created_at": stamp, "updated_at": stamp,
    }


def check_retention(check: Checks, field: str, required: bool) -> None:
    """``field`` is an integer number of months >= ``MIN_RETENTION`` (required or optional)."""
    if required and not check.required(field):
        return
    check.field(field, lambda value: is_int(value, MIN_RETENTION), "must be an integer number of months >= %d" % MIN_RETENTION)


def check_email_codes(state: State, check: Checks, domain: dict, already: set) -> list:
    """``email_codes``: a list of mailbox codes of the domain, none archived yet, within the domain's limit."""
    if "email_codes" not in check.body or check.body["email_codes"] is None:
        check.add("email_codes", "is required")
        return []
    codes = check.body["email_codes"]
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        check.add("email_codes")
        return []
    codes = list(dict.fromkeys(codes))
    mailboxes = {box["code"] for box in in_domain(state, "email_accounts", domain["code"])}
    unknown = [code for code in codes if code not in mailboxes]
    if unknown:
        check.add("email_codes", "are not email accounts of the domain: %s" % ", ".join(unknown))
        return codes
    taken = [code for code in codes if code in already]
    if taken:
        check.add("email_codes", "already archived: %s" % ", ".join(taken))
    limit = domain.get("max_email_accounts_archive", -1)
    if is_int(limit) and limit >= 0 and len(already) + len(codes) > limit:
        check.add("email_codes", "exceeds the domain's max_email_accounts_archive (%d)" % limit)
    return codes


def take_failure(state: State, domain: dict) -> str | None:
    """The message of a ``/_sim/vault_failures`` entry for this domain (consumed), or None."""
    failures = state.collection(FAILURES)
    entry = failures.pop(domain["name"], None) or failures.pop(domain["code"], None)
    return entry["message"] if entry else None


def start_activation(state: State, domain: dict, accounts: list) -> None:
    """Domain (and the given accounts) ``activating`` now; ``enabled`` or ``failure`` after the async delay."""
    failure = take_failure(state, domain)
    fresh = not is_set_up(domain)
    domain.update(archive_status="activating", archive_status_detail=None, updated_at=now_iso())
    for account in accounts:
        account.update(archive_status="activating", archive_status_detail=None, updated_at=now_iso())
    if failure:
        state.schedule(domain, {"archive_status": "failure", "archive_status_detail": failure, "archive": False})
        for account in accounts:
            state.schedule(account, {"archive_status": "failure", "archive_status_detail": failure})
        return
    fields = {"archive_status": "enabled", "archive": True}
    if fresh:
        fields["archive_activated_at"] = NOW
    state.schedule(domain, fields)
    for account in accounts:
        state.schedule(account, {"archive_status": "enabled", "archive_activated_at": NOW})


def account_view(account: dict) -> dict:
    """The shown fields of a Vault account."""
    return {field: account.get(field) for field in ACCOUNT_FIELDS}


def seed_account(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"archive_email_accounts": [{code, retention?, archive_status?}]}``.

    ``code`` is a mailbox code; the account is ``enabled`` unless ``archive_status`` says otherwise.
    """
    item = dict(item)
    mailbox = state.get("email_accounts", item.pop("code"))
    account = new_account(mailbox, item.pop("retention", 12))
    account.update(archive_status="enabled", archive_activated_at=now_iso())
    account.update(item)
    state.insert(COLLECTION, account)
    return account["code"]


class Vault:
    """Handlers of the Vault routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def domain(self, request: web.Request) -> dict:
        """The domain of the path (404 unless visible), its Vault accounts synced."""
        domain = find_domain(request, self.state, request.match_info["code"])
        sync(self.state, domain)
        return domain

    def account(self, request: web.Request) -> tuple:
        """(domain, Vault account) of the path; 404 unless the mailbox is archived on that domain."""
        self.domain(request)
        return find_child(request, self.state, COLLECTION, "email_code")

    def require_set_up(self, domain: dict) -> None:
        """422 ``archive`` unless Vault was activated for the domain."""
        if not is_set_up(domain) and domain.get("archive_status") != "activating":
            raise invalid("archive", "Vault is not activated for this domain")

    @staticmethod
    def require_idle(domain: dict) -> None:
        """422 ``archive_status`` while an activation, disabling or deletion is in progress."""
        if domain.get("archive_status") in BUSY:
            raise invalid("archive_status", "is %s: wait until the operation in progress ends" % domain["archive_status"])

    async def list_domains(self, request: web.Request) -> web.Response:
        """GET /api/archive/domains (``customer_code``, ``archive_status``, ``sort_field``, ``sort``, ``page``, ``per``, ``query``)."""
        wanted = enum(request, "archive_status", ARCHIVE_STATUSES, allow_all=False, description="is not valid")
        domains = scoped(request, self.state.values("domains"))
        for domain in domains:
            if is_set_up(domain):
                sync(self.state, domain)
        if wanted:
            domains = [domain for domain in domains if domain.get("archive_status") == wanted]
        return paginate(request, domains)

    async def activate(self, request: web.Request) -> web.Response:
        """POST /api/archive/domains/{code} ``{email_codes, retention, default_archive?}`` [DOC]: 204, queued."""
        domain = self.domain(request)
        body = await json_body(request)
        self.require_idle(domain)
        if is_set_up(domain):
            raise invalid("archive", "Vault is already activated for this domain; use PUT /api/archive/domains/%s/status"
                          % domain["code"])
        check = Checks(body)
        check_retention(check, "retention", required=True)
        check.field("default_archive", is_bool)
        codes = check_email_codes(self.state, check, domain, set())
        check.done()
        for account in accounts_of(self.state, domain):  # leftovers of a failed activation
            self.state.remove(COLLECTION, account["code"])
        domain.update(default_retention=body["retention"], default_archive=body.get("default_archive", True))
        boxes = {box["code"]: box for box in in_domain(self.state, "email_accounts", domain["code"])}
        accounts = [self.state.insert(COLLECTION, new_account(boxes[code], body["retention"])) for code in codes]
        start_activation(self.state, domain, accounts)
        sync(self.state, domain)
        return no_content()

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/archive/domains/{code} ``{default_retention?, default_archive?}`` [DOC]: applied at once."""
        domain = self.domain(request)
        body = await json_body(request)
        self.require_set_up(domain)
        check = Checks(body)
        check_retention(check, "default_retention", required=False)
        check.field("default_archive", is_bool)
        check.done()
        domain.update({field: body[field] for field in ("default_retention", "default_archive") if field in body})
        domain["updated_at"] = now_iso()
        return no_content()

    async def set_status(self, request: web.Request) -> web.Response:
        """PUT /api/archive/domains/{code}/status ``{status: enabled|disabled}``: queued (no-op when already there)."""
        domain = self.domain(request)
        body = await json_body(request)
        check = Checks(body)
        check.status()
        check.done()
        self.require_set_up(domain)
        self.require_idle(domain)
        if body["status"] == domain.get("archive_status"):
            return no_content()
        if body["status"] == "enabled":
            start_activation(self.state, domain, [])
        else:
            domain.update(archive_status="disabling", archive_status_detail=None, updated_at=now_iso())
            self.state.schedule(domain, {"archive_status": "disabled", "archive": False})
        return no_content()

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/archive/domains/{code}: Vault removed from the domain, its archived accounts (and mail) deleted."""
        domain = self.domain(request)
        if domain.get("archive_status") == "deleting":
            return no_content()
        if not is_set_up(domain) and domain.get("archive_status") != "failure":
            raise invalid("archive", "Vault is not activated for this domain")
        self.require_idle(domain)
        for account in accounts_of(self.state, domain):
            self.state.remove(COLLECTION, account["code"])
        domain.update(archive_status="deleting", archive_status_detail=None, no_email_accounts_archive=0, updated_at=now_iso())
        self.state.schedule(domain, {"archive_status": "disabled", "archive": False, "archive_activated_at": None})
        return no_content()

    async def list_accounts(self, request: web.Request) -> web.Response:
        """GET /api/archive/domains/{code}/email_accounts (``page``, ``per``, ``query`` on the address, ``archive_status``)."""
        domain = self.domain(request)
        wanted = enum(request, "archive_status", ARCHIVE_STATUSES, allow_all=False, description="is not valid")
        accounts = [account_view(account) for account in accounts_of(self.state, domain)
                    if not wanted or account["archive_status"] == wanted]
        return paginate(request, accounts, search=("email_address",), sort_field="email_address")

    async def add_accounts(self, request: web.Request) -> web.Response:
        """POST /api/archive/domains/{code}/email_accounts ``{email_codes, retention?}``: 204, each account queued."""
        domain = self.domain(request)
        body = await json_body(request)
        if domain.get("archive_status") not in ("activating", "enabled"):
            raise invalid("archive_status", "is %s: Vault must be enabled for the domain" % domain.get("archive_status"))
        check = Checks(body)
        check_retention(check, "retention", required=False)
        already = {account["code"] for account in accounts_of(self.state, domain)}
        codes = check_email_codes(self.state, check, domain, already)
        check.done()
        retention = body.get("retention") or domain.get("default_retention") or MIN_RETENTION
        boxes = {box["code"]: box for box in in_domain(self.state, "email_accounts", domain["code"])}
        for code in codes:
            account = self.state.insert(COLLECTION, new_account(boxes[code], retention))
            self.state.schedule(account, {"archive_status": "enabled", "archive_activated_at": NOW})
        sync(self.state, domain)
        return no_content()

    async def get_account(self, request: web.Request) -> web.Response:
        """GET /api/archive/domains/{code}/email_accounts/{email_code}."""
        return one(account_view(self.account(request)[1]))

    async def update_account(self, request: web.Request) -> web.Response:
        """PUT /api/archive/domains/{code}/email_accounts/{email_code} ``{retention}``: applied at once."""
        _domain, account = self.account(request)
        body = await json_body(request)
        check = Checks(body)
        check_retention(check, "retention", required=True)
        check.done()
        account.update(retention=body["retention"], updated_at=now_iso())
        return no_content()

    async def set_account_status(self, request: web.Request) -> web.Response:
        """PUT .../email_accounts/{email_code}/status ``{status: enabled|disabled}`` [DOC]: queued."""
        _domain, account = self.account(request)
        body = await json_body(request)
        check = Checks(body)
        check.status()
        check.done()
        if body["status"] == account["archive_status"]:
            return no_content()
        moving = "activating" if body["status"] == "enabled" else "disabling"
        account.update(archive_status=moving, archive_status_detail=None, updated_at=now_iso())
        self.state.schedule(account, {"archive_status": body["status"]})
        return no_content()

    async def delete_account(self, request: web.Request) -> web.Response:
        """DELETE /api/archive/domains/{code}/email_accounts/{email_code} [DOC]: archiving and archived mail removed."""
        domain, account = self.account(request)
        self.state.remove(COLLECTION, account["code"])
        sync(self.state, domain)
        return no_content()


async def sim_vault_failures(request: web.Request) -> web.Response:
    """``/_sim/vault_failures``: PUT ``{domain, message?}`` makes the next Vault activation of the domain (by name
    or code; ``POST /api/archive/domains/{code}`` or ``PUT .../status`` to ``enabled``) end in ``failure`` with
    ``archive_status_detail: message``; GET lists the armed failures; DELETE disarms them all.
    """
    state: State = request.app[STATE]
    failures = state.collection(FAILURES)
    if request.method == "PUT":
        body = await read_json(request, {})
        if not isinstance(body, dict) or not isinstance(body.get("domain"), str) or not body["domain"].strip():
            raise ControlError("body must be {domain, message?}")
        if not isinstance(body.get("message", ""), str):
            raise ControlError("message must be a string")
        key = body["domain"].strip().rstrip(".").lower() if "." in body["domain"] else body["domain"].strip()
        failures[key] = {"domain": key, "message": body.get("message") or DEFAULT_FAILURE}
    elif request.method == "DELETE":
        failures.clear()
    return web.json_response({"failures": list(failures.values())})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the Vault routes, the ``archive_email_accounts`` fixture loader and ``/_sim/vault_failures``."""
    handlers = Vault(state)
    state.seeders[COLLECTION] = seed_account
    state.declare(COLLECTION, FAILURES)
    base = "/api/archive/domains"
    routes.get(base)(handlers.list_domains)
    routes.post(base + "/{code}")(handlers.activate)
    routes.put(base + "/{code}")(handlers.update)
    routes.delete(base + "/{code}")(handlers.delete)
    routes.put(base + "/{code}/status")(handlers.set_status)
    routes.get(base + "/{code}/email_accounts")(handlers.list_accounts)
    routes.post(base + "/{code}/email_accounts")(handlers.add_accounts)
    routes.get(base + "/{code}/email_accounts/{email_code}")(handlers.get_account)
    routes.put(base + "/{code}/email_accounts/{email_code}")(handlers.update_account)
    routes.delete(base + "/{code}/email_accounts/{email_code}")(handlers.delete_account)
    routes.put(base + "/{code}/email_accounts/{email_code}/status")(handlers.set_account_status)
    for method in ("GET", "PUT", "DELETE"):
        routes.route(method, "/_sim/vault_failures")(guarded(sim_vault_failures))
