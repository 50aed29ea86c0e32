#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: migration_info
short_description: Read Qboxmail mailbox migrations, their runs, rows, logs and stats, the presets and the service status
version_added: 0.2.0
description:
  - Returns one migration by code, or the migrations matching a search, each with what O(include) asks for - its
    progress (C(stats)), its two runs, its rows (resources) with their status, and the logs.
  - Also Qboxmail's migration presets (O(presets)) and the state of the migration service (O(service_status)).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  code:
    description: One migration by code (V(MG) followed by 8 digits).
    type: str
  query:
    description: Text search on the CSV file names, done by Qboxmail (the migration module names them C(ansible-...csv)).
    type: str
  status:
    description: Only migrations with this status.
    type: str
    choices: [validating, to_schedule, scheduled, running, failed, completed_with_errors, completed]
  include:
    description:
      - What to read for each migration returned (one or two reads each, and one per row and run for V(logs)).
      - V(stats) its progress; V(runs) its C(first) and C(second) run, with their logs; V(resources) its rows with their
        status; V(logs) the rows with the log of each run they had (implies V(resources)).
    type: list
    elements: str
    choices: [stats, runs, resources, logs]
    default: []
  resource_status:
    description:
      - With O(include=resources), only rows with this status (V(failed) means an error or a crashed run).
    type: str
    choices: [running, success, error, crashed, failed]
  presets:
    description: Return Qboxmail's migration presets in RV(presets).
    type: bool
    default: false
  service_status:
    description: Return the migration service's state in RV(service_status).
    type: bool
    default: false
notes:
  - With O(presets) or O(service_status) alone (no O(code), O(query) or O(status)), the migrations are not read.
  - Its items have no C(options) to feed back into M(qboxmail.qboxmail.migration) - a migration is created from rows that
    hold the remote passwords, which Qboxmail never returns.
seealso:
  - module: qboxmail.qboxmail.migration
"""

EXAMPLES = r"""
- name: A migration with its progress and the rows that failed, with their logs
  qboxmail.qboxmail.migration_info:
    code: MG00000042
    include: [stats, logs]
    resource_status: failed
  register: qbx_migration

- name: Migration presets and the service state
  qboxmail.qboxmail.migration_info:
    presets: true
    service_status: true

- name: Migrations still in progress
  qboxmail.qboxmail.migration_info:
    status: running
    include: [stats]
"""

RETURN = r"""
migrations:
  description:
    - The migrations as Qboxmail returns them, with C(stats) (C(total), C(completed), C(failed), C(running),
      C(waiting), C(messages_migrated), C(bytes_migrated)), C(runs) (by run name, each with its C(log)) and
      C(resources) (each row's C(local_email), C(remote_username), C(remote_server), C(status), C(error_details), and
      C(logs) by run name with V(logs)) as O(include) asks. Remote passwords are never returned.
  returned: always (empty when only O(presets) or O(service_status) is asked)
  type: list
  elements: dict
presets:
  description: The presets, C(code), C(name), C(remote_server), C(port), C(ssl).
  returned: with O(presets=true)
  type: list
  elements: dict
  sample:
    - {code: standard_ssl, name: Standard-SSL, remote_server: null, port: 993, ssl: true}
service_status:
  description: The migration service's C(queued) and C(running) migrations and its C(workers).
  returned: with O(service_status=true)
  type: dict
  sample: {queued: 2, running: 1, workers: 4}
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._jobs import (
    MIGRATION, MIGRATIONS, RUNS, SERVICE_STATUS, presets, resource_log,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code

STATUSES = ["validating", "to_schedule", "scheduled", "running", "failed", "completed_with_errors", "completed"]


class MigrationInfo(InfoModule):
    name = "migrations"
    fields = dict(
        code=Field(to_api=code("migration")),
        query=Field(),
        status=Field(choices=STATUSES),
        include=Option("list", elements="str", choices=["stats", "runs", "resources", "logs"], default=[]),
        resource_status=Option(choices=["running", "success", "error", "crashed", "failed"]),
        presets=Option("bool", default=False),
        service_status=Option("bool", default=False),
    )
    module_kwargs = dict(mutually_exclusive=[("code", "query"), ("code", "status")])
    list_path, item_path = MIGRATIONS, MIGRATION
    filters = {"query": "query", "status": "status"}

    def read(self):
        p = self.params
        if (p["presets"] or p["service_status"]) and not any(p.get(o) for o in ("code", "query", "status")):
            return []
        return super(MigrationInfo, self).read()

    def transform(self, obj):
        client, include = self.ctx.client, set(self.params["include"])
        base = path(MIGRATION, code=obj.get("code"))
        if "stats" in include:
            obj["stats"] = client.get_one(base + "/stats")
        if "runs" in include:
            obj["runs"] = dict((run, self.read_run(base, run)) for run in RUNS)
        if include & set(["resources", "logs"]):
            filters = {"status": self.params["resource_status"]} if self.params.get("resource_status") else None
            rows = [scrub(row) for row in client.paginate(base + "/resources", filters)]
            if "logs" in include:
                for row in rows:
                    row["logs"] = dict((run, resource_log(client, base, row, run)) for run in RUNS
                                       if row.get("%s_execution_run" % run) != {})   # {}: no such run
            obj["resources"] = rows
        return obj

    def read_run(self, base, run):
        """A run with its log (None when the migration has no such run: 404)."""
        found = self.ctx.client.get_one("%s/runs/%s" % (base, run))
        if found is not None:
            log = self.ctx.client.get_one("%s/runs/%s/log" % (base, run))
            found["log"] = (log or {}).get("log") if isinstance(log, dict) else log
        return found

    def extra_result(self, items):
        out = {}
        if self.params["presets"]:
            out["presets"] = presets(self.ctx.client)
        if self.params["service_status"]:
            out["service_status"] = self.ctx.client.get_one(SERVICE_STATUS)
        return out


def main():
    MigrationInfo.run()


if __name__ == "__main__":
    main()
