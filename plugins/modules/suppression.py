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
    C(false) (empty means true). Files saved by Excel (UTF-8 with a byte-order mark) are read as they are.
  - Exported cells that start with C(=), C(+), C(-), C(@), a tab or a carriage return get a leading C(') so that a
    spreadsheet does not run them as formulas.
  - An address that starts with one of those characters is refused in every input (O(email), O(entries),
    O(import_csv), with or without the leading C(')), before any request, naming the option or the CSV line.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.LIST
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
        (a new entry then applies to every account). Sent to Qboxmail as a list of account id strings.
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
  description:
    - Per item of O(entries) (and purged entries), what changed - C(email), C(state), C(changed), C(changes) - and
      for the items that changed (every item with O(return_objects=all)) the entry as C(suppression).
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
would_send:
  description: In check mode with O(import_csv) or O(export_csv), the requests (or file write) a real run would make,
    without the CSV contents.
  returned: in check mode with O(import_csv) or O(export_csv)
  type: list
  elements: dict
"""

import os

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._action import Action, Call
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    SUPPRESSION_OPTIONS, SUPPRESSION_PATH, entry_accounts, parse_suppression_csv, read_text, row_of, scoped, settings,
    suppression_csv, write_private_file,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import LIST_FIELDS, Resource, Write
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure

# GAP: export and import paths are CONTRACT.md's canonical choices (export answers CSV text).
EXPORT_PATH = SUPPRESSION_PATH + "/export"
IMPORT_PATH = SUPPRESSION_PATH + "/import"
DETAILS_PATH = SUPPRESSION_PATH + "/details"
FORMS = ("email", "entries", "import_csv", "export_csv")


class Suppression(Resource):
    name = "suppression"
    what = "suppression entry"
    fields = dict(SUPPRESSION_OPTIONS, **LIST_FIELDS)
    list_option = "entries"
    module_kwargs = dict(mutually_exclusive=[FORMS], required_one_of=[FORMS])
    list_path = SUPPRESSION_PATH
    key = key_field = code_field = "email"
    inherit = ("state", "reason", "accounts", "active")

    @classmethod
    def execute(cls, ctx):
        if ctx.params.get("import_csv"):
            return SuppressionImport.execute(ctx)
        if ctx.params.get("export_csv"):
            return SuppressionExport.execute(ctx)
        return super(Suppression, cls).execute(ctx)

    def validate(self):
        if self.state == "absent" and any(self.params.get(k) is not None for k in ("reason", "accounts", "active")) \
                and not self.ctx.params.get("entries"):
            self.warnings.append("reason, accounts and active are ignored with state=absent")
        self.params["email"] = self.wanted["email"]

    def resolve(self):
        super(Suppression, self).resolve()
        if self.wanted.get("accounts") is not None and self.state != "absent":   # string[] [DOC]
            self.wanted["accounts"] = sorted(set(str(i) for i in self.wanted["accounts"]))

    def find(self):
        return self.get(self.params["email"])

    def get(self, code):
        """POST .../details {email}: the entry, or None (404 or an empty list)."""
        try:
            found = self.client.post(DETAILS_PATH, scoped(self.ctx, {"email": code}), read=True).resources
        except QboxmailError as err:
            if err.status == 404:
                return None
            raise
        return next((e for e in found if str(e.get("email") or "").lower() == code), None)

    def plan(self, current):
        plan = super(Suppression, self).plan(current)
        self.code = self.params["email"]
        if current is None and plan.writes and self.wanted.get("active") is False:   # a new entry is active
            plan.add(self.update_write({"active": False}))
        return plan

    def compare(self, current, plan):
        return super(Suppression, self).compare(dict(current, accounts=[str(i) for i in entry_accounts(current)]), plan)

    def check_create(self):
        if not self.params.get("reason"):
            raise ModuleFailure("reason is required to add %s to the suppression list (bounce or complaint)"
                                % self.params["email"])

    def create_write(self):
        body = {"email": self.params["email"], "reason": self.wanted["reason"]}
        if self.wanted.get("accounts"):
            body["accounts"] = self.wanted["accounts"]
        return Write("POST", SUPPRESSION_PATH, scoped(self.ctx, body))

    def predict_create(self):
        return {"email": self.params["email"], "reason": self.wanted["reason"], "active": self.wanted.get("active", True),
                "accounts": self.wanted.get("accounts") or []}

    def update_write(self, changes):
        return Write("PUT", SUPPRESSION_PATH + "/edit", scoped(self.ctx, dict(changes, email=self.params["email"])))

    def plan_delete(self):
        return Write("DELETE", SUPPRESSION_PATH, scoped(self.ctx, {"email": self.params["email"]}),
                     error=lambda res, err: err.status == 404)


class SuppressionImport(Action):
    """import_csv: only the rows that differ from the list go to Qboxmail's import endpoint, in one request."""

    name = "summary"
    fields = Suppression.fields
    check_with = "suppression_info"

    def validate(self):
        path = self.params["import_csv"]
        text = read_text(path, "import_csv")
        if text is None:
            raise ModuleFailure("import_csv: %s does not exist on the host the module runs on" % path)
        try:
            self.rows = parse_suppression_csv(text, source="import_csv %s" % path)
        except ValueError as exc:
            raise ModuleFailure(str(exc))

    def prepare(self):
        self.current = dict((r["email"], r) for r in (row_of(e) for e in self.ctx.client.paginate(SUPPRESSION_PATH)))
        self.created = [r for r in self.rows if r["email"] not in self.current]
        self.updated = [r for r in self.rows if r["email"] in self.current and settings(r) != settings(self.current[r["email"]])]

    def calls(self):
        todo = sorted(self.created + self.updated, key=lambda row: row["email"])
        if not todo:
            return []
        content = suppression_csv(todo)
        body = {"csv_file_name": os.path.basename(self.params["import_csv"]), "csv_file_content": content,
                "csv_file_size": len(content.encode("utf-8"))}
        return [Call("POST", IMPORT_PATH, scoped(self.ctx, body), label="import of %d rows" % len(todo),
                     shown={"csv_file_name": body["csv_file_name"], "rows": len(todo)})]

    def result(self):
        todo = len(self.created) + len(self.updated)
        out = {"summary": dict(items=len(self.rows), created=len(self.created), updated=len(self.updated),
                               unchanged=len(self.rows) - todo, requests=self.ctx.client.request_count)}
        if self.ctx.diff and todo:
            out["diff"] = dict(before=dict((r["email"], settings(self.current[r["email"]])) for r in self.updated),
                               after=dict((r["email"], settings(r)) for r in self.created + self.updated))
        return out


class SuppressionExport(Action):
    """export_csv: the whole list as CSV (formula-safe cells) in a local file; a change only when its content changes."""

    name = "summary"
    fields = Suppression.fields

    def prepare(self):
        self.path = os.path.abspath(self.params["export_csv"])
        body = self.ctx.client.get(EXPORT_PATH, self.ctx.client.scoped() or None).body
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        if isinstance(body, str):
            rows = parse_suppression_csv(body.lstrip("\ufeff"), source="the exported list", user_input=False)
        else:  # GAP: a JSON list of entries instead of CSV text: the same rows
            rows = [row_of(e) for e in (body.get("resources") if isinstance(body, dict) else body) or []]
        self.rows = sorted(rows, key=lambda row: row["email"])
        self.text = suppression_csv(self.rows, spreadsheet_safe=True)
        self.old = read_text(self.path, "export_csv")

    def calls(self):
        if self.old == self.text:
            return []
        return [Call("WRITE", self.path, label="write %s" % self.path, family="local", shown={"rows": len(self.rows)},
                     run=lambda: write_private_file(self.path, self.text))]

    def result(self):
        out = {"path": self.path, "summary": dict(rows=len(self.rows), requests=self.ctx.client.request_count)}
        if self.ctx.diff and self.old != self.text:
            out["diff"] = dict(before=dict(rows=None if self.old is None else max(0, len(self.old.splitlines()) - 1)),
                               after=dict(rows=len(self.rows)))
        return out


def main():
    Suppression.run()


if __name__ == "__main__":
    main()
