# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mailbox migrations from a CSV upload, their resources (rows), runs, logs and stats; ``/_sim/migration_failures``.

Documented [DOC]: list, create, get, execute now (admin only), resources, delete. Presets, service status,
stats, runs and logs follow CONTRACT.md ("migration presets and CSV", "migration reads").

Lifecycle (lazy, see ``_jobs.py``): ``validating`` -> (rows checked) -> ``running`` when ``execute_now``,
else ``to_schedule`` -> ``scheduled`` (``status_detail: first execution``) -> ``running`` at
``first_execution_date`` -> ``scheduled`` (``second execution``) -> ``running`` at ``second_execution_date``
when one is set -> ``completed`` | ``completed_with_errors`` | ``failed``. Each run takes the async delay.
"""
from __future__ import annotations

import datetime
import hashlib
import re

from aiohttp import web

from ..common import (
    STATE, Checks, api_error, created, enum, invalid, is_admin, is_bool, is_email, json_body, no_content, one,
    owner_code, paginate, require_billing, scoped, visible_or_404,
)
from ..control import ControlError, guarded, read_json
from ..state import State, now_iso
from ._jobs import advance, check_upload, iso, parse_when, plan, plan_at, unplan, upload_size, utcnow

COLLECTION = "migrations"
RESOURCES = "migration_resources"
FAILURES = "migration_failures"
MAX_ROWS = 500  # [GUIDE] at most 500 rows per migration CSV
MAX_ACTIVE = 5  # [GUIDE] at most 5 migrations scheduled at the same time per customer
ACTIVE = ("validating", "to_schedule", "scheduled", "running")
STATUSES = ("validating", "to_schedule", "scheduled", "running", "failed", "completed_with_errors", "completed")  # [DOC]
RESOURCE_STATUSES = ("running", "success", "error", "crashed", "failed")  # [DOC]
FAILED_ROWS = ("error", "crashed", "failed")  # [DOC] the `failed` filter: "resource has an error or crashed run"
RUNS = ("first", "second")
# [DOC] date_filter_preset values; GAP: the length of each window is not documented (days back from now).
DATE_PRESETS = {"all": None, "last_month": 30, "last_6_months": 182, "last_year": 365, "custom": None}
COLUMNS = ("local_email", "remote_username", "remote_password", "remote_server")  # CONTRACT [INF] column order
# GAP: preset codes and servers are not documented (CONTRACT: codes from the panel guide's list).
PRESETS = (
    {"code": "standard_ssl", "name": "Standard-SSL", "remote_server": None, "port": 993, "ssl": True},
    {"code": "standard_no_ssl", "name": "Standard-no-SSL", "remote_server": None, "port": 143, "ssl": False},
    {"code": "gmail", "name": "Gmail", "remote_server": "imap.gmail.com", "port": 993, "ssl": True},
    {"code": "exchange", "name": "Exchange", "remote_server": None, "port": 993, "ssl": True},
    {"code": "office365", "name": "Office 365", "remote_server": "outlook.office365.com", "port": 993, "ssl": True},
)
WORKERS = 4  # GAP: the worker count of the service status is not documented.
DEFAULT_FAILURE = "IMAP authentication failed on the remote server"
SERVER_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$")


def in_progress(state: State, customer_code: str | None) -> list:
    """Migrations of a customer that count against ``MAX_ACTIVE`` (after their due steps)."""
    return [obj for obj in state.values(COLLECTION) if obj.get("customer_code") == customer_code and obj["status"] in ACTIVE]


def rows_of(state: State, migration: dict) -> list:
    """The resources (CSV rows) of a migration, in file order."""
    return sorted((row for row in state.values(RESOURCES) if row["migration_code"] == migration["code"]), key=lambda row: row["line"])


def row_errors(state: State, migration: dict, row: dict, seen: set) -> list:
    """Validation errors of one row (``[{field, description}]``).

    GAP: the rule for ``local_email`` is not documented; the simulator wants an existing mailbox (or postmaster)
    of one of the migration customer's domains, since a migration copies into a mailbox.
    """
    if len(row["_fields"]) != len(COLUMNS):
        return [{"field": "row", "description": "has %d fields, expected %d (%s)" % (len(row["_fields"]), len(COLUMNS), ";".join(COLUMNS))}]
    errors = []
    local = row["local_email"]
    if not is_email(local):
        errors.append({"field": "local_email", "description": "is not valid"})
    elif local in seen:
        errors.append({"field": "local_email", "description": "appears more than once in the file"})
    elif not any(box.get("email_address") == local and box.get("customer_code") == migration["customer_code"]
                 for box in state.values("email_accounts")):
        errors.append({"field": "local_email", "description": "is not an email account of the customer's domains"})
    seen.add(local)
    if not row["remote_username"]:
        errors.append({"field": "remote_username", "description": "is required"})
    if not row["_remote_password"]:
        errors.append({"field": "remote_password", "description": "is required"})
    if not row["remote_server"]:
        errors.append({"field": "remote_server", "description": "is required"})
    elif not SERVER_RE.match(row["remote_server"]):
        errors.append({"field": "remote_server", "description": "is not a host name or IP address"})
    return errors


def new_row(migration: dict, line: int, fields: list, state: State) -> dict:
    """A migration resource for CSV line ``line`` (the password kept private)."""
    stamp = now_iso()
    padded = (list(fields) + [""] * len(COLUMNS))[:len(COLUMNS)]
    return {
        "code": state.new_code("MR", 8), "migration_code": migration["code"], "customer_code": migration["customer_code"],
        "line": line, "status": "waiting", "status_detail": "waiting for validation", "created_at": stamp, "updated_at": stamp,
        "error_details": [], "local_email": padded[0].lower(), "remote_username": padded[1], "remote_server": padded[3],
        "migration_id": int(migration["code"][2:]), "masteruser": None, "test_run": {}, "first_execution_run": {},
        "second_execution_run": {}, "from_date": migration["from_date"],
        "_remote_password": padded[2], "_fields": list(fields), "_logs": {"first": [], "second": []},
    }


def volume(address: str, run: str) -> tuple:
    """Deterministic (messages, bytes) a run migrates for an address."""
    messages = int(hashlib.sha256(("%s/%s" % (address, run)).encode()).hexdigest()[:6], 16) % 200 + 1
    return messages, messages * 24576


def failure_for(state: State, migration: dict, address: str) -> str | None:
    """The ``/_sim/migration_failures`` message for this address in this migration, or None."""
    failures = state.collection(FAILURES)
    entry = failures.get("%s|%s" % (migration["code"], address)) or failures.get("*|%s" % address)
    return entry["message"] if entry else None


def set_status(migration: dict, status: str, detail: str) -> None:
    """Move a migration to ``status`` (``can_delete`` false while running)."""
    migration.update(status=status, status_detail=detail, can_delete=status != "running", updated_at=now_iso())


def run_state(state: State, migration: dict, run: str) -> dict:
    """The aggregate of a run: ``{migration_code, run, status, scheduled_at, started_at, finished_at, total,
    completed, failed, messages_migrated, bytes_migrated}`` (GAP: the run object is not documented)."""
    info = dict(migration.get("_runs", {}).get(run) or {})
    date = migration.get("%s_execution_date" % run)
    base = {"status": "waiting" if date or run == "first" else "not_planned", "started_at": None, "finished_at": None}
    base.update(info)
    rows = [row.get("%s_execution_run" % run) or {} for row in rows_of(state, migration)]
    done = [item for item in rows if item.get("finished_at")]
    return {
        "migration_code": migration["code"], "run": run, "status": base["status"], "scheduled_at": date,
        "started_at": base["started_at"], "finished_at": base["finished_at"], "total": sum(1 for item in rows if item),
        "completed": sum(1 for item in done if item.get("status") == "success"),
        "failed": sum(1 for item in done if item.get("status") != "success"),
        "messages_migrated": sum(item.get("messages_migrated", 0) for item in rows),
        "bytes_migrated": sum(item.get("bytes_migrated", 0) for item in rows),
    }


def from_date_of(body: dict) -> str | None:
    """``from_date`` for the body's ``date_filter_preset`` (``custom``: ``custom_from_date``)."""
    preset = body.get("date_filter_preset") or "all"
    if preset == "custom":
        return iso(parse_when(body["custom_from_date"]))
    days = DATE_PRESETS[preset]
    return iso(utcnow() - datetime.timedelta(days=days)) if days else None


