# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: mailbox migrations and CSV imports, the jobs Qboxmail runs from an uploaded CSV.

Paths, the CSV format (built in memory, never written to disk), the idempotency key, the split into jobs of at
most N rows, row checks that report every bad row by its number, dates, and the reads the modules share.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import datetime
import hashlib
import io
import re

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._action import Action, Call
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path, segment
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import quota_bytes, scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import read_text
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import (
    code, domain_name, email_address, local_part, password,
)

MIGRATIONS = "/api/migrations"
MIGRATION = MIGRATIONS + "/{code}"
# GAP: presets, service status, stats and logs are CONTRACT.md's paths ("migration presets and CSV", "migration reads").
PRESETS = MIGRATIONS + "/presets"
SERVICE_STATUS = MIGRATIONS + "/status"
IMPORTS = "/api/imports"
IMPORT = IMPORTS + "/{code}"

# [GUIDE] fields separated by `;`, text delimiter `"`, no header row (CONTRACT.md).
SEPARATOR = ";"
QUOTE = '"'
MIGRATION_COLUMNS = ("local_email", "remote_username", "remote_password", "remote_server")  # CONTRACT [INF] order
MAX_MIGRATION_ROWS = 500          # [GUIDE] rows per migration
MAX_ACTIVE_MIGRATIONS = 5         # [GUIDE] migrations in progress per customer
ACTIVE_MIGRATION = ("validating", "to_schedule", "scheduled", "running")   # CONTRACT: what counts against the 5
FINAL_MIGRATION = ("completed", "completed_with_errors", "failed")         # [DOC]
FAILED_RESOURCES = "failed"       # [DOC] resources filter: an error or crashed run
RUNS = ("first", "second")
DATE_FILTER_PRESETS = ("all", "last_month", "last_6_months", "last_year", "custom")   # [DOC]
MAX_IMPORT_ROWS = 250             # [GUIDE] rows per import CSV
IMPORT_DONE = ("valid", "valid_with_skipped", "invalid")                    # [DOC]
# CONTRACT [INF] import columns per type (no header row); the columns that hold passwords.
IMPORT_COLUMNS = {
    "domains": ("name", "postmaster_password", "plan"),
    "domain_aliases": ("domain", "alias_domain"),
    "email_accounts": ("email_address", "password", "firstname", "lastname", "quota_bytes"),
    "email_aliases": ("email_address", "destinations"),
}
IMPORT_KEY_COLUMN = {"domains": "name", "domain_aliases": "alias_domain", "email_accounts": "email_address",
                     "email_aliases": "email_address"}
SECRET_COLUMNS = ("remote_password", "postmaster_password", "password")
# [GUIDE] imports accept password hashes with these prefixes besides plain passwords.
HASH_PREFIXES = ("{MD5-CRYPT}", "{SHA512-CRYPT}")
DOMAIN_PLANS = ("basic", "professional", "enterprise")   # as the domain module's `plan`
# GAP: the remote server rule is undocumented: a host name or IPv4 address, optionally with `:port`.
REMOTE_SERVER_RE = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:\d{1,5})?$")
SHOWN_ERRORS = 20                 # bad rows named in one message
GONE = (200, 201, 202, 204, 404)  # the answers to a DELETE that leave the job deleted


