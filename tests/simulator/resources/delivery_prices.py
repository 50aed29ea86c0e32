# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Delivery prices (CONTRACT "Delivery prices"; nothing is documented, delivery.md §7.3).

``GET /api/delivery/prices``: the offers of ``delivery_accounts.PRICES`` as a list envelope (filters ``type``,
``billing_cycle``). ``GET /api/delivery/prices/page``: the pricing page of the current customer (GAP: shape chosen
by the simulator): one object ``{customer_code, billing_profile, currency, payment_methods, prices, accounts}``
where ``accounts`` are the Delivery accounts the token sees with their current plan.
"""
from __future__ import annotations

from aiohttp import web

from ..common import is_admin, one, principal, scoped
from ..state import State
from ._delivery import filtered_page
from .delivery_accounts import PAYMENT_METHODS, PRICES

PLAN_FIELDS = (
    "id", "description", "type", "plan", "plan_num_messages", "remaining_messages", "extra_messages_total",
    "remaining_extra_messages_bought", "extra_messages_expires_at", "next_renewal_date", "plan_expiration_date",
)


class Prices:
    """Handlers of ``/api/delivery/prices``."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/delivery/prices -> list envelope of ``{type, billing_cycle, messages, price, currency}``."""
        filters = {
            "type": lambda obj, value: obj["type"] == value,
            "billing_cycle": lambda obj, value: obj["billing_cycle"] == value,
        }
        return filtered_page(request, [dict(offer) for offer in PRICES], filters, search=("type",), sort_field="price")

    async def page(self, request: web.Request) -> web.Response:
        """GET /api/delivery/prices/page -> get-one envelope of the customer's pricing page (admins: ``customer_code``)."""
        code = request.query.get("customer_code") if is_admin(request) else principal(request).get("customer_code")
        customer = self.state.customer(code) or {}
        accounts = sorted(scoped(request, self.state.values("delivery_accounts")), key=lambda acc: acc["id"])
        page = {
            "customer_code": code, "billing_profile": bool(customer.get("billing_profile")), "currency": "EUR",
            "payment_methods": list(PAYMENT_METHODS), "prices": [dict(offer) for offer in PRICES],
            "accounts": [{field: acc.get(field) for field in PLAN_FIELDS} for acc in accounts],
        }
        return one(page)


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the price routes."""
    handlers = Prices(state)
    routes.get("/api/delivery/prices")(handlers.list)
    routes.get("/api/delivery/prices/page")(handlers.page)
