# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Delivery domains: list, create, get, verify, status, delete, and ``PUT /_sim/approvals``.

Lifecycle (CONTRACT.md): a new domain is ``not_verified`` / ``need_approval``. ``PUT .../verify`` reads the
simulated zone: with the SPF TXT and both DKIM CNAMEs published the domain is ``verified`` and approval
follows after the async delay, unless ``/_sim/approvals`` holds or blocks it. A verified domain whose records
later fail a verification becomes ``misconfigured``.
"""
from __future__ import annotations

import json

from aiohttp import web

from ..common import (
    STATE, Checks, api_error, can_see, invalid, is_domain_name, json_body, no_content, not_found, owner_code, scoped,
)
from ..state import State, now_iso, public
from ._delivery import envelope, filtered_page
from ._managers import claim

# GAP: record values are CONTRACT.md's canonical [INF] choices (delivery.md Q15).
SPF_VALUE = "v=spf1 include:spf.delivery.qboxmail.com ~all"
SPF_INCLUDE = "include:spf.delivery.qboxmail.com"
DKIM_TARGET = "%s._domainkey.delivery.qboxmail.com"
DMARC_VALUE = "v=DMARC1; p=none; rua=mailto:dmarc@%s"
# GAP: integer `status` of a Delivery domain is undocumented; 0 active, 1 disabled by the customer.
STATUS_INT = {"enabled": 0, "disabled": 1}
APPROVAL_ACTIONS = ("hold", "block", "approve")
# GAP: status_detail values other than `ok` are not documented.
DETAIL_AWAITING = "awaiting_approval"


def cname_records(domain: dict) -> list:
    """The CNAME records that verify the DKIM selectors, one per selector."""
    return [{"name": "%s._domainkey.%s" % (selector, domain["name"]), "type": "CNAME", "value": DKIM_TARGET % selector}
            for selector in (domain["dkim_selector_tr"], domain["dkim_selector_nl"])]


def new_domain(state: State, name: str, customer_code: str, code: str | None = None) -> dict:
    """A Delivery domain with every documented field, waiting for verification and approval."""
    customer = state.customer(customer_code) or {}
    domain = {
        "created_at": now_iso(), "name": name, "code": code or state.new_code("DD", 8), "status": 0,
        "display_status": "not_verified", "dns_verification_status": "not_verified", "dkim_last_checked_at": None,
        "dkim_last_check_ok": None, "dkim_tr_last_check_ok": None, "dkim_nl_last_check_ok": None,
        "spf_last_checked_at": None, "spf_last_check_ok": None, "approval_status": "need_approval",
        "status_detail": "ok", "dkim_selector_tr": state.new_code("tr", 8), "dkim_selector_nl": state.new_code("nl", 8),
        "txt_spf_record": SPF_VALUE, "suggested_dmarc_record": DMARC_VALUE % name,
        "customer_fullname": customer.get("fullname"), "customer_code": customer_code, "accounts_count": 0, "accounts": [],
        "manager_fullname": None, "manager_code": None,
    }
    domain["cname_verification_records"] = cname_records(domain)
    return domain


def find_domain(request: web.Request, state: State, code: str) -> dict:
    """The Delivery domain ``code`` visible to this token, else 404."""
    domain = state.get("delivery_domains", code)
    if domain is None or not can_see(request, domain):
        raise not_found()
    return domain


def linked_accounts(state: State, domain: dict) -> list:
    """Delivery accounts that have this domain assigned."""
    return [acc for acc in state.values("delivery_accounts") if domain["code"] in acc.get("_domain_codes", [])]


def view(state: State, domain: dict) -> dict:
    """The domain as the API shows it (``accounts`` and ``accounts_count`` computed)."""
    accounts = linked_accounts(state, domain)
    out = public(domain)
    out["display_status"] = display(domain)
    out["accounts"] = [{"id": acc["id"], "description": acc["description"]} for acc in accounts]
    out["accounts_count"] = len(accounts)
    return out


def display(domain: dict) -> str:
    """``display_status`` from the other fields."""
    if domain["approval_status"] == "blocked":
        return "blocked"
    if domain["status"] == STATUS_INT["disabled"]:
        return "disabled"
    if domain.get("_misconfigured"):
        return "misconfigured"
    if domain["dns_verification_status"] == "verified" and domain["approval_status"] == "approved":
        return "enabled"
    return "not_verified"


def is_sendable(domain: dict) -> bool:
    """True when the domain may be used as sender: verified, approved and enabled."""
    return domain.get("display_status") == "enabled"


def spf_published(state: State, name: str) -> bool:
    """True when an SPF TXT record at the apex includes the Delivery SPF."""
    from .hosting_domain_dkim import txt_text
    return any(txt_text(value).startswith("v=spf1") and SPF_INCLUDE in txt_text(value).split()
               for value in state.dns_values(name, "TXT"))


def cname_published(state: State, record: dict) -> bool:
    """True when the CNAME record points to its target (trailing dot and case ignored)."""
    target = record["value"].rstrip(".").lower()
    return any(value.rstrip(".").lower() == target for value in state.dns_values(record["name"], "CNAME"))


def approval_action(state: State, name: str) -> str | None:
    """The ``/_sim/approvals`` action set for a domain name, if any."""
    entry = state.collection("delivery_approvals").get(name)
    return entry["action"] if entry else None


def start_approval(state: State, domain: dict) -> None:
    """After a successful verification: approve after the delay, or follow ``/_sim/approvals``."""
    action = approval_action(state, domain["name"])
    if domain["approval_status"] in ("approved", "blocked"):
        return
    if action == "block":
        block(domain)
    elif action == "approve":
        approve(domain)
    elif action != "hold":
        domain["status_detail"] = DETAIL_AWAITING
        state.schedule(domain, {"approval_status": "approved", "status_detail": "ok"})


def approve(domain: dict) -> None:
    domain.update(approval_status="approved", status_detail="ok")
    domain["display_status"] = display(domain)


def block(domain: dict) -> None:
    domain.update(approval_status="blocked", status_detail="blocked_by_review", display_status="blocked")


def seed_domain(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"delivery_domains": [...]}``; ``verified: true`` makes it ready."""
    item = dict(item)
    ready = item.pop("verified", False)
    domain = new_domain(state, item["name"], item.get("customer_code") or "C100000001", item.get("code"))
    if ready:
        domain.update(dns_verification_status="verified", approval_status="approved", spf_last_check_ok=True,
                      dkim_last_check_ok=True, dkim_tr_last_check_ok=True, dkim_nl_last_check_ok=True)
    domain.update(item)
    domain["display_status"] = display(domain)
    state.insert("delivery_domains", domain)
    return domain["code"]