def check_dates(check: Checks) -> tuple:
    """Validate ``execute_now``, the execution dates and the date filter; (first, second) as datetimes or None."""
    body = check.body
    check.field("execute_now", is_bool)
    dates = {}
    for field in ("first_execution_date", "second_execution_date"):
        dates[field] = parse_when(body.get(field))
        if body.get(field) not in (None, "") and dates[field] is None:
            check.add(field, "is not a valid date-time")
    if body.get("execute_now") is not True and body.get("first_execution_date") in (None, ""):
        check.add("first_execution_date", "is required unless execute_now is true")
    first = utcnow() if body.get("execute_now") is True else dates["first_execution_date"]
    second = dates["second_execution_date"]
    if first and second and second <= first:
        check.add("second_execution_date", "must be after first_execution_date")
    check.field("date_filter_preset", lambda value: value in DATE_PRESETS)
    if body.get("date_filter_preset") == "custom":
        if check.required("custom_from_date") and parse_when(body["custom_from_date"]) is None:
            check.add("custom_from_date", "is not a valid date")
    return first, second


def seed_migration(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"migrations": [{customer_code, status, csv_file_name, rows}]}``.

    The migration stays at the given ``status`` (default ``scheduled``); ``rows`` are CSV rows as lists.
    """
    item = dict(item)
    stamp = now_iso()
    rows = item.pop("rows", [["user@example.com", "user", "Remote123", "imap.example.net"]])
    name = item.pop("csv_file_name", "seeded.csv")
    customer = item.pop("customer_code", "C100000001")
    migration = {
        "status": "scheduled", "status_detail": "first execution", "code": state.new_code("MG", 8), "csv_file_name": name,
        "original_csv_file_name": name, "csv_file_size": 0, "preset": "standard_ssl", "resources_has_errors": False,
        "admin_first_execution_override": False, "admin_second_execution_override": False, "resources": len(rows),
        "can_delete": True, "execute_now": False, "is_late": False, "owner": customer, "created_at": stamp,
        "updated_at": stamp, "first_execution_date": stamp, "second_execution_date": None, "from_date": None,
        "customer_code": customer, "date_filter_preset": "all", "_runs": {},
    }
    migration.update(item)
    migration["can_delete"] = migration["status"] != "running"
    state.insert(COLLECTION, migration)
    for line, fields in enumerate(rows, 1):
        state.insert(RESOURCES, new_row(migration, line, fields, state))
    return migration["code"]


class Migrations:
    """Handlers of the migration routes; ``steps`` are the lazy lifecycle steps."""

    def __init__(self, state: State) -> None:
        self.state = state
        self.steps = {
            "validate": self.validate, "schedule": self.schedule, "start_first": lambda obj: self.start(obj, "first"),
            "start_second": lambda obj: self.start(obj, "second"), "finish_first": lambda obj: self.finish(obj, "first"),
            "finish_second": lambda obj: self.finish(obj, "second"),
        }

    # ------------------------------------------------------------------ lifecycle steps
    def validate(self, migration: dict) -> None:
        """Check every row: invalid rows become ``error``; then run, schedule, or fail when no row is valid."""
        seen: set = set()
        valid = 0
        for row in rows_of(self.state, migration):
            errors = row_errors(self.state, migration, row, seen)
            if errors:
                row.update(status="error", status_detail="invalid row", error_details=errors, updated_at=now_iso())
            else:
                row.update(status="waiting", status_detail="validated", updated_at=now_iso())
                valid += 1
        migration["resources_has_errors"] = valid < migration["resources"]
        if not valid:
            set_status(migration, "failed", "no valid rows")
        elif migration["execute_now"]:
            self.start(migration, "first")
        else:
            set_status(migration, "to_schedule", "validated")
            plan(self.state, migration, "schedule")

    def schedule(self, migration: dict) -> None:
        """``scheduled`` for the first execution, which starts at ``first_execution_date``."""
        set_status(migration, "scheduled", "first execution")
        plan_at(migration, "start_first", parse_when(migration.get("_first_at") or migration["first_execution_date"]))

    def start(self, migration: dict, run: str) -> None:
        """Start a run now: the migration and its valid rows ``running``; the run ends after the async delay."""
        stamp = now_iso()
        set_status(migration, "running", "%s execution" % run)
        migration.setdefault("_runs", {})[run] = {"status": "running", "started_at": stamp, "finished_at": None}
        if run == "first" and not migration.get("first_execution_date"):
            migration["first_execution_date"] = stamp
        for row in rows_of(self.state, migration):
            if row["status"] == "error" and row["status_detail"] == "invalid row":
                continue
            row.update(status="running", status_detail="%s execution" % run, updated_at=stamp)
            row["%s_execution_run" % run] = {"status": "running", "started_at": stamp, "finished_at": None,
                                             "messages_migrated": 0, "bytes_migrated": 0}
            row["_logs"][run] = ["[%s] %s execution started: %s <- %s@%s" % (
                stamp, run, row["local_email"], row["remote_username"], row["remote_server"])]
        plan(self.state, migration, "finish_%s" % run)

    def finish(self, migration: dict, run: str) -> None:
        """End a run: rows ``success`` or ``failed`` (``/_sim/migration_failures``), then the next step or the outcome."""
        stamp = now_iso()
        for row in rows_of(self.state, migration):
            if row["status"] != "running":
                continue
            key = "%s_execution_run" % run
            message = failure_for(self.state, migration, row["local_email"])
            if message:
                row.update(status="failed", status_detail=message, updated_at=stamp,
                           error_details=[{"field": "local_email", "description": message}])
                row[key].update(status="failed", finished_at=stamp, error=message)
                row["_logs"][run] += ["[%s] ERROR: %s" % (stamp, message), "[%s] %s execution failed" % (stamp, run)]
            else:
                messages, size = volume(row["local_email"], run)
                row.update(status="success", status_detail="%s execution completed" % run, updated_at=stamp, error_details=[])
                row[key].update(status="success", finished_at=stamp, messages_migrated=messages, bytes_migrated=size)
                row["_logs"][run] += ["[%s] %d messages migrated (%d bytes)" % (stamp, messages, size),
                                      "[%s] %s execution completed" % (stamp, run)]
        rows = rows_of(self.state, migration)
        failed = any(row["status"] in FAILED_ROWS for row in rows)
        migration["resources_has_errors"] = failed
        migration["_runs"][run].update(status="completed_with_errors" if failed else "completed", finished_at=stamp)
        if run == "first" and migration.get("second_execution_date") and "second" not in migration["_runs"]:
            set_status(migration, "scheduled", "second execution")
            plan_at(migration, "start_second", parse_when(migration.get("_second_at") or migration["second_execution_date"]))
            return
        if not any(row["status"] == "success" for row in rows):
            set_status(migration, "failed", "no account migrated")
        elif failed:
            set_status(migration, "completed_with_errors", "completed with errors")
        else:
            set_status(migration, "completed", "completed")

    # ------------------------------------------------------------------ lookups
    def load(self, migration: dict) -> dict:
        """Run the due lifecycle steps of a migration."""
        return advance(migration, self.steps)

    def migration(self, request: web.Request) -> dict:
        """The migration of the path (404 unless visible), up to date."""
        return self.load(visible_or_404(request, self.state, COLLECTION, request.match_info["code"]))

    def visible(self, request: web.Request) -> list:
        """Migrations this token sees, up to date."""
        return [self.load(obj) for obj in scoped(request, self.state.values(COLLECTION))]

    # ------------------------------------------------------------------ routes
    async def list(self, request: web.Request) -> web.Response:
        """GET /api/migrations (``customer_code``, ``status``, ``page``, ``per``, ``query`` on the CSV file names)."""
        enum(request, "status", STATUSES, description="is not valid")
        return paginate(request, self.visible(request), search=("csv_file_name", "original_csv_file_name"), sort_field="created_at")

    async def create(self, request: web.Request) -> web.Response:
        """POST /api/migrations: 200 ``{message, resource_code}``; validation queued."""
        body = await json_body(request)
        check = Checks(body)
        owner = owner_code(request, self.state, body, check)
        require_billing(request, self.state, owner)
        rows = check_upload(check, MAX_ROWS)
        if check.required("preset") and body["preset"] not in [preset["code"] for preset in PRESETS]:
            check.add("preset")
        first, second = check_dates(check)
        if not check.errors:
            for obj in in_progress(self.state, owner):
                self.load(obj)
            # GAP: the field of this error is not documented.
            if len(in_progress(self.state, owner)) >= MAX_ACTIVE:
                check.add("migrations", "at most %d migrations may be validating, to schedule, scheduled or running at once"
                          % MAX_ACTIVE)
        check.done()
        stamp = now_iso()
        migration = {
            "status": "validating", "status_detail": "validation", "code": self.state.new_code("MG", 8),
            "csv_file_name": body["csv_file_name"], "original_csv_file_name": body["csv_file_name"],
            "csv_file_size": upload_size(body), "preset": body["preset"], "resources_has_errors": False,
            "admin_first_execution_override": False, "admin_second_execution_override": False, "resources": len(rows),
            "can_delete": True, "execute_now": body.get("execute_now") is True, "is_late": False,  # GAP: runs start on time
            "owner": owner,
            "created_at": stamp, "updated_at": stamp,
            "first_execution_date": None if body.get("execute_now") is True else iso(first),
            "second_execution_date": iso(second) if second else None, "from_date": from_date_of(body),
            # [INF] not in the documented object:
            "customer_code": owner, "date_filter_preset": body.get("date_filter_preset") or "all", "_runs": {},
            # the exact times (the shown dates have seconds precision)
            "_first_at": first.isoformat() if first and body.get("execute_now") is not True else None,
            "_second_at": second.isoformat() if second else None,
        }
        self.state.insert(COLLECTION, migration)
        for line, fields in enumerate(rows, 1):
            self.state.insert(RESOURCES, new_row(migration, line, fields, self.state))
        plan(self.state, migration, "validate")
        return created("Migration created", migration["code"], "/api/migrations/%s" % migration["code"])

    async def get(self, request: web.Request) -> web.Response:
        """GET /api/migrations/{code}."""
        return one(self.migration(request))

    async def execute(self, request: web.Request) -> web.Response:
        """PUT /api/migrations/{code} ``{execution: first|second}`` [DOC, admin only]: start that run now."""
        migration = self.migration(request)
        if not is_admin(request):
            raise api_error(403)
        body = await json_body(request)
        check = Checks(body)
        if check.required("execution") and body["execution"] not in RUNS:
            check.add("execution")
        check.done()
        run = body["execution"]
        runs = migration.get("_runs", {})
        if run == "first":
            allowed = migration["status"] in ("to_schedule", "scheduled") and "first" not in runs
        else:
            allowed = runs.get("first", {}).get("finished_at") is not None and "second" not in runs
        if not allowed:
            raise invalid("execution", "the %s execution cannot start now: the migration is %s (%s)"
                          % (run, migration["status"], migration["status_detail"]))
        unplan(migration)
        migration["admin_%s_execution_override" % run] = True
        self.start(migration, run)
        return no_content()

    async def delete(self, request: web.Request) -> web.Response:
        """DELETE /api/migrations/{code}: removed with its resources, planned runs cancelled (422 while running).

        GAP: "cancels its related runs when possible" [DOC]; the simulator refuses while a run is in progress.
        """
        migration = self.migration(request)
        if migration["status"] == "running":
            raise invalid("code", "is running and cannot be deleted until the run ends")
        self.state.remove(COLLECTION, migration["code"])
        self.state.remove_children("migration_code", migration["code"])
        return no_content()

    async def presets(self, request: web.Request) -> web.Response:
        """GET /api/migrations/presets -> ``[{code, name, remote_server, port, ssl}]``."""
        return paginate(request, [dict(preset) for preset in PRESETS], sort_field="code")

    async def service(self, request: web.Request) -> web.Response:
        """GET /api/migrations/status -> ``{queued, running, workers}`` over the migrations this token sees."""
        objs = self.visible(request)
        return one({"queued": sum(1 for obj in objs if obj["status"] in ("validating", "to_schedule", "scheduled")),
                    "running": sum(1 for obj in objs if obj["status"] == "running"), "workers": WORKERS})

    async def stats(self, request: web.Request) -> web.Response:
        """GET /api/migrations/{code}/stats -> ``{total, completed, failed, running, waiting, messages_migrated, bytes_migrated}``."""
        migration = self.migration(request)
        rows = rows_of(self.state, migration)
        runs = [row.get("%s_execution_run" % run) or {} for row in rows for run in RUNS]
        return one({
            "total": len(rows), "completed": sum(1 for row in rows if row["status"] == "success"),
            "failed": sum(1 for row in rows if row["status"] in FAILED_ROWS),
            "running": sum(1 for row in rows if row["status"] == "running"),
            "waiting": sum(1 for row in rows if row["status"] == "waiting"),
            "messages_migrated": sum(run.get("messages_migrated", 0) for run in runs),
            "bytes_migrated": sum(run.get("bytes_migrated", 0) for run in runs),
        })

    async def resources(self, request: web.Request) -> web.Response:
        """GET /api/migrations/{code}/resources (``status``: ``failed`` means error, crashed or failed; ``query``)."""
        migration = self.migration(request)
        rows = rows_of(self.state, migration)
        status = request.query.get("status")
        if status and status != "all" and status not in RESOURCE_STATUSES + ("waiting",):
            raise invalid("status")
        if status == "failed":
            rows = [row for row in rows if row["status"] in FAILED_ROWS]
            request = request.clone(rel_url=request.rel_url.with_query({key: value for key, value in request.query.items() if key != "status"}))
        return paginate(request, rows, search=("local_email", "remote_username"), sort_field="line")

    def row(self, request: web.Request, migration: dict) -> dict:
        """The resource ``resource_id`` of the migration (404 unless it belongs to it)."""
        row = visible_or_404(request, self.state, RESOURCES, request.match_info["resource_id"])
        if row["migration_code"] != migration["code"]:
            raise api_error(404)
        return row

    async def resource_log(self, request: web.Request) -> web.Response:
        """GET /api/migrations/{code}/resources/{resource_id}/log?run=first|second -> ``{code, run, log}``.

        GAP: the log's shape is not documented; the simulator returns its text lines joined by newlines.
        """
        migration = self.migration(request)
        row = self.row(request, migration)
        run = request.query.get("run") or "first"
        if run not in RUNS:
            raise invalid("run")
        return one({"code": row["code"], "local_email": row["local_email"], "run": run, "log": "\n".join(row["_logs"][run])})

    def run_name(self, request: web.Request) -> str:
        """The ``{run}`` path parameter (404 unless ``first`` or ``second``)."""
        run = request.match_info["run"]
        if run not in RUNS:
            raise api_error(404)
        return run

    async def run(self, request: web.Request) -> web.Response:
        """GET /api/migrations/{code}/runs/{run}: the run's aggregate."""
        migration = self.migration(request)
        return one(run_state(self.state, migration, self.run_name(request)))

    async def run_log(self, request: web.Request) -> web.Response:
        """GET /api/migrations/{code}/runs/{run}/log -> ``{migration_code, run, log}`` (all rows' lines)."""
        migration = self.migration(request)
        run = self.run_name(request)
        lines = [line for row in rows_of(self.state, migration) for line in row["_logs"][run]]
        return one({"migration_code": migration["code"], "run": run, "log": "\n".join(lines)})


