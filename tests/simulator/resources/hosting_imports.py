# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""CSV imports of domains, alias domains, mailboxes and email aliases; ``/_sim/import_failures``.

Documented [DOC]: ``GET /api/imports``, ``GET /api/imports/{code}/resources``, ``DELETE /api/imports/{code}``.
Create and the CSV columns follow CONTRACT.md ("imports", "import CSV columns").

Lifecycle (lazy, see ``_jobs.py``): ``validating`` -> after the async delay every row is checked in file
order and each valid row is created at once as the resource it describes (with the same defaults and
lifecycle as through its own create route), then the import is ``valid`` (every row),
``valid_with_skipped`` (some) or ``invalid`` (none). The parsed rows are its resources.
"""
from __future__ import annotations

from aiohttp import web

from ..common import (
    STATE, Checks, created, enum, is_bool, is_domain_name, is_email, is_password, json_body, no_content,
    one, owner_code, paginate, require_billing, scoped, visible_or_404,
)
from ..control import ControlError, guarded, read_json
from ..state import NOW, State, now_iso
from ._jobs import advance, check_upload, plan, unplan, upload_size
from .hosting_aliases import MAX_DESTINATIONS, new_email_alias, queue_sync
from .hosting_domain_aliases import new_alias_domain
from .hosting_domains import PLANS, QUOTAS, name_taken, new_domain, new_postmaster
from .hosting_mailboxes import in_domain, is_local_part, local_name_taken, mailbox_limit_reached, new_mailbox

COLLECTION = "imports"
RESOURCES = "import_resources"
FAILURES = "import_failures"
MAX_ROWS = 250  # [GUIDE] at most 250 rows per import CSV
STATUSES = ("validating", "invalid", "valid", "valid_with_skipped")  # [DOC]
RESOURCE_STATUSES = ("valid", "invalid")  # [DOC]
# CONTRACT [INF] columns per type (no header, `;`). GAP: trailing optional columns may be left out; the number
# of required leading columns is in REQUIRED_COLUMNS.
COLUMNS = {
    "domains": ("name", "postmaster_password", "plan"),
    "domain_aliases": ("domain", "alias_domain"),
    "email_accounts": ("email_address", "password", "firstname", "lastname", "quota_bytes"),
    "email_aliases": ("email_address", "destinations"),
}
REQUIRED_COLUMNS = {"domains": 2, "domain_aliases": 2, "email_accounts": 3, "email_aliases": 2}
SECRET_COLUMNS = ("postmaster_password", "password")  # never shown in a row's `fields`
HASH_PREFIXES = ("{MD5-CRYPT}", "{SHA512-CRYPT}")  # [GUIDE] password hashes accepted by imports
DEFAULT_FAILURE = "rejected by the import validation"


def is_import_password(value: str) -> bool:
    """A password following the documented rule, or a ``{MD5-CRYPT}``/``{SHA512-CRYPT}`` hash."""
    return is_password(value) or any(value.startswith(prefix) and len(value) > len(prefix) for prefix in HASH_PREFIXES)


def customer_domain(state: State, customer_code: str, name: str) -> dict | None:
    """The domain of this customer with this name, or None."""
    for domain in state.values("domains"):
        if domain["name"] == name and domain.get("customer_code") == customer_code:
            return domain
    return None


class Rows:
    """Validation and creation of the rows of one import, one method pair per type."""

    def __init__(self, state: State, imp: dict) -> None:
        self.state = state
        self.imp = imp
        self.owner = imp["customer_code"]
        self.errors: list = []

    def error(self, field: str, description: str = "is not valid") -> None:
        """Record a row error (once per field)."""
        if all(err["field"] != field for err in self.errors):
            self.errors.append({"field": field, "description": description})

    def password(self, fields: dict, field: str) -> None:
        """Check a password column."""
        if not fields[field]:
            self.error(field, "is required")
        elif not is_import_password(fields[field]):
            self.error(field)

    def address(self, fields: dict) -> tuple:
        """(domain, local part) of the ``email_address`` column, checked against the customer's domains."""
        address = fields["email_address"] = fields["email_address"].lower()
        if not is_email(address):
            self.error("email_address")
            return None, None
        local, _at, name = address.partition("@")
        domain = customer_domain(self.state, self.owner, name)
        if domain is None:
            self.error("email_address", "is not in a domain of the customer")
        elif not is_local_part(local):
            self.error("email_address")
        return domain, local

    # ------------------------------------------------------------------ domains
    def domains(self, fields: dict) -> str | None:
        """``name;postmaster_password;plan``: a new domain with its postmaster."""
        name = fields["name"] = fields["name"].lower()
        if not is_domain_name(name):
            self.error("name")
        elif name_taken(self.state, name):
            self.error("name", "already exists")
        self.password(fields, "postmaster_password")
        if fields["plan"] and fields["plan"] not in PLANS:
            self.error("plan")
        if self.errors:
            return None
        domain = new_domain(self.state, name, self.owner)
        domain["plan"] = fields["plan"] or "basic"
        self.state.insert("domains", domain)
        new_postmaster(self.state, domain, fields["postmaster_password"])
        return domain["code"]

    # ------------------------------------------------------------------ alias domains
    def domain_aliases(self, fields: dict) -> str | None:
        """``domain;alias_domain``: a new alias domain of one of the customer's domains."""
        domain = customer_domain(self.state, self.owner, fields["domain"].lower())
        if domain is None:
            self.error("domain", "is not a domain of the customer")
        name = fields["alias_domain"] = fields["alias_domain"].lower()
        if not is_domain_name(name):
            self.error("alias_domain")
        elif name_taken(self.state, name):
            self.error("alias_domain", "already exists")
        if self.errors:
            return None
        return self.state.insert("alias_domains", new_alias_domain(self.state, domain, name))["code"]

    # ------------------------------------------------------------------ mailboxes
    def email_accounts(self, fields: dict) -> str | None:
        """``email_address;password;firstname;lastname;quota_bytes``: a new mailbox, activation queued."""
        domain, local = self.address(fields)
        if domain is not None and local_name_taken(self.state, domain["code"], local):
            self.error("email_address", "already exists")
        self.password(fields, "password")
        if not fields["firstname"]:
            self.error("firstname", "is required")
        quota = None
        if fields["quota_bytes"]:
            quota = int(fields["quota_bytes"]) if fields["quota_bytes"].isdigit() else None
            if quota not in QUOTAS:
                self.error("quota_bytes")
            elif domain is not None and quota > domain.get("max_email_quota", quota):
                self.error("quota_bytes", "is greater than the domain's max_email_quota (%d)" % domain["max_email_quota"])
        limit = None if domain is None else mailbox_limit_reached(self.state, domain)
        if limit is not None:
            self.error("email_address", "exceeds the domain's max_email_accounts (%d)" % limit)
        if self.errors:
            return None
        mailbox = new_mailbox(self.state, domain, local)
        mailbox.update(firstname=fields["firstname"], lastname=fields["lastname"] or None, _password=fields["password"])
        if quota:
            mailbox["max_email_quota"] = quota
        self.state.insert("email_accounts", mailbox)
        self.state.schedule(mailbox, {"status": "enabled", "status_detail": "ok", "activated_at": NOW})
        return mailbox["code"]

    # ------------------------------------------------------------------ email aliases
    def email_aliases(self, fields: dict) -> str | None:
        """``email_address;destinations`` (destinations ``,``-separated): a new email alias, activation queued."""
        domain, local = self.address(fields)
        if domain is not None and local:
            if any(box["name"] == local for box in in_domain(self.state, "email_accounts", domain["code"])):
                self.error("email_address", "is already used by an email account")
            elif any(alias["name"] == local for alias in in_domain(self.state, "alias_email_accounts", domain["code"])):
                self.error("email_address", "already exists")
        destinations = [item.strip().lower() for item in fields["destinations"].split(",") if item.strip()]
        if not destinations:
            self.error("destinations", "must contain at least one address")
        elif not all(is_email(item) for item in destinations):
            self.error("destinations")
        elif len(set(destinations)) > MAX_DESTINATIONS:
            self.error("destinations", "has more than %d addresses" % MAX_DESTINATIONS)
        if self.errors:
            return None
        alias = self.state.insert("alias_email_accounts", new_email_alias(self.state, domain, local, destinations))
        queue_sync(self.state, alias)
        return alias["code"]

    # ------------------------------------------------------------------ one row
    def process(self, line: int, values: list) -> dict:
        """Check one CSV row and create its resource when valid; the import resource describing the row."""
        self.errors = []
        kind = self.imp["type"]
        columns = COLUMNS[kind]
        fields = dict(zip(columns, list(values) + [""] * len(columns)))
        code = None
        if not REQUIRED_COLUMNS[kind] <= len(values) <= len(columns):
            self.error("row", "has %d fields, expected %d to %d (%s)" % (
                len(values), REQUIRED_COLUMNS[kind], len(columns), ";".join(columns)))
        else:
            forced = failure_for(self.state, values)
            if forced:
                self.error("row", forced)
            else:
                code = getattr(self, kind)(fields)
        return {
            "code": "%s-%d" % (self.imp["code"], line), "import_code": self.imp["code"], "customer_code": self.owner,
            "line": line, "description": values[0] if values else "", "status": "invalid" if self.errors else "valid",
            "fields": {key: value for key, value in fields.items() if key not in SECRET_COLUMNS},
            "error_details": list(self.errors), "resource_code": code,
        }


