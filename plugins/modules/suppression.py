#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: suppression
short_description: Manage the Qboxmail Delivery suppression list
version_added: 0.1.0
description:
  - Add, change and remove addresses on the customer's Delivery suppression list, the addresses Delivery does not
    send to. Four forms, one per task
  - "One entry: O(email) with O(reason), O(accounts), O(active) and O(state)."
  - "Many entries: O(entries), converged in one task: the list is read page by page (100 entries a page), only the
    needed writes are sent, by O(workers) threads. With O(purge=true) entries the list does not mention are removed."
  - "Import: O(import_csv), a CSV file on the host the module runs on. Only the rows that differ from the list are sent,
    in one request to Qboxmail's import endpoint; the task reports no change when every row already matches. Entries
    not in the file are kept."
  - "Export: O(export_csv), the whole list written as CSV to a file on the host the module runs on; a change is
    reported only when the file's content changes."
  - The CSV layout (import and export) is one header line C(email,reason,accounts,active), then one entry a line;
    C(accounts) are Delivery account ids separated by C(;) (empty for every account), C(active) is C(true) or
    C(false) (empty means true).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
options:
  email:
    description: The address of one entry. Compared case-insensitively.
    type: str
  reason:
    description:
      - Why the address is suppressed. Required to add an entry. Qboxmail adds bounces by itself; complaints are added
        by hand.
    type: str
    choices: [bounce, complaint]
  accounts:
    description:
      - Delivery accounts the entry applies to, by description or id (a number is taken as the id).
      - The complete set; V([]) makes the entry apply to every account of the customer. Unset leaves it unchanged
        (a new entry then applies to every account).
    type: list
    elements: str
  active:
    description: Whether the entry suppresses delivery. V(false) keeps the entry but lets mail through.
    type: bool
  state:
    description: V(present) adds or updates the entry, V(absent) removes it. In O(entries), the default of every item.
    type: str
    choices: [present, absent]
    default: present
  entries:
    description:
      - Many entries converged in one task. O(reason), O(accounts), O(active) and O(state) set at task level are the
        defaults of every item.
    type: list
    elements: dict
    suboptions:
      email:
        description: The address.
        type: str
        required: true
      reason:
        description: As O(reason).
        type: str
        choices: [bounce, complaint]
      accounts:
        description: As O(accounts).
        type: list
        elements: str
      active:
        description: As O(active).
        type: bool
      state:
        description: As O(state).
        type: str
        choices: [present, absent]
  purge:
    description: With O(entries), remove the entries of the list that O(entries) does not mention.
    type: bool
    default: false
  workers:
    description: With O(entries), how many requests run at the same time (1 to 32).
    type: int
    default: 4
  import_csv:
    description:
      - Path of a CSV file on the host the module runs on, imported through Qboxmail's import endpoint (entries are
        added or updated by e-mail; none is removed). The file is checked before any request; bad lines are named.
    type: path
  export_csv:
    description:
      - Path of the file on the host the module runs on that receives the whole list as CSV (mode C(0600)).
        Not written in check mode.
    type: path
seealso:
  - module: qboxmail.qboxmail.suppression_info
  - module: qboxmail.qboxmail.delivery_account
"""

EXAMPLES = r"""
- name: Suppress an address that complained, for every account
  qboxmail.qboxmail.suppression:
    email: angry@example.org
    reason: complaint

- name: Let mail through again, keeping the entry
  qboxmail.qboxmail.suppression:
    email: angry@example.org
    active: false

- name: Converge many entries in one task
  qboxmail.qboxmail.suppression:
    reason: complaint
    accounts: [Shop notifications]
    entries:
      - email: a@example.org
      - email: b@example.org
        reason: bounce
      - email: old@example.org
        state: absent

- name: Import a CSV file (only rows that differ are sent)
  qboxmail.qboxmail.suppression:
    import_csv: files/suppression.csv

- name: Export the list
  qboxmail.qboxmail.suppression:
    export_csv: /var/backups/qboxmail-suppression.csv
"""

RETURN = r"""
suppression:
  description: The entry as Qboxmail returns it; empty after removal.
  returned: with O(email)
  type: dict
  sample:
    email: angry@example.org
    reason: complaint
    accounts: []
    active: true
entries:
  description: Per item of O(entries) (and purged entries), what changed.
  returned: with O(entries)
  type: list
  elements: dict
summary:
  description:
    - Counts of the task. With O(entries) and O(import_csv) C(items), C(created), C(updated), C(unchanged) (and
      C(deleted) for O(entries)); with O(export_csv) C(rows). C(requests) is the number of API requests made.
  returned: with O(entries), O(import_csv) or O(export_csv)
  type: dict
  sample: {items: 1000, changed: 0, created: 0, updated: 0, deleted: 0, failed: 0, requests: 10}
