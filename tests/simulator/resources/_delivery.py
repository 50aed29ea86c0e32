# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by the Delivery resource files (not a resource family: the leading ``_`` skips discovery)."""
from __future__ import annotations

import json

from aiohttp import web

from ..common import json_response, paginate


def envelope(obj: dict) -> web.Response:
    """Delivery create / update / action answer: 200 with the resource envelope (secrets added by the caller)."""
    return json_response({"resources": [obj], "pagination": {}})


def filtered_page(request: web.Request, items: list, filters: dict, search: tuple, sort_field: str) -> web.Response:
    """``common.paginate`` for lists whose filters are not the plain ``status`` field.

    ``filters`` maps a query parameter to ``predicate(obj, value)``; ``all`` and empty values do not filter.
    The parameters are echoed in ``pagination`` as the documented envelope does for ``status``.
    """
    query = request.query
    for name, predicate in filters.items():
        value = query.get(name)
        if value not in (None, "", "all"):
            items = [obj for obj in items if predicate(obj, value)]
    stripped = request.clone(rel_url=request.rel_url.with_query(
        [(key, value) for key, value in query.items() if key not in filters]))
    answer = paginate(stripped, items, search=search, sort_field=sort_field)
    if "status" in filters and query.get("status"):
        body = json.loads(answer.text)
        body["pagination"]["status"] = query.get("status")
        return json_response(body)
    return answer
