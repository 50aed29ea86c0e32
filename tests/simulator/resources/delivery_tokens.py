# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send API tokens of a Delivery account: list, create (plain token once), update allow-list, delete.

Tokens live in the ``send_tokens`` collection, keyed by integer ``id``, with the plain value in the private
``_token`` (which ``State.send_principal`` matches against ``Authorization: Bearer``) and their account in
``_account_id``. Labels are not unique (CONTRACT.md "uniqueness").
"""
from __future__ import annotations

import secrets

from aiohttp import web

from ..common import invalid, is_net_list, json_body, no_content, not_found
from ..gaps import refuse
from ..state import State, now_iso, public
from ._delivery import envelope, filtered_page
from .delivery_accounts import find_account

# GAP: the plain token's format is undocumented; the preview shows its first characters.
TOKEN_PREFIX = "qbxs_"
PREVIEW_CHARS = 9


def find_token(state: State, account: dict, raw_id) -> dict:
    """Token ``raw_id`` of ``account``, else 404."""
    try:
        token_id = int(raw_id)
    except (TypeError, ValueError):
        raise not_found() from None
    token = state.get("send_tokens", token_id)
    if token is None or token.get("_account_id") != account["id"]:
        raise not_found()
    return token


def seed_token(state: State, item: dict) -> int:
    """Fixture loader for ``POST /_sim/seed {"send_tokens": [{account_id, label, token, allow_nets}]}``."""
    token = {
        "id": item.get("id") or state.new_id("send_tokens"), "label": item.get("label") or "seeded",
        "allow_nets": list(item.get("allow_nets") or []), "created_at": now_iso(), "last_used_at": None,
        "_account_id": item["account_id"], "_token": item.get("token") or TOKEN_PREFIX + secrets.token_hex(20),
    }
    token["token_preview"] = token["_token"][:PREVIEW_CHARS] + "..."
    state.insert("send_tokens", token, key="id")
    return token["id"]


class DeliveryTokens:
    """Handlers of ``/api/delivery/accounts/{id}/api_tokens``."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def list(self, request: web.Request) -> web.Response:
        """GET .../api_tokens: the account's tokens (no secrets), paged like every list."""
        account = find_account(request, self.state, request.match_info["id"])
        # the documented list takes no parameter (customer_code: CONTRACT's scoping of admin tokens)
        refuse(self.state, "token_list_params", [p for p in request.query if p != "customer_code"])
        items = [public(tok) for tok in self.state.values("send_tokens") if tok.get("_account_id") == account["id"]]
        return filtered_page(request, items, {}, search=("label",), sort_field="id")

    async def create(self, request: web.Request) -> web.Response:
        """POST .../api_tokens ``{label}`` -> 200 envelope with the token and its plain ``token`` (only here)."""
        account = find_account(request, self.state, request.match_info["id"])
        body = await json_body(request)
        label = body.get("label")
        if not isinstance(label, str) or not label.strip():
            raise invalid("label", "is required")
        token = self.state.get("send_tokens", seed_token(self.state, {"account_id": account["id"], "label": label.strip()}))
        return envelope(dict(public(token), token=token["_token"]))

    async def update(self, request: web.Request) -> web.Response:
        """PUT .../api_tokens/{token_id} ``{allow_nets}`` (required) -> 200 envelope."""
        account = find_account(request, self.state, request.match_info["id"])
        token = find_token(self.state, account, request.match_info["token_id"])
        body = await json_body(request)
        if "allow_nets" not in body:
            raise invalid("allow_nets", "is required")
        if not is_net_list(body["allow_nets"]):
            raise invalid("allow_nets")
        token["allow_nets"] = list(body["allow_nets"])
        return envelope(public(token))

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE .../api_tokens/{token_id}: revoke (the token stops authenticating at once)."""
        account = find_account(request, self.state, request.match_info["id"])
        token = find_token(self.state, account, request.match_info["token_id"])
        self.state.remove("send_tokens", token["id"])
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the token routes and the ``send_tokens`` fixture loader."""
    handlers = DeliveryTokens(state)
    state.seeders["send_tokens"] = seed_token
    routes.get("/api/delivery/accounts/{id}/api_tokens")(handlers.list)
    routes.post("/api/delivery/accounts/{id}/api_tokens")(handlers.create)
    routes.put("/api/delivery/accounts/{id}/api_tokens/{token_id}")(handlers.update)
    routes.delete("/api/delivery/accounts/{id}/api_tokens/{token_id}")(handlers.delete)
