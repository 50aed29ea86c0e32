# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""In-memory store of the simulator: settings, collections, codes, credentials, DNS, faults, log.

Async transitions are lazy: an object may carry ``_pending = (due_monotonic_time, {field: value})``
(set it with ``State.schedule``); every read through the store applies it once it is due.
No background tasks and no sleeps are involved.
"""
from __future__ import annotations

import bisect
import collections
import copy
import dataclasses
import datetime
import fnmatch
import random
import time

from . import dnsquery

MODES = ("production", "sandbox")
NOW = "<now>"  # a pending field with this value gets the time at which the transition is applied
LOG_CAP = 200000

# Development credentials, seeded on start and on every reset (see docs/developing.md).
CUSTOMERS = (
    {"code": "C100000001", "fullname": "Demo Customer", "billing_profile": True, "reseller": False},
    {"code": "C100000002", "fullname": "No Billing Customer", "billing_profile": False, "reseller": False},
    {"code": "C100000003", "fullname": "Demo Reseller", "billing_profile": True, "reseller": True},
)
# Manager and team-member tokens name their user; the user (seeded by resources/managers.py and team_members.py)
# gives the customer and, for team members, the permissions. A missing or disabled user makes the token 401.
MANAGEMENT_TOKENS = (
    {"token": "qbx-admin-dev-token", "role": "admin", "customer_code": None},
    {"token": "qbx-customer-dev-token", "role": "customer", "customer_code": "C100000001"},
    {"token": "qbx-nobilling-dev-token", "role": "customer", "customer_code": "C100000002"},
    {"token": "qbx-reseller-dev-token", "role": "customer", "customer_code": "C100000003"},
    {"token": "qbx-manager-dev-token", "role": "manager", "manager_code": "MN10000001"},
    {"token": "qbx-team-dev-token", "role": "team_member", "team_member_code": "T100000001"},
)
# role -> (collection, token key) of the tokens that act for a user of a customer
USER_ROLES = {"manager": ("managers", "manager_code"), "team_member": ("team_members", "team_member_code")}


def now_iso() -> str:
    """Current UTC time as ISO-8601 with a ``Z`` suffix, e.g. ``2025-01-31T10:00:00Z``."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")


def public(obj: dict) -> dict:
    """Copy of an object without its private (``_``-prefixed) keys: what the API may show.

    Hot path of every list answer, so the scan runs in C: the keys starting with ``_`` are exactly
    those in the sorted range ``["_", "`")`` (backtick is the character after the underscore).
    """
    out = obj.copy()
    if not obj or min(obj) >= "`":
        return out
    keys = sorted(obj)
    for key in keys[bisect.bisect_left(keys, "_"):bisect.bisect_left(keys, "`")]:
        del out[key]
    return out


@dataclasses.dataclass
class SimConfig:
    """Settings of a simulator instance (CLI options / env vars, changeable through /_sim/config)."""

    host: str = "127.0.0.1"
    port: int = 8765
    mode: str = "production"
    async_delay: float = 0.3
    latency_ms: int = 0
    dns_server: str | None = None  # HOST:PORT of a DNS server that verifications query instead of the simulated zone

    def as_dict(self) -> dict:
        """The runtime-changeable settings."""
        return {"mode": self.mode, "async_delay": self.async_delay, "latency_ms": self.latency_ms,
                "dns_server": self.dns_server}

    @staticmethod
    def check(values: dict) -> list[str]:
        """Problems with a partial settings dict (empty list when valid)."""
        problems = []
        if "mode" in values and values["mode"] not in MODES:
            problems.append("mode must be one of %s" % ", ".join(MODES))
        for key in ("async_delay", "latency_ms"):
            value = values.get(key, 0)
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                problems.append("%s must be a number >= 0" % key)
        server = values.get("dns_server")
        if server is not None and server != "":
            try:
                dnsquery.parse_server(server if isinstance(server, str) else "")
            except ValueError:
                problems.append("dns_server must be HOST:PORT (or null/empty for the simulated zone)")
        return problems

    def apply(self, values: dict) -> None:
        """Apply a partial settings dict already accepted by ``check``."""
        if values.get("mode") is not None:
            self.mode = values["mode"]
        if values.get("async_delay") is not None:
            self.async_delay = float(values["async_delay"])
        if values.get("latency_ms") is not None:
            self.latency_ms = int(values["latency_ms"])
        if "dns_server" in values:
            self.dns_server = values["dns_server"] or None


def normalize_record(record: dict) -> dict:
    """A DNS record with a lower-case name without trailing dot and an upper-case type."""
    return {
        "name": str(record["name"]).strip().rstrip(".").lower(),
        "type": str(record["type"]).strip().upper(),
        "value": str(record["value"]).strip(),
    }


