# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Notification settings of the authenticated user: ``PUT /api/users/me/notifications`` [DOC, delivery.md §7.2]
and its read ``GET /api/users/me/notifications`` (CONTRACT "notification settings read" [INF]).

Settings belong to the user behind the token: a manager or team member has its own, a customer token shares
its customer's, an admin token has its own. They live in the ``notification_settings`` collection keyed that way.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from aiohttp import web

from ..common import Checks, is_bool, is_email, json_body, json_response, no_content, principal
from ..state import State

COLLECTION = "notification_settings"
CALLBACKS = ("email_overquota_callback", "domain_create_callback")
DEFAULTS = {"notification_url": None, "email_overquota_callback": False, "domain_create_callback": False,
            "notification_email": None}


def is_https_url(value) -> bool:
    """An absolute ``https://`` URL with a host [DOC]."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme == "https" and bool(parts.hostname)


def user_key(request: web.Request) -> str:
    """Whose settings: the manager, the team member, the customer, or the admin token."""
    who = principal(request)
    for field in ("manager_code", "team_member_code"):
        if who.get(field):
            return who[field]
    return who.get("customer_code") or "admin:%s" % who.get("token")


class Notifications:
    """Handlers of ``/api/users/me/notifications``."""

    def __init__(self, state: State) -> None:
        self.state = state

    def settings(self, request: web.Request) -> dict:
        """The stored settings of this token's user (defaults: no URL, no e-mail, every callback off)."""
        store = self.state.collection(COLLECTION)
        key = user_key(request)
        if key not in store:
            store[key] = dict(DEFAULTS, _user=key)
        return store[key]

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/users/me/notifications -> ``{resources: [settings], pagination: {}}``."""
        return json_response({"resources": [{key: self.settings(request)[key] for key in DEFAULTS}], "pagination": {}})

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/users/me/notifications -> 204; only the given fields change [DOC].

        ``notification_url`` must be an absolute https URL and is required when a callback is enabled unless one
        is already saved; ``notification_email`` an e-mail address; ``null`` or ``""`` clear either.
        """
        settings = self.settings(request)
        check = Checks(await json_body(request))
        body = check.body
        check.field("notification_url", lambda value: value in (None, "") or is_https_url(value))
        check.field("notification_email", lambda value: value in (None, "") or is_email(value))
        for field in CALLBACKS:
            check.field(field, is_bool)
        url = body.get("notification_url", settings["notification_url"])
        if any(body.get(field) is True for field in CALLBACKS) and not url:
            check.add("notification_url", "is required when a callback is enabled")
        check.done()
        for field in DEFAULTS:
            if field in body:
                settings[field] = body[field] if field in CALLBACKS else body[field] or None
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the notification settings routes."""
    handlers = Notifications(state)
    state.declare(COLLECTION)
    routes.get("/api/users/me/notifications")(handlers.get)
    routes.put("/api/users/me/notifications")(handlers.update)
