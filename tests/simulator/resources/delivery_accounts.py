# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Delivery accounts: list, create (billable), get, update, status, reset password, delete (now or at renewal).

Accounts are keyed by integer ``id``. The SMTP ``password`` is shown only in the create and reset-password
answers (CONTRACT.md). Assigned domains are kept as codes in the private ``_domain_codes`` and shown as
``domains: [{code, name}]``.

Plans: an account shows its ``plan`` (``free``/``monthly``/``prepaid``), ``plan_num_messages`` (messages per plan
period) and ``remaining_messages`` (plan plus extra messages still available); see ``PRICES`` and ``update_plan``
for how plans change and extra messages are bought. A create may bring the customer's billing profile
(``billing_profile``).
"""
from __future__ import annotations

import datetime
import re
import secrets
import string

from aiohttp import web

from ..common import (
    Checks, can_see, invalid, is_admin, is_bool, is_email, is_int, is_net_list, json_body, no_content, not_found,
    owner_code, require_billing, scoped,
)
from ..gaps import refuse_fields
from ..state import State, now_iso, public
from ._delivery import envelope, filtered_page
from ._managers import claim

TYPES = ("transactional", "newsletter")
# GAP: integer status mapping is [INF] (CONTRACT.md): 0 enabled, 1 disabled, 2 wait_pay, 3 blocked.
STATUS_INT = {"enabled": 0, "disabled": 1, "wait_pay": 2, "blocked": 3}
STATUS_NAME = {value: key for key, value in STATUS_INT.items()}
PAYMENT_METHODS = ("stripe", "lcwsoftpaypalbillingagreements", "paypal")
# GAP: the SMTP host of Delivery accounts is undocumented.
CONFIG_HOSTNAME = "smtp.delivery.qboxmail.com"
FREE_MESSAGES = 3000  # GAP: the Free plan's message count is not in the stored docs.
PLANS = ("free", "monthly", "prepaid")
# GAP: Delivery prices are not documented (delivery.md §7.3). One offer per plan type: `messages` and `price` are
# per package (EUR, VAT excluded); a paid plan, or an extra-message purchase, is `volume` packages.
PRICES = (
    {"type": "free", "billing_cycle": "monthly", "messages": FREE_MESSAGES, "price": 0.0, "currency": "EUR"},
    {"type": "monthly", "billing_cycle": "monthly", "messages": 10000, "price": 5.0, "currency": "EUR"},
    {"type": "prepaid", "billing_cycle": "one_time", "messages": 10000, "price": 9.0, "currency": "EUR"},
    {"type": "extra", "billing_cycle": "one_time", "messages": 1000, "price": 1.0, "currency": "EUR"},
)
OFFERS = {offer["type"]: offer for offer in PRICES}
PLAN_DAYS = {"free": 30, "monthly": 30, "prepaid": 365}  # GAP: renewal period (free, monthly), validity (prepaid)
EXTRA_DAYS = 365  # [DOC guide] prepaid messages are valid one year; the simulator applies it to extra messages
# Billing profile fields of the create body [DOC]; GAP: which are required to create a profile is undocumented.
BILLING_FIELDS = (
    "customer_type", "firstname", "lastname", "email_address", "country", "address1", "city", "postcode", "state",
    "phonenumber", "password2", "password2_confirmation", "fiscalcode", "vat", "companyname",
)
BILLING_REQUIRED = ("customer_type", "firstname", "lastname", "email_address", "country", "address1", "city", "postcode", "phonenumber")
COMPANY_REQUIRED = ("companyname", "vat")  # GAP: required when customer_type is company or reseller
CUSTOMER_TYPES = ("private", "company", "reseller")


def new_password() -> str:
    """A random SMTP password (letters and digits, at least one of each)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        value = "".join(secrets.choice(alphabet) for _i in range(20))
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


def new_username(state: State) -> str:
    """A random username (guide: random letters and numbers), unique among accounts."""
    taken = {acc["username"] for acc in state.collection("delivery_accounts").values()}
    while True:
        value = "d" + "".join(secrets.choice(string.ascii_lowercase + string.digits) for _i in range(11))
        if value not in taken:
            return value


