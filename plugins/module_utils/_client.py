# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the one HTTP client for the Qboxmail Management and Send APIs.

It owns auth, base URLs, timeouts, TLS verification, pagination, retries and error mapping, and
nothing else: no Ansible imports, so it is easy to test with scripted HTTP sequences.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import email.utils
import random
import re
import time
from urllib.parse import quote, urlsplit

try:
    import requests
    from requests.exceptions import ConnectionError as RequestsConnectionError
    from requests.exceptions import ConnectTimeout, InvalidHeader, RequestException, SSLError, Timeout
    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError as exc:  # pragma: no cover - exercised by the import sanity test
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = exc
    RequestsConnectionError = ConnectTimeout = InvalidHeader = RequestException = SSLError = Timeout = None

DEFAULT_API_URL = "https://api.qboxmail.com"
# GAP: the seeds use api.qboxmail.com for /v1/send, the send reference page delivery.qboxmail.com.
DEFAULT_SEND_API_URL = "https://api.qboxmail.com"
# GAP: the largest `per` is undocumented; CONTRACT.md fixes 100 (larger values are clamped).
MAX_PAGE_SIZE = 100
RETRY_STATUSES = frozenset((429, 502, 503, 504))
# GAP: which error answers to a non-idempotent call may follow its processing. Gateways (502, 504) everywhere; the
# Send API documents 500 as "retry only if safe" and no 503 row, and either may come after it queued the message.
UNCERTAIN_STATUSES = {"management": frozenset((502, 504)), "send": frozenset((500, 502, 503, 504))}
IDEMPOTENT_METHODS = frozenset(("GET", "HEAD", "PUT", "DELETE"))
# CONTRACT.md "Retries": the PUTs that are not idempotent (a new SMTP password, a new ownership code, a DKIM reset,
# a migration's execute-now, the MX check) are treated like a POST: never repeated after an ambiguous failure.
NOT_IDEMPOTENT_PUTS = re.compile(r"(/reset_password|/email_ownership_check|/dkim/reset|/api/domains/[^/]+/dns)$"
                                 r"|^/api/migrations/[^/]+$")
SLEEP = time.sleep   # patched by the fault sweep, which runs without real waits
BACKOFF_BASE = 0.5
BACKOFF_CAP = 30.0
RETRY_AFTER_CAP = 300.0
BILLING_HINT = (
    "Qboxmail answers 403 to paid creates when the customer has no billing profile yet: "
    "log into the Qboxmail panel and complete the first order, then run again "
    "(the sandbox needs no billing profile; the Hosting trial exception does not apply to Delivery)."
)
MANAGEMENT_401_HINT = (
    "The Management API at %s did not accept api_token (sent in the X-Api-Token header): it is wrong, revoked, or a "
    "token of another host. Set the option api_token, or the environment variable QBOXMAIL_API_TOKEN (in AWX: the "
    "collection's Qboxmail credential), to a Management token from the API access settings of the Qboxmail panel, "
    "for the host in api_url / QBOXMAIL_API_URL. A Send token (send_api_token, QBOXMAIL_SEND_API_TOKEN) is not valid on "
    "/api/*.")
USER_AGENT = "qboxmail.qboxmail-ansible-collection"
# GAP: the 403 of a team member lacking a permission is undocumented; the simulator's message names the key
# (CONTRACT.md's permission keys), which the hint repeats with how to grant it.
MISSING_PERMISSION_RE = re.compile(r"missing permission ([a-z_]+)")


def permission_hint(message):
    """How to get past a 403 naming a missing team-member permission, or None."""
    match = MISSING_PERMISSION_RE.search(str(message or ""))
    if not match:
        return None
    return ("The api_token belongs to a team member without the permission %s: add %s to its permissions with "
            "qboxmail.qboxmail.team_member (run with the customer's own token), or use a token that has it."
            % (match.group(1), match.group(1)))


def segment(value):
    """One path segment, percent-encoded: `/`, `?`, `#` and the dot segments `.`/`..` cannot change the path."""
    text = quote(str(value), safe="")
    return text.replace(".", "%2E") if text in (".", "..") else text


def path(template, **values):
    """An API path from a template whose every value is one percent-encoded path segment."""
    return template.format(**dict((k, v if v is None else segment(v)) for k, v in values.items()))


