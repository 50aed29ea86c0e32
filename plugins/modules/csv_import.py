#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: csv_import
short_description: Import domains, alias domains, mailboxes or e-mail aliases into Qboxmail from CSV
version_added: 0.2.0
description:
  - Creates a Qboxmail CSV import, which creates many resources of one type at once; waits until Qboxmail validated
    it and returns the parsed rows with their status; or deletes an import. (Named C(csv_import) because C(import) is
    a Python keyword.)
  - "The rows come from a CSV file on the host the module runs on (O(csv_file)) or from a list (O(rows)). The module
    builds the CSV in memory, never writes it to disk and never shows it (it holds passwords): fields separated by
    C(;), quoted with C(\") where needed, no header line, in the columns of O(type) -
    V(domains) C(name;postmaster_password;plan),
    V(domain_aliases) C(domain;alias_domain),
    V(email_accounts) C(email_address;password;firstname;lastname;quota_bytes),
    V(email_aliases) C(email_address;destinations) (destinations separated by C(,) inside the field)."
  - Every row is checked before anything is sent, and every bad row is named by its number. An import holds at most
    250 rows; a longer list is split into several imports.
  - "Each import is named by its rows: C(csv_file_name) is C(ansible-<16 hex digits>.csv), the start of the SHA-256 of
    the rows as sent, without the passwords. Running the same task again finds the import by that name and imports
    nothing. An import that was deleted is imported again; its rows whose resources exist by then are skipped by
    Qboxmail."
  - After a create whose answer was lost, the module looks the import up by its name and uses it when it exists;
    otherwise it reports that the create may have been applied and does not send it again.
  - Qboxmail creates the valid rows as soon as it validated the import. Resources created by an import are managed
    with their own modules afterwards; deleting the import does not delete them.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode makes the same reads and checks and returns RV(would_send), without the CSV contents.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
    support: partial
    details:
      - An import is idempotent through its name (the idempotency key, see the description) while it exists;
        once it is deleted, the same task imports the rows again.
  action_group:
    description: Use C(group/qboxmail.qboxmail.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - qboxmail.qboxmail.all
options:
  type:
    description: What the rows create. One import holds one type. Required with O(csv_file) and O(rows).
    type: str
    choices: [domains, domain_aliases, email_accounts, email_aliases]
  csv_file:
    description:
      - Path of a CSV file on the host the module runs on, in the columns of O(type) (see the description), no header
        line (UTF-8; the byte-order mark Excel writes is accepted). Trailing optional columns may be left out.
    type: path
  rows:
    description: The rows, with the fields of O(type); a field of another type is refused.
    type: list
    elements: dict
    suboptions:
      name:
        description: V(domains) - the domain name.
        type: str
      postmaster_password:
        description:
          - V(domains) - the postmaster's password (8 characters or more, with a letter and a digit), or a
            C({MD5-CRYPT}) or C({SHA512-CRYPT}) hash.
        type: str
      plan:
        description: V(domains) - the plan (V(basic) when not given).
        type: str
        choices: [basic, professional, enterprise]
      domain:
        description: V(domain_aliases) - the customer's domain the alias domain points to.
        type: str
      alias_domain:
        description: V(domain_aliases) - the new alias domain.
        type: str
      email_address:
        description: V(email_accounts), V(email_aliases) - the address, in one of the customer's domains.
        type: str
      password:
        description: V(email_accounts) - the mailbox password, or a C({MD5-CRYPT}) or C({SHA512-CRYPT}) hash.
        type: str
      firstname:
        description: V(email_accounts) - first name.
        type: str
      lastname:
        description: V(email_accounts) - last name.
        type: str
      quota:
        description:
          - V(email_accounts) - the quota, like V(5G) or a number of bytes (the CSV's C(quota_bytes)).
          - V(5G), V(5g), V(5GiB) or a number of bytes; V(5GB) and V(5 GB) are refused as ambiguous (decimal or binary).
        type: str
      destinations:
        description: V(email_aliases) - the addresses the alias delivers to.
        type: list
        elements: str
  expert_mode:
    description: Qboxmail's expert mode of imports.
    type: bool
  code:
    description: An existing import by code (V(I) followed by 9 digits), for O(state=absent) or O(wait_for).
    type: str
  state:
    description: V(present) creates the imports that do not exist yet; V(absent) deletes them (not what they created).
    type: str
    choices: [present, absent]
    default: present
  wait_for:
    description:
      - V(accepted) returns once Qboxmail accepted the import.
      - V(validated) waits until Qboxmail validated it (status V(valid), V(valid_with_skipped) or V(invalid)) and
        returns the parsed rows in RV(resources). V(valid_with_skipped) gives a warning naming the bad rows;
        V(invalid) (no valid row) fails the task.
    type: str
    choices: [accepted, validated]
    default: accepted
  wait_timeout:
    description: How many seconds O(wait_for) waits.
    type: int
    default: 300
seealso:
  - module: qboxmail.qboxmail.csv_import_info
  - module: qboxmail.qboxmail.mailbox
"""

EXAMPLES = r"""
- name: Import mailboxes from a list and see how each row went
  qboxmail.qboxmail.csv_import:
    type: email_accounts
    wait_for: validated
    rows:
      - {email_address: alice@example.com, password: "{{ vault_alice_pw }}", firstname: Alice, quota: 5G}
      - {email_address: bob@example.com, password: "{{ vault_bob_pw }}", firstname: Bob, lastname: Smith}
  register: qbx_import

- name: Import aliases from a CSV file
  qboxmail.qboxmail.csv_import:
    type: email_aliases
    csv_file: files/aliases.csv

- name: Delete the import record (the mailboxes stay)
  qboxmail.qboxmail.csv_import:
    code: "{{ qbx_import.imports[0].code }}"
    state: absent
"""

RETURN = r"""
imports:
  description: The imports of the rows (one per 250 rows), as Qboxmail returns them; a predicted one in check mode.
  returned: always
  type: list
  elements: dict
  sample:
    - code: I000000042
      type: email_accounts
      csv_file_name: ansible-3f2a9c0d11e4b5a6.csv
      status: valid_with_skipped
      status_detail: 1 of 2 rows valid
      resources: 2
resources:
  description:
    - With O(wait_for=validated), the parsed rows of each import - C(import_code), C(description), C(status)
      (V(valid) or V(invalid)), C(fields) (never passwords) and C(error_details).
  returned: with O(wait_for=validated)
  type: list
  elements: dict
summary:
  description: C(rows), C(imports), C(created), C(existing), C(deleted), C(requests) (API requests made).
  returned: always
  type: dict
would_send:
  description: In check mode, the requests a real run would make; the CSV contents are left out (C(rows) counts them).
  returned: in check mode
  type: list
  elements: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._action import wait_fields
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._jobs import (
    DOMAIN_PLANS, IMPORT, IMPORT_COLUMNS, IMPORT_DONE, IMPORTS, MAX_IMPORT_ROWS, CsvJob, find_import, find_job,
    import_rows,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure

SECRET = Option(no_log=True)


class CsvImport(CsvJob):
    name = "imports"
    what = code_kind = "import"
    list_path, item_path, max_rows = IMPORTS, IMPORT, MAX_IMPORT_ROWS
    check_with = "qboxmail.qboxmail.csv_import_info"
    fields = dict(
        type=Option(choices=sorted(IMPORT_COLUMNS)),
        csv_file=Option("path"),
        rows=Option("list", elements="dict", options=dict(
            name=Option(), postmaster_password=SECRET, plan=Option(choices=list(DOMAIN_PLANS)), domain=Option(),
            alias_domain=Option(), email_address=Option(), password=SECRET, firstname=Option(), lastname=Option(),
            quota=Option(), destinations=Option("list", elements="str"))),
        expert_mode=Option("bool"),
        code=Option(),
        state=Option(default="present", choices=["present", "absent"]),
        **wait_fields(("accepted", "validated"))
    )
    module_kwargs = dict(mutually_exclusive=[("csv_file", "rows", "code")], required_one_of=[("csv_file", "rows", "code")],
                         required_by={"csv_file": "type", "rows": "type"})
    parsed = ()

    def read_rows(self):
        return import_rows(self.params, self.params["type"])

    def job_columns(self):
        return IMPORT_COLUMNS[self.params["type"]]

    def get_by_code(self, client):
        return find_import(client, self.code)

    def create_body(self, key, chunk):
        body = dict(self.upload(key, chunk), type=self.params["type"])
        if self.params.get("expert_mode") is not None:
            body["expert_mode"] = self.params["expert_mode"]
        return body

    def current(self, key):
        obj = find_job(self.ctx.client, IMPORTS, key) if key.startswith("ansible-") else find_import(self.ctx.client, key)
        if obj is None:
            raise ModuleFailure("import %s disappeared while waiting for it" % key)
        self.objs[key] = obj
        return obj

    def wait(self):
        if self.state == "absent":
            return
        if self.params["wait_for"] == "accepted":
            for key in self.created:
                self.current(key)
            return
        pending = list(self.objs)

        def read():
            for key in list(pending):
                if self.current(key).get("status") in IMPORT_DONE:
                    pending.remove(key)
            return pending
        self.poller().wait(read, lambda rest: not rest, lambda rest: "%d import(s) still validating" % len(rest),
                           "%d import(s) to be validated" % len(self.objs), details=lambda rest: self.result())
        self.parsed = [scrub(row) for obj in self.objs.values()
                       for row in self.ctx.client.paginate(path(IMPORT, code=obj["code"]) + "/resources")]
        bad = ["%s: %s" % (row.get("description"), ", ".join(
            "%s %s" % (e.get("field"), e.get("description")) if isinstance(e, dict) else str(e)
            for e in row.get("error_details") or [])) for row in self.parsed if row.get("status") == "invalid"]
        invalid = [obj["code"] for obj in self.objs.values() if obj.get("status") == "invalid"]
        if invalid:
            raise ModuleFailure("import %s is invalid, no row was imported: %s" % (", ".join(invalid), "; ".join(bad[:10])),
                                **self.result())
        if bad:
            self.warnings.append("%d row(s) were skipped (see resources): %s" % (len(bad), "; ".join(bad[:10])))

    def result(self):
        out = super(CsvImport, self).result()
        if self.params["wait_for"] == "validated" and self.state == "present":
            out["resources"] = list(self.parsed)
        return out


def main():
    CsvImport.run()


if __name__ == "__main__":
    main()
