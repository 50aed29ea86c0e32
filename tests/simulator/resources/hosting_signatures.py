# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""E-mail signatures of an email account, the domain's signature template variables and accounts without signature.

[DOC] (hosting.md 3.18): ``GET/POST/PUT /api/signatures/{code}``, ``GET/DELETE /api/signatures/{code}/{identity}``;
``code`` is an email account code (``EA``... or postmaster ``P``...); responses are camelCase, request bodies
snake_case. CONTRACT "signature identity": the body's ``identity`` is the sending address (default: the account's
address) and the ``{identity}`` path parameter is the 0-based position in the list ``GET /api/signatures/{code}``
returns (signatures in creation order, one per identity). CONTRACT "signatures beyond the documented ones":
``DELETE /api/signatures/{code}`` deletes the default signature, plus the two domain reads.
"""
from __future__ import annotations

from aiohttp import web

from ..common import Checks, created, is_bool, is_email, json_body, json_response, no_content, not_found, one, paginate
from ..gaps import refuse_fields
from ..state import State, now_iso
from ._hosting import find_account, positioned
from .hosting_domains import find_domain
from .hosting_mailboxes import ADDRESS_BOOK_FIELDS, in_domain

COLLECTION = "signatures"
# Request field (snake_case) -> response field (camelCase) [DOC].
FLAGS = {
    "default_signature": "defaultSignature", "default_signature_replies": "defaultSignatureReplies",
    "sender_in_bcc": "senderInBcc", "only_new_messages": "onlyNewMessages",
}
# ``default_signature_replies`` appears only in responses: in a request body it needs the GAP switch
# ``signature_default_replies`` (gaps.py).
# GAP: "default" is read as "the account's default", so at most one signature of an account has each of these set.
EXCLUSIVE_FLAGS = ("default_signature", "default_signature_replies")
# GAP: the template variables are not documented: the mailbox's name, address and address book fields.
VARIABLES = ("firstname", "lastname", "email_address") + ADDRESS_BOOK_FIELDS
# Fields a mailbox may lack (its address always exists).
FILLABLE = ("firstname", "lastname") + ADDRESS_BOOK_FIELDS


def view(signature: dict) -> dict:
    """The documented response item: ``identity``, ``body``, ``title`` and the camelCase flags."""
    out = {"identity": signature["identity"], "body": signature["body"], "title": signature["title"]}
    out.update((camel, signature[snake]) for snake, camel in FLAGS.items())
    return out


def is_address(value) -> bool:
    """An e-mail address in any letter case."""
    return isinstance(value, str) and is_email(value.lower())


def identity_of(body: dict, mailbox: dict) -> str | None:
    """The sending address a body names (lower-cased), the account's own when none is given, None when invalid."""
    raw = body.get("identity")
    if raw in (None, ""):
        return mailbox["email_address"]
    return raw.lower() if is_address(raw) else None


def check_body(check: Checks) -> None:
    """Validate a create / update body (``body`` is required in both [DOC])."""
    if check.required("body"):
        check.field("body", lambda value: isinstance(value, str))
    check.field("title", lambda value: value is None or isinstance(value, str))
    check.field("identity", lambda value: value in (None, "") or is_address(value))
    for flag in FLAGS:
        check.field(flag, is_bool)


