# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: Delivery TraceMail reads, shared by `tracemail_info`, the `tracemail` lookup and the
`send` module's wait for sent messages.

No Ansible module objects here: bad filters raise ValueError naming the option, API failures QboxmailError, so that
the lookup (on the controller) and the modules map them their own way.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import collections
import datetime

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import MAX_PAGE_SIZE
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import plugin_client
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import ACCOUNT_REF
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address, iso_date

BASE = "/api/delivery/tracemail"
PATHS = {
    "mailouts": BASE + "/mailouts",     # [DOC]
    "counters": BASE + "/counters",     # [DOC]
    # GAP: the paths and shapes below are CONTRACT.md's canonical choices (the reference pages are missing).
    "daily_statistics": BASE + "/daily_statistics",
    "domain_ranking": BASE + "/domain_ranking",
    "accounts": BASE + "/accounts",
    "domains": BASE + "/domains",
}
COLLECTIONS = ("worked", "queued", "errors")        # [DOC] mailouts `collection` (default worked)
STATUSES = ("delivered", "suppressed", "bounce")    # [DOC] mailouts `status`
ERROR_CATEGORIES = ("auth", "limits", "generic")    # [DOC] mailouts `error_category`
AUTH_PROTOCOLS = ("smtp", "api")                    # [DOC] mailouts / counters `auth_protocol`
CHOICES = {"collection": COLLECTIONS, "status": STATUSES, "error_category": ERROR_CATEGORIES,
           "auth_protocol": AUTH_PROTOCOLS}
FILTERS = ("account", "domain", "start_date", "end_date", "from", "to", "subject", "auth_protocol", "collection",
           "status", "error_category")
# Which filters each read takes: [DOC] for mailouts and counters; GAP: CONTRACT.md's for the reports.
KIND_FILTERS = {
    "mailouts": FILTERS,
    "counters": ("account", "domain", "start_date", "end_date", "from", "to", "subject", "auth_protocol"),
    "daily_statistics": ("account", "start_date", "end_date"),
    "domain_ranking": ("account", "start_date", "end_date"),
    "accounts": (),
    "domains": (),
}
KINDS = tuple(KIND_FILTERS)
# GAP: CONTRACT.md "finding a sent message in TraceMail": the UTC date of submitted_at, widened by one day when the
# send is this close to midnight (the server's clock and ours may differ a little).
MIDNIGHT_MARGIN = datetime.timedelta(minutes=10)


def check_filters(values):
    """The filters given (None and "" left out), checked and in the form the API takes; ValueError naming the option."""
    out = {}
    for name in FILTERS:
        value = values.get(name)
        if value is None or value == "":
            continue
        if name in ("start_date", "end_date"):
            try:
                out[name] = iso_date(value)
            except ValueError as exc:
                raise ValueError("%s: %s" % (name, exc))
        elif name in ("from", "to"):
            try:
                out[name] = email_address(value)
            except ValueError as exc:
                raise ValueError("%s: %s (TraceMail matches the whole address)" % (name, exc))
        elif name in CHOICES:
            if value not in CHOICES[name]:
                raise ValueError("%s must be one of %s (got %r)" % (name, ", ".join(CHOICES[name]), value))
            out[name] = value
        else:
            out[name] = str(value).strip()
    if out.get("start_date") and out.get("end_date") and out["start_date"] > out["end_date"]:
        raise ValueError("start_date %s is after end_date %s" % (out["start_date"], out["end_date"]))
    if out.get("status") and out.get("collection", "worked") != "worked":
        raise ValueError("status applies to collection worked only (got collection %s)" % out["collection"])
    if out.get("error_category") and out.get("collection") != "errors":
        raise ValueError("error_category applies to collection errors only: set collection: errors")
    return out


def account_id(client, value):
    """The id of a Delivery account named by id or description (one filtered lookup); ValueError when none or several."""
    key = ACCOUNT_REF.key(value)
    found = ACCOUNT_REF.lookup(client, key)
    if not found:
        raise ValueError("account: no such Delivery account %s (it does not exist, or this token cannot see it)" % key)
    if len(found) > 1:
        raise ValueError("account: Delivery account %s is ambiguous: %d match (%s); name it by its id" % (
            key, len(found), ", ".join(str(a.get("id")) for a in found)))
    return found[0]["id"]


def query_for(kind, filters):
    """The query parameters of one read from the checked filters (the account already an id)."""
    return dict((name, filters[name]) for name in KIND_FILTERS[kind] if filters.get(name) not in (None, ""))


def unwrap(entry):
    """A mailout entry. GAP: the docs show entries as opaque `{data: ...}`; CONTRACT.md: the fields at the top level,
    or wrapped in `data`."""
    if isinstance(entry, dict) and isinstance(entry.get("data"), dict) and "message_id" not in entry:
        return entry["data"]
    return entry


def read(client, kind, query, page=None):
    """One TraceMail read: mailouts (every page at the largest size, or only `page`), counters (one object), the
    reports and filter options (lists). Returns (data, pagination of the page read or None)."""
    path = PATHS[kind]
    if kind == "mailouts":
        if page is None:
            return [unwrap(e) for e in client.paginate(path, query)], None
        resp = client.get(path, client.scoped(dict(query, page=page, per=MAX_PAGE_SIZE)))
        pagination = resp.body.get("pagination") if isinstance(resp.body, dict) else None
        return [unwrap(e) for e in resp.resources], pagination or {}
    resp = client.get(path, client.scoped(query) or None)
    if kind == "counters":
        found = resp.resources
        if found:
            return found[0], None
        return (resp.body if isinstance(resp.body, dict) else {}), None
    return resp.resources, None


