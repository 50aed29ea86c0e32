# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Helpers shared by imports and migrations: the uploaded CSV, ISO dates and multi-step lazy jobs.

``State.schedule`` applies a set of fields after a delay; a job needs more (validate rows, create
resources, run a migration), so a job object carries ``_next = [due_monotonic_time, step_name]`` and
``advance`` runs the due steps, in order, whenever a handler reads the object. A step may plan the
next one. No background tasks and no sleeps, like the rest of the simulator.
"""
from __future__ import annotations

import csv
import datetime
import io
import time

from ..common import Checks, is_int
from ..state import State

# [GUIDE] "fields separated by the field separator ; (semicolon) ... enclosed by a text separator \" (double quote)",
# no header row (CONTRACT "migration presets and CSV", "import CSV columns").
SEPARATOR = ";"
DELIMITER = '"'


def parse_csv(content: str) -> list | None:
    """Rows of a ``;``-separated CSV without header (blank lines skipped, fields stripped); None when unreadable."""
    try:
        reader = csv.reader(io.StringIO(content, newline=""), delimiter=SEPARATOR, quotechar=DELIMITER, strict=True)
        rows = [[field.strip() for field in row] for row in reader]
    except csv.Error:
        return None
    return [row for row in rows if any(row)]


def check_upload(check: Checks, max_rows: int) -> list:
    """Validate ``csv_file_name``, ``csv_file_content`` (1..``max_rows`` rows) and ``csv_file_size``; the rows."""
    body = check.body
    if check.required("csv_file_name") and not isinstance(body["csv_file_name"], str):
        check.add("csv_file_name")
    check.field("csv_file_size", lambda value: is_int(value, 0))
    if not check.required("csv_file_content"):
        return []
    if not isinstance(body["csv_file_content"], str):
        check.add("csv_file_content")
        return []
    rows = parse_csv(body["csv_file_content"])
    if rows is None:
        check.add("csv_file_content", "is not a valid CSV file")
    elif not rows:
        check.add("csv_file_content", "has no rows")
    elif len(rows) > max_rows:
        check.add("csv_file_content", "has %d rows, more than the maximum of %d" % (len(rows), max_rows))
    return rows or []


def upload_size(body: dict) -> int:
    """``csv_file_size`` as sent, else the size of the content in bytes (UTF-8)."""
    if is_int(body.get("csv_file_size"), 0):
        return body["csv_file_size"]
    return len(body["csv_file_content"].encode("utf-8"))


def parse_when(value) -> datetime.datetime | None:
    """An ISO-8601 date or date-time (``Z`` or an offset; naive means UTC) as an aware datetime, else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        when = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=datetime.timezone.utc)


def iso(when: datetime.datetime) -> str:
    """A datetime as ISO-8601 UTC with a ``Z`` suffix (seconds precision)."""
    return when.astimezone(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def utcnow() -> datetime.datetime:
    """The current time as an aware UTC datetime."""
    return datetime.datetime.now(datetime.timezone.utc)


def seconds_until(when: datetime.datetime) -> float:
    """Seconds from now until ``when`` (0 when it is past)."""
    return max((when - utcnow()).total_seconds(), 0.0)


def plan(state: State, obj: dict, step: str, delay: float | None = None) -> None:
    """Run ``step`` on ``obj`` ``delay`` seconds (default: the async delay) after now, or, when called from a step,
    after that step's due time (so a chain of steps keeps its pace however late it is read); replaces any planned step.
    """
    start = obj.get("_clock") or time.monotonic()
    obj["_next"] = [start + (state.config.async_delay if delay is None else delay), step]


def plan_at(obj: dict, step: str, when: datetime.datetime) -> None:
    """Run ``step`` on ``obj`` at the wall-clock time ``when`` (at once when it is past)."""
    obj["_next"] = [time.monotonic() + seconds_until(when), step]


def unplan(obj: dict) -> None:
    """Drop the planned step of ``obj``."""
    obj.pop("_next", None)


def advance(obj: dict, steps: dict) -> dict:
    """Run the due steps of ``obj`` (``steps``: name -> function(obj)) until none is due; returns ``obj``."""
    for _round in range(100):  # a step always plans a later one or none; the bound only guards against a bug
        planned = obj.get("_next")
        if not planned or planned[0] > time.monotonic():
            break
        del obj["_next"]
        obj["_clock"] = planned[0]
        try:
            steps[planned[1]](obj)
        finally:
            del obj["_clock"]
    return obj