class QboxmailError(Exception):
    """A failed API call: HTTP status, Qboxmail's message, field errors, Send API code and request id."""

    def __init__(self, message, status=None, errors=None, error=None, request_id=None,
                 method=None, path=None, hint=None):
        super(QboxmailError, self).__init__(message)
        self.message = message
        self.status = status
        self.errors = errors or []
        self.error = error
        self.request_id = request_id
        self.method = method
        self.path = path
        self.hint = hint

    def __str__(self):
        parts = []
        if self.status:
            parts.append("HTTP %s" % self.status)
        if self.method and self.path:
            parts.append("on %s %s" % (self.method, self.path))
        head = " ".join(parts)
        text = "%s: %s" % (head, self.message) if head else self.message
        if self.error:
            text += " [%s]" % self.error
        if self.errors:
            text += " (%s)" % "; ".join(
                "%s %s" % (e.get("field"), e.get("description")) if e.get("field") else str(e.get("description"))
                for e in self.errors)
        if self.request_id:
            text += " request_id=%s" % self.request_id
        if self.hint:
            text += ". " + self.hint
        return text

    def details(self):
        """The structured part, for fail_json."""
        out = {"status": self.status, "api_message": self.message, "errors": self.errors}
        if self.error:
            out["error"] = self.error
        if self.request_id:
            out["request_id"] = self.request_id
        return out


class QboxmailUncertainError(QboxmailError):
    """A non-idempotent request (create, send) that may or may not have been processed."""


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def resources(self):
        return resources_of(self.body)


def resources_of(body):
    """The list of resources of an answer, tolerating the documented envelope variants."""
    if isinstance(body, dict):
        res = body.get("resources")
        if isinstance(res, list):
            return res
        if isinstance(res, dict):
            return [res]
        return []
    if isinstance(body, list):
        return body
    return []


def normalise_errors(errors):
    """Field errors as a list of {field, description}.

    GAP: the docs show a list of {field, description}; a third-party client parses a {field: [msgs]} map.
    """
    if isinstance(errors, dict):
        out = []
        for field, msgs in errors.items():
            for msg in (msgs if isinstance(msgs, list) else [msgs]):
                out.append({"field": field, "description": msg})
        return out
    if isinstance(errors, list):
        return [e if isinstance(e, dict) else {"field": None, "description": e} for e in errors]
    return []