path:
  description: The exported file.
  returned: with O(export_csv)
  type: str
"""

import os


from ansible_collections.qboxmail.qboxmail.plugins.module_utils._bulk import LIST_OPTIONS, run_list
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import management_client
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    SUPPRESSION_PATH, SUPPRESSION_REASONS, entry_accounts, find_account, is_account_id, parse_suppression_csv,
    read_text, suppression_csv, write_private_file,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Field, ModuleFailure, Resource

# GAP: export is undocumented; CONTRACT.md fixes `GET /api/delivery/suppression_lists/export` answering CSV text.
EXPORT_PATH = SUPPRESSION_PATH + "/export"
IMPORT_PATH = SUPPRESSION_PATH + "/import"
DETAILS_PATH = SUPPRESSION_PATH + "/details"
ITEM_OPTIONS = dict(
    email=dict(type="str", required=True),
    reason=dict(type="str", choices=list(SUPPRESSION_REASONS)),
    accounts=dict(type="list", elements="str"),
    active=dict(type="bool"),
    state=dict(type="str", choices=["present", "absent"]),
)
FORMS = ("email", "entries", "import_csv", "export_csv")


def email_value(value):
    text = str(value).strip().lower()
    local, _sep, host = text.partition("@")
    if "@" in host or not local or "." not in host or " " in text:
        raise ValueError("%r is not an e-mail address" % value)
    return text


def account_refs(values):
    """Ids as ints; descriptions stay strings until resolved (one lookup per distinct description)."""
    return [int(v) if is_account_id(v) else str(v).strip() for v in values]


class Suppression(Resource):
    name = "suppression"
    fields = {
        "email": Field(create_only=True, to_api=email_value),
        "reason": Field(),
        "accounts": Field(compare="set", to_api=account_refs),
        "active": Field(),
    }
    options = dict(
        email=dict(type="str"),
        reason=dict(type="str", choices=list(SUPPRESSION_REASONS)),
        accounts=dict(type="list", elements="str"),
        active=dict(type="bool"),
        state=dict(type="str", default="present", choices=["present", "absent"]),
        entries=dict(type="list", elements="dict", options=ITEM_OPTIONS),
        import_csv=dict(type="path"),
        export_csv=dict(type="path"),
        **LIST_OPTIONS
    )
    module_kwargs = dict(mutually_exclusive=[FORMS], required_one_of=[FORMS])
    list_path = SUPPRESSION_PATH
    key_option = "email"
    key_field = "email"
    code_field = "email"
    list_option = "entries"

    # ------------------------------------------------------------------ entry point (four forms)
    @classmethod
    def dispatch(cls, module):
        if module.params.get("import_csv"):
            return import_csv(module)
        if module.params.get("export_csv"):
            return export_csv(module)
        return super(Suppression, cls).dispatch(module)

    @classmethod
    def run_list(cls, module):
        shared = dict((k, module.params.get(k)) for k in ("reason", "accounts", "active", "state"))
        return run_list(module, cls, "entries", shared, {}, "entries")

    @staticmethod
    def bulk_prepare(client, resources, index):
        """Resolve account descriptions once for every item (ids need no request)."""
        cache = {}
        for res in resources:
            refs = res.wanted.get("accounts")
            if refs is None or all(isinstance(r, int) for r in refs):
                continue
            res.wanted["accounts"] = res.resolve(refs, cache)
            res.params["accounts"] = [str(i) for i in res.wanted["accounts"]]

    # ------------------------------------------------------------------ one entry
    def validate(self):
        if self.params["state"] == "absent" and any(self.params.get(k) is not None for k in ("reason", "accounts", "active")):
            self.warnings.append("reason, accounts and active are ignored with state=absent")
        self.params["email"] = self.wanted["email"]

    def resolve(self, refs, cache=None):
        cache = {} if cache is None else cache
        out = []
        for ref in refs:
            if isinstance(ref, int):
                out.append(ref)
                continue
            if ref not in cache:
                found = find_account(self.client, ref, "accounts")
                if found is None:
                    raise ModuleFailure("accounts: unknown Delivery account %s" % ref)
                cache[ref] = int(found["id"])
            out.append(cache[ref])
        return sorted(set(out))

    def converge(self, current):
        refs = self.wanted.get("accounts")
        if refs is not None and self.params.get("state") != "absent":
            self.wanted["accounts"] = self.resolve(refs)
        super(Suppression, self).converge(current)

    def find(self):
        return self.get(self.params["email"])

    def get(self, code):
        """POST .../details {email}: the entry, or None (404 or an empty list)."""
        try:
            found = self.client.post(DETAILS_PATH, {"email": code}).resources
        except QboxmailError as err:
            if err.status == 404:
                return None
            raise
        for entry in found:
            if str(entry.get("email") or "").lower() == code:
                return entry
        return None

    def compare(self, current):
        return super(Suppression, self).compare(dict(current, accounts=entry_accounts(current)))

    def before_create(self):
        if not self.params.get("reason"):
            raise ModuleFailure("reason is required to add %s to the suppression list (bounce or complaint)"
                                % self.params["email"])

    def create(self):
        body = {"email": self.params["email"], "reason": self.wanted["reason"]}
        if self.wanted.get("accounts"):
            body["accounts"] = self.wanted["accounts"]
        self.client.post(SUPPRESSION_PATH, body)
        if self.wanted.get("active") is False:
            self.client.put(SUPPRESSION_PATH + "/edit", {"email": self.params["email"], "active": False})
        return self.params["email"]

    def predict(self, current, changes=None):
        obj = super(Suppression, self).predict(current, changes)
        if current is None:
            obj.update(email=self.params["email"], active=self.wanted.get("active", True),
                       accounts=self.wanted.get("accounts") or [])
        return obj

    def update(self, current, changes):
        self.client.put(SUPPRESSION_PATH + "/edit", dict(changes, email=current["email"]))

    def delete(self, current):
        try:
            self.client.delete(SUPPRESSION_PATH, body={"email": current["email"]})
        except QboxmailError as err:
            if err.status != 404:
                raise


# ---------------------------------------------------------------------------------------- CSV forms
ROW_FIELDS = ("reason", "accounts", "active")


def row_of(entry):
    """An API suppression entry in the CSV row form: {email, reason, accounts (sorted ids), active}."""
    return {"email": str(entry.get("email") or "").lower(), "reason": entry.get("reason"),
            "accounts": entry_accounts(entry), "active": bool(entry.get("active", True))}


def settings(row):
    return dict((k, row[k]) for k in ROW_FIELDS)


def count_rows(text):
    """Data lines of a suppression CSV (the header and blank lines do not count)."""
    return max(0, len([line for line in text.splitlines() if line.strip()]) - 1)


def import_csv(module):
    path = module.params["import_csv"]
    text = read_text(path)
    if text is None:
        raise ModuleFailure("import_csv: %s does not exist on the host the module runs on" % path)
    try:
        rows = parse_suppression_csv(text, source="import_csv %s" % path)
    except ValueError as exc:
        raise ModuleFailure(str(exc))
    client = management_client(module)
    current = dict((row["email"], row) for row in (row_of(e) for e in client.paginate(SUPPRESSION_PATH)))
    created = [row for row in rows if row["email"] not in current]
    updated = [row for row in rows if row["email"] in current and settings(row) != settings(current[row["email"]])]
    todo = sorted(created + updated, key=lambda row: row["email"])
    if todo and not module.check_mode:
        content = suppression_csv(todo)
        client.post(IMPORT_PATH, {"csv_file_name": os.path.basename(path), "csv_file_content": content,
                                  "csv_file_size": len(content.encode("utf-8"))})
    out = dict(changed=bool(todo), summary=dict(items=len(rows), created=len(created), updated=len(updated),
                                                unchanged=len(rows) - len(todo), requests=client.request_count))
    if module._diff and todo:
        out["diff"] = dict(
            before=dict((row["email"], settings(current[row["email"]])) for row in updated),
            after=dict((row["email"], settings(row)) for row in todo))
    return out


def export_csv(module):
    path = module.params["export_csv"]
    client = management_client(module)
    body = client.get(EXPORT_PATH).body
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    if not isinstance(body, str):  # a JSON list of entries instead of CSV: render it in the same layout
        entries = body.get("resources") if isinstance(body, dict) else body
        body = suppression_csv(sorted((row_of(e) for e in entries or []), key=lambda row: row["email"]))
    old = read_text(path)
    changed = old != body
    if changed and not module.check_mode:
        write_private_file(path, body)
    rows = count_rows(body)
    out = dict(changed=changed, path=os.path.abspath(path),
               summary=dict(rows=rows, requests=client.request_count))
    if module._diff and changed:
        out["diff"] = dict(before=dict(rows=None if old is None else count_rows(old)), after=dict(rows=rows))
    return out


def main():
    Suppression.run()


if __name__ == "__main__":
    main()