def new_account(state: State, description: str, kind: str, customer_code: str, account_id: int | None = None) -> dict:
    """An account with every documented field at its default (Free plan, enabled)."""
    customer = state.customer(customer_code) or {}
    stamp = now_iso()
    renewal = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    return {
        "created_at": stamp, "updated_at": stamp, "username": new_username(state), "description": description,
        "id": account_id or state.new_id("delivery_accounts"), "status": 0, "status_detail": "ok", "type": kind,
        "plan": "free", "start_date": stamp[:10], "num_messages": FREE_MESSAGES, "config_hostname": CONFIG_HOSTNAME,
        "customer_code": customer_code, "customer_fullname": customer.get("fullname"), "allow_nets": [],
        "bounce_notification": None, "bounce_notification_to_sender": False, "next_renewal_date": renewal,
        "last_renewal_date": None, "plan_expiration_date": None, "remaining_messages": FREE_MESSAGES,
        "messages_sent": 0, "remaining_extra_messages_bought": 0, "extra_messages_total": 0,
        "remaining_messages_error": None, "extra_messages_expires_at": None, "delivery_analytics": False,
        "has_pending_order": False, "delete_on": None, "plan_num_messages": FREE_MESSAGES,
        "reset_to_plan_num_messages": None, "manager_fullname": None, "manager_code": None,
        "ignore_suppression_list": False, "_domain_codes": [], "_password": new_password(),
    }


def view(state: State, account: dict, with_password: bool = False) -> dict:
    """The account as the API shows it: ``domains`` and ``domains_count`` computed, password only on request."""
    out = public(account)
    domains = [state.get("delivery_domains", code) for code in account.get("_domain_codes", [])]
    out["domains"] = [{"code": dom["code"], "name": dom["name"]} for dom in domains if dom is not None]
    out["domains_count"] = len(out["domains"])
    if with_password:
        out["password"] = account["_password"]
    return out


def find_account(request: web.Request, state: State, raw_id) -> dict:
    """The account ``raw_id`` visible to this token, else 404 (non-integer ids are not found either)."""
    try:
        account_id = int(raw_id)
    except (TypeError, ValueError):
        raise not_found() from None
    account = state.get("delivery_accounts", account_id)
    if account is None or not can_see(request, account):
        raise not_found()
    return account


def check_domain_codes(request: web.Request, state: State, check: Checks, customer_code: str) -> None:
    """``domain_codes`` must be a list of Delivery domain codes of the account's customer visible to the token."""
    codes = check.body.get("domain_codes")
    if "domain_codes" not in check.body:
        return
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        check.add("domain_codes")
        return
    for code in codes:
        domain = state.get("delivery_domains", code)
        if domain is None or domain.get("customer_code") != customer_code or not can_see(request, domain):
            check.add("domain_codes", "is not valid")


def check_writable(check: Checks, admin: bool) -> None:
    """Validate the update fields present in the body."""
    check.field("description", lambda value: isinstance(value, str) and value.strip() != "")
    check.field("bounce_notification", lambda value: value in (None, "") or is_email(value))
    check.field("bounce_notification_to_sender", is_bool)
    check.field("ignore_suppression_list", is_bool)
    check.field("allow_nets", is_net_list)
    check.field("payment_method", lambda value: value in PAYMENT_METHODS)
    check.field("volume", lambda value: is_int(value, 0))
    check.field("plan", lambda value: value in PLANS)
    for field in ("num_messages", "override_plan_num_messages"):
        if field in check.body and not admin:
            check.add(field, "is not allowed")
    check.field("num_messages", lambda value: is_int(value, 0))
    check.field("override_plan_num_messages", is_bool)


def billing_profile(check: Checks, customer: dict | None) -> dict | None:
    """The billing profile a create brings along [DOC "optionally creates the customer billing profile/order"].

    None when the customer already has one or the body has no billing field; otherwise the fields are checked
    (422) and the profile (passwords left out) is returned, for the customer to get once the account is created.
    """
    body = check.body
    if customer is None or customer.get("billing_profile") or not any(field in body for field in BILLING_FIELDS):
        return None
    for field in BILLING_REQUIRED:
        check.required(field)
    if body.get("customer_type") in ("company", "reseller"):
        for field in COMPANY_REQUIRED:
            check.required(field)
    for field in BILLING_FIELDS:
        check.field(field, lambda value: isinstance(value, str))
    check.field("customer_type", lambda value: value in CUSTOMER_TYPES)
    check.field("email_address", is_email)
    check.field("country", lambda value: isinstance(value, str) and bool(re.fullmatch(r"[A-Z]{2}", value)))
    if ("password2" in body or "password2_confirmation" in body) and body.get("password2") != body.get("password2_confirmation"):
        check.add("password2_confirmation", "doesn't match")
    return {field: body[field] for field in BILLING_FIELDS if field in body and not field.startswith("password2")}


