#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: csv_import_info
short_description: Read Qboxmail CSV imports and their parsed rows
version_added: 0.2.0
description:
  - Returns one CSV import by code, or the imports matching a search, optionally with the rows Qboxmail parsed from
    each, with their status and errors.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes.INFO_MODULE
options:
  code:
    description: One import by code (V(I) followed by 9 digits).
    type: str
  query:
    description: Text search on the CSV file names, done by Qboxmail (the csv_import module names them C(ansible-...csv)).
    type: str
  status:
    description: Only imports with this status.
    type: str
    choices: [validating, invalid, valid, valid_with_skipped]
  type:
    description: Only imports of this type.
    type: str
    choices: [domains, domain_aliases, email_accounts, email_aliases]
  resources:
    description: Add each import's parsed rows (C(resources)), one read per import.
    type: bool
    default: false
  resource_status:
    description: With O(resources=true), only the rows with this status.
    type: str
    choices: [valid, invalid]
notes:
  - Its items have no C(options) to feed back into M(qboxmail.qboxmail.csv_import) - an import is created from rows that
    hold passwords, which Qboxmail never returns.
seealso:
  - module: qboxmail.qboxmail.csv_import
"""

EXAMPLES = r"""
- name: The rows of an import that Qboxmail skipped
  qboxmail.qboxmail.csv_import_info:
    code: I000000042
    resources: true
    resource_status: invalid

- name: Imports with skipped rows
  qboxmail.qboxmail.csv_import_info:
    status: valid_with_skipped
"""

RETURN = r"""
imports:
  description:
    - The imports as Qboxmail returns them (C(code), C(type), C(status), C(status_detail), C(csv_file_name),
      C(resources) - the row count, C(error_details)...); with O(resources=true), C(resources) is the list of parsed
      rows instead - C(description), C(status), C(fields) (never passwords), C(error_details).
  returned: always
  type: list
  elements: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._info import InfoModule
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._jobs import IMPORT, IMPORT_COLUMNS, IMPORTS, find_import
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import code


class CsvImportInfo(InfoModule):
    name = "imports"
    fields = dict(
        code=Field(to_api=code("import")),
        query=Field(),
        status=Field(choices=["validating", "invalid", "valid", "valid_with_skipped"]),
        type=Field(choices=sorted(IMPORT_COLUMNS)),
        resources=Option("bool", default=False),
        resource_status=Option(choices=["valid", "invalid"]),
    )
    module_kwargs = dict(mutually_exclusive=[("code", "query"), ("code", "status")])
    list_path = IMPORTS
    filters = {"query": "query", "status": "status"}
    local_filters = {"type": "type"}   # GAP: the import list documents no type filter

    def read(self):
        if self.wanted.get("code"):
            found = find_import(self.ctx.client, self.wanted["code"])
            return [found] if found and (not self.wanted.get("type") or found.get("type") == self.wanted["type"]) else []
        return super(CsvImportInfo, self).read()

    def transform(self, obj):
        if self.params["resources"]:
            filters = {"status": self.params["resource_status"]} if self.params.get("resource_status") else None
            url = path(IMPORT, code=obj.get("code")) + "/resources"
            obj["resources"] = [scrub(row) for row in self.ctx.client.paginate(url, filters)]
        return obj


def main():
    CsvImportInfo.run()


if __name__ == "__main__":
    main()