class Signatures:
    """Handlers of the signature routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def of(self, mailbox: dict) -> list:
        """The signatures of a mailbox, in creation order (the order that gives identities their position)."""
        return [sig for sig in self.state.values(COLLECTION) if sig["email_account_code"] == mailbox["code"]]

    def at(self, request: web.Request) -> tuple:
        """(mailbox, signature) of ``/api/signatures/{code}/{identity}``: 404 for a position outside the list."""
        _domain, mailbox = find_account(request, self.state, request.match_info["code"])
        raw = request.match_info["identity"]
        signatures = self.of(mailbox)
        if not raw.isdigit() or int(raw) >= len(signatures):
            raise not_found()
        return mailbox, signatures[int(raw)]

    def apply(self, mailbox: dict, signature: dict, body: dict) -> None:
        """Copy the given fields; a signature made the default takes the flag from the account's other ones."""
        for field in ("body", "title"):
            if field in body:
                signature[field] = body[field] or ""
        for flag in FLAGS:
            if flag in body:
                signature[flag] = body[flag]
        for flag in EXCLUSIVE_FLAGS:
            if body.get(flag) is True:
                for other in self.of(mailbox):
                    if other is not signature:
                        other[flag] = False
        signature["updated_at"] = now_iso()

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/signatures/{code}: the account's signatures (list envelope, camelCase items)."""
        _domain, mailbox = find_account(request, self.state, request.match_info["code"])
        views = positioned([view(sig) for sig in self.of(mailbox)])
        return paginate(request, views, search=("identity", "title"), sort_field="_position")

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/signatures/{code}: a signature for a new identity -> ``{message, resource_code: <position>}``."""
        domain, mailbox = find_account(request, self.state, request.match_info["code"])
        body = await json_body(request)
        refuse_fields(body, self.state, "signature_default_replies", ("default_signature_replies",))
        check = Checks(body)
        check_body(check)
        identity = identity_of(body, mailbox)
        if identity and any(sig["identity"] == identity for sig in self.of(mailbox)):
            check.add("identity", "already exists")
        check.done()
        stamp = now_iso()
        signature = {
            "code": self.state.new_code("SG", 10), "customer_code": mailbox["customer_code"], "domain_code": domain["code"],
            "email_account_code": mailbox["code"], "identity": identity, "body": "", "title": "", "created_at": stamp,
        }
        signature.update((flag, False) for flag in FLAGS)
        self.apply(mailbox, signature, body)
        self.state.insert(COLLECTION, signature)
        position = str(len(self.of(mailbox)) - 1)
        return created("Signature created", position, "/api/signatures/%s/%s" % (mailbox["code"], position))

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/signatures/{code}: update the signature of ``identity`` (default: the account's address)."""
        _domain, mailbox = find_account(request, self.state, request.match_info["code"])
        body = await json_body(request)
        refuse_fields(body, self.state, "signature_default_replies", ("default_signature_replies",))
        check = Checks(body)
        check_body(check)
        check.done()
        identity = identity_of(body, mailbox)
        signature = next((sig for sig in self.of(mailbox) if sig["identity"] == identity), None)
        if signature is None:
            check.add("identity", "has no signature")
            check.done()
        self.apply(mailbox, signature, body)
        return no_content()

    async def delete_default(self, request: web.Request) -> web.Response:
        """DELETE /api/signatures/{code}: delete the default signature (404 when none is the default)."""
        _domain, mailbox = find_account(request, self.state, request.match_info["code"])
        signature = next((sig for sig in self.of(mailbox) if sig["default_signature"]), None)
        if signature is None:
            raise not_found()
        self.state.remove(COLLECTION, signature["code"])
        return no_content()

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/signatures/{code}/{identity}: one signature (get-one envelope)."""
        return one(view(self.at(request)[1]))

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/signatures/{code}/{identity}: the later identities move up one position."""
        self.state.remove(COLLECTION, self.at(request)[1]["code"])
        return no_content()

    async def variables(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/signature_variables -> ``{variables, accounts_missing_fields}`` (top level)."""
        domain = find_domain(request, self.state, request.match_info["code"])
        missing = []
        for mailbox in sorted(in_domain(self.state, "email_accounts", domain["code"]), key=lambda box: box["email_address"]):
            lacking = [field for field in FILLABLE if not mailbox.get(field)]
            if lacking:
                missing.append({"email_address": mailbox["email_address"], "missing": lacking})
        return json_response({"variables": list(VARIABLES), "accounts_missing_fields": missing})

    async def without_signature(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/email_accounts_without_signature: the domain's mailboxes with no signature (paged)."""
        domain = find_domain(request, self.state, request.match_info["code"])
        signed = {sig["email_account_code"] for sig in self.state.values(COLLECTION) if sig["domain_code"] == domain["code"]}
        boxes = [box for box in in_domain(self.state, "email_accounts", domain["code"]) if box["code"] not in signed]
        return paginate(request, boxes, search=("email_address",), sort_field="email_address")


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the signature routes."""
    handlers = Signatures(state)
    state.declare(COLLECTION)
    base = "/api/signatures/{code}"
    routes.get(base)(handlers.list)
    routes.post(base)(handlers.create)
    routes.put(base)(handlers.update)
    routes.delete(base)(handlers.delete_default)
    routes.get(base + "/{identity}")(handlers.get)
    routes.delete(base + "/{identity}")(handlers.delete)
    routes.get("/api/domains/{code}/signature_variables")(handlers.variables)
    routes.get("/api/domains/{code}/email_accounts_without_signature")(handlers.without_signature)
