#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: account_export
short_description: Export a Qboxmail account as the variables of the hosted_email and delivery roles
version_added: 0.2.0
description:
  - Reads the account the token sees - every Hosting domain with its settings and DKIM choice, its alias domains,
    mailboxes, aliases, signatures, address books with their contacts and Vault settings; the Delivery domains, the
    account with its type, settings and token label - and writes C(vars.yml) and C(vault.yml) into O(dest), in the
    layout of C(playbooks/site.yml) (O(qboxmail.qboxmail.hosted_email#role:main:hosted_email_domains) and the
    variables of the role qboxmail.qboxmail.delivery).
  - C(vars.yml) has sorted keys and lists, so a second export of an unchanged account is byte-identical and
    C(git diff) shows only real changes. Every secret in it is a reference to C(vault.yml).
  - C(vault.yml) is a template - one placeholder per postmaster and mailbox password, never a value (Qboxmail never
    returns passwords); the roles' C(update_password=on_create) sends them only when an object is created again.
  - What the account has and the roles cannot express is named in RV(unexpressed) and in a comment of C(vars.yml).
  - The objects become options with the same declarations as the modules' own and the C(options) of the C(_info)
    modules. The module is not an C(_info) module because it writes files.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
options:
  dest:
    description: Folder that receives C(vars.yml) and C(vault.yml) (for example C(inventory/group_vars/qboxmail)); created if missing.
    type: path
    required: true
  domains:
    description:
      - Only these Hosting domains (default every domain the token sees); a name the token does not see fails the task before anything is written.
      - V([]) exports no Hosting domain (the Delivery setup and the users only).
    type: list
    elements: str
  include:
    description:
      - The families exported beside the domains themselves (default all).
      - V(users) names the managers and team members in RV(unexpressed) (the roles do not take them).
    type: list
    elements: str
    choices: [alias_domains, mailboxes, aliases, signatures, addressbooks, vault, delivery, users]
  force:
    description: Overwrite a file of O(dest) that differs from the export; without it such a file fails the task before anything is written.
    type: bool
    default: false
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode reads the account and writes no file; RV(files) says what would be written.
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: full
    details:
      - The diff is the old and new text of each file that changes (C(vars.yml) holds no secret; C(vault.yml) only placeholders).
  idempotent:
    description: A second run on an unchanged account writes nothing and reports no change.
    support: full
  action_group:
    description: Use C(group/qboxmail.qboxmail.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - qboxmail.qboxmail.all
notes:
  - Requests - one list read per list at the largest page size, plus what the documented lists force - the address
    books of each mailbox (listed per mailbox), each contact whose list entry has no e-mail addresses, and the
    signatures of each mailbox that has one (the domain's list of mailboxes without a signature spares the others).
  - The roles take one Delivery account and one token label; others are named in RV(unexpressed).
  - The roles do not manage delegated users; with V(users) in O(include) (the default) each manager and team member
    the token sees is named in RV(unexpressed) (modules M(qboxmail.qboxmail.manager) and M(qboxmail.qboxmail.team_member)
    manage them). A token that may not list them (HTTP 403) has none to name.
seealso:
  - module: qboxmail.qboxmail.domain_info
  - module: qboxmail.qboxmail.mailbox_info
"""

EXAMPLES = r"""
- name: Export the account into the ops repo's inventory
  qboxmail.qboxmail.account_export:
    dest: "{{ playbook_dir }}/inventory/group_vars/qboxmail"
  register: exported

- name: Two domains, without address books, overwriting an older export
  qboxmail.qboxmail.account_export:
    dest: /srv/ops/inventory/group_vars/qboxmail
    domains: [example.com, example.org]
    include: [alias_domains, mailboxes, aliases, signatures, vault, delivery, users]
    force: true
"""

RETURN = r"""
files:
  description: Each file of O(dest) with C(path) and C(state) - V(created), V(changed) or V(unchanged) (in check mode, what would be).
  returned: always
  type: list
  elements: dict
  sample: [{path: /srv/ops/inventory/group_vars/qboxmail/vars.yml, state: created}]
placeholders:
  description: How many secret placeholders C(vault.yml) holds (postmaster and mailbox passwords), to fill before a run.
  returned: always
  type: int
  sample: 1020
unexpressed:
  description: Settings found on the account that the roles cannot take, by name (also listed in a comment of C(vars.yml)).
  returned: always
  type: list
  elements: str
  sample: [delivery_api_token.ci, team_member.helpdesk@example.com]
counts:
  description: How many objects were exported, per family.
  returned: always
  type: dict
  sample: {domains: 20, mailboxes: 1000}
"""

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._export import (
    FAMILIES, Export, placeholders, plan_files, render, render_vault, write_files,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure, Task
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import domain_name

try:
    import yaml
except ImportError:   # pragma: no cover - PyYAML comes with ansible-core
    yaml = None


class AccountExport(Task):
    fields = dict(
        dest=Option("path", required=True),
        domains=Option("list", elements="str"),
        include=Option("list", elements="str", choices=list(FAMILIES)),
        force=Option("bool", default=False),
    )

    @classmethod
    def execute(cls, ctx):
        if yaml is None:
            raise ModuleFailure(missing_required_lib("PyYAML"))
        params = ctx.params
        domains = wanted_domains(params["domains"])
        export = Export(ctx.client, domains, FAMILIES if params["include"] is None else params["include"])
        hosted = export.hosted()
        missing = sorted(set(domains or ()) - set(d["name"] for d in hosted))
        if missing:
            raise ModuleFailure("domains: %s not among the Hosting domains the token sees; check the names (or the "
                                "api_token / customer_code)" % ", ".join(missing))
        delivery = export.delivery()
        export.users()
        contents = [("vars.yml", render(yaml, hosted, delivery, export.unexpressed)),
                    ("vault.yml", render_vault(yaml, export.secrets))]
        planned = plan_files(params["dest"], contents, params["force"])
        if not ctx.check_mode:
            write_files(planned)
        changed = any(state != "unchanged" for _path, _content, state, _current in planned)
        out = dict(changed=changed, files=[dict(path=p, state=s) for p, _c, s, _b in planned],
                   placeholders=placeholders(export.secrets), unexpressed=sorted(export.unexpressed),
                   counts=counts(hosted, delivery))
        if ctx.diff and changed:
            out["diff"] = [dict(before_header=p, after_header=p, before=b or "", after=c) for p, c, s, b in planned if s != "unchanged"]
        return out


def wanted_domains(values):
    """The domains option as names, checked before any request."""
    if values is None:
        return None
    try:
        return [domain_name(value) for value in values]
    except ValueError as err:
        raise ModuleFailure("domains: %s" % err)


def counts(hosted, delivery):
    out = dict(domains=len(hosted), delivery_domains=len(delivery.get("delivery_domains", [])))
    for family in ("mailboxes", "aliases", "signatures", "addressbooks", "alias_domains"):
        out[family] = sum(len(d.get(family, [])) for d in hosted)
    out["contacts"] = sum(len(b.get("contacts", [])) for d in hosted for b in d.get("addressbooks", []))
    out["vault"] = sum(1 for d in hosted if "vault" in d)
    return out


def main():
    AccountExport.run()


if __name__ == "__main__":
    main()
