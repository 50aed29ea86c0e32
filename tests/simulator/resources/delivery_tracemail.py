# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Delivery TraceMail reads, the Delivery dashboard alerts, and ``/_sim/tracemail``.

Documented [DOC]: ``GET /api/delivery/tracemail/mailouts`` (filters ``account``, ``domain``, ``start_date``,
``end_date``, ``from``, ``to``, ``subject``, ``auth_protocol``, ``collection`` (default ``worked``),
``status``, ``error_category``, ``per`` (default 30), ``page``) and ``GET .../counters`` (same filters without
collection/status/error_category/paging). CONTRACT.md's choices: the entry fields, ``.../dashboard``,
``.../accounts``, ``.../domains``, ``.../daily_statistics``, ``.../domain_ranking`` and
``GET /api/delivery/dashboard/alerts``. Everything is scoped to the token's customer (admins: all, or
``customer_code``). Entries come from ``_tracemail.py``.
"""
from __future__ import annotations

import datetime
import fractions

from aiohttp import web

from ..common import STATE, enum, invalid, json_response, one, scoped
from ..control import ControlError, guarded, read_json
from ..state import State, public
from . import _tracemail as tracemail
from ._delivery import filtered_page

MAILOUTS_PER = "30"  # [DOC] mailouts `per` default 30 (other lists: 25)
# GAP: report windows without dates: the last 30 days up to today (UTC), like TraceMail's retention.
DEFAULT_DAYS = 30
MAX_DAYS = 366  # GAP: longest daily_statistics window
MONTHS = 6  # [DOC: panel dashboard] the current month and the previous five
# [DOC: panel dashboard] bands: bounce good < 0.5 %, watch 0.5-1 %, critical > 1 %; suppressed stable / increasing / at risk.
BOUNCE_BANDS = ("good", "watch", "critical")
SUPPRESSED_BANDS = ("stable", "increasing", "at_risk")
ALERT_CODES = ("bounce_rate", "suppressed_rate", "quota_usage")  # GAP: alert codes are undocumented
SEVERITIES = ("info", "warning", "critical")  # GAP: severities are undocumented
BAND_SEVERITY = {"watch": "warning", "critical": "critical", "increasing": "warning", "at_risk": "critical"}
QUOTA_SEVERITY = ((100.0, "critical"), (80.0, "warning"), (50.0, "info"))  # GAP: plan usage % -> severity
SEVERITY_ORDER = {name: index for index, name in enumerate(reversed(SEVERITIES))}


def band(value: fractions.Fraction, names: tuple) -> str:
    """The band of a rate in percent: below 0.5, 0.5 to 1 inclusive, above 1."""
    if value < fractions.Fraction(1, 2):
        return names[0]
    return names[1] if value <= 1 else names[2]


def rate(part: int, whole: int) -> float:
    """``part`` as a percentage of ``whole`` (2 decimals; 0 when ``whole`` is 0)."""
    return round(100.0 * part / whole, 2) if whole else 0.0


def exact_rate(part: int, whole: int) -> fractions.Fraction:
    """``part`` as an exact percentage of ``whole`` (so that 3 of 600 is exactly 0.5 %), for banding."""
    return fractions.Fraction(100 * part, whole) if whole else fractions.Fraction(0)


def parse_date(request: web.Request, name: str) -> datetime.date | None:
    """A ``YYYY-MM-DD`` query parameter (CONTRACT.md), None when absent; 422 when malformed."""
    raw = request.query.get(name)
    if raw in (None, ""):
        return None
    try:
        return datetime.date.fromisoformat(raw) if len(raw) == 10 else None
    except ValueError:
        pass
    raise invalid(name, "must be a date YYYY-MM-DD")


def dates(request: web.Request) -> tuple:
    """``(start, end)`` of the query (either may be None); 422 when start is after end."""
    start, end = parse_date(request, "start_date"), parse_date(request, "end_date")
    if start and end and start > end:
        raise invalid("start_date", "must not be after end_date")
    return start, end


def window(request: web.Request) -> tuple:
    """``(start, end)`` of a report: the query's dates, by default the last ``DEFAULT_DAYS`` days up to today (UTC)."""
    start, end = dates(request)
    end = end or (start + datetime.timedelta(days=DEFAULT_DAYS - 1) if start else datetime.datetime.now(datetime.timezone.utc).date())
    start = start or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
    if (end - start).days >= MAX_DAYS:
        raise invalid("start_date", "the window is longer than %d days" % MAX_DAYS)
    return start, end


