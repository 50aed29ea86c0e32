# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Team members of a customer: list, create, get, update, status [DOC] and delete (CONTRACT "team members").

A team member (code ``T`` + 9 digits) acts for its customer within its ``permissions`` (a set of
``common.PERMISSIONS`` keys, shown in that order). A team-member token sees what its customer sees; the
permission each route needs is ``common.PERMISSION_RULES`` (enforced by ``common.authorize``). Team-member and
manager tokens get 403 on these routes.
"""
from __future__ import annotations

from aiohttp import web

from ..common import (
    PERMISSIONS, Checks, created, json_body, json_response, no_content, owner_code, paginate, scoped, visible_or_404,
)
from ..state import State, now_iso, public
from ._users import check_identity, check_password, new_user, revoke_tokens, set_status

COLLECTION = "team_members"
SEEDED = {
    "code": "T100000001", "customer_code": "C100000001", "email_address": "team@customer.example.com",
    "firstname": "Demo", "lastname": "Member", "password": "Member123", "permissions": list(PERMISSIONS),
}


def check_permissions(check: Checks) -> None:
    """``permissions``: a list of known permission keys."""
    check.field("permissions", lambda value: isinstance(value, list) and all(key in PERMISSIONS for key in value))


def permission_set(values: list) -> list:
    """The permissions as a set, in ``PERMISSIONS`` order."""
    return [key for key in PERMISSIONS if key in values]


def seed_member(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"team_members": [...]}``.

    Fields as on create (defaults: customer ``C100000001``, a generated e-mail, password ``Member123``, no
    permissions) plus ``code``, ``status`` and ``token`` (a Management token acting as this team member).
    """
    item = dict(item)
    code = item.pop("code", None) or state.new_code("T", 9)
    body = {"email_address": "%s@customer.example.com" % code.lower(), "firstname": "Seeded", "lastname": "Member",
            "password": "Member123"}
    body.update(item)
    member = new_user(state, "TeamMember", code, body.get("customer_code") or "C100000001", body)
    member["permissions"] = permission_set(body.get("permissions") or [])
    if body.get("status"):
        member["status"] = body["status"]
    state.insert(COLLECTION, member)
    if body.get("token"):
        state.insert("tokens", {"token": body["token"], "role": "team_member", "team_member_code": code}, key="token")
    return code


def seed_development(state: State) -> None:
    """Reset hook: the team member behind ``qbx-team-dev-token`` (customer ``C100000001``, every permission)."""
    seed_member(state, SEEDED)


class TeamMembers:
    """Handlers of ``/api/team_members``."""

    def __init__(self, state: State) -> None:
        self.state = state

    def member(self, request: web.Request) -> dict:
        """The team member of the path, if this token may see it, else 404."""
        return visible_or_404(request, self.state, COLLECTION, request.match_info["team_member_code"])

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/team_members (``status`` all|enabled|disabled, ``page``, ``per``, ``query``; admins: ``customer_code``)."""
        return paginate(request, scoped(request, self.state.values(COLLECTION)), search=("email_address", "fullname"),
                        sort_field="email_address")

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/team_members -> 200 ``{message, resource_code}`` + ``Location`` (admins: ``customer_code``)."""
        body = await json_body(request)
        check = Checks(body)
        owner = owner_code(request, self.state, body, check)
        check_identity(self.state, check)
        check_permissions(check)
        check.done()
        member = new_user(self.state, "TeamMember", self.state.new_code("T", 9), owner, body)
        member["permissions"] = permission_set(body.get("permissions") or [])
        self.state.insert(COLLECTION, member)
        return created("Team member created", member["code"], "/api/team_members/%s" % member["code"])

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/team_members/{team_member_code}."""
        return json_response({"resources": [public(self.member(request))], "pagination": {}})

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/team_members/{team_member_code} ``{password, password_confirmation, permissions}`` -> 204
        (``permissions`` is the full set)."""
        member = self.member(request)
        check = Checks(await json_body(request))
        check_password(check)
        check_permissions(check)
        check.done()
        if "permissions" in check.body:
            member["permissions"] = permission_set(check.body["permissions"])
        if "password" in check.body:
            member["_password"] = check.body["password"]
        member["updated_at"] = now_iso()
        return no_content()

    async def set_status(self, request: web.Request) -> web.Response:
        """PUT /api/team_members/{team_member_code}/status ``{status}`` -> 204 (disabled: its tokens answer 401)."""
        return await set_status(request, self.member(request))

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/team_members/{team_member_code} -> 204 (its tokens stop working)."""
        member = self.member(request)
        self.state.remove(COLLECTION, member["code"])
        revoke_tokens(self.state, "team_member_code", member["code"])
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the team member routes, the ``team_members`` fixture loader and the seeded development team member."""
    handlers = TeamMembers(state)
    state.declare(COLLECTION)
    state.seeders[COLLECTION] = seed_member
    state.on_reset(seed_development)
    routes.get("/api/team_members")(handlers.list)
    routes.post("/api/team_members")(handlers.create)
    item = "/api/team_members/{team_member_code}"
    routes.get(item)(handlers.get)
    routes.put(item)(handlers.update)
    routes.delete(item)(handlers.delete)
    routes.put(item + "/status")(handlers.set_status)
