# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The user object shared by managers and team members (extra.md §2.3) and the checks of their identity fields.

Not a resource family (the leading ``_`` skips discovery). Passwords are kept in the private ``_password``.
"""
from __future__ import annotations

from aiohttp import web

from ..common import Checks, is_email, is_password, json_body, no_content
from ..state import State, now_iso

USER_COLLECTIONS = ("managers", "team_members")
# GAP: the docs' example `status_detail` is "customer"; the simulator uses "ok" like every other resource.
STATUS_DETAIL = "ok"


def new_user(state: State, kind: str, code: str, customer_code: str, body: dict) -> dict:
    """A user object with every field of extra.md §2.3 (``kind``: ``Manager`` or ``TeamMember``)."""
    customer = state.customer(customer_code) or {}
    stamp = now_iso()
    firstname, lastname = body.get("firstname") or "", body.get("lastname") or ""
    return {
        "code": code, "type": kind, "type_label": "Manager" if kind == "Manager" else "Team member",
        "email_address": body.get("email_address"), "firstname": firstname, "lastname": lastname,
        "fullname": ("%s %s" % (firstname, lastname)).strip(), "status": "enabled", "status_detail": STATUS_DETAIL,
        "customer_code": customer_code, "created_at": stamp, "updated_at": stamp, "linked_email_account": None,
        "is_customer_wholesale": False, "is_customer_disabled": False, "is_customer_reseller": bool(customer.get("reseller")),
        "is_customer_trial": False, "can_access_delivery": True, "is_vianova_customer": False, "catch_all": False,
        "can_edit_outbound_limits": False, "otp": False, "allow_nets": [], "timezone": "Europe/Rome", "language": "en",
        "customization_logo": None, "customization_help_desk_url": None, "customization_company": None,
        "permissions": [], "ordered_domains": [], "_password": body.get("password"),
    }


def email_taken(state: State, email: str, except_code: str | None = None) -> bool:
    """True when a manager or a team member other than ``except_code`` already uses this e-mail address.

    GAP: uniqueness of user e-mail addresses is not documented; the simulator keeps them unique (any customer).
    """
    wanted = email.lower()
    return any(user["code"] != except_code and str(user.get("email_address") or "").lower() == wanted
               for name in USER_COLLECTIONS for user in state.collection(name).values())


def check_identity(state: State, check: Checks) -> None:
    """Create body: ``email_address``, ``firstname``, ``lastname``, ``password`` and its confirmation (all required)."""
    if check.required("email_address"):
        if not is_email(check.body["email_address"]):
            check.add("email_address", "is not valid")
        elif email_taken(state, check.body["email_address"]):
            check.add("email_address", "already exists")
    for field in ("firstname", "lastname"):
        if check.required(field) and not isinstance(check.body[field], str):
            check.add(field, "is not valid")
    check_password(check, required=True)


def check_password(check: Checks, required: bool = False) -> None:
    """``password`` (at least 8 characters, a letter and a digit) and a matching ``password_confirmation``."""
    if not required and "password" not in check.body:
        return
    if check.required("password") and not is_password(check.body["password"]):
        check.add("password", "is not valid")
    if check.body.get("password_confirmation") != check.body.get("password"):
        check.add("password_confirmation", "doesn't match")


async def set_status(request: web.Request, user: dict) -> web.Response:
    """PUT .../status ``{status: enabled|disabled}`` of a manager or team member -> 204 (disabled: its tokens answer
    401)."""
    check = Checks(await json_body(request))
    check.status()
    check.done()
    user.update(status=check.body["status"], updated_at=now_iso())
    return no_content()


def revoke_tokens(state: State, field: str, code: str) -> None:
    """Forget the API tokens of a deleted user (``field``: ``manager_code`` or ``team_member_code``)."""
    tokens = state.collection("tokens")
    for token in [key for key, obj in tokens.items() if obj.get(field) == code]:
        del tokens[token]
