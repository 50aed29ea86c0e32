# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the Hosting resource files (not a resource family: the leading ``_`` skips discovery)."""
from __future__ import annotations

import datetime

from aiohttp import web

from ..common import Checks, visible_or_404
from ..state import State
from .hosting_domains import find_domain
from .hosting_mailboxes import is_date


def find_account(request: web.Request, state: State, code: str) -> tuple:
    """(domain, mailbox) of an email account code (``EA``... or postmaster ``P``...) in a path without the domain.

    404 unless the mailbox is visible and its domain is too (so every rule of ``find_domain`` applies).
    """
    mailbox = visible_or_404(request, state, "email_accounts", code)
    return find_domain(request, state, mailbox["domain_code"]), mailbox


def positioned(views: list) -> list:
    """The views with a private ``_position`` (their order), for ``paginate(..., sort_field="_position")``."""
    return [dict(view, _position=index) for index, view in enumerate(views)]


def date_window(request: web.Request) -> tuple:
    """``(start, end)`` of the ``start_date`` / ``end_date`` query (``YYYY-MM-DD``, each may be None).

    422 with field errors for a date that is not a real one, or an ``end_date`` before the ``start_date``.
    """
    check = Checks(dict(request.query))
    for field in ("start_date", "end_date"):
        check.field(field, lambda value: value == "" or is_date(value))
    check.done()
    start, end = (request.query.get(field) or None for field in ("start_date", "end_date"))
    if start and end and datetime.date.fromisoformat(end) < datetime.date.fromisoformat(start):
        check.add("end_date", "is before start_date")
    check.done()
    return start, end
