# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Envelopes, errors, pagination, access rules and validators shared by the simulator's resources."""
from __future__ import annotations

import ipaddress
import json
import math
import re
import uuid

from aiohttp import web

from .state import State, public

STATE = web.AppKey("state", State)


def request_key(name: str):
    """A typed request key (recent aiohttp warns about plain string keys), or the name on older aiohttp."""
    factory = getattr(web, "RequestKey", None)
    return name if factory is None else factory(name, object)


PRINCIPAL = request_key("principal")
JSON_BODY = request_key("json_body")
DROPPED = request_key("dropped")

MESSAGES = {
    400: "Bad request", 401: "Unauthorized", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    409: "Conflict", 413: "Payload too large", 422: "Validation failed", 429: "Too Many Requests",
    500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable", 504: "Gateway timeout",
}
# GAP: Send API machine codes for statuses the docs do not name (CONTRACT "Send errors without documented codes").
SEND_ERROR_CODES = {
    400: "invalid_message", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    413: "payload_too_large", 422: "validation_failed", 429: "rate_limited", 500: "internal_error",
    502: "bad_gateway", 503: "service_unavailable", 504: "gateway_timeout",
}
BILLING_MESSAGE = "Forbidden: complete the first order in the Qboxmail panel before creating paid resources via API"
MAX_PER = 100  # GAP: maximum page size is not documented; the simulator clamps to 100 (CONTRACT).
DEFAULT_PER = 25


# ---------------------------------------------------------------------- errors
class ApiError(Exception):
    """An error answer; raised by handlers and turned into a response by the request-log middleware."""

    def __init__(self, status: int, body: dict, headers: dict | None = None) -> None:
        super().__init__("%s %s" % (status, body.get("message")))
        self.status = status
        self.body = body
        self.headers = headers or {}

    def response(self) -> web.Response:
        """The aiohttp response for this error."""
        return json_response(self.body, status=self.status, headers=self.headers)


def family(path: str) -> str | None:
    """``api`` for Management API paths, ``send`` for Send API paths, None otherwise."""
    if path.startswith("/api/") or path == "/api":
        return "api"
    if path.startswith("/v1/") or path == "/v1":
        return "send"
    return None


def error_body(status: int, message: str | None = None, errors: list | None = None) -> dict:
    """A Management API error body ``{message, errors}``."""
    return {"message": message or MESSAGES.get(status, "Error"), "errors": errors or []}


def send_error_body(status: int, message: str | None = None, error: str | None = None) -> dict:
    """A Send API error body ``{error_code, message, error, request_id}``."""
    return {
        "error_code": status,
        "message": message or MESSAGES.get(status, "Error"),
        "error": error or SEND_ERROR_CODES.get(status, "error"),
        "request_id": str(uuid.uuid4()),
    }


def default_error(path: str, status: int) -> dict:
    """The standard error body for a status, in the shape of the path's API family."""
    return send_error_body(status) if family(path) == "send" else error_body(status)


def api_error(status: int, message: str | None = None, errors: list | None = None) -> ApiError:
    """A Management API error to raise."""
    return ApiError(status, error_body(status, message, errors))


def send_error(status: int, message: str | None = None, error: str | None = None, headers: dict | None = None) -> ApiError:
    """A Send API error to raise."""
    return ApiError(status, send_error_body(status, message, error), headers)


def not_found() -> ApiError:
    """404 ``Not found`` (also used for objects the token may not see)."""
    return api_error(404)


def invalid(field: str, description: str = "is not valid") -> ApiError:
    """422 with a single field error."""
    return api_error(422, errors=[{"field": field, "description": description}])


# ---------------------------------------------------------------------- responses
def json_response(data, status: int = 200, headers: dict | None = None) -> web.Response:
    """A JSON response."""
    return web.Response(text=json.dumps(data, separators=(",", ":")), status=status, headers=headers, content_type="application/json")


def one(obj: dict) -> web.Response:
    """Get-one envelope: ``{"resources": [obj], "pagination": {}}``."""
    return json_response({"resources": [public(obj)], "pagination": {}})


def created(message: str, code: str, location: str) -> web.Response:
    """Hosting create answer: 200 ``{message, resource_code}`` plus a ``Location`` header."""
    return json_response({"message": message, "resource_code": code}, headers={"Location": location})


def no_content() -> web.Response:
    """204 with an empty body (Hosting updates, actions and deletes)."""
    return web.Response(status=204)


def query_int(request: web.Request, name: str, default: int, minimum: int = 1) -> int:
    """An integer query parameter (422 when it is not an integer >= ``minimum``)."""
    raw = request.query.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise invalid(name)
    return value


