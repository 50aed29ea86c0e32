# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Delivery suppression list: list, create, details, edit, delete, CSV import and export.

Entries are keyed by customer and e-mail (lookups and edits name the e-mail in the body, not the path).
Create, edit and import answer 204 [DOC: "Empty"]. Delete and export are CONTRACT.md's canonical choices.
CSV columns (import and export): ``email,reason,accounts,active``; ``accounts`` are account ids separated
by ``;`` (empty: every account of the customer); ``active`` is ``true``/``false`` (empty: true).

Manager tokens (CONTRACT "what a manager token sees"): an entry is visible when it names one of the manager's
accounts (``common.can_see``). GAP: entries for every account (``accounts: []``) are outside a manager's scope,
so a manager must name accounts, only its own; its edits keep the accounts it cannot see, and its delete removes
only its accounts from the entry (the entry goes when none is left).
"""
from __future__ import annotations

import base64
import binascii
import csv
import io

from aiohttp import web

from ..common import (
    acting_manager_code, api_error, can_see, invalid, is_admin, is_email, json_body, json_response, no_content, not_found,
    principal, scoped,
)
from ..state import State, now_iso, public
from ._delivery import filtered_page
from ._tracemail import settle_bounces

REASONS = ("complaint", "bounce")
CSV_COLUMNS = ["email", "reason", "accounts", "active"]
TRUE_WORDS = ("true", "1", "yes", "")
FALSE_WORDS = ("false", "0", "no")
# GAP: the category and message of manual entries are undocumented.
MANUAL_CATEGORY = "manual"
# GAP: the category of entries the platform adds itself (a bounce seen in TraceMail) is undocumented.
AUTOMATIC_CATEGORY = "automatic"


def key(customer_code: str, email: str) -> str:
    return "%s|%s" % (customer_code, email.lower())


def owner(request: web.Request, body: dict | None = None) -> str:
    """The customer whose list is addressed: the token's, or ``customer_code`` (body or query) for admins."""
    if not is_admin(request):
        return principal(request).get("customer_code")
    code = (body or {}).get("customer_code") or request.query.get("customer_code")
    if not code:
        raise invalid("customer_code", "is required")
    return code


def account_ids(request: web.Request, state: State, customer_code: str, values, field: str = "accounts") -> list:
    """Account ids (ints) of this customer visible to the token, from ids or numeric strings; 422 on anything else
    (and on an empty list for a manager token)."""
    if not isinstance(values, list):
        raise invalid(field)
    if not values and acting_manager_code(request):
        raise invalid(field, "is required for a manager token")
    out = []
    for value in values:
        try:
            account_id = int(value) if not isinstance(value, bool) else None
        except (TypeError, ValueError):
            account_id = None
        account = state.get("delivery_accounts", account_id) if account_id is not None else None
        if account is None or account["customer_code"] != customer_code or not can_see(request, account):
            raise invalid(field, "is not valid")
        if account_id not in out:
            out.append(account_id)
    return out


def new_entry(state: State, customer_code: str, email: str, reason: str, accounts: list, entry_id: int) -> dict:
    return {
        "active": True, "id": entry_id, "email": email.lower(), "customer_id": customer_code, "reason": reason,
        "category": MANUAL_CATEGORY, "message": None, "message_translated": None, "accounts": accounts,
        "created_at": now_iso(), "_customer_code": customer_code,
    }


def next_id(state: State, count: int = 1) -> int:
    """The first of ``count`` fresh entry ids (a counter kept in the private ``suppression_ids`` collection)."""
    meta = state.collection("suppression_ids")
    if "next" not in meta:
        meta["next"] = max((obj["id"] for obj in state.collection("suppressions").values()), default=0) + 1
    first = meta["next"]
    meta["next"] = first + count
    return first


def add_automatic(state: State, customer_code: str, email: str, reason: str, message: str | None) -> dict:
    """An entry the platform adds after a bounce (all accounts of the customer); an existing entry is kept as is."""
    store = state.collection("suppressions")
    found = store.get(key(customer_code, email))
    if found is None:
        found = store[key(customer_code, email)] = new_entry(state, customer_code, email, reason, [], next_id(state))
        found.update(category=AUTOMATIC_CATEGORY, message=message)
    return found


