# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Undocumented request forms the simulator refuses unless a ``/_sim/gaps`` switch allows them.

The simulator is an oracle, not a mirror of the modules: where a module might send something the documents do not
show (a field, a query parameter), the simulator answers 422 naming it, so the project's own tests see the
invention. Each switch below is the one place that names such a form; ``PUT /_sim/gaps {name: true}`` allows it
until the next reset (for a test that shows what the module would do against an API that accepts it).
``omit_dkim_status`` is the other way round: a documented answer shape (domains without ``dkim_status``) that the
simulator only gives when asked.
"""
from __future__ import annotations

from .common import invalid

# GAP: every undocumented request form the simulator knows of, with the document that leaves it out.
SWITCHES = {
    "domain_list_status": "GET /api/domains with `status` (hosting.md D1: page, per, query, pick, only)",
    "delivery_account_plan": "PUT /api/delivery/accounts/{id} with `plan` (delivery.md §4.4 has no plan field, Q6)",
    "token_list_params": "GET /api/delivery/accounts/{id}/api_tokens with any parameter (none documented)",
    "manager_customer_code": "POST /api/managers?customer_code= (extra.md: the create takes no customer_code)",
    "signature_default_replies": "`default_signature_replies` in a signature body (documented in answers only)",
    "contact_birthday": "`birthday` in a contact body (documented in answers only)",
    "omit_dkim_status": "domain answers without `dkim_status`, `has_dkim` alone (CONTRACT: has_dkim is 1 when disabled)",
}


def allowed(state, name: str) -> bool:
    """Whether switch ``name`` is on (allowed until the next reset)."""
    if name not in SWITCHES:
        raise KeyError(name)
    return name in state.gaps


def refuse(state, name: str, present: list) -> None:
    """422 naming the first of ``present`` (undocumented parameters or fields the request has) unless ``name`` is on."""
    if present and not allowed(state, name):
        raise invalid(present[0], "is not documented for this request (simulator GAP switch %s: %s)"
                      % (name, SWITCHES[name]))


def refuse_query(request, state, name: str, params) -> None:
    """``refuse`` for the query parameters ``params`` (all of them when ``params`` is None) of ``request``."""
    refuse(state, name, [p for p in request.query if params is None or p in params])


def refuse_fields(body: dict, state, name: str, fields) -> None:
    """``refuse`` for the body fields ``fields`` of a JSON request body."""
    refuse(state, name, [f for f in fields if isinstance(body, dict) and f in body])