def enum(request: web.Request, name: str, values: tuple, allow_all: bool = True, description: str | None = None) -> str | None:
    """An enumerated query parameter (None when absent, or ``all`` if allowed); 422 when not one of ``values``, with
    ``description`` (default: the allowed values)."""
    raw = request.query.get(name)
    if raw in (None, "") or (allow_all and raw == "all"):
        return None
    if raw not in values:
        raise invalid(name, description or "must be one of %s" % ", ".join(values))
    return raw


def _sort_key(field: str):
    """Sort key on one field: strings case-insensitively, missing values last."""
    def key(obj):
        value = obj.get(field)
        if value is None:
            return (1, "")
        return (0, value.lower() if isinstance(value, str) else value)
    return key


def sort_by(items: list, field: str, reverse: bool = False) -> list:
    """Items sorted on one field like ``_sort_key``; when every value is a string (lists of 10,000 objects are
    common in benchmarks), the keys are computed with C-level steps instead of one Python call per item."""
    values = [obj.get(field) for obj in items]
    if not all(isinstance(value, str) for value in values):
        return sorted(items, key=_sort_key(field), reverse=reverse)
    keys = list(map(str.lower, values))
    return [items[i] for i in sorted(range(len(items)), key=keys.__getitem__, reverse=reverse)]


def paginate(request: web.Request, items: list, search: tuple = ("name",), sort_field: str = "name") -> web.Response:
    """List envelope with ``page``, ``per`` (clamped), ``query``, ``status``, ``sort_field``/``sort``, ``pick``/``only``."""
    query = request.query.get("query") or None
    status = request.query.get("status") or None
    if query:
        needle = query.lower()
        items = [obj for obj in items if any(needle in str(obj.get(field) or "").lower() for field in search)]
    if status and status != "all":
        items = [obj for obj in items if obj.get("status") == status]
    field = request.query.get("sort_field") or sort_field
    order = request.query.get("sort") or None
    items = sort_by(items, field, order == "desc")
    per = min(query_int(request, "per", DEFAULT_PER), MAX_PER)
    page = query_int(request, "page", 1)
    chosen = request.query.get("pick") or request.query.get("only")
    rows = [public(obj) for obj in items[(page - 1) * per:page * per]]
    if chosen:
        wanted = {name.strip() for name in chosen.split(",")} | {"code"}
        rows = [{key: value for key, value in row.items() if key in wanted} for row in rows]
    pagination = {
        "per": per, "page": page, "total_pages": math.ceil(len(items) / per), "query": query, "filter": None,
        "status": status, "sort_field": request.query.get("sort_field") or None, "sort": order, "total_records": len(items),
    }
    return json_response({"resources": rows, "pagination": pagination})


async def json_body(request: web.Request) -> dict:
    """The request's JSON object (``{}`` when empty); 422 when it is not a JSON object."""
    if JSON_BODY not in request:
        raw = await request.read()
        try:
            request[JSON_BODY] = json.loads(raw) if raw.strip() else {}
        except ValueError:
            request[JSON_BODY] = None
    body = request[JSON_BODY]
    if not isinstance(body, dict):
        raise invalid("body")
    return body


# ---------------------------------------------------------------------- access rules
# Roles of Management tokens: ``admin``, ``customer``, ``manager`` (sees only what is assigned to it, see
# ``managed_by``) and ``team_member`` (sees what its customer sees, within its permissions, see ``authorize``).
def principal(request: web.Request) -> dict:
    """The authenticated principal: ``{token, role, customer_code, ...}`` (Management) or a send token object."""
    return request[PRINCIPAL]


def is_admin(request: web.Request) -> bool:
    """True for an admin Management token."""
    return principal(request).get("role") == "admin"


def acting_manager_code(request: web.Request) -> str | None:
    """The code of the manager behind a manager token (None for every other token)."""
    who = principal(request)
    return who.get("manager_code") if who.get("role") == "manager" else None


def owner_of(obj: dict) -> str | None:
    """The customer owning a stored object (``customer_code``; suppression entries keep it as ``_customer_code``)."""
    return obj.get("customer_code", obj.get("_customer_code"))


def _account_managed(state: State, manager_code: str, account_id) -> bool:
    account = state.get("delivery_accounts", account_id)
    return account is not None and account.get("manager_code") == manager_code


