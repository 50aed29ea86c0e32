# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ownership of a Hosting domain: DNS check (queued and sync), e-mail code, sandbox skip.

The helpers (``expected_record``, ``dns_verify``, ``send_code``, ``verify_code``) work on any object with
``name``, ``possession_a_record`` and ``status``, so alias domains can reuse them.
"""
from __future__ import annotations

from aiohttp import web

from ..common import api_error, invalid, json_body, json_response, no_content
from ..state import State, now_iso
from .hosting_domains import find_domain, queue_activation

OWNERSHIP_IP = "185.97.217.16"  # [3P] value of the ownership A record
# GAP: the allowed ownership mailboxes are not documented; these are the usual administrative ones.
OWNERSHIP_MAILBOXES = ("postmaster", "admin", "administrator", "hostmaster", "webmaster")


def awaiting(obj: dict) -> bool:
    """True while the object still waits for its ownership proof."""
    return obj["status"] == "ownership_check"


def expected_record(obj: dict) -> dict:
    """The A record that proves ownership: ``<possession_a_record>.<name> A 185.97.217.16``."""
    return {"name": "%s.%s" % (obj["possession_a_record"], obj["name"]), "type": "A", "value": OWNERSHIP_IP}


def dns_verify(state: State, obj: dict, kind: str = "domain") -> dict:
    """Check the zone now; queue the activation when the record is there. Returns the sync answer."""
    record = expected_record(obj)
    values = state.dns_values(record["name"], "A")
    resolved = OWNERSHIP_IP if OWNERSHIP_IP in values else (values[0] if values else None)
    verified, queued = True, False
    if awaiting(obj):
        verified = resolved == OWNERSHIP_IP
        if verified:
            queue_activation(state, obj)
            queued = True
        else:
            obj.update(status_detail="ownership_check_failed", updated_at=now_iso())
    resource = {"type": kind, "code": obj["code"], "name": obj["name"], "status": obj["status"],
                "status_detail": obj["status_detail"]}
    return {"verified": verified, "activation_queued": queued, "resource": resource, "expected_record": record,
            "resolved_ip": resolved}


def send_code(state: State, obj: dict, address) -> None:
    """Send (record) a 6-digit ownership code to an allowed address of the object's domain name."""
    allowed = ["%s@%s" % (box, obj["name"]) for box in OWNERSHIP_MAILBOXES]
    if not isinstance(address, str) or address.lower() not in allowed:
        raise invalid("verification_email_address")
    code = "%06d" % state.rng.randrange(1000000)
    obj.update(_ownership_code=code, ownership_verification_email_address=address.lower(), updated_at=now_iso())
    state.record_email(address.lower(), obj["name"], code)


def verify_code(state: State, obj: dict, code) -> None:
    """Check an e-mailed code (422 ``verification_code`` when wrong or none was sent); queue the activation."""
    sent = obj.get("_ownership_code")
    if not sent or str(code).strip() != sent:
        raise invalid("verification_code")
    obj["_ownership_code"] = None
    if awaiting(obj):
        queue_activation(state, obj)


class Ownership:
    """Handlers of the domain ownership routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def domain(self, request: web.Request) -> dict:
        """The domain of the path (404 when not visible)."""
        return find_domain(request, self.state, request.match_info["code"])

    async def dns_check(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/dns_ownership_check (queued): 204; the result shows on the domain."""
        dns_verify(self.state, self.domain(request))
        return no_content()

    async def dns_check_sync(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/dns_ownership_check/sync: 200 ``{verified, activation_queued, ...}``."""
        return json_response(dns_verify(self.state, self.domain(request)))

    async def email_send(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/email_ownership_check ``{verification_email_address}``."""
        domain = self.domain(request)
        send_code(self.state, domain, (await json_body(request)).get("verification_email_address"))
        return no_content()

    async def email_verify(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/email_ownership_check/verify ``{verification_code}``."""
        domain = self.domain(request)
        verify_code(self.state, domain, (await json_body(request)).get("verification_code"))
        return no_content()

    async def email_reset(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/email_ownership_check/reset: forget the code and the address."""
        self.domain(request).update(_ownership_code=None, ownership_verification_email_address=None, updated_at=now_iso())
        return no_content()

    async def skip(self, request: web.Request) -> web.Response:
        """PUT /api/domains/{code}/skip_ownership_check: sandbox only (403 in production)."""
        domain = self.domain(request)
        if self.state.config.mode != "sandbox":
            raise api_error(403)
        if awaiting(domain):
            queue_activation(self.state, domain)
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the ownership routes of domains."""
    handlers = Ownership(state)
    base = "/api/domains/{code}"
    routes.put(base + "/dns_ownership_check")(handlers.dns_check)
    routes.put(base + "/dns_ownership_check/sync")(handlers.dns_check_sync)
    routes.put(base + "/email_ownership_check")(handlers.email_send)
    routes.put(base + "/email_ownership_check/verify")(handlers.email_verify)
    routes.put(base + "/email_ownership_check/reset")(handlers.email_reset)
    routes.put(base + "/skip_ownership_check")(handlers.skip)