def account_param(request: web.Request) -> int | None:
    """The ``account`` query parameter: a Delivery account id; 422 when not an integer."""
    raw = request.query.get("account")
    if raw in (None, ""):
        return None
    if not raw.strip().isdigit():
        raise invalid("account", "must be a Delivery account id")
    return int(raw)


def common_filters(request: web.Request, start=None, end=None) -> list:
    """Predicates of the filters shared by mailouts, counters and the reports (values validated here).

    GAP: ``from`` and ``to`` match the whole address case-insensitively; ``subject`` is a case-insensitive
    substring; ``domain`` matches the sender domain's name or the Delivery domain code; dates compare the UTC
    date of ``submitted_at``.
    """
    preds = []
    account = account_param(request)
    if account is not None:
        preds.append(lambda entry: entry.get("account") == account)
    domain = request.query.get("domain")
    if domain:
        preds.append(lambda entry: (entry.get("domain") or "") == domain.strip().lower() or entry.get("_domain_code") == domain)
    if start is None and end is None:
        start, end = dates(request)
    if start:
        preds.append(lambda entry: entry["submitted_at"][:10] >= start.isoformat())
    if end:
        preds.append(lambda entry: entry["submitted_at"][:10] <= end.isoformat())
    for name in ("from", "to"):
        value = request.query.get(name)
        if value:
            preds.append(lambda entry, name=name, value=value.strip().lower(): (entry.get(name) or "").lower() == value)
    subject = request.query.get("subject")
    if subject:
        preds.append(lambda entry: subject.lower() in (entry.get("subject") or "").lower())
    protocol = enum(request, "auth_protocol", tracemail.AUTH_PROTOCOLS)
    if protocol:
        preds.append(lambda entry: entry.get("auth_protocol") == protocol)
    return preds


def select(request: web.Request, state: State, preds: list) -> list:
    """Visible entries matching every predicate, oldest first."""
    return [entry for entry in scoped(request, tracemail.entries(state)) if all(pred(entry) for pred in preds)]


def accounts_of(request: web.Request, state: State) -> list:
    """Visible Delivery accounts (not queued for deletion), narrowed by ``account``, by description."""
    wanted = account_param(request)
    found = [acc for acc in scoped(request, state.values("delivery_accounts")) if not acc.get("delete_on")]
    if wanted is not None:
        found = [acc for acc in found if acc["id"] == wanted]
    return sorted(found, key=lambda acc: (acc["description"].lower(), acc["id"]))


def usage(accounts: list) -> dict:
    """Plan usage of accounts: ``{messages, used, remaining, percent}`` (plan plus extra messages)."""
    messages = sum((acc.get("num_messages") or 0) + (acc.get("extra_messages_total") or 0) for acc in accounts)
    remaining = sum(acc.get("remaining_messages") or 0 for acc in accounts)   # plan plus extra messages left
    used = max(messages - remaining, 0)
    return {"messages": messages, "used": used, "remaining": remaining, "percent": rate(used, messages)}


def rates(counts: dict) -> dict:
    """Bounce and suppressed rates (percent of the worked entries) with their band labels."""
    worked = counts["delivered"] + counts["bounce"] + counts["suppressed"]
    return {"bounce_rate": rate(counts["bounce"], worked),
            "bounce_rate_status": band(exact_rate(counts["bounce"], worked), BOUNCE_BANDS),
            "suppressed_rate": rate(counts["suppressed"], worked),
            "suppressed_rate_status": band(exact_rate(counts["suppressed"], worked), SUPPRESSED_BANDS)}


def months_back(end: datetime.date, count: int) -> list:
    """``YYYY-MM`` of the month of ``end`` and the ``count - 1`` months before it, oldest first."""
    year, month = end.year, end.month
    out = []
    for _i in range(count):
        out.append("%04d-%02d" % (year, month))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


