# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send API ``POST /v1/send`` and ``POST /v1/send/bulk``, with TraceMail recording; ``/_sim/send_limits``.

Order of the checks [DOC: send-api concept, processing model]: the Bearer token (auth middleware; a token
whose account is gone answers 401) -> the account is enabled (403 ``account_disabled``) -> the client IP is
in the token's and the account's ``allow_nets`` (403 ``ip_not_allowed``) -> the payload (400s; then each
sender domain must be assigned to the account and enabled, 403 ``sender_domain_not_allowed``) -> the rate
limit (429 ``rate_limited`` + ``Retry-After``) -> the quota (429 ``quota_exceeded`` when nothing is left)
-> the suppression pre-check -> the quota reservation for the recipients that are not suppressed (429
``quota_exceeded``) -> 202. A body over 50 MiB is refused before all of this (413 ``payload_too_large``,
``app.MAX_BODY``).

Every accepted recipient (to, cc, bcc) becomes a TraceMail entry (``_tracemail.py``). A refused request of a
known account becomes one ``collection: errors`` entry; requests refused for an unknown token (401 in the
auth middleware) or an oversized body (413) have no account and are not recorded there. Every request that
reaches the handlers is listed by ``GET /_sim/send_requests``.
"""
from __future__ import annotations

import ipaddress
import json
import math
import re
import time
import uuid

from aiohttp import web

from ..common import JSON_BODY, STATE, ApiError, is_int, json_body, json_response, principal, send_error
from ..control import ControlError, guarded, read_json
from ..state import State, now_iso
from . import _tracemail as tracemail
from ._send_message import PLACEHOLDER_RE, MessageError, address, address_list, check_message, render, variables
from .delivery_domains import display

MAX_MESSAGES = 500  # [DOC] limits page: up to 500 messages per /v1/send request
MAX_RECIPIENTS = 500  # [DOC] limits page: up to 500 recipients per /v1/send/bulk request
DEFAULT_RATE = 10  # [DOC] 10 requests per second per Send API token
# GAP: window kind is undocumented; a sliding 1-second window over the requests the limiter admitted.
RATE_WINDOW = 1.0
# GAP: TraceMail error_category of each refusal (CONTRACT: auth for token/IP problems, limits for 429s).
ERROR_CATEGORY = {"account_disabled": "auth", "ip_not_allowed": "auth", "unauthorized": "auth",
                  "rate_limited": "limits", "quota_exceeded": "limits"}
MISSING_BULK = "Request body must include a `message` object and a non-empty `recipients` array."


def ip_allowed(ip: str, nets: list) -> bool:
    """True when ``nets`` is empty or one of its networks contains ``ip``."""
    if not nets:
        return True
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(net, strict=False) for net in nets)


def suppressed(state: State, account: dict, recipients: list) -> dict:
    """``{address: reason}`` of the recipients on the customer's active suppression list that apply to this account."""
    store = state.collection("suppressions")
    out = {}
    for rcpt in recipients:
        entry = store.get("%s|%s" % (account["customer_code"], rcpt))
        if entry and entry["active"] and (not entry["accounts"] or account["id"] in entry["accounts"]):
            out[rcpt] = entry["reason"]
    return out


def invalid_message(where: str, err: MessageError) -> ApiError:
    """400 ``invalid_message`` naming the message and the field, e.g. ``messages[0].attachments[1].content``."""
    field = "%s.%s" % (where, err.field) if err.field else where
    return send_error(400, "%s: %s" % (field, err.problem), "invalid_message")


def hint_of(body, bulk: bool) -> dict:
    """Best-effort ``from``, ``to``, ``subject`` of a (maybe invalid) body, for an errors entry."""
    if not isinstance(body, dict):
        return {}
    if bulk:
        message = body.get("message")
        rcpts = body.get("recipients")
        first = rcpts[0].get("email") if isinstance(rcpts, list) and rcpts and isinstance(rcpts[0], dict) else None
        first = [first] if first else []
    else:
        messages = body.get("messages")
        message = messages[0] if isinstance(messages, list) and messages else None
        first = None
    if not isinstance(message, dict):
        return {}
    out = {"subject": message.get("subject") if isinstance(message.get("subject"), str) else None}
    try:
        out["from"] = address(message.get("from"), "from")
    except MessageError:
        pass
    try:
        found = address_list(first if bulk else message.get("to") or message.get("cc") or message.get("bcc"), "to")
        out["to"] = found[0] if found else None
    except MessageError:
        pass
    return out


def request_size(body, bulk: bool) -> int:
    """Messages in a (maybe invalid) body: ``len(messages)``, or ``len(recipients)`` for bulk; 0 when absent."""
    items = body.get("recipients" if bulk else "messages") if isinstance(body, dict) else None
    return len(items) if isinstance(items, list) else 0


