# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Email log analysis (access, incoming and outgoing logs of a domain or mailbox) and ``/_sim/email_logs``.

CONTRACT "email log analysis": ``GET /api/domains/{code}/logs/{access|incoming|outgoing}`` and
``GET /api/domains/{code}/email_accounts/{ea}/logs/{kind}``; filters ``start_date``, ``end_date`` (``YYYY-MM-DD``,
on the entry's UTC date), ``query`` (substring), ``status`` (``result`` of an access entry, ``status`` of a message),
``page``, ``per``; entries ``{date, email_address, ip, protocol, client, result}`` (access) or
``{date, message_id, from, to, subject, status, size, detail}`` (incoming / outgoing), oldest first
(``sort=desc`` for newest first). Entries exist only when added through ``POST /_sim/email_logs``.
"""
from __future__ import annotations

import uuid

from aiohttp import web

from ..common import STATE, is_int, json_response
from ..control import ControlError, guarded, read_json
from ..state import State, now_iso
from ._delivery import filtered_page
from ._hosting import date_window
from .hosting_domains import find_child, find_domain
from .hosting_mailboxes import is_date

COLLECTION = "email_logs"
KINDS = ("access", "incoming", "outgoing")
FIELDS = {
    "access": ("date", "email_address", "ip", "protocol", "client", "result"),
    "incoming": ("date", "message_id", "from", "to", "subject", "status", "size", "detail"),
    "outgoing": ("date", "message_id", "from", "to", "subject", "status", "size", "detail"),
}
# Fields ``query=`` searches, and the field ``status=`` filters.
SEARCH = {"access": ("email_address", "ip", "protocol", "client"), "incoming": ("message_id", "from", "to", "subject", "detail")}
SEARCH["outgoing"] = SEARCH["incoming"]
STATUS_FIELD = {"access": "result", "incoming": "status", "outgoing": "status"}
# GAP: log values are not documented; these are the defaults of ``/_sim/email_logs`` for fields an entry leaves out.
DEFAULTS = {
    "access": {"ip": "192.0.2.10", "protocol": "IMAP", "client": "", "result": "success"},
    "incoming": {"from": "", "to": "", "subject": "", "status": "delivered", "size": 0, "detail": ""},
}
DEFAULTS["outgoing"] = DEFAULTS["incoming"]


def addresses(value) -> list:
    """The lower-case addresses of a comma-separated field."""
    return [part.strip().lower() for part in str(value or "").split(",") if part.strip()]


def owners(kind: str, entry: dict) -> list:
    """The mailboxes an entry belongs to: the user of an access, the recipients of incoming, the sender of outgoing."""
    return addresses(entry["email_address"] if kind == "access" else entry["to"] if kind == "incoming" else entry["from"])


def make_entry(state: State, domain: dict, kind: str, raw, mailbox: str | None) -> dict:
    """A stored log entry from a ``/_sim/email_logs`` item (defaults filled, ``mailbox`` as the user/recipient/sender)."""
    if not isinstance(raw, dict):
        raise ControlError("each entry must be a JSON object")
    entry = {"date": now_iso()}
    entry.update(DEFAULTS[kind])
    if kind == "access":
        entry["email_address"] = mailbox or ""
    else:
        entry["message_id"] = "<%s@%s>" % (uuid.UUID(int=state.rng.getrandbits(128), version=4), domain["name"])
        entry["to" if kind == "incoming" else "from"] = mailbox or ""
    entry.update({key: value for key, value in raw.items() if key in FIELDS[kind]})
    if not isinstance(entry["date"], str) or not is_date(entry["date"][:10]):
        raise ControlError("date must be an ISO date or date-time such as 2025-01-31T10:00:00Z")
    if kind != "access" and not is_int(entry["size"], 0):
        raise ControlError("size must be an integer >= 0")
    entry.update(code=state.new_code("LOG", 10), kind=kind, customer_code=domain["customer_code"],
                 domain_code=domain["code"], _mailboxes=sorted(set(owners(kind, entry) + ([mailbox] if mailbox else []))))
    return entry


def log_page(request: web.Request, entries: list) -> web.Response:
    """Filter by kind, date window, ``status`` and ``query``, then answer a page of documented entries."""
    kind = request.match_info["kind"]
    start, end = date_window(request)
    rows = []
    for entry in entries:
        day = entry["date"][:10]
        if entry["kind"] == kind and (start is None or day >= start) and (end is None or day <= end):
            row = {field: entry[field] for field in FIELDS[kind]}
            row["_status"] = entry[STATUS_FIELD[kind]]
            rows.append(row)
    return filtered_page(request, rows, {"status": lambda row, value: row["_status"] == value}, SEARCH[kind], "date")


class EmailLogs:
    """Handlers of the log routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def domain_logs(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/logs/{kind}: every entry of the domain."""
        domain = find_domain(request, self.state, request.match_info["code"])
        return log_page(request, [entry for entry in self.state.values(COLLECTION) if entry["domain_code"] == domain["code"]])

    async def mailbox_logs(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/email_accounts/{account}/logs/{kind}: the entries of one mailbox."""
        domain, mailbox = find_child(request, self.state, "email_accounts", "account")
        address = mailbox["email_address"].lower()
        return log_page(request, [entry for entry in self.state.values(COLLECTION)
                                  if entry["domain_code"] == domain["code"] and address in entry["_mailboxes"]])


def find_by_name_or_code(state: State, key) -> dict:
    """A Hosting domain by code or name (``/_sim/`` has no token, so every customer's domains count)."""
    for domain in state.values("domains"):
        if key in (domain["code"], domain["name"]):
            return domain
    raise ControlError("unknown domain %s" % key)


async def sim_email_logs(request: web.Request) -> web.Response:
    """``/_sim/email_logs``: POST ``{domain, email_address?, kind, entries: [...]}`` adds entries; GET lists them
    (``?domain=``, ``?kind=``); DELETE removes them (optional ``{domain}``)."""
    state: State = request.app[STATE]
    entries = state.collection(COLLECTION)
    if request.method == "GET":
        wanted = {key: request.query[key] for key in ("kind",) if request.query.get(key)}
        if request.query.get("domain"):
            wanted["domain_code"] = find_by_name_or_code(state, request.query["domain"])["code"]
        rows = [entry for entry in entries.values() if all(entry[key] == value for key, value in wanted.items())]
        return json_response({"entries": rows})
    body = await read_json(request, {})
    if not isinstance(body, dict):
        raise ControlError("body must be a JSON object")
    if request.method == "DELETE":
        code = find_by_name_or_code(state, body["domain"])["code"] if body.get("domain") else None
        for key in [key for key, entry in entries.items() if code in (None, entry["domain_code"])]:
            del entries[key]
        return json_response({"entries": len(entries)})
    domain = find_by_name_or_code(state, body.get("domain"))
    kind = body.get("kind")
    if kind not in KINDS:
        raise ControlError("kind must be one of %s" % ", ".join(KINDS))
    mailbox = body.get("email_address")
    if mailbox is not None and not isinstance(mailbox, str):
        raise ControlError("email_address must be a string")
    if not isinstance(body.get("entries"), list):
        raise ControlError("entries must be a list of objects")
    added = [make_entry(state, domain, kind, raw, mailbox.lower() if mailbox else None) for raw in body["entries"]]
    for entry in added:
        state.insert(COLLECTION, entry)
    return json_response({"added": len(added), "entries": len(entries)})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the log routes and ``/_sim/email_logs``."""
    handlers = EmailLogs(state)
    state.declare(COLLECTION)
    kind = "/logs/{kind:access|incoming|outgoing}"
    routes.get("/api/domains/{code}" + kind)(handlers.domain_logs)
    routes.get("/api/domains/{code}/email_accounts/{account}" + kind)(handlers.mailbox_logs)
    for method in ("GET", "POST", "DELETE"):
        routes.route(method, "/_sim/email_logs")(guarded(sim_email_logs))