class TraceMail:
    """Handlers of the TraceMail and dashboard routes."""

    def __init__(self, state: State) -> None:
        self.state = state

    async def mailouts(self, request: web.Request) -> web.Response:
        """GET /api/delivery/tracemail/mailouts -> list envelope of entries, newest first."""
        collection = enum(request, "collection", tracemail.COLLECTIONS, allow_all=False) or "worked"  # [DOC] default worked
        enum(request, "status", tracemail.STATUSES)  # validated here; filtered_page filters and echoes it
        category = enum(request, "error_category", tracemail.ERROR_CATEGORIES)
        preds = common_filters(request)
        preds.append(lambda entry: entry["collection"] == collection)
        if category:
            preds.append(lambda entry: entry.get("error_category") == category)
        items = [public(entry) for entry in select(request, self.state, preds)]
        query = dict(request.query)
        query["per"] = query.get("per") or MAILOUTS_PER
        query["sort"] = query.get("sort") or "desc"  # GAP: order undocumented; newest first
        clone = request.clone(rel_url=request.rel_url.with_query(query))
        return filtered_page(clone, items, {"status": lambda obj, value: obj.get("status") == value},
                             search=("subject",), sort_field="submitted_at")

    async def counters(self, request: web.Request) -> web.Response:
        """GET /api/delivery/tracemail/counters -> one resource ``{all, delivered, ..., genericErrors}``."""
        return one(tracemail.tally(select(request, self.state, common_filters(request))))

    async def dashboard(self, request: web.Request) -> web.Response:
        """GET /api/delivery/tracemail/dashboard (``account``, ``domain``, ``start_date``, ``end_date``) -> one resource.

        GAP: shape undocumented (CONTRACT.md names the route only); fields: the window, its ``totals``, the
        bounce and suppressed rates with their bands, ``monthly_totals`` (6 months up to the end date), plan
        ``usage`` and ``top_accounts`` (5 by volume in the window).
        """
        start, end = window(request)
        items = select(request, self.state, common_filters(request, start, end))
        counts = tracemail.tally(items)
        months = months_back(end, MONTHS)
        first = datetime.date(int(months[0][:4]), int(months[0][5:]), 1)
        everything = select(request, self.state, common_filters(request, first, end))
        monthly = []
        for month in months:
            row = tracemail.tally([entry for entry in everything if entry["submitted_at"][:7] == month])
            monthly.append({"month": month, "all": row["all"], "delivered": row["delivered"], "bounce": row["bounce"],
                            "suppressed": row["suppressed"]})
        accounts = accounts_of(request, self.state)
        volume = {}
        for entry in items:
            if entry["collection"] != "errors":
                volume[entry["account"]] = volume.get(entry["account"], 0) + 1
        top = sorted(accounts, key=lambda acc: (-volume.get(acc["id"], 0), -usage([acc])["used"], acc["id"]))[:5]
        body = {"start_date": start.isoformat(), "end_date": end.isoformat(), "totals": counts}
        body.update(rates(counts))
        body.update(monthly_totals=monthly, usage=usage(accounts),
                    top_accounts=[dict({"id": acc["id"], "name": acc["description"], "all": volume.get(acc["id"], 0)},
                                       **usage([acc])) for acc in top])
        return one(body)

    async def accounts(self, request: web.Request) -> web.Response:
        """GET /api/delivery/tracemail/accounts -> ``[{id, name}]`` of the visible Delivery accounts (not paged)."""
        rows = [{"id": acc["id"], "name": acc["description"]} for acc in accounts_of(request, self.state)]
        return json_response({"resources": rows, "pagination": {}})

    async def domains(self, request: web.Request) -> web.Response:
        """GET /api/delivery/tracemail/domains (``account`` narrows) -> ``[{id, name}]`` (id = domain code, not paged)."""
        found = scoped(request, self.state.values("delivery_domains"))
        wanted = account_param(request)
        if wanted is not None:
            codes = {code for acc in accounts_of(request, self.state) for code in acc.get("_domain_codes", [])}
            found = [dom for dom in found if dom["code"] in codes]
        rows = [{"id": dom["code"], "name": dom["name"]} for dom in sorted(found, key=lambda dom: dom["name"])]
        return json_response({"resources": rows, "pagination": {}})

    async def daily_statistics(self, request: web.Request) -> web.Response:
        """GET .../daily_statistics (``account``, ``domain``, ``start_date``, ``end_date``) -> one row per day, oldest first."""
        start, end = window(request)
        items = select(request, self.state, common_filters(request, start, end))
        per_day: dict = {}
        for entry in items:
            per_day.setdefault(entry["submitted_at"][:10], []).append(entry)
        rows = []
        for offset in range((end - start).days + 1):
            day = (start + datetime.timedelta(days=offset)).isoformat()
            counts = tracemail.tally(per_day.get(day, []))
            rows.append({"date": day, **{key: counts[key] for key in ("all", "delivered", "bounce", "suppressed", "queued", "errors")}})
        return json_response({"resources": rows, "pagination": {}})

    async def domain_ranking(self, request: web.Request) -> web.Response:
        """GET .../domain_ranking (``account``, ``start_date``, ``end_date``) -> sender domains by volume (most first)."""
        start, end = window(request)
        per_domain: dict = {}
        for entry in select(request, self.state, common_filters(request, start, end)):
            if entry["collection"] != "errors" and entry.get("domain"):
                per_domain.setdefault(entry["domain"], []).append(entry)
        rows = []
        for name, found in per_domain.items():
            counts = tracemail.tally(found)
            rows.append({"domain": name, **{key: counts[key] for key in ("all", "delivered", "bounce", "suppressed")}})
        rows.sort(key=lambda row: (-row["all"], row["domain"]))
        return json_response({"resources": rows, "pagination": {}})

    async def alerts(self, request: web.Request) -> web.Response:
        """GET /api/delivery/dashboard/alerts (``code``, ``severity``, ``account``, dates) -> alerts, most severe first.

        GAP: the alert model is undocumented. Per visible account: ``bounce_rate`` and ``suppressed_rate`` over the
        report window (warning in the middle band, critical in the top band) and ``quota_usage`` of the plan
        (info from 50 %, warning from 80 %, critical at 100 %).
        """
        code = enum(request, "code", ALERT_CODES)
        severity = enum(request, "severity", SEVERITIES)
        start, end = window(request)
        items = select(request, self.state, common_filters(request, start, end))
        alerts = []
        for account in accounts_of(request, self.state):
            counts = tracemail.tally([entry for entry in items if entry["account"] == account["id"]])
            found = rates(counts)
            base = {"account": account["id"], "account_name": account["description"], "start_date": start.isoformat(),
                    "end_date": end.isoformat()}
            for name in ("bounce_rate", "suppressed_rate"):
                label = found[name + "_status"]
                if label in BAND_SEVERITY:
                    alerts.append(dict(base, id="%s:%d" % (name, account["id"]), code=name, severity=BAND_SEVERITY[label],
                                       value=found[name], band=label,
                                       message="%s %.2f %% (%s)" % (name.replace("_", " "), found[name], label.replace("_", " "))))
            used = usage([account])
            level = next((sev for limit, sev in QUOTA_SEVERITY if used["percent"] >= limit), None)
            if level:
                alerts.append(dict(base, id="quota_usage:%d" % account["id"], code="quota_usage", severity=level,
                                   value=used["percent"], band=None,
                                   message="%d of %d plan messages used" % (used["used"], used["messages"])))
        alerts = [alert for alert in alerts if (not code or alert["code"] == code) and (not severity or alert["severity"] == severity)]
        alerts.sort(key=lambda alert: (SEVERITY_ORDER[alert["severity"]], alert["code"], alert["account"]))
        return json_response({"resources": alerts, "pagination": {}})


