# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Domain settings: trusted networks (admin only) and the outbound limit options of a domain or mailbox.

[DOC] ``PUT /api/domains/{code}/settings/trusted_networks`` ``{trusted_networks: [{ip, description}]}`` replaces the
list; ``GET`` on the same path reads it (CONTRACT "trusted networks"). [DOC] ``GET /api/domains/{code}/outbound_limits``
answers ``{"resources": [options], "pagination": {}}``; the mailbox variant lives under ``.../email_accounts/{ea}``
(CONTRACT "outbound limits"). The options themselves are ``hosting_domains.OUTBOUND_LIMITS``.
"""
from __future__ import annotations

import ipaddress

from aiohttp import web

from ..common import Checks, api_error, is_admin, is_net, json_body, json_response, no_content, paginate
from ..state import State, now_iso
from ._hosting import positioned
from .hosting_domains import OUTBOUND_LIMITS, find_child, find_domain, outbound_rate

FIELD = "trusted_networks"


def check_networks(check: Checks) -> list:
    """The validated ``trusted_networks`` list (GAP: absent means "replace with nothing", as the field is optional)."""
    items = check.body.get(FIELD)
    if items is None:
        return []
    if not isinstance(items, list):
        check.add(FIELD, "is not valid")
        return []
    seen = set()
    for index, item in enumerate(items):
        prefix = "%s[%d]" % (FIELD, index)
        if not isinstance(item, dict):
            check.add(prefix, "is not valid")
            continue
        if item.get("ip") in (None, ""):
            check.add(prefix + ".ip", "is required")
        elif not is_net(item["ip"]):
            check.add(prefix + ".ip", "is not valid")
        elif ipaddress.ip_network(item["ip"], strict=False) in seen:
            check.add(prefix + ".ip", "already exists")
        else:
            seen.add(ipaddress.ip_network(item["ip"], strict=False))
        if item.get("description") in (None, ""):
            check.add(prefix + ".description", "is required")
        elif not isinstance(item["description"], str):
            check.add(prefix + ".description", "is not valid")
    if check.errors:
        return []
    return [{"ip": item["ip"], "description": item["description"]} for item in items]


# GAP: the meaning of ``scope``, ``domain_rate``, ``discontinued`` and ``disabled`` is not documented: ``scope`` is the
# level asked for (``domain`` / ``email_account``), ``domain_rate`` the rate of the domain's own limit, no option is
# discontinued or disabled.
def option_view(option: dict, scope: str, domain: dict) -> dict:
    """One outbound limit option in the documented shape (``domain_rate``: the rate of the domain's own limit)."""
    return {
        "id": option["id"], "description": option["description"], "rate": option["rate"], "period": option["period"],
        "view": option["view"], "scope": scope, "discontinued": False, "domain_rate": outbound_rate(domain.get("outbound_limit")),
        "disabled": False, "pay": option["pay"], "included": option["included"],
    }


class DomainSettings:
    """Handlers of the trusted networks and outbound limit routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def admin_domain(self, request: web.Request) -> dict:
        """The domain of the path for an admin token; 403 for any other token (before any lookup)."""
        if not is_admin(request):
            raise api_error(403)
        return find_domain(request, self.state, request.match_info["code"])

    async def get_trusted_networks(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/settings/trusted_networks (admin only): a list of ``{ip, description}``."""
        domain = self.admin_domain(request)
        return paginate(request, positioned(domain.get("_trusted_networks", [])), search=("ip", "description"),
                        sort_field="_position")

    async def put_trusted_networks(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/settings/trusted_networks ``{trusted_networks: [{ip, description}]}`` (admin only)."""
        domain = self.admin_domain(request)
        check = Checks(await json_body(request))
        networks = check_networks(check)
        check.done()
        domain.update(_trusted_networks=networks, updated_at=now_iso())
        return no_content()

    async def domain_outbound_limits(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/outbound_limits: ``{"resources": [options], "pagination": {}}``."""
        domain = find_domain(request, self.state, request.match_info["code"])
        return json_response({"resources": [option_view(opt, "domain", domain) for opt in OUTBOUND_LIMITS], "pagination": {}})

    async def mailbox_outbound_limits(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/email_accounts/{account}/outbound_limits: the same options for a mailbox."""
        domain, _mailbox = find_child(request, self.state, "email_accounts", "account")
        views = [option_view(opt, "email_account", domain) for opt in OUTBOUND_LIMITS]
        return json_response({"resources": views, "pagination": {}})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the trusted networks and outbound limit routes."""
    handlers = DomainSettings(state)
    base = "/api/domains/{code}"
    routes.get(base + "/settings/trusted_networks")(handlers.get_trusted_networks)
    routes.put(base + "/settings/trusted_networks")(handlers.put_trusted_networks)
    routes.get(base + "/outbound_limits")(handlers.domain_outbound_limits)
    routes.get(base + "/email_accounts/{account}/outbound_limits")(handlers.mailbox_outbound_limits)
