# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Application factory of the simulator and its middlewares (request log, faults, latency, auth).

Middleware order, outermost first: request log -> fault injection -> latency -> auth -> handler.
So a fault applies before auth, and every ``/api`` or ``/v1`` request (faulted or not) is logged.
A fault with ``after: true`` lets the request be processed first, then replaces or drops the answer.
"""
from __future__ import annotations

import asyncio
import fnmatch
import importlib
import json
import pkgutil
import time
import traceback

from aiohttp import web

from . import control, resources
from .common import DROPPED, JSON_BODY, PRINCIPAL, STATE, ApiError, authorize, default_error, family, request_key, send_error
from .state import SimConfig, State

MASK = "********"
SECRET_WORDS = ("password", "token", "secret")
SECRET_KEYS = ("verification_code", "csv_file_content")
# POST routes that only read; their log entries say ``write: false``. Resource files may append patterns.
READ_ONLY_POSTS = ["*/details"]
# PUT routes that only read (the manager's Delivery assignment preview); logged with ``write: false`` too.
READ_ONLY_PUTS = ["/api/managers/*/assign/delivery/preview"]
SEND_SANDBOX_MESSAGE = "The Send API is not available in the sandbox"
MAX_BODY = 50 * 1024 * 1024  # [DOC] Send API payload up to 50mb (CONTRACT: 52,428,800 bytes); larger bodies get 413
ENTRY = request_key("log_entry")


def is_write(method: str, path: str) -> bool:
    """False for reads: GET/HEAD/OPTIONS and the read-by-POST/PUT routes in ``READ_ONLY_POSTS``/``READ_ONLY_PUTS``."""
    if method in ("GET", "HEAD", "OPTIONS"):
        return False
    patterns = {"POST": READ_ONLY_POSTS, "PUT": READ_ONLY_PUTS}.get(method, ())
    return not any(fnmatch.fnmatchcase(path, pattern) for pattern in patterns)


def mask(value):
    """Copy of a JSON value with secret keys (passwords, tokens, secrets, verification codes) masked."""
    if isinstance(value, dict):
        return {
            key: MASK if (key.lower() in SECRET_KEYS or any(word in key.lower() for word in SECRET_WORDS)) else mask(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [mask(item) for item in value]
    return value


def presented_token(request: web.Request) -> str | None:
    """The credential sent with the request: ``X-Api-Token`` or the ``Authorization: Bearer`` value."""
    token = request.headers.get("X-Api-Token")
    if token:
        return token
    return bearer_token(request)


def bearer_token(request: web.Request) -> str | None:
    """The value of an ``Authorization: Bearer <token>`` header, or None."""
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() != "bearer ":
        return None
    return auth[7:].strip() or None


async def read_body(request: web.Request):
    """Read and parse the body once (cached for ``common.json_body``); the loggable form is returned."""
    if request.content_type.startswith("multipart/"):
        return "<multipart body>"
    raw = await request.read()
    if not raw.strip():
        request[JSON_BODY] = {}
        return None
    try:
        request[JSON_BODY] = json.loads(raw)
    except ValueError:
        request[JSON_BODY] = None
        return "<non-JSON body, %d bytes>" % len(raw)
    return mask(request[JSON_BODY])


def http_error_response(request: web.Request, exc: web.HTTPException) -> web.Response:
    """Turn aiohttp's own errors (unknown route, wrong method, body too large) into API-shaped errors."""
    headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
    return ApiError(exc.status, default_error(request.path, exc.status), headers).response()


async def answer(request: web.Request, handler) -> web.Response:
    """The handler's response; raised API errors, aiohttp errors and simulator bugs become API-shaped answers."""
    try:
        return await handler(request)
    except ApiError as err:
        return err.response()
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        return http_error_response(request, exc)
    except Exception:  # pylint: disable=broad-exception-caught  # a simulator bug: answer 500 as an API would, keep the traceback
        traceback.print_exc()
        return ApiError(500, default_error(request.path, 500)).response()


def record(request: web.Request, status: int | None) -> None:
    """Log the request once, with the status sent (None when the connection was dropped)."""
    entry = request[ENTRY]
    if entry["seq"] is None:
        entry["status"] = status
        request.app[STATE].log_request(entry)


