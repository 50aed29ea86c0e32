# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Hosting email aliases: list, create, get, update (destinations), delete.

Documented rules: at most 20 destinations, at least one, duplicates ignored, and an alias cannot take
the name of an existing email account. Create and update queue the activation / synchronization.
"""
from __future__ import annotations

from aiohttp import web

from ..common import Checks, created, is_email, json_body, no_content, one, paginate
from ..state import State, now_iso
from .hosting_domains import find_child, find_domain
from .hosting_mailboxes import in_domain, is_local_part

COLLECTION = "alias_email_accounts"
MAX_DESTINATIONS = 20  # [GUIDE] "up to 20 destination addresses"


def check_destinations(check: Checks) -> None:
    """``destinations``: required list of 1..20 distinct valid addresses."""
    if "destinations" not in check.body or check.body["destinations"] is None:
        check.add("destinations", "is required")
        return
    value = check.body["destinations"]
    if not isinstance(value, list) or not all(is_email(item) for item in value):
        check.add("destinations", "is not valid")
    elif not value:
        check.add("destinations", "must contain at least one address")
    elif len(set(value)) > MAX_DESTINATIONS:
        check.add("destinations", "has more than %d addresses" % MAX_DESTINATIONS)


def new_email_alias(state: State, domain: dict, name: str, destinations: list) -> dict:
    """An email alias of ``domain`` (not yet inserted; queue its activation with ``queue_sync``)."""
    stamp = now_iso()
    return {
        "code": state.new_code("AE", 8), "domain_code": domain["code"], "customer_code": domain["customer_code"],
        "domain_name": domain["name"], "name": name, "destinations": list(dict.fromkeys(destinations)),
        "created_at": stamp, "updated_at": stamp,
    }


def queue_sync(state: State, alias: dict) -> None:
    """``updating``/``queued`` now, ``enabled``/``ok`` after the async delay."""
    alias.update(status="updating", status_detail="queued", updated_at=now_iso())
    state.schedule(alias, {"status": "enabled", "status_detail": "ok"})


def seed_alias(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"alias_email_accounts": [{domain_code, name, destinations}]}`` (enabled)."""
    item = dict(item)
    domain = state.get("domains", item.pop("domain_code"))
    alias = new_email_alias(state, domain, item.pop("name"), item.pop("destinations", []))
    alias.update(status="enabled", status_detail="ok")
    alias.update(item)
    state.insert(COLLECTION, alias)
    return alias["code"]


class Aliases:
    """Handlers of the email alias routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def alias(self, request: web.Request) -> dict:
        """The alias of the path (404 unless visible and of that domain)."""
        return find_child(request, self.state, COLLECTION, "alias")[1]

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/alias_email_accounts (``page``, ``per``, ``query`` on the name)."""
        domain = find_domain(request, self.state, request.match_info["code"])
        return paginate(request, in_domain(self.state, COLLECTION, domain["code"]))

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/domains/{code}/alias_email_accounts ``{name, destinations}``."""
        domain = find_domain(request, self.state, request.match_info["code"])
        body = await json_body(request)
        check = Checks(body)
        name = body.get("name")
        if check.required("name"):
            if not is_local_part(name):
                check.add("name", "is not valid")
            elif any(box["name"] == name for box in in_domain(self.state, "email_accounts", domain["code"])):
                check.add("name", "is already used by an email account")
            elif any(obj["name"] == name for obj in in_domain(self.state, COLLECTION, domain["code"])):
                check.add("name", "already exists")
        check_destinations(check)
        check.done()
        alias = self.state.insert(COLLECTION, new_email_alias(self.state, domain, name, body["destinations"]))
        queue_sync(self.state, alias)
        return created("Email alias created", alias["code"],
                       "/api/domains/%s/alias_email_accounts/%s" % (domain["code"], alias["code"]))

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/domains/{code}/alias_email_accounts/{alias}."""
        return one(self.alias(request))

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/alias_email_accounts/{alias} ``{destinations}`` (queued synchronization)."""
        alias = self.alias(request)
        check = Checks(await json_body(request))
        check_destinations(check)
        check.done()
        alias["destinations"] = list(dict.fromkeys(check.body["destinations"]))
        queue_sync(self.state, alias)
        return no_content()

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/domains/{code}/alias_email_accounts/{alias}."""
        self.state.remove(COLLECTION, self.alias(request)["code"])
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the email alias routes."""
    handlers = Aliases(state)
    state.seeders[COLLECTION] = seed_alias
    state.declare(COLLECTION)
    base = "/api/domains/{code}/alias_email_accounts"
    routes.get(base)(handlers.list)
    routes.post(base)(handlers.create)
    routes.get(base + "/{alias}")(handlers.get)
    routes.put(base + "/{alias}")(handlers.update)
    routes.delete(base + "/{alias}")(handlers.delete)
