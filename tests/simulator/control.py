# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The ``/_sim/`` control API: reset, settings, seed, state dumps, DNS zone, e-mails, faults, request log.

No authentication, JSON in and out, never logged. Errors are 400 ``{"message", "errors": [...]}``.
"""
from __future__ import annotations

import fnmatch
import json
import time

from aiohttp import web

from .common import json_response
from .gaps import SWITCHES
from .state import SimConfig, State

FAULT_DEFAULTS = {
    "method": "*", "path": "*", "status": None, "retry_after": None, "latency_ms": 0, "drop": False, "after": False, "count": 1,
    "body": None,
}


class ControlError(Exception):
    """A bad control request (answered with 400)."""

    def __init__(self, message: str, errors: list | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or []


def bad(message: str, errors: list | None = None) -> web.Response:
    """400 answer for a bad control request."""
    return json_response({"message": message, "errors": errors or []}, status=400)


async def read_json(request: web.Request, default=None):
    """The JSON body, or ``default`` when the body is empty."""
    raw = await request.read()
    if not raw.strip():
        return default
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise ControlError("body is not valid JSON") from exc


def dump(obj: dict) -> dict:
    """A JSON-safe copy of a stored object, private keys included (``_pending`` shows seconds left)."""
    out = dict(obj)
    if out.get("_pending"):
        due, fields = out["_pending"]
        out["_pending"] = {"due_in": round(max(due - time.monotonic(), 0.0), 3), "fields": fields}
    return out


def check_settings(body) -> dict:
    """Validated partial settings ``{mode, async_delay, latency_ms, dns_server}`` (``dns_server`` null or "" clears it)."""
    if not isinstance(body, dict):
        raise ControlError("body must be a JSON object")
    values = {key: body[key] for key in ("mode", "async_delay", "latency_ms") if body.get(key) is not None}
    if "dns_server" in body:
        values["dns_server"] = body["dns_server"]
    problems = SimConfig.check(values)
    if problems:
        raise ControlError("invalid settings", problems)
    return values


def check_fault(spec) -> dict:
    """A complete fault from a partial spec."""
    if not isinstance(spec, dict):
        raise ControlError("a fault must be a JSON object")
    fault = dict(FAULT_DEFAULTS)
    fault.update({key: value for key, value in spec.items() if key in FAULT_DEFAULTS and value is not None})
    fault["method"] = str(fault["method"]).upper()
    problems = []
    if fault["status"] is not None and not (isinstance(fault["status"], int) and 100 <= fault["status"] <= 599):
        problems.append("status must be an HTTP status code")
    if isinstance(fault["count"], bool) or not isinstance(fault["count"], int) or fault["count"] < 1:
        problems.append("count must be an integer >= 1")
    if isinstance(fault["latency_ms"], bool) or not isinstance(fault["latency_ms"], (int, float)) or fault["latency_ms"] < 0:
        problems.append("latency_ms must be a number >= 0")
    for key in ("drop", "after"):
        if not isinstance(fault[key], bool):
            problems.append("%s must be true or false" % key)
    if problems:
        raise ControlError("invalid fault", problems)
    return fault


def check_records(body, required: bool = True) -> list | None:
    """The ``records`` list of a DNS call: each record needs ``name``, ``type`` and ``value``."""
    records = body.get("records") if isinstance(body, dict) else None
    if records is None and not required:
        return None
    if not isinstance(records, list) or not all(
            isinstance(rec, dict) and all(isinstance(rec.get(key), str) and rec.get(key) for key in ("name", "type", "value"))
            for rec in records):
        raise ControlError("records must be a list of {name, type, value} strings")
    return records


def snapshot_name(body) -> str:
    """The ``name`` of a snapshot or restore body."""
    if not isinstance(body, dict) or not isinstance(body.get("name"), str) or not body["name"]:
        raise ControlError('body must be {"name": "<snapshot name>"}')
    return body["name"]


def seed_generic(state: State, name: str, item: dict):
    """Insert a fixture into a collection without a dedicated seeder (key: ``code``, ``id`` or ``token``)."""
    for key in ("code", "id", "token"):
        if key in item:
            state.insert(name, dict(item), key=key)
            return item[key]
    item = dict(item, code=state.new_code("X", 9))
    state.insert(name, item)
    return item["code"]


def seed_customer(state: State, item: dict) -> str:
    """Seed a customer: ``{code, fullname, billing_profile}`` (billing profile defaults to yes)."""
    customer = {"code": item.get("code") or state.new_code("C", 9), "fullname": "Customer", "billing_profile": True}
    customer.update(item)
    state.insert("customers", customer)
    return customer["code"]


def seed_token(state: State, item: dict) -> str:
    """Seed a Management token: ``{token, role (customer|admin), customer_code}``."""
    token = {"token": item.get("token") or state.new_code("qbx-token-", 12), "role": "customer", "customer_code": None}
    token.update(item)
    state.insert("tokens", token, key="token")
    return token["token"]


class Control:
    """Handlers of the ``/_sim/`` routes."""

    def __init__(self, state: State) -> None:
        self.state = state
        state.seeders.setdefault("customers", seed_customer)
        state.seeders.setdefault("tokens", seed_token)

    async def reset(self, request: web.Request) -> web.Response:
        """POST /_sim/reset: start-up settings (plus the given ones), only the seeded credentials."""
        self.state.reset(check_settings(await read_json(request, {})))
        return json_response({"config": self.state.config.as_dict()})

    async def snapshot(self, request: web.Request) -> web.Response:
        """POST /_sim/snapshot ``{"name": N}``: save the world (settings, objects, zone, e-mails) under N."""
        self.state.snapshot(snapshot_name(await read_json(request, {})))
        return json_response({"snapshots": sorted(self.state.snapshots)})

    async def restore(self, request: web.Request) -> web.Response:
        """POST /_sim/restore ``{"name": N}``: back to snapshot N, with no faults and an empty request log."""
        name = snapshot_name(await read_json(request, {}))
        if not self.state.restore(name):
            return json_response({"message": "no snapshot named %s" % name, "errors": sorted(self.state.snapshots)}, status=404)
        return json_response({"config": self.state.config.as_dict()})

    async def get_config(self, request: web.Request) -> web.Response:
        """GET /_sim/config."""
        return json_response(self.state.config.as_dict())

    async def put_config(self, request: web.Request) -> web.Response:
        """PUT /_sim/config ``{mode, async_delay, latency_ms, dns_server}`` (any subset)."""
        self.state.config.apply(check_settings(await read_json(request, {})))
        return json_response(self.state.config.as_dict())

    async def seed(self, request: web.Request) -> web.Response:
        """POST /_sim/seed ``{collection: [fixture, ...]}`` -> ``{collection: [code, ...]}``."""
        body = await read_json(request, {})
        if not isinstance(body, dict) or not all(isinstance(items, list) for items in body.values()):
            raise ControlError("body must map collection names to lists of objects")
        result = {}
        for name, items in body.items():
            seeder = self.state.seeders.get(name)
            result[name] = [seeder(self.state, item) if seeder else seed_generic(self.state, name, item) for item in items]
        return json_response(result)

    def gaps_answer(self) -> web.Response:
        return json_response({name: {"allowed": name in self.state.gaps, "what": what} for name, what in SWITCHES.items()})

    async def get_gaps(self, request: web.Request) -> web.Response:
        """GET /_sim/gaps: every switch, whether it is on, and what it allows."""
        return self.gaps_answer()

    async def put_gaps(self, request: web.Request) -> web.Response:
        """PUT /_sim/gaps ``{name: true|false}``: allow (or refuse again) undocumented forms until the next reset."""
        body = await read_json(request, {})
        if not isinstance(body, dict) or any(name not in SWITCHES or not isinstance(on, bool) for name, on in body.items()):
            raise ControlError("body must map switch names to true/false", sorted(SWITCHES))
        for name, on in body.items():
            (self.state.gaps.add if on else self.state.gaps.discard)(name)
        return self.gaps_answer()

    async def dump_names(self, request: web.Request) -> web.Response:
        """GET /_sim/state: collection names and sizes."""
        return json_response({name: len(objs) for name, objs in self.state.collections.items()})

    async def dump_collection(self, request: web.Request) -> web.Response:
        """GET /_sim/state/{collection}: every object, private keys included."""
        name = request.match_info["collection"]
        if name not in self.state.collections:
            return json_response({"message": "unknown collection %s" % name, "errors": sorted(self.state.collections)}, status=404)
        return json_response([dump(obj) for obj in self.state.values(name)])

    async def get_dns(self, request: web.Request) -> web.Response:
        """GET /_sim/dns -> ``{"records": [...]}``."""
        return json_response({"records": self.state.dns})

    async def put_dns(self, request: web.Request) -> web.Response:
        """PUT /_sim/dns ``{"records": [...]}``: add records to the zone."""
        self.state.publish(check_records(await read_json(request, {})))
        return json_response({"records": self.state.dns})

    async def delete_dns(self, request: web.Request) -> web.Response:
        """DELETE /_sim/dns with optional ``{"records": [...]}``: remove those records, or all."""
        self.state.unpublish(check_records(await read_json(request, {}), required=False))
        return json_response({"records": self.state.dns})

    async def get_emails(self, request: web.Request) -> web.Response:
        """GET /_sim/emails (optional ``?domain=`` / ``?to=``) -> ``[{to, domain, code, sent_at}]``."""
        emails = [mail for mail in self.state.emails if all(
            request.query.get(key) in (None, mail[key]) for key in ("domain", "to"))]
        return json_response(emails)

    def faults_answer(self, added: list | None = None) -> web.Response:
        """``{"faults": [armed...], "spent": [used up...]}`` (plus ``added`` after a POST)."""
        answer = {"faults": self.state.faults, "spent": self.state.spent_faults}
        if added is not None:
            answer["added"] = added
        return json_response(answer)

    async def get_faults(self, request: web.Request) -> web.Response:
        """GET /_sim/faults: the armed faults (with ``remaining`` and ``fired``) and the spent ones."""
        return self.faults_answer()

    async def post_faults(self, request: web.Request) -> web.Response:
        """POST /_sim/faults with one fault, a list, or ``{"faults": [...]}``."""
        body = await read_json(request, {})
        specs = body.get("faults") if isinstance(body, dict) and "faults" in body else body
        specs = specs if isinstance(specs, list) else [specs]
        checked = [check_fault(spec) for spec in specs]
        return self.faults_answer([self.state.arm_fault(fault) for fault in checked])

    async def delete_faults(self, request: web.Request) -> web.Response:
        """DELETE /_sim/faults: disarm every fault and forget the spent ones."""
        self.state.clear_faults()
        return self.faults_answer()

    async def get_requests(self, request: web.Request) -> web.Response:
        """GET /_sim/requests (``?write=true|false``, ``?since=N``, ``?method=``, ``?path=<glob>``)."""
        query = request.query
        entries = list(self.state.log)
        if query.get("since"):
            since = int(query["since"])
            entries = [entry for entry in entries if entry["seq"] > since]
        if query.get("write") in ("true", "false", "1", "0"):
            wanted = query["write"] in ("true", "1")
            entries = [entry for entry in entries if entry["write"] is wanted]
        if query.get("method"):
            entries = [entry for entry in entries if entry["method"] == query["method"].upper()]
        if query.get("path"):
            entries = [entry for entry in entries if fnmatch.fnmatchcase(entry["path"], query["path"])]
        return json_response(entries)

    async def delete_requests(self, request: web.Request) -> web.Response:
        """DELETE /_sim/requests: clear the log (``seq`` keeps counting)."""
        self.state.log.clear()
        return json_response([])


def guarded(handler):
    """Wrap a control handler so that a ``ControlError`` becomes a 400 answer."""
    async def run(request: web.Request) -> web.Response:
        try:
            return await handler(request)
        except ControlError as exc:
            return bad(exc.message, exc.errors)
        except (KeyError, TypeError, ValueError) as exc:  # e.g. a fixture without a required key
            return bad("%s: %s" % (type(exc).__name__, exc))
    return run


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the ``/_sim/`` routes."""
    ctl = Control(state)
    table = (
        ("POST", "/_sim/reset", ctl.reset), ("POST", "/_sim/snapshot", ctl.snapshot), ("POST", "/_sim/restore", ctl.restore),
        ("GET", "/_sim/config", ctl.get_config), ("PUT", "/_sim/config", ctl.put_config),
        ("POST", "/_sim/seed", ctl.seed), ("GET", "/_sim/state", ctl.dump_names),
        ("GET", "/_sim/state/{collection}", ctl.dump_collection), ("GET", "/_sim/dns", ctl.get_dns),
        ("PUT", "/_sim/dns", ctl.put_dns), ("DELETE", "/_sim/dns", ctl.delete_dns), ("GET", "/_sim/emails", ctl.get_emails),
        ("GET", "/_sim/faults", ctl.get_faults), ("POST", "/_sim/faults", ctl.post_faults),
        ("DELETE", "/_sim/faults", ctl.delete_faults), ("GET", "/_sim/requests", ctl.get_requests),
        ("DELETE", "/_sim/requests", ctl.delete_requests), ("GET", "/_sim/gaps", ctl.get_gaps),
        ("PUT", "/_sim/gaps", ctl.put_gaps),
    )
    for method, path, handler in table:
        routes.route(method, path)(guarded(handler))
