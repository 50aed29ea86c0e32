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


def _sort_key(field: str):
    """Sort key on one field: strings case-insensitively, missing values last."""
    def key(obj):
        value = obj.get(field)
        if value is None:
            return (1, "")
        return (0, value.lower() if isinstance(value, str) else value)
    return key


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
    items = sorted(items, key=_sort_key(field), reverse=order == "desc")
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
def principal(request: web.Request) -> dict:
    """The authenticated principal: ``{token, role, customer_code}`` (Management) or a send token object."""
    return request[PRINCIPAL]


def is_admin(request: web.Request) -> bool:
    """True for an admin Management token."""
    return principal(request).get("role") == "admin"


def can_see(request: web.Request, obj: dict) -> bool:
    """Admins see everything; a customer only objects with its ``customer_code``."""
    return is_admin(request) or obj.get("customer_code") == principal(request).get("customer_code")


def visible_or_404(request: web.Request, state: State, collection: str, key) -> dict:
    """An object of a collection that this token may see, else 404."""
    obj = state.get(collection, key)
    if obj is None or not can_see(request, obj):
        raise not_found()
    return obj


def scoped(request: web.Request, objs: list) -> list:
    """Objects visible to the token; an admin may narrow them with the ``customer_code`` query."""
    if not is_admin(request):
        mine = principal(request).get("customer_code")
        return [obj for obj in objs if obj.get("customer_code") == mine]
    wanted = request.query.get("customer_code")
    return [obj for obj in objs if obj.get("customer_code") == wanted] if wanted else list(objs)


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
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


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


def is_net_list(value) -> bool:
    """A list of IP addresses or CIDR networks."""
    if not isinstance(value, list):
        return False
    for item in value:
        try:
            ipaddress.ip_network(item, strict=False)
        except (TypeError, ValueError):
            return False
    return True


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

    def done(self) -> None:
        """Raise 422 ``Validation failed`` when any error was recorded."""
        if self.errors:
            raise api_error(422, errors=self.errors)
