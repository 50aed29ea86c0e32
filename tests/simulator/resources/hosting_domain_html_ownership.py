# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Ownership of a domain or alias domain by an HTML file on its website, and ``/_sim/website``.

CONTRACT "MX check, HTML ownership, email reset": ``GET /api/domains/{code}/html_ownership_check`` ->
``{file_name, file_content, url}``; ``PUT`` on the same path verifies; the same under
``/api/domains/{code}/aliases/{alias}``. Seed 003: "Checks the ownership verification HTML file on the domain or
alias-domain website and queues activation when valid", so the simulator reads the file at once and queues the
activation (``queue_activation``: ``updating`` now, ``enabled``/``ok`` after the async delay). The website is
simulated: ``PUT /_sim/website`` publishes a file.
"""
from __future__ import annotations

import urllib.parse

from aiohttp import web

from ..common import STATE, invalid, json_response, no_content
from ..control import ControlError, guarded, read_json
from ..state import State, now_iso
from .hosting_domain_ownership import awaiting
from .hosting_domains import find_child, find_domain, queue_activation

WEBSITE = "website_files"
# GAP: the file's name and content are not documented; the simulator uses these patterns.
FILE_NAME = "qboxmail-%s.html"
FILE_CONTENT = "qboxmail-domain-verification: %s"


def html_file(state: State, obj: dict) -> dict:
    """``{file_name, file_content, url}`` of a domain or alias domain (the token is made once and kept)."""
    if not obj.get("_html_token"):
        obj["_html_token"] = "%032x" % state.rng.getrandbits(128)
    name = FILE_NAME % obj["possession_a_record"]
    return {"file_name": name, "file_content": FILE_CONTENT % obj["_html_token"], "url": "http://%s/%s" % (obj["name"], name)}


def site_key(url: str) -> str:
    """Where a file lives, without scheme and ``www.``: ``example.com/qboxmail-x.html`` (host lower-case)."""
    parts = urllib.parse.urlsplit(url if "//" in url else "http://" + url)
    host = (parts.hostname or "").rstrip(".")
    host = host[4:] if host.startswith("www.") else host
    return "%s/%s" % (host, parts.path.lstrip("/"))


def html_verify(state: State, obj: dict) -> None:
    """Read the file now: queue the activation when its content matches, else 422 (``url`` or ``file_content``)."""
    if not awaiting(obj):
        return
    wanted = html_file(state, obj)
    found = state.collection(WEBSITE).get(site_key(wanted["url"]))
    if found is None or found["file_content"].strip() != wanted["file_content"]:
        obj.update(status_detail="ownership_check_failed", updated_at=now_iso())
        if found is None:
            raise invalid("url", "file not found at %s" % wanted["url"])
        raise invalid("file_content", "does not match")
    queue_activation(state, obj)


class HtmlOwnership:
    """Handlers of the HTML-file ownership routes (domain and alias domain)."""

    def __init__(self, state: State) -> None:
        self.state = state

    def target(self, request: web.Request) -> dict:
        """The domain, or the alias domain when the path names one (404 unless visible)."""
        if "alias" in request.match_info:
            return find_child(request, self.state, "alias_domains", "alias")[1]
        return find_domain(request, self.state, request.match_info["code"])

    async def get(self, request: web.Request) -> web.Response:
        """GET .../html_ownership_check: ``{file_name, file_content, url}``."""
        return json_response(html_file(self.state, self.target(request)))

    async def verify(self, request: web.Request) -> web.Response:
        """PUT .../html_ownership_check: 204 and the activation queued, or 422 when the file is missing or wrong."""
        html_verify(self.state, self.target(request))
        return no_content()


def website_file(body) -> dict:
    """A ``/_sim/website`` file from ``{url}`` or ``{domain, file_name}`` (plus ``file_content`` when publishing)."""
    if not isinstance(body, dict):
        raise ControlError("body must be {url | domain, file_name, file_content}")
    url = body.get("url")
    if not url and isinstance(body.get("domain"), str) and isinstance(body.get("file_name"), str):
        url = "http://%s/%s" % (body["domain"], body["file_name"].lstrip("/"))
    if not isinstance(url, str) or not url:
        raise ControlError("give url, or domain and file_name")
    return {"key": site_key(url), "url": url, "file_content": body.get("file_content")}


async def sim_website(request: web.Request) -> web.Response:
    """``/_sim/website``: PUT publishes ``{url | domain + file_name, file_content}``; DELETE removes one or all; GET lists.

    A file answers for its host with or without ``www.`` and for http and https.
    """
    state: State = request.app[STATE]
    files = state.collection(WEBSITE)
    body = await read_json(request, None)
    if request.method == "PUT":
        item = website_file(body)
        if not isinstance(item["file_content"], str):
            raise ControlError("file_content must be a string")
        files[item["key"]] = item
    elif request.method == "DELETE":
        if body is None:
            files.clear()
        else:
            files.pop(website_file(body)["key"], None)
    return json_response({"files": list(files.values())})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the HTML-file ownership routes and ``/_sim/website``."""
    handlers = HtmlOwnership(state)
    state.declare(WEBSITE)
    for base in ("/api/domains/{code}", "/api/domains/{code}/aliases/{alias}"):
        routes.get(base + "/html_ownership_check")(handlers.get)
        routes.put(base + "/html_ownership_check")(handlers.verify)
    for method in ("GET", "PUT", "DELETE"):
        routes.route(method, "/_sim/website")(guarded(sim_website))
