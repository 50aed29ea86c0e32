#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: migration
short_description: Migrate mailboxes from another IMAP server into Qboxmail
version_added: 0.2.0
description:
  - Creates Qboxmail mailbox migrations, which copy the mail of accounts on a remote IMAP server into Qboxmail
    mailboxes, waits for them, forces a run now, or deletes them.
  - "The accounts come from a CSV file on the host the module runs on (O(csv_file)) or from a list (O(rows)). The
    module builds the CSV Qboxmail takes in memory: one account a line, the fields C(local_email;remote_username;
    remote_password;remote_server) separated by C(;), quoted with C(\") where needed, no header line. It is never
    written to disk and never shown, in check mode either: it holds the remote passwords."
  - Every row is checked before anything is sent, and every bad row is named by its number (the line in
    O(csv_file), the position in O(rows)) - malformed addresses, missing fields, an address twice. Before creating,
    the module also checks the O(preset) against Qboxmail's presets, that every O(rows[].local_email) is in one of
    the customer's domains (one read of the domains), and that there is room for the migrations.
  - A migration holds at most 500 rows; a longer list is split into several migrations of at most 500 rows
    (the rows sorted by local address). At most 5 migrations of a customer may be in progress at once (status
    C(validating), C(to_schedule), C(scheduled) or C(running)); a list that needs more migrations than are free
    fails before anything is created, saying how many it needs and how many are free.
  - "Each migration is named by its rows: C(csv_file_name) is C(ansible-<16 hex digits>.csv), the start of the
    SHA-256 of the rows as sent, without the passwords (so the name reveals nothing about them). Running the same
    task again finds the migration by that name and creates nothing; changing a row (other than its password)
    makes a new migration. Migrations cannot be changed: to change the schedule or the preset, delete the migration
    (O(state=absent)) and run the task again."
  - After a create whose answer was lost (timeout, dropped connection, 502/504), the module looks the migration up
    by its name and uses it when it exists; otherwise it reports that the create may have been applied and does not
    send it again (a second migration of the same mailboxes would copy their mail twice). Running the task again
    finds the migration, or creates it.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode makes the same reads and checks and returns RV(would_send), the requests a real run would make,
        without the CSV contents.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details:
      - The diff shows, per migration name, the migration created, started or deleted.
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
    support: partial
    details:
      - Creating is idempotent through the migration's name (its idempotency key, see the description); a second
        identical task finds the migration and does not start another one.
      - O(execute) is not idempotent in Qboxmail (it forces a run). The module sends it only while the run has not
        started, and never sends it again after an unclear answer.
      - A migration deleted with O(state=absent) is created again by the next task that lists its rows.
  action_group:
    description: Use C(group/qboxmail.qboxmail.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - qboxmail.qboxmail.all
options:
  csv_file:
    description:
      - Path of a CSV file on the host the module runs on with one account a line, C(local_email;remote_username;
        remote_password;remote_server), no header line (UTF-8; the byte-order mark Excel writes is accepted). Fields
        holding C(;) are quoted with C(\").
    type: path
  rows:
    description: The accounts to migrate.
    type: list
    elements: dict
    suboptions:
      local_email:
        description: The Qboxmail mailbox that receives the mail. It must exist when the migration runs.
        type: str
      remote_username:
        description: The login on the remote server.
        type: str
      remote_password:
        description: The password on the remote server.
        type: str
      remote_server:
        description: Host name or IP address of the remote IMAP server (C(host) or C(host:port)). Default O(remote_server).
        type: str
  remote_server:
    description: The remote server of every row that gives none.
    type: str
  preset:
    description:
      - The kind of remote server, one of Qboxmail's migration presets (for example V(standard_ssl),
        V(standard_no_ssl), V(gmail), V(exchange), V(office365)); checked against Qboxmail's list before creating.
      - Required to create a migration.
    type: str
  execute_now:
    description: Start the first run as soon as the rows are validated, instead of at O(first_execution_date).
    type: bool
    default: false
  first_execution_date:
    description:
      - When the first run starts, an ISO 8601 date-time (V(2026-12-01T22:00:00Z), V(2026-12-01 23:00+01:00); without
        an offset, UTC). Required to create a migration unless O(execute_now=true).
    type: str
  second_execution_date:
    description:
      - When a second run copies what arrived since the first run (for the switch of the MX records); after the first.
    type: str
  date_filter_preset:
    description: Which mail to copy by date. Qboxmail's default is V(all).
    type: str
    choices: [all, last_month, last_6_months, last_year, custom]
  custom_from_date:
    description: With O(date_filter_preset=custom), the oldest date of the mail to copy (ISO 8601 date or date-time).
    type: str
  code:
    description:
      - An existing migration by code (V(MG) followed by 8 digits), instead of its rows, for O(state=absent),
        O(execute) or O(wait_for).
    type: str
  execute:
    description:
      - Force the V(first) or V(second) run of existing migrations (named by O(code) or by their rows) to start now.
      - Only for administrator tokens in Qboxmail; with another token the API answers 403 and the module says so.
      - Sent only while that run has not started; never repeated after an unclear answer (see O(wait_for)).
      - V(second) also starts one more pass of an ended migration that had no second run planned (to copy what
        arrived since the first run, after the MX switch).
    type: str
    choices: [first, second]
  state:
    description:
      - V(present) creates the migrations that do not exist yet. V(absent) deletes them, which cancels their
        planned runs; Qboxmail refuses to delete a migration while a run is in progress.
    type: str
    choices: [present, absent]
    default: present
  wait_for:
    description:
      - V(accepted) returns once Qboxmail accepted the migrations.
      - V(scheduled) waits until Qboxmail validated the rows (the status has left V(validating)); rows that failed the
        validation are returned in RV(failed_resources) with a warning.
      - V(completed) waits for a final status - V(completed), V(completed_with_errors) (a warning; the failing rows
        with their logs in RV(failed_resources)) or V(failed) (the task fails with them). Refused, before anything
        is sent, with a O(first_execution_date) in the future.
      - Progress is read once per migration and poll (its stats). Also when the migrations already existed.
    type: str
    choices: [accepted, scheduled, completed]
    default: accepted
  wait_timeout:
    description: How many seconds O(wait_for) waits. A migration of large mailboxes takes hours.
    type: int
    default: 300
notes:
  - Qboxmail validates each row again (the local mailbox must exist); rows it rejects do not stop the others.
seealso:
  - module: qboxmail.qboxmail.migration_info
  - module: qboxmail.qboxmail.mailbox
"""

EXAMPLES = r"""
- name: Migrate two mailboxes tonight, then once more after the MX switch
  qboxmail.qboxmail.migration:
    preset: standard_ssl
    remote_server: imap.old-provider.example
    first_execution_date: "2026-12-01T22:00:00Z"
    second_execution_date: "2026-12-02T20:00:00Z"
    rows:
      - {local_email: alice@example.com, remote_username: alice, remote_password: "{{ vault_alice_old_pw }}"}
      - {local_email: bob@example.com, remote_username: bob@old.example, remote_password: "{{ vault_bob_old_pw }}"}

- name: Migrate from a CSV file now and wait until every mailbox is copied
  qboxmail.qboxmail.migration:
    csv_file: /secure/migration.csv
    preset: office365
    execute_now: true
    wait_for: completed
    wait_timeout: 14400
  register: qbx_migration

- name: Mailboxes that failed, with their logs
  ansible.builtin.debug:
    msg: "{{ item.local_email }}: {{ item.error_details }}"
  loop: "{{ qbx_migration.failed_resources | default([]) }}"

# example: skip names a migration by its code (MG00000042), which only an account that ran that migration has
- name: Start the second run now (administrator token)
  qboxmail.qboxmail.migration:
    code: MG00000042
    execute: second

- name: Cancel a planned migration
  qboxmail.qboxmail.migration:
    csv_file: /secure/migration.csv
    state: absent
"""

RETURN = r"""
migrations:
  description:
    - The migrations of the rows (one per 500 rows), as Qboxmail returns them, with their C(stats) when the module
      waited (C(total), C(completed), C(failed), C(running), C(waiting), C(messages_migrated), C(bytes_migrated)).
    - In check mode, a migration still to create has only C(csv_file_name), C(resources) and C(code=null).
  returned: always
  type: list
  elements: dict
  sample:
    - code: MG00000042
      csv_file_name: ansible-3f2a9c0d11e4b5a6.csv
      status: completed_with_errors
      preset: standard_ssl
      resources: 2
      stats: {total: 2, completed: 1, failed: 1, running: 0, waiting: 0, messages_migrated: 120, bytes_migrated: 2949120}
failed_resources:
  description:
    - The rows that failed (validation or migration) of the migrations waited for, at most 50 per migration, each with
      C(migration), C(code), C(local_email), C(remote_username), C(remote_server), C(status), C(error_details) and
      C(logs) (the log text of each run that happened, by run name).
  returned: when a migration waited for has failing rows
  type: list
  elements: dict
summary:
  description: C(rows), C(migrations), C(created), C(existing), C(executed), C(deleted) and C(requests) (API requests made).
  returned: always
  type: dict
  sample: {rows: 1000, migrations: 2, created: 2, existing: 0, executed: 0, deleted: 0, requests: 9}
would_send:
  description: In check mode, the requests a real run would make; the CSV contents are left out (C(rows) counts them).
  returned: in check mode
  type: list
  elements: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._action import wait_fields
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError, path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAINS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._jobs import (
    DATE_FILTER_PRESETS, FINAL_MIGRATION, MAX_ACTIVE_MIGRATIONS, MAX_MIGRATION_ROWS, MIGRATION, MIGRATION_COLUMNS,
    MIGRATIONS, CsvJob, active_migrations, fail_rows, failed_resources, get_job, iso_utc, migration_rows,
    outside_domains, presets, run_pending, utc_datetime, utcnow,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure

ADMIN_HINT = ("Starting a migration run now is reserved to Qboxmail administrator tokens (the API answered 403): use an "
              "administrator token with customer_code, or let the run start at its execution date")


class Migration(CsvJob):
    name = "migrations"
    what = code_kind = "migration"
    list_path, item_path, max_rows = MIGRATIONS, MIGRATION, MAX_MIGRATION_ROWS
    check_with = "qboxmail.qboxmail.migration_info"
    fields = dict(
        csv_file=Option("path"),
        rows=Option("list", elements="dict", options=dict(
            local_email=Option(), remote_username=Option(), remote_password=Option(no_log=True), remote_server=Option())),
        remote_server=Option(),
        preset=Option(),
        execute_now=Option("bool", default=False),
        first_execution_date=Option(),
        second_execution_date=Option(),
        date_filter_preset=Option(choices=list(DATE_FILTER_PRESETS)),
        custom_from_date=Option(),
        code=Option(),
        execute=Option(choices=["first", "second"]),
        state=Option(default="present", choices=["present", "absent"]),
        **wait_fields(("accepted", "scheduled", "completed"))
    )
    module_kwargs = dict(mutually_exclusive=[("csv_file", "rows", "code")], required_one_of=[("csv_file", "rows", "code")])
    failing = ()
    to_execute = ()

    def read_rows(self):
        return migration_rows(self.params)

    def job_columns(self):
        return MIGRATION_COLUMNS

    def check_options(self):
        p = self.params
        self.failing, self.executed, self.to_execute = [], [], []
        if p.get("execute") and (self.state == "absent" or p["execute_now"]):
            raise ModuleFailure("execute forces a run of an existing migration: it cannot go with %s" % (
                "state=absent" if self.state == "absent" else "execute_now (which starts a new migration at once)"))
        self.dates = dict((o, self.date(o)) for o in ("first_execution_date", "second_execution_date", "custom_from_date"))
        first, second = self.dates["first_execution_date"], self.dates["second_execution_date"]
        if p["execute_now"] and first:
            raise ModuleFailure("first_execution_date and execute_now=true exclude each other")
        if second and second <= (utcnow() if p["execute_now"] else first or second):
            raise ModuleFailure("second_execution_date must be after the first run (%s)" % (
                "now" if p["execute_now"] else p.get("first_execution_date") or "first_execution_date is not set"))
        if (p.get("date_filter_preset") == "custom") != bool(p.get("custom_from_date")):
            raise ModuleFailure("custom_from_date goes with date_filter_preset=custom, and only with it")
        if self.state == "present" and p["wait_for"] == "completed" and first and first > utcnow():
            raise ModuleFailure("wait_for=completed cannot wait for a migration whose first_execution_date (%s) is in the "
                                "future: use wait_for=scheduled, or execute_now=true" % iso_utc(first))
        if self.chunks and self.state == "present" and not p.get("execute"):
            missing = [o for o in ("preset",) if not p.get(o)]
            if not p["execute_now"] and not first:
                missing.append("first_execution_date (or execute_now=true)")
            if missing:
                raise ModuleFailure("%s %s required to create a migration" % (" and ".join(missing), (
                    "are" if len(missing) > 1 else "is")))

    def date(self, option):
        value = self.params.get(option)
        if not value:
            return None
        try:
            return utc_datetime(value)
        except ValueError as exc:
            raise ModuleFailure("%s: %s" % (option, exc))

    # ------------------------------------------------------------------ reads and decisions
    def decide(self, client):
        p = self.params
        if p.get("execute"):
            self.plan_execute()
        elif self.missing:
            self.check_create(client)
        for key, obj in self.objs.items():
            if self.state == "present" and p.get("preset") and obj.get("preset") not in (None, p["preset"]):
                self.warnings.append("migration %s exists with preset %s, not %s; a migration cannot be changed: delete "
                                     "it (state=absent) and run again to use another preset" % (key, obj["preset"], p["preset"]))

    def check_create(self, client):
        """Before any write: the preset, the local addresses, and room for the new migrations."""
        known = [item.get("code") for item in presets(client)]
        if self.params["preset"] not in known:
            raise ModuleFailure("preset: %s is not a migration preset of Qboxmail (it has: %s)" % (
                self.params["preset"], ", ".join(str(k) for k in known)))
        domains = set(obj.get("name") for obj in client.paginate(DOMAINS))
        outside = outside_domains(self.rows, domains)
        if outside and self.ctx.check_mode:   # as for references: a previous task of the play may create the domains
            self.ctx.warn("%d row(s) are not in one of the customer's domains (%s): check mode assumes that a previous "
                          "task of this play creates the domains" % (len(outside), "; ".join(outside[:5])))
        else:
            fail_rows(self.option, outside, len(self.rows))
        active = active_migrations(client)
        free = max(0, MAX_ACTIVE_MIGRATIONS - len(active))
        if len(self.missing) > free:
            raise ModuleFailure("%s: %d rows need %d new migration(s) (at most %d rows each), but only %d of the %d a customer "
                                "may have in progress are free (in progress: %s); nothing was created: wait for some "
                                "to complete, or delete planned ones" % (
                                    self.option, len(self.rows), len(self.missing), MAX_MIGRATION_ROWS, free,
                                    MAX_ACTIVE_MIGRATIONS, ", ".join("%s %s" % (o.get("code"), o.get("status")) for o in active)
                                    or "none"))

    def plan_execute(self):
        """Which existing migrations need the run forced; every migration must exist."""
        run = self.params["execute"]
        if self.missing:
            raise ModuleFailure("execute: %d of the %d migrations of these rows do not exist yet; create them first "
                                "(execute_now=true starts a new migration at once)" % (len(self.missing), len(self.chunks)))
        for key, obj in self.objs.items():
            pending = run_pending(obj, run)
            if pending is None:
                raise ModuleFailure("execute: the %s run of migration %s cannot start now: it is %s (%s)%s" % (
                    run, obj.get("code"), obj.get("status"), obj.get("status_detail"),
                    "; wait until it is scheduled (wait_for=scheduled)" if obj.get("status") == "validating" else ""))
            if pending:
                self.to_execute.append((key, obj))

    # ------------------------------------------------------------------ writes
    def extra_calls(self):
        run, calls = self.params.get("execute"), []
        for key, obj in self.to_execute:
            calls.append(self.call("PUT", path(MIGRATION, code=obj["code"]), {"execution": run}, key,
                                   "start the %s run of migration %s now" % (run, obj["code"])))
            self.note(key, {"status": obj.get("status"), "status_detail": obj.get("status_detail")},
                      {"status": "running", "status_detail": "%s execution" % run})
        return calls

    def create_body(self, key, chunk):
        p = self.params
        body = dict(self.upload(key, chunk), preset=p["preset"])
        if p["execute_now"]:
            body["execute_now"] = True
        for option in ("first_execution_date", "second_execution_date", "custom_from_date"):
            if self.dates[option]:
                body[option] = iso_utc(self.dates[option])
        if p.get("date_filter_preset"):
            body["date_filter_preset"] = p["date_filter_preset"]
        return body

    def accepted(self, call, resp):
        super(Migration, self).accepted(call, resp)
        if call.method == "PUT":
            self.executed.append(call.key)

    def applied(self, call):
        """A create without an answer is looked up by its name; a forced run by whether it started. Never re-sent."""
        if call.method != "PUT":
            return super(Migration, self).applied(call)
        obj = get_job(self.ctx.client, MIGRATION, self.objs[call.key]["code"])
        if obj is not None and run_pending(obj, self.params["execute"]) is False:
            self.objs[call.key] = obj
            self.executed.append(call.key)
            return True
        return False

    def failure(self, error, call):
        msg = super(Migration, self).failure(error, call)
        if error and call is not None and call.method == "PUT" and error.startswith("HTTP 403"):
            msg += ". " + ADMIN_HINT
        return msg

    # ------------------------------------------------------------------ wait
    def wait(self):
        if self.state == "absent":
            return
        client, stage = self.ctx.client, self.params["wait_for"]
        codes = dict((key, obj["code"]) for key, obj in self.objs.items())
        if stage == "accepted":
            for key in self.created:
                self.objs[key] = get_job(client, MIGRATION, codes[key]) or self.objs[key]
            return
        pending = list(codes)

        def read_stats(key):
            self.stats[key] = client.get_one(path(MIGRATION, code=codes[key]) + "/stats")

        def read():
            for key in list(pending):
                obj = get_job(client, MIGRATION, codes[key])
                if obj is None:
                    raise ModuleFailure("migration %s (%s) disappeared while waiting for it" % (codes[key], key))
                self.objs[key] = obj
                status = obj.get("status")
                if status in FINAL_MIGRATION or (stage == "scheduled" and status != "validating"):
                    pending.remove(key)
                    read_stats(key)   # once, when it got there (not on every poll round)
            return pending

        def describe(rest):
            for key in rest:   # the timeout message: how far each one got
                try:
                    read_stats(key)
                except QboxmailError:
                    pass
            return "; ".join("%s is %s (%s of %s rows done)" % (codes[k], self.objs[k].get("status"), (
                self.stats.get(k) or {}).get("completed"), (self.stats.get(k) or {}).get("total")) for k in rest)
        self.poller().wait(read, lambda rest: not rest, describe, "%d migration(s) to be %s" % (len(codes), stage),
                           details=lambda rest: self.result())
        self.outcome()

    def outcome(self):
        """Failing rows with their logs; the task fails when a migration failed as a whole."""
        failed, with_errors = [], []
        for key, obj in self.objs.items():
            if obj.get("status") == "failed":
                failed.append(obj["code"])
            elif obj.get("status") == "completed_with_errors" or obj.get("resources_has_errors"):
                with_errors.append(obj["code"])
            else:
                continue
            self.failing.extend(failed_resources(self.ctx.client, obj))
        if failed:
            raise ModuleFailure("migration %s failed: %s" % (", ".join(failed), "; ".join(
                "%s: %s" % (r["local_email"], describe_errors(r)) for r in self.failing[:10])), **self.result())
        if with_errors:
            self.warnings.append("%d row(s) of migration %s failed (see failed_resources): %s" % (
                len(self.failing), ", ".join(with_errors), "; ".join(
                    "%s: %s" % (r["local_email"], describe_errors(r)) for r in self.failing[:10])))

    def result(self):
        out = super(Migration, self).result()
        out["summary"]["executed"] = len(self.executed)
        if self.failing:
            out["failed_resources"] = self.failing
        return out


def describe_errors(row):
    return ", ".join(str(e.get("description") if isinstance(e, dict) else e) for e in row.get("error_details") or []) or \
        row.get("status_detail") or row.get("status")


def main():
    Migration.run()


if __name__ == "__main__":
    main()