def parse_csv(request: web.Request, state: State, customer_code: str, text: str) -> list:
    """Rows ``(email, reason, accounts, active)`` of an import; 422 naming the first bad lines."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [col.strip().lower() for col in header] != CSV_COLUMNS:
        raise invalid("csv_file_content", "must start with the header %s" % ",".join(CSV_COLUMNS))
    rows, problems, known = [], [], {}
    for line, row in enumerate(reader, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        row = (row + ["", "", "", ""])[:4] if len(row) <= 4 else row
        if len(row) != 4:
            problems.append("line %d: expected 4 columns" % line)
            continue
        email, reason, accounts, active = (cell.strip() for cell in row)
        if not is_email(email.lower()):
            problems.append("line %d: email is not valid" % line)
        if reason not in REASONS:
            problems.append("line %d: reason is not valid" % line)
        if active.lower() not in TRUE_WORDS + FALSE_WORDS:
            problems.append("line %d: active is not valid" % line)
        ids = []
        for part in [part.strip() for part in accounts.split(";") if part.strip()]:
            if part not in known:
                account = state.get("delivery_accounts", int(part)) if part.isdigit() else None
                known[part] = int(part) if account is not None and account["customer_code"] == customer_code \
                    and can_see(request, account) else None
            if known[part] is None:
                problems.append("line %d: account %s is not valid" % (line, part))
            elif known[part] not in ids:
                ids.append(known[part])
        if not ids and acting_manager_code(request):
            problems.append("line %d: accounts are required for a manager token" % line)
        rows.append((email.lower(), reason, ids, active.lower() in TRUE_WORDS))
        if len(problems) >= 20:
            break
    if problems:
        raise api_error(422, errors=[{"field": "csv_file_content", "description": text} for text in problems])
    return rows


def decode_content(value) -> str:
    """Raw CSV text, or the payload of a ``data:...;base64,`` URL."""
    if not isinstance(value, str) or not value:
        raise invalid("csv_file_content", "is required")
    if value.startswith("data:"):
        head, _sep, payload = value.partition(",")
        if ";base64" not in head:
            return payload
        try:
            return base64.b64decode(payload, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise invalid("csv_file_content") from None
    return value


def to_csv(entries: list) -> str:
    """The export CSV (header, then rows sorted by e-mail)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for entry in sorted(entries, key=lambda obj: obj["email"]):
        writer.writerow([entry["email"], entry["reason"], ";".join(str(i) for i in entry["accounts"]),
                         "true" if entry["active"] else "false"])
    return out.getvalue()


FILTERS = {
    "status": lambda obj, value: obj["active"] is (value == "enabled"),
    "reason": lambda obj, value: obj["reason"] == value,
    "category": lambda obj, value: obj.get("category") == value,
    "account_id": lambda obj, value: value.isdigit() and int(value) in obj["accounts"],
    "account_code": lambda obj, value: value.isdigit() and int(value) in obj["accounts"],
    "added_on": lambda obj, value: obj["created_at"].startswith(value),
}