def lookup(params):
    """What the tracemail lookup returns for its options (connection, filters, `kind`): the entries, or [counters].
    ValueError names a bad option (never showing the token); API failures raise QboxmailError."""
    client = plugin_client(params, "pass api_token=... to the lookup or set QBOXMAIL_API_TOKEN (lookups do not receive "
                                   "module_defaults)")
    kind = params.get("kind") or "mailouts"
    if kind not in KINDS:
        raise ValueError("kind must be one of %s (got %r)" % (", ".join(KINDS), kind))
    filters = check_filters(params)
    if filters.get("account"):
        filters["account"] = account_id(client, filters["account"])
    data, _pagination = read(client, kind, query_for(kind, filters))
    return [data] if kind == "counters" else list(data)


# ------------------------------------------------------------------------------------------ sent messages
def parse_time(text):
    """A UTC datetime from an ISO-8601 time like 2026-04-16T08:41:13.225Z, or None."""
    if not isinstance(text, str) or len(text) < 10:
        return None
    value = text.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        try:
            moment = datetime.datetime.strptime(value[:10], "%Y-%m-%d")
        except ValueError:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return moment.astimezone(datetime.timezone.utc)


def date_window(submitted_at, now=None):
    """(start_date, end_date) that hold a message submitted at `submitted_at` (see MIDNIGHT_MARGIN)."""
    moment = parse_time(submitted_at) or now or datetime.datetime.now(datetime.timezone.utc)
    return (moment - MIDNIGHT_MARGIN).date().isoformat(), (moment + MIDNIGHT_MARGIN).date().isoformat()


class Tracker:
    """Finds sent messages in TraceMail. Mailouts have no message_id filter (CONTRACT.md): each read filters by sender,
    date window and, where the pending messages share them, subject and recipient, and matches message_id here.

    messages: [{message_id, sender, subject, submitted_at, recipients (bare addresses of to, cc and bcc)}].
    GAP: one entry per recipient (the simulator's choice; an entry has one `to`): a message is final when every
    recipient has a `worked` entry.
    """

    def __init__(self, client, messages):
        self.client = client
        self.messages = [m for m in messages if m.get("message_id")]
        self.entries = dict((m["message_id"], {}) for m in self.messages)

    def found(self, message):
        return bool(self.entries[message["message_id"]])

    def final(self, message):
        got = self.entries[message["message_id"]]
        wanted = message.get("recipients") or list(got)
        return bool(got) and all(got.get(r, {}).get("collection") == "worked" for r in wanted)

    def reached(self, stage):
        return self.final if stage == "final" else self.found

    def pending(self, stage):
        test = self.reached(stage)
        return [m for m in self.messages if not test(m)]

    def done(self, stage):
        return not self.pending(stage)

    def read(self, stage):
        """One round of reads for the messages that have not reached `stage` yet (`accepted` or `final`)."""
        groups = collections.OrderedDict()
        for message in self.pending(stage):
            start, end = date_window(message.get("submitted_at"))
            groups.setdefault((message.get("sender"), start, end), []).append(message)
        for (sender, start, end), group in groups.items():
            query = {"start_date": start, "end_date": end}
            if sender:
                query["from"] = sender
            subjects = set(m.get("subject") for m in group)
            if len(subjects) == 1 and None not in subjects:
                query["subject"] = subjects.pop()
            recipients = set(tuple(m.get("recipients") or ()) for m in group)
            if len(recipients) == 1:
                only = recipients.pop()
                if len(only) == 1:
                    query["to"] = only[0]
            wanted = set(m["message_id"] for m in group)
            # queued first: an entry that moves on between the two reads is then seen in `worked`, never missed
            for collection in (("queued", "worked") if stage == "accepted" else ("worked",)):
                for entry in self.client.paginate(PATHS["mailouts"], dict(query, collection=collection)):
                    entry = unwrap(entry)
                    if entry.get("message_id") in wanted:
                        self.record(entry, collection)
        return self

    def record(self, entry, collection):
        got = self.entries[entry["message_id"]]
        rcpt = str(entry.get("to") or "").strip().lower()
        row = {"to": rcpt, "collection": entry.get("collection") or collection, "status": entry.get("status"),
               "error_message": entry.get("error_message"), "processed_at": entry.get("processed_at")}
        if got.get(rcpt, {}).get("collection") != "worked" or row["collection"] == "worked":
            got[rcpt] = row

    def report(self, message):
        """{status, recipients}: per recipient its TraceMail state; the message's status is theirs when they agree,
        else `mixed`. States: delivered, bounce, suppressed (worked), queued, or not_found."""
        got = self.entries.get(message.get("message_id"), {})
        rows = []
        for rcpt in message.get("recipients") or list(got):
            row = got.get(rcpt) or {"to": rcpt, "collection": None, "status": None, "error_message": None,
                                    "processed_at": None}
            state = row["status"] if row["collection"] == "worked" else (row["collection"] or "not_found")
            rows.append(dict(row, state=state or "worked"))
        states = set(row["state"] for row in rows)
        return {"status": states.pop() if len(states) == 1 else ("mixed" if states else "not_found"), "recipients": rows}

    def describe(self, stage):
        waiting = self.pending(stage)
        return "%d of %d message(s) %s; still waiting for %s" % (
            len(self.messages) - len(waiting), len(self.messages), "final" if stage == "final" else "in TraceMail",
            ", ".join(m["message_id"] for m in waiting[:5]) + (" and %d more" % (len(waiting) - 5) if len(waiting) > 5 else ""))