class State:
    """The whole simulated world. ``reset`` drops everything except settings made at start-up."""

    def __init__(self, config: SimConfig) -> None:
        self.initial = dataclasses.replace(config)
        self.config = config
        # Registered by resource files; all three survive resets.
        self.seeders: dict = {}  # collection -> fn(state, fixture) -> code (POST /_sim/seed)
        self.reset_hooks: list = []  # fn(state), run after every reset (users behind the seeded tokens)
        self.declared: set = {"customers", "tokens", "send_tokens"}  # collections that always exist
        self.log: collections.deque = collections.deque(maxlen=LOG_CAP)
        self.rng = random.Random()
        self.collections: dict = {}
        self.dns: list = []
        self.emails: list = []
        self.faults: list = []  # armed faults, in matching order
        self.spent_faults: list = []  # faults whose uses are all consumed
        self.fault_seq = 0
        self.seq = 0
        self.issued: set = set()
        self.snapshots: dict = {}  # name -> saved world (POST /_sim/snapshot); they survive resets
        self.reset()

    # ------------------------------------------------------------------ reset and seed
    def reset(self, overrides: dict | None = None) -> None:
        """Back to the start-up settings (plus ``overrides``) with only the seeded credentials."""
        self.config = dataclasses.replace(self.initial)
        self.config.apply(overrides or {})
        self.collections = {}
        self.dns = []
        self.emails = []
        self.clear_faults()
        self.fault_seq = 0
        self.log.clear()
        self.seq = 0
        self.issued = set()
        self.gaps = set()  # /_sim/gaps switches that are on (gaps.py)
        for name in sorted(self.declared):
            self.collection(name)
        for customer in CUSTOMERS:
            self.insert("customers", dict(customer))
        for token in MANAGEMENT_TOKENS:
            self.insert("tokens", dict(token), key="token")
        for hook in self.reset_hooks:
            hook(self)

    # The parts of the world a snapshot keeps; the request log and the faults are not kept (a restore empties them).
    SNAPSHOT_PARTS = ("config", "collections", "dns", "emails", "issued", "gaps")

    def snapshot(self, name: str) -> None:
        """Save the world under ``name`` (a deep copy: later changes do not touch it)."""
        parts = {part: getattr(self, part) for part in self.SNAPSHOT_PARTS}
        self.snapshots[name] = copy.deepcopy(dict(parts, rng=self.rng.getstate()))

    def restore(self, name: str) -> bool:
        """Back to the world saved under ``name`` (False when there is none), with no faults and an empty log."""
        saved = self.snapshots.get(name)
        if saved is None:
            return False
        saved = copy.deepcopy(saved)
        self.rng.setstate(saved.pop("rng"))
        for part, value in saved.items():
            setattr(self, part, value)
        self.clear_faults()
        self.log.clear()
        return True

    def on_reset(self, hook) -> None:
        """Run ``hook(state)`` now and after every reset (a resource family seeding its development fixtures)."""
        self.reset_hooks.append(hook)
        hook(self)

    # ------------------------------------------------------------------ collections
    def declare(self, *names: str) -> None:
        """Collections that exist (maybe empty) now and after every reset, so /_sim/state can dump them."""
        self.declared.update(names)
        for name in names:
            self.collection(name)

    def collection(self, name: str) -> dict:
        """The dict ``key -> object`` of a collection (created empty on first use)."""
        return self.collections.setdefault(name, {})

    def insert(self, name: str, obj: dict, key: str = "code") -> dict:
        """Store ``obj`` under ``obj[key]`` and return it."""
        self.collection(name)[obj[key]] = obj
        if isinstance(obj[key], str):
            self.issued.add(obj[key])
        return obj

    def get(self, name: str, key) -> dict | None:
        """One object (pending transitions applied) or None."""
        obj = self.collection(name).get(key)
        if obj is not None:
            self.settle(obj)
        return obj

    def values(self, name: str) -> list:
        """All objects of a collection, pending transitions applied."""
        objs = list(self.collection(name).values())
        for obj in objs:
            self.settle(obj)
        return objs

    def remove(self, name: str, key) -> dict | None:
        """Remove one object and return it (None when absent)."""
        return self.collection(name).pop(key, None)

    def remove_children(self, field: str, value) -> int:
        """Remove from every collection the objects whose ``field`` equals ``value``."""
        removed = 0
        for objs in self.collections.values():
            for key in [key for key, obj in objs.items() if isinstance(obj, dict) and obj.get(field) == value]:
                del objs[key]
                removed += 1
        return removed

    def new_code(self, prefix: str, digits: int) -> str:
        """A fresh code such as ``D123456789`` (``prefix`` + ``digits`` random digits), never issued before."""
        while True:
            code = "%s%0*d" % (prefix, digits, self.rng.randrange(10 ** digits))
            if code not in self.issued:
                self.issued.add(code)
                return code

    def new_id(self, name: str) -> int:
        """The next integer id of a collection (Delivery accounts and tokens use integer ids)."""
        keys = [key for key in self.collection(name) if isinstance(key, int)]
        return max(keys, default=0) + 1

    # ------------------------------------------------------------------ lazy lifecycle
    def schedule(self, obj: dict, fields: dict, delay: float | None = None) -> None:
        """Apply ``fields`` to ``obj`` after ``delay`` seconds (default: the async delay).

        A transition already pending is merged into the new one (new fields win, the later due time counts).
        """
        due = time.monotonic() + (self.config.async_delay if delay is None else delay)
        merged = dict(obj["_pending"][1]) if obj.get("_pending") else {}
        merged.update(fields)
        obj["_pending"] = (due, merged)

    def cancel(self, obj: dict, *fields: str) -> None:
        """Drop ``fields`` from the pending transition of ``obj`` (all of it when none are named)."""
        pending = obj.get("_pending")
        if not pending:
            return
        rest = {key: value for key, value in pending[1].items() if fields and key not in fields}
        if rest:
            obj["_pending"] = (pending[0], rest)
        else:
            del obj["_pending"]

    @staticmethod
    def settle(obj: dict) -> dict:
        """Apply the pending transition of ``obj`` when it is due."""
        pending = obj.get("_pending")
        if pending and pending[0] <= time.monotonic():
            del obj["_pending"]
            stamp = now_iso()
            obj.update({key: stamp if value == NOW else value for key, value in pending[1].items()})
            if "updated_at" in obj:
                obj["updated_at"] = stamp
        return obj

    # ------------------------------------------------------------------ credentials
    def management_principal(self, token: str | None) -> dict | None:
        """The principal (``{token, role, customer_code}``) of a Management API token.

        A manager or team-member token also gets its user's ``customer_code`` (and ``permissions``); it is
        rejected (None) while the user is missing or not enabled.
        """
        found = self.collection("tokens").get(token) if token else None
        if found is None or found.get("role") not in USER_ROLES:
            return found
        collection, field = USER_ROLES[found["role"]]
        user = self.get(collection, found.get(field))
        if user is None or user.get("status") != "enabled":
            return None
        return dict(found, customer_code=user.get("customer_code"), permissions=list(user.get("permissions") or []))

    def send_principal(self, token: str | None) -> dict | None:
        """The object of the ``send_tokens`` collection whose private ``_token`` is this Bearer token."""
        if not token:
            return None
        for obj in self.collection("send_tokens").values():
            if obj.get("_token") == token:
                return obj
        return None

    def customer(self, code: str | None) -> dict | None:
        """A customer object (``{code, fullname, billing_profile}``) or None."""
        return self.collection("customers").get(code) if isinstance(code, str) else None

    # ------------------------------------------------------------------ DNS zone and e-mails
    def publish(self, records: list) -> None:
        """Add records to the simulated DNS zone (duplicates are ignored)."""
        for record in map(normalize_record, records):
            if record not in self.dns:
                self.dns.append(record)

    def unpublish(self, records: list | None = None) -> None:
        """Remove the given records from the zone, or all records."""
        if records is None:
            self.dns = []
            return
        gone = [normalize_record(record) for record in records]
        self.dns = [record for record in self.dns if record not in gone]

    def dns_values(self, name: str, rtype: str) -> list:
        """Values of the published records with this name and type: every verification reads DNS here.

        With ``config.dns_server`` set they are looked up on that DNS server (``dnsquery.lookup``), not in the zone
        kept by ``/_sim/dns``.
        """
        if self.config.dns_server:
            return dnsquery.lookup(self.config.dns_server, name, rtype)
        wanted = normalize_record({"name": name, "type": rtype, "value": ""})
        return [rec["value"] for rec in self.dns if rec["name"] == wanted["name"] and rec["type"] == wanted["type"]]

    def record_email(self, to: str, domain: str, code: str) -> None:
        """Remember an ownership code 'sent' by e-mail (read through GET /_sim/emails)."""
        self.emails.append({"to": to, "domain": domain, "code": code, "sent_at": now_iso()})

    # ------------------------------------------------------------------ faults and request log
    def arm_fault(self, fault: dict) -> dict:
        """Arm a checked fault: it gets an ``id``, ``remaining`` uses (its ``count``) and a ``fired`` counter."""
        self.fault_seq += 1
        fault.update(id=self.fault_seq, remaining=fault["count"], fired=0)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        """Disarm every fault and forget the spent ones (ids keep counting)."""
        self.faults = []
        self.spent_faults = []

    def take_fault(self, method: str, path: str) -> dict | None:
        """The first fault matching this request, with one use consumed (moved to the spent ones after its last), or None."""
        for fault in self.faults:
            if fault["method"] in ("*", method.upper()) and fnmatch.fnmatchcase(path, fault["path"]):
                fault["remaining"] -= 1
                fault["fired"] += 1
                if fault["remaining"] <= 0:
                    self.faults.remove(fault)
                    self.spent_faults.append(fault)
                return fault
        return None

    def log_request(self, entry: dict) -> dict:
        """Append an entry to the request log, numbering it with ``seq``."""
        self.seq += 1
        entry["seq"] = self.seq
        self.log.append(entry)
        return entry