def managed_by(state: State, manager_code: str, obj: dict) -> bool:
    """True when ``obj`` is assigned to the manager or belongs to something assigned to it.

    GAP (CONTRACT "what a manager token sees" [INF]): Hosting domains, Delivery domains and Delivery accounts
    carry ``manager_code``; objects of a Delivery account carry ``account_id`` (or ``_account_id``); objects under
    a Hosting domain carry ``domain_code``; suppression entries list their ``accounts``. Anything else is outside.
    """
    if "manager_code" in obj:
        return obj["manager_code"] == manager_code
    account_id = obj.get("account_id", obj.get("_account_id"))
    if account_id is not None:
        return _account_managed(state, manager_code, account_id)
    if obj.get("domain_code"):
        domain = state.get("domains", obj["domain_code"])
        return domain is not None and domain.get("manager_code") == manager_code
    if isinstance(obj.get("accounts"), list):
        return any(_account_managed(state, manager_code, account_id) for account_id in obj["accounts"])
    return False


def can_see(request: web.Request, obj: dict) -> bool:
    """Admins see everything; a customer (and its team members) the objects of its customer; a manager only
    the objects of its customer that are ``managed_by`` it."""
    who = principal(request)
    if who.get("role") == "admin":
        return True
    if owner_of(obj) != who.get("customer_code"):
        return False
    return who.get("role") != "manager" or managed_by(request.app[STATE], who["manager_code"], obj)


def visible_or_404(request: web.Request, state: State, collection: str, key) -> dict:
    """An object of a collection that this token may see, else 404."""
    obj = state.get(collection, key)
    if obj is None or not can_see(request, obj):
        raise not_found()
    return obj


def scoped(request: web.Request, objs: list) -> list:
    """Objects visible to the token (see ``can_see``); an admin may narrow them with the ``customer_code`` query."""
    who = principal(request)
    if who.get("role") != "admin":
        mine = who.get("customer_code")
        objs = [obj for obj in objs if owner_of(obj) == mine]
        if who.get("role") == "manager":
            state = request.app[STATE]
            objs = [obj for obj in objs if managed_by(state, who["manager_code"], obj)]
        return objs
    wanted = request.query.get("customer_code")
    return [obj for obj in objs if owner_of(obj) == wanted] if wanted else list(objs)


# Permission keys of team members (CONTRACT "team members" [INF], from the panel guide's list).
PERMISSIONS = (
    "domains_view", "domains_create", "domains_edit", "domains_delete", "accounts_view", "accounts_create",
    "accounts_edit", "accounts_delete", "archive_manage", "passwords_change", "email_logs", "logs", "api_access",
    "managers_manage",
)
_DOMAIN = r"/api/domains/[^/]+"
_BOXES = _DOMAIN + r"/(?:email_accounts|alias_email_accounts)"
# GAP: which permission a route needs is undocumented. First matching (methods, path regex) wins; "*" = any
# method; permission None = team-member tokens may not use the route at all. Routes matching no rule (Delivery,
# prices, notification settings) need only ``api_access``, which every team-member request needs.
PERMISSION_RULES = (
    ("*", r"/api/team_members(?:/.*)?", None),
    ("*", r"/api/managers(?:/.*)?", "managers_manage"),
    ("*", r"/api/archive/.*", "archive_manage"),
    ("GET", _DOMAIN + r"(?:/email_accounts/[^/]+)?/logs(?:/.*)?", "email_logs"),
    ("*", r"/api/(?:delivery/)?tracemail(?:/.*)?", "logs"),
    ("GET", _BOXES + r"(?:/.*)?", "accounts_view"),
    ("POST", _BOXES, "accounts_create"),
    ("DELETE", _BOXES + r"/[^/]+", "accounts_delete"),
    ("*", _BOXES + r"/.*", "accounts_edit"),
    ("GET", r"/api/(?:signatures|addressbooks|migrations)(?:/.*)?", "accounts_view"),
    ("*", r"/api/(?:signatures|addressbooks|migrations)(?:/.*)?", "accounts_edit"),
    ("GET", r"/api/(?:domains|postmasters|imports)(?:/.*)?", "domains_view"),
    ("POST", r"/api/(?:domains|imports)", "domains_create"),
    ("DELETE", _DOMAIN, "domains_delete"),
    ("*", r"/api/(?:domains|imports)/.*", "domains_edit"),
)
_COMPILED_RULES = tuple((method, re.compile(path), key) for method, path, key in PERMISSION_RULES)
# GAP: password changes also need ``passwords_change``: (method, path regex, body field).
PASSWORD_RULES = (("PUT", re.compile(_BOXES + r"/[^/]+"), "password"), ("PUT", re.compile(_DOMAIN), "postmaster_password"))
MANAGER_FORBIDDEN = re.compile(r"/api/(?:managers|team_members)(?:/.*)?")