def build_send(body: dict) -> list:
    """``[(message, recipients)]`` of a ``/v1/send`` body (400 on any problem)."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise send_error(400, "Request body must include a non-empty `messages` array.", "missing_send_payload")
    if len(messages) > MAX_MESSAGES:
        raise send_error(400, "At most %d messages per request." % MAX_MESSAGES, "too_many_messages")
    out = []
    for index, message in enumerate(messages):
        try:
            out.append((message, check_message(message)))
        except MessageError as err:
            raise invalid_message("messages[%d]" % index, err) from None
    return out


def bulk_recipients(recipients: list) -> list:
    """``[(address, substitutions)]`` of the ``recipients`` array (400 ``invalid_message`` on a bad item)."""
    out = []
    for index, item in enumerate(recipients):
        where = "recipients[%d]" % index
        if not isinstance(item, dict):
            raise send_error(400, "%s: must be an object" % where, "invalid_message")
        try:
            email = address(item.get("email"), "email")
        except MessageError as err:
            raise invalid_message(where, err) from None
        subs = item.get("substitutions")
        if subs is None:
            subs = {}
        if not isinstance(subs, dict):
            raise send_error(400, "%s.substitutions: must be an object" % where, "invalid_message")
        for name, value in subs.items():
            if value is not None and not isinstance(value, (str, int, float, bool)):
                raise send_error(400, "%s.substitutions.%s: must be a string, number or boolean" % (where, name),
                                 "invalid_message")
        out.append((email, subs))
    return out


def build_bulk(body: dict) -> list:
    """``[(rendered message, recipients)]`` of a ``/v1/send/bulk`` body, one message per recipient (400s)."""
    message, recipients = body.get("message"), body.get("recipients")
    if not isinstance(message, dict) or not isinstance(recipients, list) or not recipients:
        raise send_error(400, MISSING_BULK, "missing_send_payload")
    if len(recipients) > MAX_RECIPIENTS:
        raise send_error(400, "At most %d recipients per request." % MAX_RECIPIENTS, "too_many_messages")
    options = body.get("options")
    if options is not None and not isinstance(options, dict):
        raise send_error(400, "options: must be an object", "invalid_message")
    strict = (options or {}).get("strict_substitutions", True)
    if not isinstance(strict, bool):
        raise send_error(400, "options.strict_substitutions: must be a boolean", "invalid_message")
    if "to" in message:
        raise send_error(400, "message.to: is not allowed in a bulk message (each recipient is the To)", "invalid_message")
    rcpts = bulk_recipients(recipients)
    used = variables(message)
    if strict:
        for index, (_email, subs) in enumerate(rcpts):
            missing = sorted(used - {"email"} - set(subs))
            if missing:
                raise send_error(400, "recipients[%d]: missing substitutions for %s" % (index, ", ".join(missing)),
                                 "missing_bulk_substitutions")
    out = []
    for index, (email, subs) in enumerate(rcpts):
        rendered = render(message, dict(subs, email=email))
        rendered["to"] = email
        try:
            out.append((rendered, check_message(rendered, bulk=True, check_content=index == 0)))
        except MessageError as err:
            raise invalid_message("recipients[%d]: message" % index if templated(message, err.field) else "message", err) from None
    return out


def templated(message: dict, field: str) -> bool:
    """True when the top-level field of a BulkMessage named by an error path holds a placeholder."""
    top = re.split(r"[.\[]", field, maxsplit=1)[0]
    return top in message and bool(PLACEHOLDER_RE.search(json.dumps(message[top])))


class Send:
    """Handlers of ``POST /v1/send`` and ``POST /v1/send/bulk``."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def send(self, request: web.Request) -> web.Response:
        """POST /v1/send ``{messages: [Message]}`` -> 202."""
        return await self.handle(request, bulk=False)

    async def bulk(self, request: web.Request) -> web.Response:
        """POST /v1/send/bulk ``{message: BulkMessage, recipients: [{email, substitutions}], options}`` -> 202."""
        return await self.handle(request, bulk=True)

    async def handle(self, request: web.Request, bulk: bool) -> web.Response:
        """Run the checks, record the request (and a refusal in TraceMail ``errors``), answer."""
        token = principal(request)
        account = self.state.get("delivery_accounts", token.get("_account_id"))
        if account is not None and account.get("delete_on"):
            account = None
        log = {"request_id": None, "kind": "bulk" if bulk else "send", "token_id": token.get("id"),
               "account_id": account["id"] if account else None, "messages": 0, "recipients": 0, "status": None,
               "error": None, "at": tracemail.timestamp()}
        self.state.collection("send_requests")[len(self.state.collection("send_requests")) + 1] = log
        raw = request.get(JSON_BODY)
        hint = hint_of(raw, bulk)
        log["messages"] = request_size(raw, bulk)
        try:
            if account is None:
                raise send_error(401)
            body = await self.accept(request, token, account, bulk, log)
        except ApiError as err:
            log.update(request_id=err.body.get("request_id"), status=err.status, error=err.body.get("error"))
            if account is not None:
                self.record_refusal(account, err, hint)
            raise
        log.update(request_id=body["request_id"], status=202)
        return json_response(body, status=202)

    def record_refusal(self, account: dict, err: ApiError, hint: dict) -> None:
        """One ``collection: errors`` entry for a refused request of a known account."""
        sender = hint.get("from")
        name = sender.rsplit("@", 1)[1] if sender else None
        domain = next((dom for dom in self.state.values("delivery_domains")
                       if dom["name"] == name and dom["customer_code"] == account["customer_code"]), None)
        category = ERROR_CATEGORY.get(err.body.get("error"), "generic")
        entry = tracemail.record_error(self.state, account, domain, category, err.body.get("message"),
                                       request_id=err.body.get("request_id"), subject=hint.get("subject"),
                                       to=hint.get("to"), **{"from": sender})
        entry["domain"] = name

    def sender_domains(self, account: dict, built: list, bulk: bool) -> list:
        """The enabled Delivery domain of each message's sender, assigned to the account (else 403)."""
        mine = {}
        for code in account.get("_domain_codes", []):
            domain = self.state.get("delivery_domains", code)
            if domain is not None and display(domain) == "enabled":
                mine[domain["name"]] = domain
        out = []
        for index, (message, _rcpts) in enumerate(built):
            name = address(message["from"], "from").rsplit("@", 1)[1]
            if name not in mine:
                where = "message" if bulk else "messages[%d]" % index
                raise send_error(403, "%s: the sender domain %s is not assigned to this account or not verified"
                                 % (where, name), "sender_domain_not_allowed")
            out.append(mine[name])
        return out

    def rate_limit(self, token: dict) -> None:
        """Admit the request in the token's sliding window, else 429 ``rate_limited`` with ``Retry-After``."""
        rate = tracemail.settings(self.state)["rate_per_second"] or DEFAULT_RATE
        window = self.state.collection("send_windows").setdefault(token["id"], {"token_id": token["id"], "times": []})
        now = time.monotonic()
        window["times"] = [moment for moment in window["times"] if moment > now - RATE_WINDOW]
        if len(window["times"]) >= rate:
            retry = max(1, math.ceil(window["times"][0] + RATE_WINDOW - now))
            raise send_error(429, "Too many requests: at most %d per second for this token" % rate, "rate_limited",
                             headers={"Retry-After": str(retry)})
        window["times"].append(now)

    async def accept(self, request: web.Request, token: dict, account: dict, bulk: bool, log: dict) -> dict:
        """The checks in their documented order, then queue everything; the 202 body."""
        if account["status"] != 0:
            raise send_error(403, "The Delivery account is not enabled", "account_disabled")
        client_ip = request.remote or ""
        if not ip_allowed(client_ip, token.get("allow_nets")) or not ip_allowed(client_ip, account.get("allow_nets")):
            raise send_error(403, "Requests from %s are not allowed for this token" % client_ip, "ip_not_allowed")
        try:
            body = await json_body(request)
        except ApiError:
            raise send_error(400, "Request body must be a valid JSON object.", "invalid_message") from None
        built = build_bulk(body) if bulk else build_send(body)
        log["recipients"] = sum(len(rcpts) for _msg, rcpts in built)
        domains = self.sender_domains(account, built, bulk)
        self.rate_limit(token)
        available = account.get("remaining_messages") or 0   # the plan's and the extra messages left
        if available <= 0:
            raise send_error(429, "The account has no messages left in its plan", "quota_exceeded")
        tracemail.settle_bounces(self.state)
        ignore = bool(account.get("ignore_suppression_list"))
        skipped = {} if ignore else suppressed(self.state, account, [r for _msg, rcpts in built for r in rcpts])
        needed = sum(1 for _msg, rcpts in built for rcpt in rcpts if rcpt not in skipped)
        if needed > available:
            raise send_error(429, "The request needs %d messages, the account has %d left" % (needed, available),
                             "quota_exceeded")
        return self.queue(token, account, built, domains, skipped, needed)

    def queue(self, token: dict, account: dict, built: list, domains: list, skipped: dict, needed: int) -> dict:
        """Create the TraceMail entries, consume the quota; the 202 body."""
        request_id = str(uuid.uuid4())
        submitted = tracemail.timestamp()
        items = []
        for (message, rcpts), domain in zip(built, domains):
            message_id = "%s@%s" % (uuid.uuid4(), domain["name"])
            sender = address(message["from"], "from")
            for rcpt in rcpts:
                status = "suppressed" if rcpt in skipped else ("bounce" if tracemail.bounces(rcpt) else "delivered")
                entry = tracemail.new_entry(account, domain, message_id=message_id, request_id=request_id, to=rcpt,
                                            subject=message["subject"], submitted_at=submitted, _message=message,
                                            **{"from": sender})
                tracemail.queue(self.state, entry, status, skipped.get(rcpt))
            to = address_list(message.get("to"), "to")
            items.append({"error_code": 0, "message": "OK", "request_id": request_id, "message_id": message_id,
                          "submitted_at": submitted, "to": ", ".join(to)})
        remaining, extra = account.get("remaining_messages") or 0, account.get("remaining_extra_messages_bought") or 0
        from_plan = min(max(remaining - extra, 0), needed)   # the plan's messages go first, then the extra ones
        account["remaining_messages"] = remaining - needed
        account["remaining_extra_messages_bought"] = extra - (needed - from_plan)
        account["messages_sent"] = (account.get("messages_sent") or 0) + needed
        token["last_used_at"] = now_iso()
        summary = {"status": "ignored" if account.get("ignore_suppression_list") else "checked", "accepted": needed,
                   "suppressed": len(skipped), "suppressed_recipients": list(skipped)}
        return {"error_code": 0, "message": "OK", "request_id": request_id, "queued_messages": len(items),
                "messages": items, "suppression_summary": summary}