# ------------------------------------------------------------------------------------------ CSV
def csv_text(rows):
    """The CSV Qboxmail takes (`;`, `"`, no header), built in memory; it holds passwords: never log or write it."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=SEPARATOR, quotechar=QUOTE, lineterminator="\n")
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


def parse_csv(text, option):
    """[(line number, [fields])] of a `;` CSV file without header (blank lines skipped, fields stripped)."""
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=SEPARATOR, quotechar=QUOTE, strict=True)
    try:
        for fields in reader:
            if any(field.strip() for field in fields):
                rows.append((reader.line_num, [field.strip() for field in fields]))
    except csv.Error as exc:
        raise ModuleFailure("%s: line %d is not valid CSV (%s); fields are separated by ; and quoted with \""
                            % (option, reader.line_num, exc))
    return rows


def job_key(rows, columns):
    """The idempotency key: `ansible-<first 16 hex digits of the SHA-256 of the normalised rows>.csv`.

    GAP: CONTRACT.md [INF] fixes the form; "normalised" here means the rows as sent (trimmed, addresses in lower case,
    sorted) with the password columns left out, so that the file name, which Qboxmail shows, reveals nothing about
    a password (and a changed password alone is the same job).
    """
    hidden = [i for i, column in enumerate(columns) if column in SECRET_COLUMNS]
    text = csv_text([["" if i in hidden else value for i, value in enumerate(row)] for row in rows])
    return "ansible-%s.csv" % hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def split(rows, size):
    """The rows in jobs of at most `size` rows, in order."""
    return [rows[start:start + size] for start in range(0, len(rows), size)] or [[]]


def fail_rows(option, errors, total):
    """Fail naming every bad row (the first SHOWN_ERRORS of them)."""
    if not errors:
        return
    shown = "; ".join(errors[:SHOWN_ERRORS])
    more = " (and %d more)" % (len(errors) - SHOWN_ERRORS) if len(errors) > SHOWN_ERRORS else ""
    raise ModuleFailure("%s: %d problem(s) in %d rows, nothing was sent: %s%s" % (option, len(errors), total, shown, more))


def source_rows(params, columns, option_names=("csv_file", "rows")):
    """(option, [(row number, {column: value})]) from the CSV file or the list of rows; no requests."""
    file_option, list_option = option_names
    if params.get(file_option):
        text = read_text(params[file_option], file_option)
        if text is None:
            raise ModuleFailure("%s: %s does not exist on the host the module runs on" % (file_option, params[file_option]))
        return file_option, parse_csv(text, file_option)
    return list_option, [(number, dict(item)) for number, item in enumerate(params.get(list_option) or [], 1)]


def duplicates(rows, key, what, errors):
    """Add an error for every value of `key` that appears in more than one row."""
    seen = {}
    for number, row in rows:
        value = row.get(key)
        if value:
            seen.setdefault(value, []).append(number)
    for value, numbers in sorted(seen.items(), key=lambda item: item[1][0]):
        if len(numbers) > 1:
            errors.append("rows %s: %s %s appears %d times" % (", ".join(str(n) for n in numbers), what, value, len(numbers)))


# ------------------------------------------------------------------------------------------ migration rows
def migration_rows(params):
    """(option, [(row number, {column: value})]) normalised and checked; fails naming every bad row."""
    option, raw = source_rows(params, MIGRATION_COLUMNS)
    errors, rows = [], []
    for number, item in raw:
        if isinstance(item, list):
            if len(item) != len(MIGRATION_COLUMNS):
                errors.append("row %d has %d fields, expected %d (%s)" % (
                    number, len(item), len(MIGRATION_COLUMNS), SEPARATOR.join(MIGRATION_COLUMNS)))
                continue
            item = dict(zip(MIGRATION_COLUMNS, item))
        row = dict((column, str(item.get(column) or "").strip()) for column in MIGRATION_COLUMNS)
        row["remote_password"] = str(item.get("remote_password") or "")
        if not row["remote_server"] and params.get("remote_server"):
            row["remote_server"] = params["remote_server"].strip()
        try:
            row["local_email"] = email_address(row["local_email"]) if row["local_email"] else ""
        except ValueError:
            errors.append("row %d: local_email %r is not an e-mail address" % (number, row["local_email"]))
        for column in MIGRATION_COLUMNS:
            if not row[column]:
                hint = " (or set remote_server for every row)" if column == "remote_server" else ""
                errors.append("row %d: %s is required%s" % (number, column, hint))
        if row["remote_server"] and not REMOTE_SERVER_RE.match(row["remote_server"]):
            errors.append("row %d: remote_server %r is not a host name or IP address (host or host:port)"
                          % (number, row["remote_server"]))
        row["remote_server"] = row["remote_server"].lower()
        rows.append((number, row))
    duplicates(rows, "local_email", "local_email", errors)
    fail_rows(option, errors, len(raw))
    if not rows:
        raise ModuleFailure("%s: no rows to migrate" % option)
    return option, rows


def outside_domains(rows, domains):
    """Errors for the rows whose local_email is not in one of `domains` (names)."""
    return ["row %d: local_email %s is not in one of the customer's domains" % (number, row["local_email"])
            for number, row in rows if row["local_email"].rpartition("@")[2] not in domains]


# ------------------------------------------------------------------------------------------ import rows
def import_password(value):
    """A password the API accepts, or a `{MD5-CRYPT}`/`{SHA512-CRYPT}` hash [GUIDE]."""
    if any(value.startswith(prefix) and len(value) > len(prefix) for prefix in HASH_PREFIXES):
        return value
    try:
        return password(value)
    except ValueError as exc:
        raise ValueError("%s (or be a {MD5-CRYPT}/{SHA512-CRYPT} hash)" % exc) from None


def _destinations(value):
    items = value if isinstance(value, list) else str(value).split(",")
    out = [email_address(item) for item in items if str(item).strip()]
    if not out:
        raise ValueError("needs at least one address")
    return ",".join(dict.fromkeys(out))


def _hosted_address(value):
    address = email_address(value)
    local_part(address.rpartition("@")[0])
    return address


def _quota(value):
    return str(quota_bytes(int(value) if str(value).strip().isdigit() else value))


def _plan(value):
    if value not in DOMAIN_PLANS:
        raise ValueError("must be one of %s" % ", ".join(DOMAIN_PLANS))
    return value


# column -> (converter of a non-empty value, required)
IMPORT_RULES = {
    "name": (domain_name, True), "postmaster_password": (import_password, True), "plan": (_plan, False),
    "domain": (domain_name, True), "alias_domain": (domain_name, True),
    "email_address": (_hosted_address, True), "password": (import_password, True), "firstname": (None, True),
    "lastname": (None, False), "quota_bytes": (_quota, False), "destinations": (_destinations, True),
}
LIST_NAMES = {"quota_bytes": "quota"}   # the list form names the quota `quota` (5G, 2G... or bytes)


def import_rows(params, kind):
    """(option, [(row number, [fields])]) of an import of `kind`, checked; fails naming every bad row."""
    columns = IMPORT_COLUMNS[kind]
    option, raw = source_rows(params, columns)
    errors, rows = [], []
    for number, item in raw:
        if isinstance(item, list):
            least = sum(1 for c in columns if IMPORT_RULES[c][1])
            if not least <= len(item) <= len(columns):
                errors.append("row %d has %d fields, expected %s (%s)" % (number, len(item), least if least == len(
                    columns) else "%d to %d" % (least, len(columns)), SEPARATOR.join(columns)))
                continue
            item = dict(zip(columns, item))
        else:
            names = [LIST_NAMES.get(column, column) for column in columns]
            other = sorted(k for k, v in item.items() if v not in (None, "", []) and k not in names)
            if other:
                errors.append("row %d: %s not used with type=%s (its fields: %s)" % (
                    number, ", ".join(other), kind, ", ".join(names)))
            item = dict((column, item.get(LIST_NAMES.get(column, column))) for column in columns)
        row = {}
        for column in columns:
            value = item.get(column)
            value = "" if value in (None, []) else value if isinstance(value, list) else str(value)
            if column not in SECRET_COLUMNS and not isinstance(value, list):
                value = value.strip()
            check, required = IMPORT_RULES[column]
            name = LIST_NAMES.get(column, column) if option == "rows" else column
            if value in ("", []):
                if required:
                    errors.append("row %d: %s is required" % (number, name))
                row[column] = ""
                continue
            try:
                row[column] = check(value) if check else value
            except ValueError as exc:
                shown = "" if column in SECRET_COLUMNS else " %r" % (value,)
                errors.append("row %d: %s%s %s" % (number, name, shown, str(exc).replace(repr(value), "").strip()))
                row[column] = value if isinstance(value, str) else ""
        rows.append((number, row))
    duplicates(rows, IMPORT_KEY_COLUMN[kind], IMPORT_KEY_COLUMN[kind], errors)
    fail_rows(option, errors, len(raw))
    if not rows:
        raise ModuleFailure("%s: no rows to import" % option)
    return option, rows


def as_lists(rows, columns):
    """Normalised rows as CSV field lists, sorted by their fields other than passwords (the order of the rows given
    does not make another job)."""
    shown = [i for i, column in enumerate(columns) if column not in SECRET_COLUMNS]
    out = [[row[column] for column in columns] for _number, row in rows]
    return sorted(out, key=lambda fields: [fields[i].lower() for i in shown])


def secrets_of(rows):
    """The password values of the rows (added to the task's scrubber: a CSV file's passwords are not no_log options)."""
    return [row[column] for _number, row in rows for column in SECRET_COLUMNS if row.get(column)]


# ------------------------------------------------------------------------------------------ dates
def utc_datetime(value):
    """An ISO 8601 date or date-time as an aware UTC datetime (a naive value is UTC); ValueError otherwise."""
    text = str(value).strip()
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        when = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError("%r is not an ISO 8601 date-time (like 2026-12-01T22:00:00Z or 2026-12-01 22:00+01:00)" % (value,))
    if when.tzinfo is None:   # GAP: the zone of a date-time without offset is undocumented: UTC
        when = when.replace(tzinfo=datetime.timezone.utc)
    return when.astimezone(datetime.timezone.utc)


def iso_utc(when):
    """`2026-12-01T22:00:00Z`."""
    return when.isoformat(timespec="seconds").replace("+00:00", "Z")


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


# ------------------------------------------------------------------------------------------ reads
def find_job(client, list_path, name):
    """The job (migration or import) whose csv_file_name is `name` (one `query=` read), or None; ambiguity fails."""
    found = client.find(list_path, "csv_file_name", name)
    if len(found) > 1:
        raise ModuleFailure("%d jobs are named %s (%s): delete the extra ones, or name one by its code" % (
            len(found), name, ", ".join(str(obj.get("code")) for obj in found)))
    return found[0] if found else None


def get_job(client, template, code):
    """One migration or import by code, or None (404)."""
    return client.get_one(path(template, code=code))


def active_migrations(client):
    """The customer's migrations that count against MAX_ACTIVE_MIGRATIONS (one filtered read per status)."""
    out = []
    for status in ACTIVE_MIGRATION:
        out.extend(obj for obj in client.paginate(MIGRATIONS, {"status": status}) if obj.get("status") == status)
    return out