def plan_change(check: Checks, account: dict) -> str | None:
    """What an update does to the plan: ``plan``, ``extra`` or None (nothing); 422 errors recorded in ``check``.

    GAP (delivery.md Q6: choosing a plan through the API is undocumented). The simulator's rules:
      - ``plan`` (undocumented field) ``free``|``monthly``|``prepaid`` switches the plan; a paid plan needs
        ``volume`` >= 1, its number of packages (``plan_num_messages`` = volume x the offer's ``messages``);
      - ``volume`` >= 1 without ``plan`` buys that many packages of extra messages (valid one year);
      - a paid plan or extra messages need a ``payment_method``: the body's, else the one saved on the account
        (create or an earlier update); ``plan`` equal to the current plan and size changes nothing.
    """
    body = check.body
    plan, volume = body.get("plan"), body.get("volume")
    if plan not in PLANS and not (is_int(volume) and volume > 0):
        return None
    if plan == "free":
        if is_int(volume) and volume > 0:
            check.add("volume", "is not allowed with the free plan")
        return "plan" if account["plan"] != "free" else None
    if plan in PLANS and not (is_int(volume) and volume > 0):
        check.add("volume", "is required for a paid plan")
        return None
    if not body.get("payment_method") and not account.get("_payment_method"):
        check.add("payment_method", "is required for a paid plan or extra messages")
    if plan is None:
        return "extra"
    same = plan == account["plan"] and volume * OFFERS[plan]["messages"] == account["plan_num_messages"]
    return None if same else "plan"


def update_plan(account: dict, change: str | None, body: dict) -> None:
    """Apply a ``plan_change`` result at once (the simulator has no pending orders)."""
    today = datetime.date.today()
    if change == "extra":
        bought = body["volume"] * OFFERS["extra"]["messages"]
        account.update(remaining_extra_messages_bought=account["remaining_extra_messages_bought"] + bought,
                       extra_messages_total=account["extra_messages_total"] + bought,
                       remaining_messages=account["remaining_messages"] + bought,
                       extra_messages_expires_at=(today + datetime.timedelta(days=EXTRA_DAYS)).isoformat())
    elif change == "plan":
        plan = body["plan"]
        size = OFFERS[plan]["messages"] * (body["volume"] if plan != "free" else 1)
        end = (today + datetime.timedelta(days=PLAN_DAYS[plan])).isoformat()
        account.update(plan=plan, plan_num_messages=size, num_messages=size, start_date=today.isoformat(),
                       last_renewal_date=today.isoformat(), next_renewal_date=None if plan == "prepaid" else end,
                       plan_expiration_date=end if plan == "prepaid" else None,
                       remaining_messages=size + account["remaining_extra_messages_bought"])


def seed_account(state: State, item: dict) -> int:
    """Fixture loader for ``POST /_sim/seed {"delivery_accounts": [...]}``; ``status`` may be a name."""
    item = dict(item)
    account = new_account(state, item.get("description") or "account", item.get("type") or "transactional",
                          item.get("customer_code") or "C100000001", item.get("id"))
    if isinstance(item.get("status"), str):
        item["status"] = STATUS_INT[item["status"]]
    if "domain_codes" in item:
        account["_domain_codes"] = list(item.pop("domain_codes"))
    if "password" in item:
        account["_password"] = item.pop("password")
    account.update(item)
    state.insert("delivery_accounts", account, key="id")
    return account["id"]