# ---------------------------------------------------------------------- /_sim/
def limits_view(state: State) -> dict:
    """``{rate_per_second, quotas: {account_id: remaining}}`` (remaining = plan + extra messages left)."""
    quotas = {str(acc["id"]): acc.get("remaining_messages") or 0 for acc in state.values("delivery_accounts")}
    return {"rate_per_second": tracemail.settings(state)["rate_per_second"] or DEFAULT_RATE, "quotas": quotas}


async def sim_send_limits(request: web.Request) -> web.Response:
    """GET/PUT /_sim/send_limits ``{rate_per_second, quotas: {account_id: remaining}}``.

    ``rate_per_second`` (integer >= 1, null = the documented 10) applies to every Send token at once;
    ``quotas`` sets an account's remaining messages (its extra messages drop to 0). Kept until reset.
    """
    state: State = request.app[STATE]
    if request.method == "PUT":
        body = await read_json(request, {})
        if not isinstance(body, dict):
            raise ControlError("body must be a JSON object")
        rate = body.get("rate_per_second")
        if rate is not None and not is_int(rate, 1):
            raise ControlError("rate_per_second must be an integer >= 1 or null")
        quotas = {} if body.get("quotas") is None else body["quotas"]
        if not isinstance(quotas, dict):
            raise ControlError("quotas must map account ids to integers >= 0")
        accounts = {}
        for raw, remaining in quotas.items():
            account = state.get("delivery_accounts", int(raw)) if str(raw).isdigit() else None
            if account is None or not is_int(remaining, 0):
                raise ControlError("quotas: %s is not a known account id with an integer >= 0" % raw)
            accounts[account["id"]] = (account, remaining)
        if "rate_per_second" in body:
            tracemail.settings(state)["rate_per_second"] = rate
        for account, remaining in accounts.values():
            account.update(remaining_messages=remaining, remaining_extra_messages_bought=0)
    return json_response(limits_view(state))


async def sim_send_requests(request: web.Request) -> web.Response:
    """GET /_sim/send_requests (``?token_id=``, ``?status=``): ``[{request_id, kind, token_id, account_id,
    messages, recipients, status, error, at}]``, oldest first."""
    state: State = request.app[STATE]
    items = list(state.collection("send_requests").values())
    for name in ("token_id", "status"):
        if request.query.get(name):
            items = [item for item in items if str(item.get(name)) == request.query[name]]
    return json_response(items)


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add ``POST /v1/send``, ``POST /v1/send/bulk``, ``/_sim/send_limits`` and ``/_sim/send_requests``."""
    handlers = Send(state)
    state.declare("send_settings", "send_windows", "send_requests")
    routes.post("/v1/send")(handlers.send)
    routes.post("/v1/send/bulk")(handlers.bulk)
    routes.get("/_sim/send_limits")(guarded(sim_send_limits))
    routes.put("/_sim/send_limits")(guarded(sim_send_limits))
    routes.get("/_sim/send_requests")(guarded(sim_send_requests))