@web.middleware
async def log_middleware(request: web.Request, handler):
    """Log ``/api`` and ``/v1`` requests (secrets masked) and render raised API errors.

    ``processed`` is false when a fault answered or dropped the request before the handler ran;
    ``handler_status`` is the status the simulator produced (differs from ``status`` when an
    ``after`` fault replaced the answer); ``fault`` is the id of the fault that fired, if any.
    """
    if family(request.path) is None:
        return await handler(request)
    entry = {
        "seq": None, "at": time.time(), "method": request.method, "path": request.path, "query": mask(dict(request.query)),
        "status": None, "write": is_write(request.method, request.path), "token": MASK if presented_token(request) else None,
        "body": None, "processed": True, "handler_status": None, "fault": None,
    }
    request[ENTRY] = entry

    async def read_then_handle(req: web.Request):
        entry["body"] = await read_body(req)
        return await handler(req)

    response = await answer(request, read_then_handle)
    if entry["processed"] and entry["handler_status"] is None:
        entry["handler_status"] = response.status
    record(request, None if request.get(DROPPED) else response.status)
    return response


def fault_answer(request: web.Request, fault: dict) -> web.Response:
    """The fault's answer: its ``status`` with its ``body`` (default: the family's error body) and ``Retry-After``."""
    status = int(fault["status"])
    body = fault.get("body")
    if body is None:
        body = default_error(request.path, status)
    headers = {"Retry-After": str(fault["retry_after"])} if fault.get("retry_after") is not None else None
    return ApiError(status, body, headers).response()


def drop(request: web.Request) -> web.Response:
    """Close the connection without an answer; aiohttp then fails quietly to write the placeholder response."""
    request[DROPPED] = True
    request.protocol.force_close()
    return web.Response(status=499)


@web.middleware
async def fault_middleware(request: web.Request, handler):
    """Apply the first matching fault from ``POST /_sim/faults``.

    Without ``after``: wait ``latency_ms``, then answer ``status`` or drop, before auth and without
    processing (a fault with neither lets the request through). With ``after``: process the request
    (auth, handler, state change), log it, wait ``latency_ms``, then drop or answer ``status``
    instead of the real answer (or the real answer when the fault has neither).
    """
    if family(request.path) is None:
        return await handler(request)
    fault = request.app[STATE].take_fault(request.method, request.path)
    if fault is None:
        return await handler(request)
    entry = request[ENTRY]
    entry["fault"] = fault["id"]
    delay = fault["latency_ms"] / 1000.0
    if fault["after"]:
        response = await answer(request, handler)
        entry["handler_status"] = response.status
        if fault["status"] and not fault["drop"]:
            response = fault_answer(request, fault)
        record(request, None if fault["drop"] else response.status)  # logged now: the client may give up during the wait
        if delay:
            await asyncio.sleep(delay)
        return drop(request) if fault["drop"] else response
    if delay:
        await asyncio.sleep(delay)
    if fault["drop"]:
        entry["processed"] = False
        return drop(request)
    if fault["status"]:
        entry["processed"] = False
        return fault_answer(request, fault)
    return await handler(request)


@web.middleware
async def latency_middleware(request: web.Request, handler):
    """Add the configured ``latency_ms`` to every ``/api`` and ``/v1`` answer."""
    latency = request.app[STATE].config.latency_ms
    if latency and family(request.path) is not None:
        await asyncio.sleep(latency / 1000.0)
    return await handler(request)


@web.middleware
async def auth_middleware(request: web.Request, handler):
    """Management token on ``/api``, Send token on ``/v1``; 401 in each family's error shape."""
    state: State = request.app[STATE]
    kind = family(request.path)
    if kind == "api":
        found = state.management_principal(request.headers.get("X-Api-Token"))
        if found is None:
            raise ApiError(401, default_error(request.path, 401))
        request[PRINCIPAL] = found
        authorize(request)
    elif kind == "send":
        if state.config.mode == "sandbox":
            raise send_error(404, SEND_SANDBOX_MESSAGE, "not_available")
        found = state.send_principal(bearer_token(request))
        if found is None:
            raise send_error(401)
        request[PRINCIPAL] = found
    return await handler(request)


def resource_modules() -> list:
    """Every module of ``tests.simulator.resources`` (discovered, so new files need no registration)."""
    names = sorted(info.name for info in pkgutil.iter_modules(resources.__path__) if not info.name.startswith("_"))
    return [importlib.import_module("%s.%s" % (resources.__name__, name)) for name in names]


def make_app(config: SimConfig | None = None) -> web.Application:
    """Build the simulator application with a fresh state."""
    state = State(config or SimConfig())
    app = web.Application(
        middlewares=[log_middleware, fault_middleware, latency_middleware, auth_middleware], client_max_size=MAX_BODY,
    )
    app[STATE] = state
    routes = web.RouteTableDef()
    control.register(routes, state)
    for module in resource_modules():
        module.register(routes, state)
    app.add_routes(routes)
    return app
