# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""DKIM of a Hosting domain: generate, verify, recheck, enable, disable, remove, reset.

GAP: none of these routes is documented; paths and states follow CONTRACT.md. ``dkim_status`` goes
``null`` -> ``pending_dns`` (generate) -> ``updating`` -> ``enabled`` (verify) and ``enabled`` <-> ``disabled``
through ``updating``; ``has_dkim`` is 1 once a verified setup is active or disabled. Verify looks the record up at
once (422 when it is missing); recheck is queued: its result shows in the last-check fields after the async delay.
"""
from __future__ import annotations

import base64
import re

from aiohttp import web

from ..common import invalid, json_response, no_content
from ..state import NOW, State, now_iso
from .hosting_domains import find_domain

DKIM_FIELDS = ("dkim_status", "has_dkim", "dkim_last_checked_at", "dkim_last_check_ok")
CLEARED = {
    "dkim_selector": None, "dkim_public_key": None, "dkim_status": None, "has_dkim": 0,
    "dkim_last_checked_at": None, "dkim_last_check_ok": None, "_dkim_verified": False,
}


def record_name(domain: dict) -> str:
    """Name of the DKIM TXT record: ``<selector>._domainkey.<domain>``."""
    return "%s._domainkey.%s" % (domain["dkim_selector"], domain["name"])


def txt_text(value: str) -> str:
    """The text of a TXT value, joining quoted chunks such as ``"v=DKIM1; ..." "rest"``."""
    chunks = re.findall(r'"((?:[^"\\]|\\.)*)"', value)
    return "".join(chunks) if value.startswith('"') and chunks else value


def txt_published(state: State, domain: dict) -> bool:
    """True when the zone holds the domain's DKIM TXT record with exactly its public key."""
    return any(txt_text(value) == domain["dkim_public_key"] for value in state.dns_values(record_name(domain), "TXT"))


def setup_view(domain: dict) -> dict:
    """The record to publish, as returned by generate."""
    return {"dkim_selector": domain["dkim_selector"], "name": record_name(domain), "type": "TXT",
            "txt_record": domain["dkim_public_key"], "dkim_status": domain["dkim_status"]}


def require_setup(domain: dict) -> None:
    """422 ``dkim`` when no DKIM setup was generated."""
    if not domain.get("dkim_selector"):
        raise invalid("dkim", "has not been generated")


def require_status(domain: dict, wanted: str) -> None:
    """422 ``dkim`` unless ``dkim_status`` is ``wanted``."""
    require_setup(domain)
    if domain.get("dkim_status") != wanted:
        raise invalid("dkim", "is %s, not %s" % (domain.get("dkim_status"), wanted))


class Dkim:
    """Handlers of the DKIM routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    def domain(self, request: web.Request) -> dict:
        """The domain of the path (404 when not visible)."""
        return find_domain(request, self.state, request.match_info["code"])

    def transition(self, domain: dict, target: str) -> None:
        """``dkim_status: updating`` now, ``target`` (with ``has_dkim: 1``) after the async delay."""
        domain.update(dkim_status="updating", updated_at=now_iso())
        self.state.schedule(domain, {"dkim_status": target, "has_dkim": 1})

    def check_zone(self, domain: dict) -> bool:
        """Look the TXT record up and record the result in the last-check fields."""
        found = txt_published(self.state, domain)
        domain.update(dkim_last_checked_at=now_iso(), dkim_last_check_ok=found)
        return found

    async def generate(self, request: web.Request) -> web.Response:
        """POST /api/domains/{code}/dkim: create the setup (or return the existing one)."""
        domain = self.domain(request)
        if not domain.get("dkim_selector"):
            key = base64.b64encode(self.state.rng.randbytes(150)).decode()
            domain.update(dkim_selector=self.state.new_code("qbm", 10), dkim_public_key="v=DKIM1; k=rsa; p=" + key,
                          dkim_status="pending_dns", has_dkim=0, updated_at=now_iso())
        return json_response({"resources": [setup_view(domain)], "pagination": {}})

    async def verify(self, request: web.Request) -> web.Response:
        """PUT .../dkim/verify: 422 ``TXT record not found`` unless published; activation queued."""
        domain = self.domain(request)
        require_setup(domain)
        if not self.check_zone(domain):
            raise invalid("dkim", "TXT record not found")
        domain["_dkim_verified"] = True
        if domain["dkim_status"] == "pending_dns":
            self.transition(domain, "enabled")
        return no_content()

    async def recheck(self, request: web.Request) -> web.Response:
        """PUT .../dkim/recheck: queue a lookup of a verified setup's record (204).

        The zone is read now; ``dkim_last_checked_at`` / ``dkim_last_check_ok`` show the result after the async delay.
        """
        domain = self.domain(request)
        require_setup(domain)
        if not domain.get("_dkim_verified"):
            raise invalid("dkim", "is not verified")
        self.state.schedule(domain, {"dkim_last_checked_at": NOW, "dkim_last_check_ok": txt_published(self.state, domain)})
        return no_content()

    async def enable(self, request: web.Request) -> web.Response:
        """PUT .../dkim/enable: from ``disabled`` only."""
        domain = self.domain(request)
        require_status(domain, "disabled")
        self.transition(domain, "enabled")
        return no_content()

    async def disable(self, request: web.Request) -> web.Response:
        """PUT .../dkim/disable: from ``enabled`` only; the setup is kept."""
        domain = self.domain(request)
        require_status(domain, "enabled")
        self.transition(domain, "disabled")
        return no_content()

    async def remove(self, request: web.Request) -> web.Response:
        """DELETE .../dkim: drop the setup (a no-op without one)."""
        domain = self.domain(request)
        self.state.cancel(domain, *DKIM_FIELDS)
        domain.update(CLEARED, updated_at=now_iso())
        return no_content()

    async def reset(self, request: web.Request) -> web.Response:
        """PUT .../dkim/reset: drop a setup that was never verified (``pending_dns`` only)."""
        domain = self.domain(request)
        require_status(domain, "pending_dns")
        domain.update(CLEARED, updated_at=now_iso())
        return no_content()


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the DKIM routes of domains."""
    handlers = Dkim(state)
    base = "/api/domains/{code}/dkim"
    routes.post(base)(handlers.generate)
    routes.delete(base)(handlers.remove)
    for action in ("verify", "recheck", "enable", "disable", "reset"):
        routes.put("%s/%s" % (base, action))(getattr(handlers, action))
