# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Manager assignments and limits, for the routes where a manager token creates something.

Not a resource family (the leading ``_`` skips discovery). What a manager token *sees* is decided centrally by
``common.can_see`` / ``common.scoped``; this module covers what it may *create*: a Hosting domain, Delivery domain
or Delivery account created with a manager token is assigned to that manager (``claim``), and mailboxes created or
resized with a manager token respect the manager's limits (``check_mailbox_limits``). Limits are -1 (or absent)
for "no limit". Admin, customer and team-member tokens are not limited by managers' limits.
"""
from __future__ import annotations

from aiohttp import web

from ..common import Checks, acting_manager_code, invalid, is_int
from ..state import State

# collection of an assignable resource -> the manager limit on how many may be assigned
LIMIT_OF = {"domains": "max_domains", "delivery_domains": "max_delivery_domains", "delivery_accounts": "max_delivery_accounts"}
# mailbox quota -> the manager limit on mailboxes of that size (25, 50 and 100 GB)
SIZE_LIMITS = {26843545600: "max_email_accounts_25gb", 53687091200: "max_email_accounts_50gb", 107374182400: "max_email_accounts_100gb"}


def within(limit, count: int) -> bool:
    """True when ``count`` resources fit in ``limit`` (None or negative: no limit)."""
    return not is_int(limit) or limit < 0 or count <= limit


def assigned(state: State, collection: str, manager_code: str) -> list:
    """Objects of a collection (``domains``, ``delivery_domains``, ``delivery_accounts``) assigned to the manager."""
    return [obj for obj in state.values(collection) if obj.get("manager_code") == manager_code]


def assign(obj: dict, manager: dict | None) -> None:
    """Assign one resource to a manager (None: unassign); a resource has at most one manager."""
    obj.update(manager_code=manager["code"] if manager else None, manager_fullname=manager["fullname"] if manager else None)


def claim(request: web.Request, state: State, obj: dict, collection: str, field: str = "name") -> None:
    """For a manager token, assign a new resource to the manager, or 422 on ``field`` beyond its limit.

    Call it after validation and before storing the object; it does nothing for other tokens.
    """
    code = acting_manager_code(request)
    manager = state.get("managers", code) if code else None
    if manager is None:
        return
    limit = LIMIT_OF[collection]
    if not within(manager.get(limit), len(assigned(state, collection, code)) + 1):
        raise invalid(field, "exceeds the manager's %s (%d)" % (limit, manager[limit]))
    assign(obj, manager)


def check_mailbox_limits(request: web.Request, state: State, check: Checks, domain: dict, mailbox: dict | None = None) -> None:
    """For a manager token, record 422 errors when a mailbox create (``mailbox`` None) or update breaks the
    manager's ``max_email_accounts``, ``max_email_quota`` or 25/50/100 GB limits.

    GAP: ``max_email_accounts_archive`` is stored and shown but not enforced (Vault is another family).
    """
    code = acting_manager_code(request)
    manager = state.get("managers", code) if code else None
    if manager is None:
        return
    domains = {dom["code"] for dom in assigned(state, "domains", code)}
    others = [box for box in state.values("email_accounts")
              if box.get("domain_code") in domains and not box.get("is_postmaster") and box is not mailbox]
    if mailbox is None and not within(manager.get("max_email_accounts"), len(others) + 1):
        check.add("name", "exceeds the manager's max_email_accounts (%d)" % manager["max_email_accounts"])
    current = mailbox.get("max_email_quota") if mailbox else domain.get("default_quota")
    quota = check.body.get("max_email_quota", current)
    if not is_int(quota) or (mailbox is not None and quota == current):
        return
    cap = manager.get("max_email_quota")
    if is_int(cap) and quota > cap:
        check.add("max_email_quota", "is greater than the manager's max_email_quota (%d)" % cap)
    size_limit = SIZE_LIMITS.get(quota)
    if size_limit and not within(manager.get(size_limit), sum(1 for box in others if box.get("max_email_quota") == quota) + 1):
        check.add("max_email_quota", "exceeds the manager's %s (%d)" % (size_limit, manager[size_limit]))