def parse_retry_after(value, now=None):
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date), or None."""
    if value is None:
        return None
    value = str(value).strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    now = time.time() if now is None else now
    return max(0.0, when.timestamp() - now)


def _sleep(seconds):
    SLEEP(seconds)   # looked up at call time, so that the fault sweep can replace it


def idempotent(method, path, once=False):
    """Whether a request may be sent again after an ambiguous failure (see NOT_IDEMPOTENT_PUTS)."""
    if once or method not in IDEMPOTENT_METHODS:
        return False
    return not (method == "PUT" and NOT_IDEMPOTENT_PUTS.search(path.split("?", 1)[0]))


def exception_chain(exc):
    """An exception and the ones it wraps (`reason`, `args[0]`, cause, context), each once."""
    seen, cur = set(), exc
    while isinstance(cur, BaseException) and id(cur) not in seen:
        seen.add(id(cur))
        yield cur
        nxt = getattr(cur, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = cur.args[0] if cur.args and isinstance(cur.args[0], BaseException) else None
        cur = nxt or cur.__cause__ or cur.__context__


def never_reached_server(exc):
    """True when a connection error proves the request never reached the server (refused, no route, DNS)."""
    if ConnectTimeout is not None and isinstance(exc, ConnectTimeout):
        return True
    for cur in exception_chain(exc):
        name = type(cur).__name__
        if name in ("NewConnectionError", "ConnectionRefusedError", "NameResolutionError"):
            return True
        if name in ("ProtocolError", "RemoteDisconnected", "ConnectionResetError", "ReadTimeoutError"):
            return False
    return False


def tls_reason(exc):
    """The reason of a TLS failure (`self-signed certificate`...) from the exception chain."""
    chain = list(exception_chain(exc))
    for cur in chain:
        if getattr(cur, "verify_message", None):
            return cur.verify_message
    return str(chain[-1]).split(" (Caused by", 1)[0][-200:]


def check_base_url(value, option):
    """A base URL the client can use: http(s), a host; ValueError naming the option otherwise."""
    parts = urlsplit(str(value).strip())
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError("%s must be an http:// or https:// URL of a host, like https://api.qboxmail.com (got %r)"
                         % (option, value))
    try:
        parts.port
    except ValueError:
        raise ValueError("%s has an invalid port (got %r)" % (option, value))
    return str(value).strip().rstrip("/")


def header_value(token, option):
    """A token as an HTTP header carries it: surrounding whitespace (a trailing newline from `api_token: |` or a
    file) removed; a token with other control or non-Latin-1 characters is refused, without showing it."""
    text = str(token).strip()
    if not text:
        raise ValueError("%s is empty" % option)
    if any(ord(c) < 32 or ord(c) == 127 for c in text):
        raise ValueError("%s contains a line break or another control character inside it: check the value" % option)
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        raise ValueError("%s contains characters an HTTP header cannot carry: check the value" % option)
    return text


def post_not_processed(status, body):
    """True when a failed POST provably was not processed, so it is safe to send again.

    GAP: Management 429 bodies carry no `error` code; a 429 rejects before processing, so only the
    Send API's `quota_exceeded` counts as final.
    """
    if status != 429:
        return False
    code = body.get("error") if isinstance(body, dict) else None
    return code != "quota_exceeded"


class Client:
    """HTTP client for one API family (`management` under /api, `send` under /v1), one session per run."""

    def __init__(self, base_url=None, token=None, family="management", validate_certs=True, ca_path=None,
                 timeout=30, retries=5, customer_code=None, session=None, sleep=None):
        if not HAS_REQUESTS:
            raise RuntimeError("the requests Python library is required")
        self.family = family
        default = DEFAULT_SEND_API_URL if family == "send" else DEFAULT_API_URL
        base = (base_url or default).rstrip("/")
        if family == "send" and base.endswith("/v1"):
            base = base[:-3]  # the docs' own example variable includes /v1
        self.base_url = base
        self.token = token
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.customer_code = customer_code
        self.sleep = sleep or _sleep
        self.session = session or requests.Session()
        # ca_path > validate_certs=false > REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE > the default bundle. requests lets the
        # environment override a session's `verify`, so the value goes with every request; None lets it apply.
        self.verify = ca_path if ca_path else (None if validate_certs else False)
        self.session.verify = self.verify if self.verify is not None else True
        headers = {"Accept": "application/json", "User-Agent": USER_AGENT}
        if token is not None:
            self.token = token = header_value(token, "send_api_token" if family == "send" else "api_token")
        if family == "send":
            headers["Authorization"] = "Bearer %s" % token
        else:
            headers["X-Api-Token"] = token
        self.session.headers.update(headers)
        self.request_count = 0

    # ------------------------------------------------------------------ core
    def request(self, method, path, params=None, body=None, billable=False, ok_statuses=None, once=False, read=False):
        """One API call with retries; returns a Response or raises QboxmailError.

        once: the call is not idempotent although its method is (an action a module documents so).
        read: a POST that only reads (`.../details`), retried like a GET.
        """
        method = method.upper()
        url = self.base_url + path
        safe = read or idempotent(method, path, once)
        attempt = 0
        while True:
            try:
                self.request_count += 1
                kwargs = {"params": params, "json": body, "timeout": self.timeout}
                if self.verify is not None:
                    kwargs["verify"] = self.verify
                raw = self.session.request(method, url, **kwargs)
            except SSLError as exc:
                raise QboxmailError("TLS: certificate verify failed for %s: %s; set ca_path (a CA bundle that signs the "
                                    "server's certificate) or validate_certs (false for a test server only)"
                                    % (self.base_url, tls_reason(exc)), method=method, path=path)
            except (RequestsConnectionError, Timeout) as exc:
                reached = not never_reached_server(exc)
                if (safe or not reached) and attempt < self.retries:
                    self.sleep(self._backoff(attempt))
                    attempt += 1
                    continue
                cls = QboxmailUncertainError if (reached and not safe) else QboxmailError
                what = "no answer within %ss" % self.timeout if isinstance(exc, Timeout) and reached else (
                    "connection to %s failed: %s" % (self.base_url, self._exc_text(exc)))
                raise cls(what, method=method, path=path)
            except InvalidHeader:
                raise QboxmailError("a connection option holds a value an HTTP header cannot carry (check api_token and "
                                    "send_api_token)", method=method, path=path)
            except RequestException as exc:
                raise QboxmailError("request to %s failed: %s: %s" % (self.base_url, type(exc).__name__, self._exc_text(exc)),
                                    method=method, path=path)
            parsed = _parse_body(raw)
            status = raw.status_code
            if ok_statuses is not None and status in ok_statuses or ok_statuses is None and 200 <= status < 300:
                return Response(status, raw.headers, parsed)
            if status in RETRY_STATUSES and attempt < self.retries:
                if safe or post_not_processed(status, parsed):
                    delay = parse_retry_after(raw.headers.get("Retry-After"))
                    delay = min(delay, RETRY_AFTER_CAP) if delay is not None else self._backoff(attempt)
                    self.sleep(delay)
                    attempt += 1
                    continue
            raise self._error(method, path, status, parsed, raw, billable, safe)

    def _exc_text(self, exc):
        """An exception's text, short, without the token (header values never belong in a message)."""
        text = str(exc)
        if self.token:
            text = text.replace(self.token, "********").replace(repr(self.token)[1:-1], "********")
        return text if len(text) < 300 else text[:300] + "..."

    def _backoff(self, attempt):
        return min(BACKOFF_CAP, BACKOFF_BASE * (2 ** attempt)) * random.uniform(0.5, 1.0)

    def _error(self, method, path, status, body, raw, billable, safe):
        body = body if isinstance(body, dict) else {}
        message = body.get("message") or getattr(raw, "reason", None) or "request failed"
        hint = (permission_hint(message) or (BILLING_HINT if billable else None)) if status == 403 else None
        if status == 401 and self.family == "management":
            hint = MANAGEMENT_401_HINT % self.base_url
        cls = QboxmailError
        if not safe and status in UNCERTAIN_STATUSES.get(self.family, UNCERTAIN_STATUSES["management"]):
            cls = QboxmailUncertainError  # an error answer after the request may have been processed
        return cls(message, status=status, errors=normalise_errors(body.get("errors")),
                   error=body.get("error"), request_id=body.get("request_id"),
                   method=method, path=path, hint=hint)

    # --------------------------------------------------------------- helpers
    def get(self, path, params=None):
        return self.request("GET", path, params=params)

    def post(self, path, body=None, billable=False, read=False):
        return self.request("POST", path, body=body, billable=billable, read=read)

    def put(self, path, body=None, billable=False):
        return self.request("PUT", path, body=body, billable=billable)

    def delete(self, path, params=None, body=None):
        return self.request("DELETE", path, params=params, body=body)

    def get_one(self, path):
        """The single resource at path, or None on 404."""
        try:
            res = self.get(path).resources
        except QboxmailError as err:
            if err.status == 404:
                return None
            raise
        return res[0] if res else None

    def scoped(self, mapping=None):
        """A copy of `mapping` (a query or a body) with the admin token's customer_code, unless it names one."""
        out = dict(mapping or {})
        if self.customer_code and "customer_code" not in out:
            out["customer_code"] = self.customer_code
        return out

    def paginate(self, path, params=None, fetch=None):
        """Every item of a list endpoint, fetched at the largest page size the API allows.

        fetch(get, pages): an optional way to fetch pages 2..N at once (the list mode's worker threads); it gets a
        function page -> Response and the page numbers, and returns the responses in order.
        """
        query = self.scoped(params)
        query["per"] = MAX_PAGE_SIZE

        def get(page, client=None):
            return (client or self).get(path, dict(query, page=page))
        page = 1
        while True:
            resp = get(page)
            items = resp.resources
            yield from items
            pagination = resp.body.get("pagination") if isinstance(resp.body, dict) else None
            total_pages = (pagination or {}).get("total_pages")
            if total_pages is None:
                if len(items) < MAX_PAGE_SIZE:
                    return
            elif page >= int(total_pages):
                return
            elif fetch is not None and page == 1 and items:
                for more in fetch(get, list(range(2, int(total_pages) + 1))):
                    yield from more.resources
                return
            if not items:
                return
            page += 1

    def list_unpaged(self, path):
        """Every item of a list that documents no parameters (no page, per or query): one GET, as documented."""
        return self.get(path, self.scoped()).resources

    def find(self, path, field, value, params=None, unpaged=False):
        """Items whose `field` equals value exactly, found with a server-side `query=` filter (`unpaged`: a list
        without documented parameters, read whole and filtered here)."""
        if unpaged:
            wanted = fold(value)
            return [item for item in self.list_unpaged(path) if fold(item.get(field)) == wanted]
        query = dict(params or {})
        query["query"] = value
        wanted = fold(value)
        return [item for item in self.paginate(path, query) if fold(item.get(field)) == wanted]

    @staticmethod
    def created_code(resp, id_field="code"):
        """The code of a created resource: `resource_code`, `resources[0].code|id`, or the Location header.

        GAP: Hosting creates answer {message, resource_code}, Delivery creates the resource envelope.
        """
        body = resp.body if isinstance(resp.body, dict) else {}
        if body.get("resource_code"):
            return body["resource_code"]
        for item in resources_of(body):
            for key in (id_field, "code", "id"):
                if item.get(key) not in (None, ""):
                    return item[key]
        location = (resp.headers or {}).get("Location")
        if location:
            return location.rstrip("/").rsplit("/", 1)[-1]
        return None


def fold(value):
    """A name or address as compared (case and surrounding spaces do not count)."""
    return value.strip().lower() if isinstance(value, str) else value


def _parse_body(raw):
    if raw.status_code == 204 or not raw.content:
        return None
    try:
        return raw.json()
    except ValueError:
        return raw.text
