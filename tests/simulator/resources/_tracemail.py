# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The TraceMail store shared by the Send API (writes) and the TraceMail routes (reads).

Entries live in the ``tracemail`` collection in insertion order, keyed ``T<n>``. Their public fields are
CONTRACT.md's "TraceMail mailout entries" row plus ``customer_code`` (every stored object carries it):
``{message_id, request_id, account, domain, from, to, subject, status, collection, error_category,
error_message, auth_protocol, submitted_at, processed_at, customer_code}``; ``account`` is the Delivery
account id, ``domain`` the sender domain name. Private: ``_account_id``, ``_domain_code``, ``_key`` and, for
sends, ``_message`` (the message as queued, bulk placeholders rendered; shown by ``/_sim/state/tracemail``).

An accepted recipient is stored as ``collection: queued`` and moves to ``worked`` with its final ``status``
through ``State.schedule`` (lazy, applied on read) after ``worked_delay`` (``/_sim/tracemail``; default the
async delay). A bounce also adds the address to the suppression list; that side effect is applied by
``settle_bounces``, which the Send API, the suppression-list routes and the TraceMail routes call first.
"""
from __future__ import annotations

import datetime
import uuid

from ..state import State

COLLECTIONS = ("worked", "queued", "errors")  # [DOC] mailouts `collection`
STATUSES = ("delivered", "suppressed", "bounce")  # [DOC] mailouts `status`
ERROR_CATEGORIES = ("auth", "limits", "generic")  # [DOC] mailouts `error_category`
AUTH_PROTOCOLS = ("smtp", "api")  # [DOC] mailouts / counters `auth_protocol`
# GAP: no documented way to make a message bounce; recipients in these reserved test domains (or below them) bounce.
BOUNCE_DOMAINS = ("bounce.test",)
BOUNCE_MESSAGE = "550 5.1.1 <%s>: Recipient address rejected: User unknown (simulated bounce)"
SUPPRESSED_MESSAGE = "Recipient is on the suppression list (%s)"
SETTINGS_KEY = "settings"


def timestamp(moment: datetime.datetime | None = None) -> str:
    """ISO-8601 UTC with milliseconds, e.g. ``2026-04-16T08:41:13.225Z`` [DOC: send 202 example]."""
    moment = moment or datetime.datetime.now(datetime.timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def bounces(address: str) -> bool:
    """True when a recipient is in a reserved bounce domain (``BOUNCE_DOMAINS`` or a subdomain)."""
    domain = address.rsplit("@", 1)[-1]
    return any(domain == name or domain.endswith("." + name) for name in BOUNCE_DOMAINS)


def settings(state: State) -> dict:
    """The Send/TraceMail settings object (``rate_per_second``, ``worked_delay``), kept until reset."""
    store = state.collection("send_settings")
    if SETTINGS_KEY not in store:
        store[SETTINGS_KEY] = {"key": SETTINGS_KEY, "rate_per_second": None, "worked_delay": None}
    return store[SETTINGS_KEY]


def worked_delay(state: State) -> float:
    """Seconds from ``queued`` to ``worked``: the ``/_sim/tracemail`` value, else the async delay."""
    value = settings(state)["worked_delay"]
    return state.config.async_delay if value is None else float(value)


def insert(state: State, entry: dict) -> dict:
    """Store an entry under the next ``T<n>`` key (kept in its private ``_key``) and return it."""
    meta = settings(state)
    meta["next_entry"] = meta.get("next_entry", 0) + 1
    entry["_key"] = "T%d" % meta["next_entry"]
    state.collection("tracemail")[entry["_key"]] = entry
    return entry


def new_entry(account: dict, domain: dict | None, **fields) -> dict:
    """An entry of ``account`` with every public field (None where not given) and ``auth_protocol: api``."""
    entry = {
        "message_id": None, "request_id": None, "account": account["id"], "domain": domain["name"] if domain else None,
        "from": None, "to": None, "subject": None, "status": None, "collection": "queued", "error_category": None,
        "error_message": None, "auth_protocol": "api", "submitted_at": timestamp(), "processed_at": None,
        "customer_code": account["customer_code"], "_account_id": account["id"],
        "_domain_code": domain["code"] if domain else None,
    }
    entry.update(fields)
    return entry


def queue(state: State, entry: dict, final_status: str, reason: str | None = None) -> dict:
    """Store an accepted recipient as ``queued`` and schedule its ``worked`` transition with ``final_status``."""
    delay = worked_delay(state)
    processed = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=delay)
    message = None
    if final_status == "bounce":
        message = BOUNCE_MESSAGE % entry["to"]
    elif final_status == "suppressed":
        message = SUPPRESSED_MESSAGE % (reason or "suppressed")
    insert(state, entry)
    state.schedule(entry, {"collection": "worked", "status": final_status, "processed_at": timestamp(processed),
                           "error_message": message}, delay)
    if final_status == "bounce":
        state.collection("tracemail_bounces")[entry["_key"]] = {"key": entry["_key"]}
    return entry


def record_error(state: State, account: dict, domain: dict | None, category: str, message: str, **fields) -> dict:
    """Store a refused Send request under ``collection: errors`` (processed at once)."""
    entry = new_entry(account, domain, collection="errors", error_category=category, error_message=message, **fields)
    entry["processed_at"] = entry["submitted_at"]
    return insert(state, entry)


def settle_bounces(state: State) -> None:
    """Add the recipients of bounces that reached ``worked`` to the suppression list (reason ``bounce``)."""
    pending = state.collection("tracemail_bounces")
    if not pending:
        return
    from .delivery_suppression import add_automatic  # local: delivery_suppression imports this module
    for key in list(pending):
        entry = state.get("tracemail", key)
        if entry is None:
            del pending[key]
        elif entry["collection"] == "worked":
            add_automatic(state, entry["customer_code"], entry["to"], "bounce", entry["error_message"])
            del pending[key]


def entries(state: State) -> list:
    """Every entry, transitions and bounce side effects applied, in insertion order."""
    settle_bounces(state)
    return state.values("tracemail")


def tally(items: list) -> dict:
    """Counts of a set of entries: ``all`` (every accepted recipient: queued + worked), per status, queued, errors."""
    counts = {"all": 0, "delivered": 0, "suppressed": 0, "bounce": 0, "queued": 0, "errors": 0,
              "authErrors": 0, "limitsErrors": 0, "genericErrors": 0}
    for entry in items:
        if entry["collection"] == "errors":
            counts["errors"] += 1
            category = entry.get("error_category") or "generic"
            counts["%sErrors" % category if category in ERROR_CATEGORIES else "genericErrors"] += 1
            continue
        counts["all"] += 1
        if entry["collection"] == "queued":
            counts["queued"] += 1
        elif entry.get("status") in STATUSES:
            counts[entry["status"]] += 1
    return counts


def seed_entry(state: State, item: dict) -> str:
    """Fixture loader for ``POST /_sim/seed {"tracemail": [...]}`` and ``POST /_sim/tracemail``.

    Defaults: ``account`` the first account of ``customer_code``; ``from`` ``sender@<domain>`` (``domain``, else
    the account's first domain, else ``example.test``); ``domain`` the sender's domain; ``to``
    ``rcpt@example.org``; ``subject`` ``Seeded``; ``collection: worked`` with ``status: delivered``;
    ``submitted_at`` now (a plain ``YYYY-MM-DD`` becomes noon UTC of that day); ``processed_at`` = submitted
    (None when queued); ``error_category: generic`` for errors. Stored as given: no transition, no side effect.
    Returns the ``message_id`` (the ``request_id`` for errors).
    """
    item = dict(item)
    if isinstance(item.get("account"), str) and item["account"].isdigit():
        item["account"] = int(item["account"])
    account = state.get("delivery_accounts", item.get("account"))
    customer = item.pop("customer_code", None) or (account or {}).get("customer_code") or "C100000001"
    if account is None and item.get("account") is None:
        mine = [acc for acc in state.values("delivery_accounts") if acc["customer_code"] == customer]
        account = mine[0] if mine else None
    account = account or {"id": item.get("account"), "customer_code": customer}
    collection = item.get("collection") or "worked"
    if collection not in COLLECTIONS:
        raise ValueError("collection must be one of %s" % ", ".join(COLLECTIONS))
    codes = (account.get("_domain_codes") or [None])[:1] if account else [None]
    first = state.get("delivery_domains", codes[0]) if codes[0] else None
    default_domain = item.get("domain") or (first or {}).get("name") or "example.test"
    sender = (item.get("from") or "sender@%s" % default_domain).lower()
    submitted = item.get("submitted_at") or timestamp()
    if len(submitted) == 10:
        submitted += "T12:00:00.000Z"
    entry = new_entry(account, None, collection=collection, submitted_at=submitted, **{"from": sender})
    entry.update(customer_code=customer, domain=sender.rsplit("@", 1)[-1], to="rcpt@example.org", subject="Seeded",
                 request_id=str(uuid.uuid4()))
    if collection == "worked":
        entry.update(status="delivered", processed_at=submitted)
    elif collection == "errors":
        entry.update(error_category="generic", error_message="Seeded error", processed_at=submitted)
    entry.update({key: value for key, value in item.items() if key not in ("submitted_at", "from")})
    if entry["status"] is not None and entry["status"] not in STATUSES:
        raise ValueError("status must be one of %s" % ", ".join(STATUSES))
    if entry["error_category"] is not None and entry["error_category"] not in ERROR_CATEGORIES:
        raise ValueError("error_category must be one of %s" % ", ".join(ERROR_CATEGORIES))
    if entry["message_id"] is None and collection != "errors":
        entry["message_id"] = "%s@%s" % (uuid.uuid4(), entry["domain"])
    domain = next((dom for dom in state.values("delivery_domains") if dom["name"] == entry["domain"]), None)
    entry["_domain_code"] = domain["code"] if domain else None
    entry["_account_id"] = entry["account"]
    insert(state, entry)
    return entry["message_id"] or entry["request_id"]