def presets(client):
    """The migration presets `[{code, name, remote_server, port, ssl}]`."""
    return list(client.paginate(PRESETS))


# ------------------------------------------------------------------------------------------ migration state
FAILED_ROW_STATUSES = ("error", "crashed", "failed")   # [DOC] resource statuses of a failing row
MAX_LOGGED_RESOURCES = 50   # failing rows returned with their logs, per migration (one log read per row and run)


def run_pending(obj, run):
    """Whether `run` of a migration may still be forced now: True; it started or ended: False; it cannot start yet
    (still validating, or the second run before the first ended): None.

    GAP: the API shows which run is next only in `status_detail` (`first execution` [DOC example], `second execution`).
    """
    status, detail = obj.get("status"), str(obj.get("status_detail") or "")
    second_next = "second" in detail
    if status == "validating":
        return None
    if run == "first":
        return status in ("to_schedule", "scheduled") and not second_next
    if status == "to_schedule" or (status in ("scheduled", "running") and not second_next):
        return None
    if status in FINAL_MIGRATION:   # one more pass of an ended migration that had no second run
        return not obj.get("second_execution_date") and not obj.get("admin_second_execution_override")
    return status == "scheduled" and second_next


def resource_log(client, base, row, run):
    """The log text of one migration row and run (`{log}`; the client also takes a list of lines or plain text)."""
    body = client.get("%s/resources/%s/log" % (base, segment(row.get("code"))), {"run": run}).body
    if isinstance(body, dict):
        found = (body.get("resources") or [body])[0] if isinstance(body.get("resources"), list) else body.get("resources") or body
        body = found.get("log") if isinstance(found, dict) else found
    return "\n".join(body) if isinstance(body, list) else body