# ---------------------------------------------------------------------- /_sim/
async def sim_tracemail(request: web.Request) -> web.Response:
    """``/_sim/tracemail``: GET ``{worked_delay, entries}``; PUT ``{worked_delay}``; POST ``{entries: [...]}`` seeds.

    ``worked_delay``: seconds from ``queued`` to ``worked`` for new sends (0 = at once, null = the async delay).
    """
    state: State = request.app[STATE]
    if request.method == "POST":
        body = await read_json(request, {})
        if not isinstance(body, dict) or not isinstance(body.get("entries"), list):
            raise ControlError("body must be {entries: [...]}")
        return json_response({"entries": [tracemail.seed_entry(state, dict(item)) for item in body["entries"]]})
    if request.method == "PUT":
        body = await read_json(request, {})
        if not isinstance(body, dict) or "worked_delay" not in body:
            raise ControlError("body must be {worked_delay: seconds or null}")
        value = body["worked_delay"]
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
            raise ControlError("worked_delay must be a number >= 0 or null")
        tracemail.settings(state)["worked_delay"] = value
    entries = [public(entry) for entry in tracemail.entries(state)]
    return json_response({"worked_delay": tracemail.settings(state)["worked_delay"], "entries": entries})


def register(routes: web.RouteTableDef, state: State) -> None:
    """Add the TraceMail routes, the dashboard alerts, ``/_sim/tracemail`` and the ``tracemail`` fixture loader."""
    handlers = TraceMail(state)
    state.seeders["tracemail"] = tracemail.seed_entry
    state.declare("tracemail", "tracemail_bounces", "send_settings")
    base = "/api/delivery/tracemail"
    routes.get(base + "/mailouts")(handlers.mailouts)
    routes.get(base + "/counters")(handlers.counters)
    routes.get(base + "/dashboard")(handlers.dashboard)
    routes.get(base + "/accounts")(handlers.accounts)
    routes.get(base + "/domains")(handlers.domains)
    routes.get(base + "/daily_statistics")(handlers.daily_statistics)
    routes.get(base + "/domain_ranking")(handlers.domain_ranking)
    routes.get("/api/delivery/dashboard/alerts")(handlers.alerts)
    for method in ("GET", "PUT", "POST"):
        routes.route(method, "/_sim/tracemail")(guarded(sim_tracemail))