def required_permissions(method: str, path: str, body=None) -> list | None:
    """Permission keys a team member needs for a request (None: team members may not use the route)."""
    needed = ["api_access"]
    for rule_method, pattern, key in _COMPILED_RULES:
        if rule_method in ("*", method) and pattern.fullmatch(path):
            if key is None:
                return None
            needed.append(key)
            break
    if isinstance(body, dict) and any(rule_method == method and pattern.fullmatch(path) and field in body
                                      for rule_method, pattern, field in PASSWORD_RULES):
        needed.append("passwords_change")
    return needed


def authorize(request: web.Request) -> None:
    """Role checks of the auth middleware: 403 for a manager token on managers and team members, and for a
    team member lacking a permission the route needs (the message names it)."""
    who = principal(request)
    if who.get("role") == "manager" and MANAGER_FORBIDDEN.fullmatch(request.path):
        raise api_error(403, "Forbidden: a manager token cannot manage managers or team members")
    if who.get("role") != "team_member":
        return
    needed = required_permissions(request.method, request.path, request.get(JSON_BODY))
    if needed is None:
        raise api_error(403, "Forbidden: a team member token cannot manage team members")
    for key in needed:
        if key not in who.get("permissions", ()):
            raise api_error(403, "Forbidden: missing permission %s" % key)


def owner_code(request: web.Request, state: State, body: dict, check: Checks) -> str | None:
    """Customer owning a new resource: the token's customer, or the body's ``customer_code`` for admins."""
    if not is_admin(request):
        return principal(request).get("customer_code")
    code = body.get("customer_code")
    if code in (None, ""):
        check.add("customer_code", "is required")
    elif state.customer(code) is None:
        check.add("customer_code", "is not valid")
    return code


def require_billing(request: web.Request, state: State, customer_code: str | None = None) -> None:
    """403 for a billable create/change by a customer without a billing profile (production mode only).

    Admin tokens and the sandbox are exempt. ``customer_code`` defaults to the token's customer.
    """
    if state.config.mode != "production" or is_admin(request):
        return
    customer = state.customer(customer_code or principal(request).get("customer_code"))
    if customer is None or not customer.get("billing_profile"):
        raise api_error(403, BILLING_MESSAGE)


# ---------------------------------------------------------------------- validators
DOMAIN_RE = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
# RFC 5322 dot-atom local part (no leading, trailing or doubled dot) and a domain as DOMAIN_RE accepts it.
EMAIL_RE = re.compile(r"^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                      r"@(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$")


def is_domain_name(value) -> bool:
    """A lower-case domain name such as ``example.com``."""
    return isinstance(value, str) and bool(DOMAIN_RE.match(value))


def is_email(value) -> bool:
    """An e-mail address with a lower-case domain part."""
    return isinstance(value, str) and bool(EMAIL_RE.match(value))


def is_password(value) -> bool:
    """At least 8 characters with at least one letter and one digit (documented rule)."""
    return (isinstance(value, str) and len(value) >= 8 and any(c.isalpha() for c in value)
            and any(c.isdigit() for c in value))


def is_bool(value) -> bool:
    """A JSON boolean."""
    return isinstance(value, bool)


def is_int(value, minimum: int | None = None) -> bool:
    """A JSON integer (not a boolean), optionally >= ``minimum``."""
    return isinstance(value, int) and not isinstance(value, bool) and (minimum is None or value >= minimum)


def is_net(value) -> bool:
    """An IP address or a CIDR network (host bits may be set, as in ``10.1.2.3/8``)."""
    try:
        ipaddress.ip_network(value, strict=False)
    except (TypeError, ValueError):
        return False
    return True


def is_net_list(value) -> bool:
    """A list of IP addresses or CIDR networks."""
    return isinstance(value, list) and all(is_net(item) for item in value)


class Checks:
    """Collects field errors so that one 422 lists all of them."""

    def __init__(self, body: dict) -> None:
        self.body = body
        self.errors: list = []

    def add(self, field: str, description: str = "is not valid") -> None:
        """Record a field error (once per field)."""
        if all(err["field"] != field for err in self.errors):
            self.errors.append({"field": field, "description": description})

    def required(self, field: str) -> bool:
        """Record ``is required`` when the field is missing or empty; True when present."""
        if self.body.get(field) in (None, ""):
            self.add(field, "is required")
            return False
        return True

    def field(self, field: str, predicate, description: str = "is not valid") -> None:
        """When the field is present, record an error unless ``predicate(value)`` holds."""
        if field in self.body and not predicate(self.body[field]):
            self.add(field, description)

    def status(self) -> None:
        """The body of a status route: ``status`` required, ``enabled`` or ``disabled``."""
        if self.required("status") and self.body["status"] not in ("enabled", "disabled"):
            self.add("status")

    def done(self) -> None:
        """Raise 422 ``Validation failed`` when any error was recorded."""
        if self.errors:
            raise api_error(422, errors=self.errors)