def failed_resources(client, obj, limit=MAX_LOGGED_RESOURCES):
    """The failing rows of a migration (one filtered read), the first `limit` with the log of each run they had."""
    base = path(MIGRATION, code=obj["code"])
    rows = [row for row in client.paginate(base + "/resources", {"status": FAILED_RESOURCES})
            if row.get("status") in FAILED_ROW_STATUSES]
    runs = [run for run in RUNS if run == "first" or obj.get("second_execution_date")]
    out = []
    for row in rows[:limit]:
        logs = dict((run, resource_log(client, base, row, run)) for run in runs
                    if row.get("%s_execution_run" % run) != {})   # {}: this row had no such run (invalid row)
        out.append(dict(dict((k, row.get(k)) for k in ("code", "local_email", "remote_username", "remote_server",
                                                       "status", "status_detail", "error_details")),
                        migration=obj["code"], logs=logs))
    return out


def find_import(client, import_code):
    """An import by code. GAP: `GET /api/imports/{code}` is not in the docs' endpoint list: the list is read instead."""
    for obj in client.paginate(IMPORTS):
        if obj.get("code") == import_code:
            return obj
    return None


# ------------------------------------------------------------------------------------------ the action base
class CsvJob(Action):
    """What migrations and imports share: rows -> jobs of at most `max_rows` named by their idempotency key; found by
    that name (or by `code`); created once (a create without an answer is looked up by its name, never blindly
    re-sent); deleted with `state=absent`; one result shape."""

    what = None            # "migration", "import"
    code_kind = None       # the code format (_validate.CODE_FORMATS)
    list_path = item_path = None
    max_rows = None

    # ------------------------------------------------------------------ hooks of the job kinds
    def read_rows(self):
        """(option, [(row number, {column: value})]) checked; no requests."""
        raise NotImplementedError

    def job_columns(self):
        raise NotImplementedError

    def check_options(self):
        """Checks of the other options; no requests."""

    def decide(self, client):
        """Reads and checks after the jobs were looked up, before anything is sent."""

    def create_body(self, key, chunk):
        raise NotImplementedError

    def extra_calls(self):
        """Calls on existing jobs besides the creates (e.g. forcing a run)."""
        return []

    def get_by_code(self, client):
        return get_job(client, self.item_path, self.code)

    # ------------------------------------------------------------------ the run
    def validate(self):
        p = self.params
        self.state, self.objs, self.stats, self.created, self.deleted = p["state"], {}, {}, [], []
        self.chunks, self.rows, self.before, self.after, self.code, self.targets, self.missing = [], [], {}, {}, None, [], []
        self.option = "rows"
        if p.get("code"):
            try:
                self.code = code(self.code_kind)(p["code"])
            except ValueError as exc:
                raise ModuleFailure("code: %s" % exc)
        elif p.get("csv_file") is None and p.get("rows") is None:
            # `code: ""` or null, e.g. templated from the result of a create that check mode only predicted
            raise ModuleFailure("code is empty: give the code of an existing %s, or csv_file/rows (in check mode a %s "
                                "that an earlier task would create has no code yet)" % (self.what, self.what))
        else:
            self.option, self.rows = self.read_rows()
            self.ctx.module.scrubber(extra=secrets_of(self.rows))   # a CSV file's passwords are no no_log option
            columns = self.job_columns()
            lists = as_lists(self.rows, columns)
            self.chunks = [(job_key(chunk, columns), chunk) for chunk in split(lists, self.max_rows)]
        self.check_options()

    def prepare(self):
        client = self.ctx.client
        if self.code:
            obj = self.get_by_code(client)
            if obj is None and self.state == "present":
                raise ModuleFailure("code: no %s %s (it does not exist, or this token cannot see it)" % (self.what, self.code))
            self.targets = [(self.code, obj)]
        else:
            self.targets = [(key, find_job(client, self.list_path, key)) for key, _chunk in self.chunks]
        self.objs = dict((key, obj) for key, obj in self.targets if obj is not None)
        if self.state == "present":
            self.missing = [(key, chunk) for key, chunk in self.chunks if key not in self.objs]
        self.decide(client)

    def find_existing(self):
        if self.state == "absent":
            return None if self.objs else {}
        return None if self.missing or self.extra_calls() else {}

    def calls(self):
        calls = []
        if self.state == "absent":
            for key, obj in self.objs.items():
                calls.append(self.call("DELETE", path(self.item_path, code=obj["code"]), None, key,
                                       "delete %s %s" % (self.what, key)))
                self.note(key, {"code": obj["code"], "status": obj.get("status")}, None)
            return calls
        calls.extend(self.extra_calls())
        for key, chunk in self.missing:
            body = self.create_body(key, chunk)
            shown = dict((k, v) for k, v in body.items() if k != "csv_file_content")
            calls.append(self.call("POST", self.list_path, body, key, "create %s %s (%d rows)" % (self.what, key, len(chunk)),
                                   shown=dict(shown, rows=len(chunk))))
            planned = dict((k, v) for k, v in shown.items() if k not in ("csv_file_name", "csv_file_size", "customer_code"))
            self.note(key, None, dict(planned, rows=len(chunk)))
        return calls

    def upload(self, key, chunk):
        """The upload fields of a create body (the CSV built in memory)."""
        content = csv_text(chunk)
        body = {"csv_file_name": key, "csv_file_content": content, "csv_file_size": len(content.encode("utf-8"))}
        if self.params.get("customer_code"):
            body["customer_code"] = self.params["customer_code"]
        return body

    def call(self, method, url, body, key, label, shown=None):
        gone = GONE if method == "DELETE" else None   # a retried DELETE whose first try was applied finds nothing
        call = Call(method, url, body, label=label, shown=shown, ok_statuses=gone)
        call.key = key
        return call

    def note(self, key, before, after):
        self.before[key], self.after[key] = before, after

    def accepted(self, call, resp):
        if call.method == "POST":
            self.created.append(call.key)
            self.objs[call.key] = {"code": self.ctx.client.created_code(resp), "csv_file_name": call.key}
        elif call.method == "DELETE":
            self.deleted.append(call.key)

    def applied(self, call):
        """A create without an answer is looked up by its name and used when it exists; it is never re-sent."""
        if call.method != "POST":
            return False
        found = find_job(self.ctx.client, self.list_path, call.key)
        if found is None:
            return False
        self.warnings.append("the request creating %s %s got no answer, but the %s exists (%s): using it" % (
            self.what, call.key, self.what, found.get("code")))
        self.objs[call.key] = found
        self.created.append(call.key)
        return True

    def shown(self):
        """(key, object) of the jobs of the task, in order; a job still to create is predicted."""
        if self.state == "absent":
            pairs = [(key, obj) for key, obj in self.targets if obj is not None]
        else:
            pairs = [(key, self.objs.get(key)) for key, _chunk in self.chunks] or [(self.code, self.objs.get(self.code))]
        sizes = dict(self.chunks)
        return [(key, obj if obj is not None else {"code": None, "csv_file_name": key, "resources": len(sizes.get(key) or [])})
                for key, obj in pairs]

    def result(self):
        jobs = []
        for key, obj in self.shown():
            obj = scrub(obj)
            if key in self.stats:
                obj["stats"] = self.stats[key]
            jobs.append(obj)
        out = {self.name: jobs, "summary": dict(
            rows=len(self.rows), created=len(self.created), deleted=len(self.deleted),
            existing=len(self.objs) - len(self.created) if self.state == "present" else len(self.objs),
            requests=self.ctx.client.request_count)}
        out["summary"][self.name] = len(jobs)
        if self.ctx.diff and self.before:
            out["diff"] = {"before": self.before, "after": self.after}
        return out
