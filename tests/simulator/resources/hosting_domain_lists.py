# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hosting domain lists: postmasters, domains without a manager, domains without a customization.

Paths and shapes follow CONTRACT.md "domain lists"; all are paged like ``GET /api/domains`` and scoped to the token.
Route order: ``/api/domains/without_manager`` and ``/api/domains/without_customization`` are fixed paths next to
``/api/domains/{code}``. aiohttp 3.10+ prefers the fixed path whatever the order; older versions match in
registration order, and this file registers before ``hosting_domains.py`` (files load in name order, and
``hosting_domain_lists`` sorts before ``hosting_domains``), so both work.
"""
from __future__ import annotations

from aiohttp import web

from ..common import paginate, scoped
from ..state import State


def has_manager(domain: dict) -> bool:
    """True when a manager is assigned to the domain (``manager_code`` set)."""
    return bool(domain.get("manager_code"))


def can_receive_customization(domain: dict) -> bool:
    """GAP: "domains that do not have a customization assigned and can receive one" (seed 003): the simulator
    reads it as ``customization`` unset and the ownership verified (any status but ``ownership_check``)."""
    return not domain.get("customization") and domain.get("status") != "ownership_check"


class DomainLists:
    """Handlers of the domain list routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def postmasters(self, request: web.Request) -> web.Response:
        """GET /api/postmasters: the postmaster accounts (``P`` codes) of the token's domains; ``query`` on the address."""
        boxes = [box for box in self.state.values("email_accounts") if box.get("is_postmaster")]
        return paginate(request, scoped(request, boxes), search=("email_address",), sort_field="email_address")

    async def without_manager(self, request: web.Request) -> web.Response:
        """GET /api/domains/without_manager: the token's domains with no manager assigned."""
        domains = [domain for domain in self.state.values("domains") if not has_manager(domain)]
        return paginate(request, scoped(request, domains))

    async def without_customization(self, request: web.Request) -> web.Response:
        """GET /api/domains/without_customization: the token's domains that could receive a customization."""
        domains = [domain for domain in self.state.values("domains") if can_receive_customization(domain)]
        return paginate(request, scoped(request, domains))


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the domain list routes (before ``/api/domains/{code}``, see the module docstring)."""
    handlers = DomainLists(state)
    state.declare("domains", "email_accounts")
    routes.get("/api/postmasters")(handlers.postmasters)
    routes.get("/api/domains/without_manager")(handlers.without_manager)
    routes.get("/api/domains/without_customization")(handlers.without_customization)