def failure_for(state: State, values: list) -> str | None:
    """The ``/_sim/import_failures`` message of a row that has one of the armed values as a field, or None."""
    failures = state.collection(FAILURES)
    for value in values:
        entry = failures.get(value.strip().lower())
        if entry:
            return entry["message"]
    return None


class Imports:
    """Handlers of the import routes."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.steps = {"validate": self.validate}

    def validate(self, imp: dict) -> None:
        """Check the rows in file order, create the valid ones, and set the outcome."""
        rows = Rows(self.state, imp)
        valid = 0
        details = []
        for line, values in enumerate(imp.pop("_rows"), 1):
            row = self.state.insert(RESOURCES, rows.process(line, values))
            valid += row["status"] == "valid"
            details += [dict(err, line=line) for err in row["error_details"]]
        total = imp["resources"]
        status = "valid" if valid == total else ("invalid" if not valid else "valid_with_skipped")
        imp.update(status=status, status_detail="%d of %d rows valid" % (valid, total), error_details=details)

    def load(self, imp: dict) -> dict:
        """Run the due lifecycle step of an import."""
        return advance(imp, self.steps)

    def imported(self, request: web.Request) -> dict:
        """The import of the path (404 unless visible), up to date."""
        return self.load(visible_or_404(request, self.state, COLLECTION, request.match_info["code"]))

    async def list(self, request: web.Request) -> web.Response:
        """GET /api/imports (``customer_code``, ``status``, ``page``, ``per``, ``query`` on the CSV file names)."""
        enum(request, "status", STATUSES, description="is not valid")
        objs = [self.load(obj) for obj in scoped(request, self.state.values(COLLECTION))]
        return paginate(request, objs, search=("csv_file_name", "original_csv_file_name"), sort_field="created_at")

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/imports ``{type, csv_file_name, csv_file_content, csv_file_size?, expert_mode?, customer_code?}``."""
        body = await json_body(request)
        check = Checks(body)
        owner = owner_code(request, self.state, body, check)
        require_billing(request, self.state, owner)
        if check.required("type") and body["type"] not in COLUMNS:
            check.add("type")
        check.field("expert_mode", is_bool)
        rows = check_upload(check, MAX_ROWS)
        check.done()
        stamp = now_iso()
        imp = {
            "status": "validating", "status_detail": "validation", "expert_mode": body.get("expert_mode") is True,
            "code": self.state.new_code("I", 9), "type": body["type"], "csv_file_name": body["csv_file_name"],
            "csv_file_size": upload_size(body), "original_csv_file_name": body["csv_file_name"], "created_at": stamp,
            "owner": owner, "error_details": [], "resources": len(rows),
            "customer_code": owner, "_rows": rows,  # [INF] customer_code is not in the documented object
        }
        self.state.insert(COLLECTION, imp)
        plan(self.state, imp, "validate")
        return created("Import created", imp["code"], "/api/imports/%s" % imp["code"])

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/imports/{code}. GAP: not in the docs' endpoint list; clients should find imports with the list."""
        return one(self.imported(request))

    async def resources(self, request: web.Request) -> web.Response:
        """GET /api/imports/{code}/resources (``status``: ``all|valid|invalid``, ``query`` on the description)."""
        imp = self.imported(request)
        enum(request, "status", RESOURCE_STATUSES, description="is not valid")
        rows = [row for row in self.state.values(RESOURCES) if row["import_code"] == imp["code"]]
        return paginate(request, rows, search=("description",), sort_field="line")

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/imports/{code}: the import and its rows (resources already created stay; a pending validation
        is cancelled)."""
        imp = self.imported(request)
        unplan(imp)
        self.state.remove(COLLECTION, imp["code"])
        self.state.remove_children("import_code", imp["code"])
        return no_content()


async def sim_import_failures(request: web.Request) -> web.Response:
    """``/_sim/import_failures``: PUT ``{values: [...], message?}`` makes every import row that has one of these values
    as a field (case-insensitive, e.g. an address or a domain name) invalid with ``message``; GET lists them;
    DELETE clears them. Kept until reset.
    """
    state: State = request.app[STATE]
    failures = state.collection(FAILURES)
    if request.method == "PUT":
        body = await read_json(request, {})
        values = body.get("values") if isinstance(body, dict) else None
        if not isinstance(values, list) or not values or not all(isinstance(item, str) and item.strip() for item in values):
            raise ControlError("body must be {values: [...], message?}")
        if not isinstance(body.get("message") or "", str):
            raise ControlError("message must be a string")
        for value in values:
            key = value.strip().lower()
            failures[key] = {"value": key, "message": body.get("message") or DEFAULT_FAILURE}
    elif request.method == "DELETE":
        failures.clear()
    return web.json_response({"failures": list(failures.values())})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the import routes and ``/_sim/import_failures``."""
    handlers = Imports(state)
    state.declare(COLLECTION, RESOURCES, FAILURES)
    routes.get("/api/imports")(handlers.list)
    routes.post("/api/imports")(handlers.create)
    routes.get("/api/imports/{code}")(handlers.get)
    routes.delete("/api/imports/{code}")(handlers.delete)
    routes.get("/api/imports/{code}/resources")(handlers.resources)
    for method in ("GET", "PUT", "DELETE"):
        routes.route(method, "/_sim/import_failures")(guarded(sim_import_failures))