class DeliveryAccounts:
    """Handlers of the Delivery account routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/delivery/accounts (``query``, ``status``, ``type``, ``plan``, ``ids``, ``plan_messages_*``)."""
        items = [view(self.state, acc) for acc in scoped(request, self.state.values("delivery_accounts"))]
        filters = {
            "status": lambda obj, value: STATUS_NAME.get(obj["status"]) == value,
            "type": lambda obj, value: obj["type"] == ("newsletter" if value == "promotional" else value),
            "plan": lambda obj, value: obj["plan"] == value,
            "ids": lambda obj, value: str(obj["id"]) in {part.strip() for part in value.split(",")},
            "plan_messages_from": lambda obj, value: obj["plan_num_messages"] >= int(value),
            "plan_messages_to": lambda obj, value: obj["plan_num_messages"] <= int(value),
            "with_domains": lambda obj, value: True,
        }
        return filtered_page(request, items, filters, search=("description", "username"), sort_field="description")

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/delivery/accounts -> 200 envelope with the account and its SMTP ``password`` (once)."""
        body = await json_body(request)
        check = Checks(body)
        owner = owner_code(request, self.state, body, check)
        customer = self.state.customer(owner)
        profile = billing_profile(check, customer)
        if profile is None:
            require_billing(request, self.state, owner)
        check.required("description")
        if check.required("type") and body["type"] not in TYPES:
            check.add("type")
        check_writable(check, is_admin(request))
        check.done()
        account = new_account(self.state, body["description"].strip(), body["type"], owner)
        for field in ("ignore_suppression_list", "allow_nets"):
            if field in body:
                account[field] = body[field]
        if body.get("payment_method"):
            account["_payment_method"] = body["payment_method"]
        claim(request, self.state, account, "delivery_accounts", "description")
        if profile is not None:
            customer.update(billing_profile=True, _billing_profile=profile)
        self.state.insert("delivery_accounts", account, key="id")
        return envelope(view(self.state, account, with_password=True))

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/delivery/accounts/{id}."""
        return envelope(view(self.state, find_account(request, self.state, request.match_info["id"])))

    async def update(self, request: web.Request) -> web.Response:
        """PUT /api/delivery/accounts/{id} -> 200 envelope; ``domain_codes`` is the full assignment; plan changes
        and extra messages per ``plan_change`` (billable: 403 without a billing profile in production)."""
        account = find_account(request, self.state, request.match_info["id"])
        body = await json_body(request)
        refuse_fields(body, self.state, "delivery_account_plan", ("plan",))
        if body.get("payment_method") or body.get("volume") or body.get("plan", account["plan"]) != account["plan"]:
            require_billing(request, self.state, account["customer_code"])
        check = Checks(body)
        check_writable(check, is_admin(request))
        check_domain_codes(request, self.state, check, account["customer_code"])
        change = plan_change(check, account) if not check.errors else None
        check.done()
        if body.get("payment_method"):
            account["_payment_method"] = body["payment_method"]
        update_plan(account, change, body)
        for field in ("description", "bounce_notification", "bounce_notification_to_sender", "ignore_suppression_list",
                      "allow_nets", "num_messages"):
            if field in body:
                account[field] = body[field].strip() if field == "description" else body[field]
        if "domain_codes" in body:
            account["_domain_codes"] = list(dict.fromkeys(body["domain_codes"]))
        account["updated_at"] = now_iso()
        return envelope(view(self.state, account))

    async def set_status(self, request: web.Request) -> web.Response:
        """PUT /api/delivery/accounts/{id}/status ``{status: enabled|disabled}`` -> 200 envelope."""
        account = find_account(request, self.state, request.match_info["id"])
        body = await json_body(request)
        if body.get("status") not in ("enabled", "disabled"):
            raise invalid("status")
        if STATUS_NAME.get(account["status"]) in ("wait_pay", "blocked"):
            raise invalid("status", "cannot change while the account is %s" % STATUS_NAME[account["status"]])
        account.update(status=STATUS_INT[body["status"]], updated_at=now_iso())
        return envelope(view(self.state, account))

    async def reset_password(self, request: web.Request) -> web.Response:
        """PUT /api/delivery/accounts/{id}/reset_password -> 200 envelope with the new ``password``.

        GAP: undocumented route; CONTRACT.md fixes this path and answer.
        """
        account = find_account(request, self.state, request.match_info["id"])
        account.update(_password=new_password(), updated_at=now_iso())
        return envelope(view(self.state, account, with_password=True))

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/delivery/accounts/{id}[?delete_after_billing=true]: remove now, or set ``delete_on``."""
        account = find_account(request, self.state, request.match_info["id"])
        later = request.query.get("delete_after_billing", "").lower() in ("1", "true", "yes")
        if later:
            account.update(delete_on=account["next_renewal_date"], updated_at=now_iso())
            return no_content()
        self.state.remove("delivery_accounts", account["id"])
        for token in [tok for tok in self.state.values("send_tokens") if tok.get("_account_id") == account["id"]]:
            self.state.remove("send_tokens", token["id"])
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the Delivery account routes and the ``delivery_accounts`` fixture loader."""
    handlers = DeliveryAccounts(state)
    state.seeders["delivery_accounts"] = seed_account
    state.declare("delivery_accounts")
    routes.get("/api/delivery/accounts")(handlers.list)
    routes.post("/api/delivery/accounts")(handlers.create)
    routes.get("/api/delivery/accounts/{id}")(handlers.get)
    routes.put("/api/delivery/accounts/{id}")(handlers.update)
    routes.put("/api/delivery/accounts/{id}/status")(handlers.set_status)
    routes.put("/api/delivery/accounts/{id}/reset_password")(handlers.reset_password)
    routes.delete("/api/delivery/accounts/{id}")(handlers.delete)