async def sim_migration_failures(request: web.Request) -> web.Response:
    """``/_sim/migration_failures``: PUT ``{addresses: [...], migration?, message?}`` makes the runs of those local
    addresses fail (row ``failed`` with ``message`` in ``error_details`` and the logs), in the given migration or in
    any; GET lists them; DELETE clears them. Kept until reset.
    """
    state: State = request.app[STATE]
    failures = state.collection(FAILURES)
    if request.method == "PUT":
        body = await read_json(request, {})
        addresses = body.get("addresses") if isinstance(body, dict) else None
        if not isinstance(addresses, list) or not addresses or not all(isinstance(item, str) and item for item in addresses):
            raise ControlError("body must be {addresses: [...], migration?, message?}")
        if not isinstance(body.get("migration") or "", str) or not isinstance(body.get("message") or "", str):
            raise ControlError("migration and message must be strings")
        scope = body.get("migration") or "*"
        for address in addresses:
            address = address.strip().lower()
            failures["%s|%s" % (scope, address)] = {"migration": body.get("migration"), "address": address,
                                                    "message": body.get("message") or DEFAULT_FAILURE}
    elif request.method == "DELETE":
        failures.clear()
    return web.json_response({"failures": list(failures.values())})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the migration routes, the ``migrations`` fixture loader and ``/_sim/migration_failures``."""
    handlers = Migrations(state)
    state.seeders[COLLECTION] = seed_migration
    state.declare(COLLECTION, RESOURCES, FAILURES)
    base = "/api/migrations"
    routes.get(base)(handlers.list)
    routes.post(base)(handlers.create)
    routes.get(base + "/presets")(handlers.presets)
    routes.get(base + "/status")(handlers.service)
    routes.get(base + "/{code}")(handlers.get)
    routes.put(base + "/{code}")(handlers.execute)
    routes.delete(base + "/{code}")(handlers.delete)
    routes.get(base + "/{code}/stats")(handlers.stats)
    routes.get(base + "/{code}/resources")(handlers.resources)
    routes.get(base + "/{code}/resources/{resource_id}/log")(handlers.resource_log)
    routes.get(base + "/{code}/runs/{run}")(handlers.run)
    routes.get(base + "/{code}/runs/{run}/log")(handlers.run_log)
    for method in ("GET", "PUT", "DELETE"):
        routes.route(method, "/_sim/migration_failures")(guarded(sim_migration_failures))