class DeliveryDomains:
    """Handlers of the Delivery domain routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/delivery/domains (``status`` filters on ``display_status``)."""
        items = scoped(request, self.state.values("delivery_domains"))
        items = [view(self.state, obj) for obj in items]
        return filtered_page(request, items, {"status": lambda obj, value: obj["display_status"] == value},
                             search=("name",), sort_field="name")

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/delivery/domains ``{name, customer_code}`` -> 200 envelope with the domain."""
        body = await json_body(request)
        check = Checks(body)
        owner = owner_code(request, self.state, body, check)
        name = body.get("name")
        if check.required("name"):
            if not is_domain_name(name):
                check.add("name", "is not valid")
            elif any(obj["name"] == name for obj in self.state.collection("delivery_domains").values()):
                check.add("name", "already exists")
        check.done()
        domain = new_domain(self.state, name, owner)
        claim(request, self.state, domain, "delivery_domains")
        self.state.insert("delivery_domains", domain)
        return envelope(view(self.state, domain))

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/delivery/domains/{code}."""
        return envelope(view(self.state, find_domain(request, self.state, request.match_info["code"])))

    async def verify(self, request: web.Request) -> web.Response:
        """PUT /api/delivery/domains/{code}/verify: check the records now; 200 envelope with the results.

        GAP: the verify endpoint is undocumented; the simulator checks synchronously and reports the outcome
        in ``spf_last_check_ok`` / ``dkim_*_last_check_ok`` / ``dns_verification_status``.
        """
        domain = find_domain(request, self.state, request.match_info["code"])
        if domain["approval_status"] == "blocked":
            raise api_error(403, "Forbidden: the domain is blocked")
        tr_record, nl_record = cname_records(domain)
        stamp = now_iso()
        spf_ok = spf_published(self.state, domain["name"])
        tr_ok, nl_ok = cname_published(self.state, tr_record), cname_published(self.state, nl_record)
        domain.update(spf_last_checked_at=stamp, spf_last_check_ok=spf_ok, dkim_last_checked_at=stamp,
                      dkim_tr_last_check_ok=tr_ok, dkim_nl_last_check_ok=nl_ok, dkim_last_check_ok=tr_ok and nl_ok)
        passed = spf_ok and tr_ok and nl_ok
        if passed:
            domain["_misconfigured"] = False
            domain["dns_verification_status"] = "verified"
            start_approval(self.state, domain)
        elif domain["dns_verification_status"] == "verified":
            domain["_misconfigured"] = True
        domain["display_status"] = display(domain)
        return envelope(view(self.state, domain))

    async def set_status(self, request: web.Request) -> web.Response:
        """PUT /api/delivery/domains/{code}/status ``{status: enabled|disabled}`` -> 200 envelope."""
        domain = find_domain(request, self.state, request.match_info["code"])
        body = await json_body(request)
        if body.get("status") not in STATUS_INT:
            raise invalid("status")
        if domain["approval_status"] == "blocked":
            raise invalid("status", "cannot change while the domain is blocked")
        domain["status"] = STATUS_INT[body["status"]]
        domain["display_status"] = display(domain)
        return envelope(view(self.state, domain))

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/delivery/domains/{code}: 204; the domain is unassigned from its accounts."""
        domain = find_domain(request, self.state, request.match_info["code"])
        self.state.remove("delivery_domains", domain["code"])
        for account in self.state.values("delivery_accounts"):
            if domain["code"] in account.get("_domain_codes", []):
                account["_domain_codes"] = [code for code in account["_domain_codes"] if code != domain["code"]]
        return no_content()


async def sim_approvals(request: web.Request) -> web.Response:
    """PUT /_sim/approvals ``{domain, action: hold|block|approve}``: steer the approval of a Delivery domain.

    ``hold`` keeps a verified domain at ``need_approval``; ``block`` blocks it; ``approve`` approves it now
    (if already verified, else as soon as it is). The choice is kept for the domain name until the next reset.
    GET /_sim/approvals lists the choices.
    """
    state: State = request.app[STATE]
    if request.method == "GET":
        return web.json_response({"approvals": list(state.collection("delivery_approvals").values())})
    try:
        body = json.loads(await request.read() or b"{}")
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("domain"), str) or body.get("action") not in APPROVAL_ACTIONS:
        return web.json_response({"message": "body must be {domain, action: hold|block|approve}", "errors": []}, status=400)
    name = body["domain"].strip().rstrip(".").lower()
    state.collection("delivery_approvals")[name] = {"domain": name, "action": body["action"]}
    for domain in state.values("delivery_domains"):
        if domain["name"] != name:
            continue
        if body["action"] == "block":
            state.cancel(domain)
            block(domain)
        elif body["action"] == "hold":
            state.cancel(domain)
            if domain["approval_status"] == "need_approval" and domain["dns_verification_status"] == "verified":
                domain["status_detail"] = DETAIL_AWAITING
        elif domain["dns_verification_status"] == "verified" and domain["approval_status"] == "need_approval":
            state.cancel(domain)
            approve(domain)
    return web.json_response({"approvals": list(state.collection("delivery_approvals").values())})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the Delivery domain routes, the ``delivery_domains`` fixture loader and ``/_sim/approvals``."""
    handlers = DeliveryDomains(state)
    state.seeders["delivery_domains"] = seed_domain
    state.declare("delivery_domains", "delivery_approvals")
    routes.get("/api/delivery/domains")(handlers.list)
    routes.post("/api/delivery/domains")(handlers.create)
    routes.get("/api/delivery/domains/{code}")(handlers.get)
    routes.put("/api/delivery/domains/{code}/verify")(handlers.verify)
    routes.put("/api/delivery/domains/{code}/status")(handlers.set_status)
    routes.delete("/api/delivery/domains/{code}")(handlers.delete)
    routes.put("/_sim/approvals")(sim_approvals)
    routes.get("/_sim/approvals")(sim_approvals)
