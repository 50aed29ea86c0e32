# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Alias domains of a Hosting domain: list, create, get, delete and their ownership checks.

GAP: only the alias ``dns_ownership_check/sync`` route is documented; the other paths mirror the domain
ones under ``/api/domains/{code}/aliases/{alias}`` (CONTRACT.md). Ownership logic is shared with
``hosting_domain_ownership.py``.
"""
from __future__ import annotations

from aiohttp import web

from ..common import (
    Checks, api_error, created, is_domain_name, json_body, json_response, no_content, one, paginate,
)
from ..state import State, now_iso
from .hosting_domain_ownership import awaiting, dns_verify, send_code, verify_code
from .hosting_domains import find_child, find_domain, name_taken, queue_activation
from .hosting_mailboxes import in_domain

COLLECTION = "alias_domains"
KIND = "alias_domain"  # GAP: `resource.type` of the sync answer for an alias domain is not documented.


def new_alias_domain(state: State, domain: dict, name: str) -> dict:
    """An alias domain of ``domain`` awaiting its ownership proof (not yet inserted)."""
    stamp = now_iso()
    return {
        "code": state.new_code("AD", 8), "domain_code": domain["code"], "customer_code": domain["customer_code"],
        "domain_name": domain["name"], "name": name, "status": "ownership_check", "status_detail": "ownership_check",
        "possession_a_record": state.new_code("a", 9), "ownership_verification_email_address": None,
        "created_at": stamp, "updated_at": stamp, "activated_at": None,
    }


class DomainAliases:
    """Handlers of the alias domain routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def alias(self, request: web.Request) -> dict:
        """The alias domain of the path (404 unless visible and of that domain)."""
        return find_child(request, self.state, COLLECTION, "alias")[1]

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/aliases (``page``, ``per``, ``query`` on the name, ``status``)."""
        domain = find_domain(request, self.state, request.match_info["code"])
        return paginate(request, in_domain(self.state, COLLECTION, domain["code"]))

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/domains/{code}/aliases ``{name}``: the alias domain waits for its ownership proof."""
        domain = find_domain(request, self.state, request.match_info["code"])
        body = await json_body(request)
        check = Checks(body)
        name = body.get("name")
        if check.required("name"):
            if not is_domain_name(name):
                check.add("name", "is not valid")
            elif name_taken(self.state, name):
                check.add("name", "already exists")
        check.done()
        alias = self.state.insert(COLLECTION, new_alias_domain(self.state, domain, name))
        return created("Alias domain created", alias["code"], "/api/domains/%s/aliases/%s" % (domain["code"], alias["code"]))

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/aliases/{alias}."""
        return one(self.alias(request))

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/domains/{code}/aliases/{alias}."""
        self.state.remove(COLLECTION, self.alias(request)["code"])
        return no_content()

    async def dns_check(self, request: web.Request) -> web.Response:
        """PUT .../aliases/{alias}/dns_ownership_check (queued)."""
        dns_verify(self.state, self.alias(request), KIND)
        return no_content()

    async def dns_check_sync(self, request: web.Request) -> web.Response:
        """PUT .../aliases/{alias}/dns_ownership_check/sync [DOC]: 200 ``{verified, activation_queued, ...}``."""
        return json_response(dns_verify(self.state, self.alias(request), KIND))

    async def email_send(self, request: web.Request) -> web.Response:
        """PUT .../aliases/{alias}/email_ownership_check ``{verification_email_address}``."""
        alias = self.alias(request)
        send_code(self.state, alias, (await json_body(request)).get("verification_email_address"))
        return no_content()

    async def email_verify(self, request: web.Request) -> web.Response:
        """PUT .../aliases/{alias}/email_ownership_check/verify ``{verification_code}``."""
        alias = self.alias(request)
        verify_code(self.state, alias, (await json_body(request)).get("verification_code"))
        return no_content()

    async def email_reset(self, request: web.Request) -> web.Response:
        """PUT .../aliases/{alias}/email_ownership_check/reset."""
        self.alias(request).update(_ownership_code=None, ownership_verification_email_address=None, updated_at=now_iso())
        return no_content()

    async def skip(self, request: web.Request) -> web.Response:
        """PUT .../aliases/{alias}/skip_ownership_check: sandbox only (403 in production)."""
        alias = self.alias(request)
        if self.state.config.mode != "sandbox":
            raise api_error(403)
        if awaiting(alias):
            queue_activation(self.state, alias)
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the alias domain routes."""
    handlers = DomainAliases(state)
    state.declare(COLLECTION)
    base = "/api/domains/{code}/aliases"
    routes.get(base)(handlers.list)
    routes.post(base)(handlers.create)
    routes.get(base + "/{alias}")(handlers.get)
    routes.delete(base + "/{alias}")(handlers.delete)
    item = base + "/{alias}"
    routes.put(item + "/dns_ownership_check")(handlers.dns_check)
    routes.put(item + "/dns_ownership_check/sync")(handlers.dns_check_sync)
    routes.put(item + "/email_ownership_check")(handlers.email_send)
    routes.put(item + "/email_ownership_check/verify")(handlers.email_verify)
    routes.put(item + "/email_ownership_check/reset")(handlers.email_reset)
    routes.put(item + "/skip_ownership_check")(handlers.skip)