class Suppressions:
    """Handlers of ``/api/delivery/suppression_lists``."""

    def __init__(self, state: State) -> None:
        self.state = state

    def visible(self, request: web.Request, account_id: int) -> bool:
        """True when this token may see the Delivery account ``account_id``."""
        account = self.state.get("delivery_accounts", account_id)
        return account is not None and can_see(request, account)

    def entries(self, request: web.Request) -> list:
        """The entries this token sees (an admin: all, or those of the ``customer_code`` query)."""
        settle_bounces(self.state)
        return scoped(request, self.state.values("suppressions"))

    def entry(self, request: web.Request, customer_code: str, email) -> dict:
        """The entry of this e-mail in the customer's list, if this token may see it, else 404."""
        if not isinstance(email, str) or not email:
            raise invalid("email", "is required")
        settle_bounces(self.state)
        found = self.state.collection("suppressions").get(key(customer_code, email))
        if found is None or not can_see(request, found):
            raise not_found()
        return found

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/delivery/suppression_lists (``query`` on e-mail, ``status``, ``reason``, ``account_id`` ...)."""
        return filtered_page(request, self.entries(request), FILTERS, search=("email",), sort_field="email")

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/delivery/suppression_lists ``{email, reason, accounts}`` -> 204."""
        body = await json_body(request)
        customer = owner(request, body)
        settle_bounces(self.state)
        email, reason = body.get("email"), body.get("reason")
        errors = []
        if not isinstance(email, str) or not is_email(email.lower()):
            errors.append({"field": "email", "description": "is required" if not email else "is not valid"})
        elif key(customer, email) in self.state.collection("suppressions"):
            errors.append({"field": "email", "description": "already exists"})
        if reason not in REASONS:
            errors.append({"field": "reason", "description": "is required" if not reason else "is not valid"})
        if errors:
            raise api_error(422, errors=errors)
        accounts = account_ids(request, self.state, customer, body.get("accounts") or [])
        entry = new_entry(self.state, customer, email, reason, accounts, next_id(self.state))
        self.state.collection("suppressions")[key(customer, email)] = entry
        return no_content()

    async def details(self, request: web.Request) -> web.Response:
        """POST /api/delivery/suppression_lists/details ``{email}`` -> envelope of the entry (404 when absent).

        GAP: the answer for an unknown e-mail is undocumented; the simulator answers 404 like a get-one.
        """
        body = await json_body(request)
        entry = self.entry(request, owner(request, body), body.get("email"))
        return json_response({"resources": [public(entry)], "pagination": {}})

    async def edit(self, request: web.Request) -> web.Response:
        """PUT /api/delivery/suppression_lists/edit ``{email, reason, accounts, active}`` -> 204 (``accounts: []`` = global)."""
        body = await json_body(request)
        customer = owner(request, body)
        entry = self.entry(request, customer, body.get("email"))
        if "reason" in body and body["reason"] not in REASONS:
            raise invalid("reason")
        if "active" in body and not isinstance(body["active"], bool):
            raise invalid("active")
        accounts = entry["accounts"]
        if "accounts" in body:
            accounts = account_ids(request, self.state, customer, body["accounts"])
            accounts += [acc for acc in entry["accounts"] if acc not in accounts and not self.visible(request, acc)]
        entry.update({field: body[field] for field in ("reason", "active") if field in body}, accounts=accounts)
        return no_content()

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/delivery/suppression_lists ``{email}`` -> 204. GAP: undocumented; CONTRACT.md's choice."""
        body = await json_body(request)
        customer = owner(request, body)
        entry = self.entry(request, customer, body.get("email"))
        hidden = [acc for acc in entry["accounts"] if not self.visible(request, acc)]
        if acting_manager_code(request) and hidden:
            entry["accounts"] = hidden
        else:
            self.state.collection("suppressions").pop(key(customer, entry["email"]), None)
        return no_content()

    async def import_csv(self, request: web.Request) -> web.Response:
        """POST .../import ``{csv_file_name, csv_file_content, csv_file_size, customer_code}`` -> 204 (upsert by e-mail)."""
        body = await json_body(request)
        customer = owner(request, body)
        if not isinstance(body.get("csv_file_name"), str) or not body["csv_file_name"]:
            raise invalid("csv_file_name", "is required")
        text = decode_content(body.get("csv_file_content"))
        if "csv_file_size" in body and body["csv_file_size"] != len(text.encode("utf-8")):
            raise invalid("csv_file_size", "does not match the content")
        rows = parse_csv(request, self.state, customer, text)
        settle_bounces(self.state)
        store = self.state.collection("suppressions")
        next_free = next_id(self.state, len(rows))
        for email, reason, accounts, active in rows:
            found = store.get(key(customer, email))
            if found is not None and acting_manager_code(request):
                accounts = accounts + [acc for acc in found["accounts"] if acc not in accounts and not self.visible(request, acc)]
            if found is None:
                found = store[key(customer, email)] = new_entry(self.state, customer, email, reason, accounts, next_free)
                next_free += 1
            found.update(reason=reason, accounts=accounts, active=active)
        return no_content()

    async def export_csv(self, request: web.Request) -> web.Response:
        """GET .../export -> ``text/csv`` of the (filtered) list. GAP: undocumented; CONTRACT.md's choice."""
        entries = self.entries(request)
        for name, predicate in FILTERS.items():
            value = request.query.get(name)
            if value not in (None, "", "all"):
                entries = [obj for obj in entries if predicate(obj, value)]
        return web.Response(text=to_csv(entries), content_type="text/csv",
                            headers={"Content-Disposition": 'attachment; filename="suppression_list.csv"'})


def seed_entry(state: State, item: dict) -> int:
    """Fixture loader for ``POST /_sim/seed {"suppressions": [{email, reason, accounts, active, customer_code}]}``."""
    customer = item.get("customer_code") or "C100000001"
    entry = new_entry(state, customer, item["email"], item.get("reason") or "bounce", list(item.get("accounts") or []),
                      next_id(state))
    entry.update({k: v for k, v in item.items() if k in ("active", "category", "message", "created_at")})
    state.collection("suppressions")[key(customer, item["email"])] = entry
    return entry["id"]


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the suppression routes and the ``suppressions`` fixture loader."""
    handlers = Suppressions(state)
    state.seeders["suppressions"] = seed_entry
    state.declare("suppressions")
    base = "/api/delivery/suppression_lists"
    routes.get(base)(handlers.list)
    routes.post(base)(handlers.create)
    routes.delete(base)(handlers.delete)
    routes.post(base + "/details")(handlers.details)
    routes.put(base + "/edit")(handlers.edit)
    routes.post(base + "/import")(handlers.import_csv)
    routes.get(base + "/export")(handlers.export_csv)
