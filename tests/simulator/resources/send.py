# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send API ``POST /v1/send``: the acceptance checks only (token, account, allow-lists, sender domain, payload).

Order of the checks [DOC: send-api concept, processing model]: the Bearer token (auth middleware) -> its
account is enabled -> the client IP is in the token's and the account's ``allow_nets`` (when set) -> the
payload -> each sender domain is assigned to the account and verified -> suppression pre-check -> 202.
Delivery itself (TraceMail, quotas, rate limits) is not simulated here yet.
"""
from __future__ import annotations

import datetime
import ipaddress
import re
import uuid

from aiohttp import web

from ..common import json_body, json_response, principal, send_error
from ..state import State, now_iso

MAX_MESSAGES = 500  # [DOC] limits page: up to 500 messages per request
ADDRESS_RE = re.compile(r"<([^<>]+)>\s*$")


def address_of(value) -> str | None:
    """The bare address of an Address (``"Name <a@b>"``, ``"a@b"`` or ``{address, name}``), lower-cased."""
    if isinstance(value, dict):
        value = value.get("address")
    if not isinstance(value, str) or "@" not in value:
        return None
    match = ADDRESS_RE.search(value)
    return (match.group(1) if match else value).strip().lower()


def addresses_of(value) -> list:
    """Every address of an AddressList (string, comma-separated string, object, or list of those)."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        parts = item.split(",") if isinstance(item, str) else [item]
        out.extend(addr for addr in (address_of(part) for part in parts) if addr)
    return out


def ip_allowed(ip: str, nets: list) -> bool:
    """True when ``nets`` is empty or one of its networks contains ``ip``."""
    if not nets:
        return True
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(net, strict=False) for net in nets)


def message_problem(message) -> str | None:
    """Why a message is invalid, or None."""
    if not isinstance(message, dict):
        return "each message must be an object"
    if address_of(message.get("from")) is None:
        return "`from` is required and must be an e-mail address"
    if not isinstance(message.get("subject"), str) or not message["subject"]:
        return "`subject` is required"
    if not message.get("text_body") and not message.get("html_body"):
        return "`text_body` or `html_body` is required"
    if not addresses_of(message.get("to")) + addresses_of(message.get("cc")) + addresses_of(message.get("bcc")):
        return "at least one recipient (`to`, `cc` or `bcc`) is required"  # GAP: Q10, the simulator requires one
    return None


def suppressed(state: State, account: dict, recipients: list) -> list:
    """Recipients on the customer's active suppression list that apply to this account."""
    store = state.collection("suppressions")
    out = []
    for rcpt in recipients:
        entry = store.get("%s|%s" % (account["customer_code"], rcpt))
        if entry and entry["active"] and (not entry["accounts"] or account["id"] in entry["accounts"]):
            out.append(rcpt)
    return out


def timestamp() -> str:
    """ISO-8601 UTC with milliseconds, e.g. ``2026-04-16T08:41:13.225Z`` [DOC]."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Send:
    """Handler of ``POST /v1/send``."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def send(self, request: web.Request) -> web.Response:
        token = principal(request)
        account = self.state.get("delivery_accounts", token.get("_account_id"))
        if account is None or account.get("delete_on"):
            raise send_error(401)
        if account["status"] != 0:
            raise send_error(403, "The Delivery account is not enabled", "account_disabled")
        client_ip = request.remote or ""
        if not ip_allowed(client_ip, token.get("allow_nets")) or not ip_allowed(client_ip, account.get("allow_nets")):
            raise send_error(403, "Requests from %s are not allowed for this token" % client_ip, "ip_not_allowed")
        try:
            body = await json_body(request)
        except Exception:  # pylint: disable=broad-except  # json_body raises a Management 422
            raise send_error(400, "Request body must be valid JSON.", "invalid_message") from None
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            raise send_error(400, "Request body must include a non-empty `messages` array.", "missing_send_payload")
        if len(messages) > MAX_MESSAGES:
            raise send_error(400, "At most %d messages per request." % MAX_MESSAGES, "too_many_messages")
        for index, message in enumerate(messages):
            problem = message_problem(message)
            if problem:
                raise send_error(400, "messages[%d]: %s" % (index, problem), "invalid_message")
        domains = {dom["name"]: dom for dom in (self.state.get("delivery_domains", code)
                                                for code in account.get("_domain_codes", [])) if dom}
        for index, message in enumerate(messages):
            sender_domain = address_of(message["from"]).rsplit("@", 1)[1]
            domain = domains.get(sender_domain)
            if domain is None or not (domain["dns_verification_status"] == "verified"
                                      and domain["approval_status"] == "approved" and domain["status"] == 0):
                raise send_error(403, "messages[%d]: the sender domain %s is not assigned to this account or not "
                                      "verified" % (index, sender_domain), "sender_domain_not_allowed")
        request_id = str(uuid.uuid4())
        items, all_suppressed, accepted = [], [], 0
        ignore = bool(account.get("ignore_suppression_list"))
        for message in messages:
            recipients = addresses_of(message.get("to")) + addresses_of(message.get("cc")) + addresses_of(message.get("bcc"))
            skipped = [] if ignore else suppressed(self.state, account, recipients)
            all_suppressed.extend(skipped)
            accepted += len(recipients) - len(skipped)
            sender_domain = address_of(message["from"]).rsplit("@", 1)[1]
            items.append({"error_code": 0, "message": "OK", "request_id": request_id,
                          "message_id": "%s@%s" % (uuid.uuid4(), sender_domain), "submitted_at": timestamp(),
                          "to": ", ".join(addresses_of(message.get("to")))})
        token["last_used_at"] = now_iso()
        summary = {"status": "ignored" if ignore else "checked", "accepted": accepted, "suppressed": len(all_suppressed),
                   "suppressed_recipients": all_suppressed}
        return json_response({"error_code": 0, "message": "OK", "request_id": request_id, "queued_messages": len(items),
                              "messages": items, "suppression_summary": summary}, status=202)


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add ``POST /v1/send``."""
    routes.post("/v1/send")(Send(state).send)
