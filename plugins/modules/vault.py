#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: vault
short_description: Manage Qboxmail Vault, the mail archive of a hosted domain and its mailboxes
version_added: 0.2.0
description:
  - Activates, enables, disables or deletes Vault (mail archiving) on a Qboxmail Hosting domain, sets its default
    retention and whether new mailboxes are archived, and chooses which mailboxes are archived.
  - Vault's work is queued by Qboxmail; with O(wait=true) the module waits until C(archive_status) settles. An
    activation that ends in C(failure) fails the task with Qboxmail's reason (C(archive_status_detail)); running the
    task again activates again.
  - "Deleting an archive is final: Qboxmail deletes the archived mail for good, and no setting brings it back. So
    O(state=absent), and O(mailboxes[].state=absent) for one mailbox, are refused - before any request - unless
    O(confirm_delete_archive=true). To stop archiving but keep what is archived, use V(disabled) instead."
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
  - qboxmail.qboxmail.attributes
  - qboxmail.qboxmail.attributes.WAIT
options:
  domain:
    description: The Hosting domain, by name.
    type: str
    required: true
  state:
    description:
      - V(present) activates Vault on the domain when it was never activated (with the mailboxes of O(mailboxes) and
        O(retention), both required by Qboxmail's activation), and leaves its status as it is otherwise (a failed
        activation is tried again).
      - V(enabled) and V(disabled) also switch archiving on or off; disabling keeps the archived mail. V(disabled) on a
        domain whose Vault was never activated changes nothing.
      - V(absent) deletes the domain's archive with all its archived mail, for good; it needs
        O(confirm_delete_archive=true).
    type: str
    choices: [present, enabled, disabled, absent]
    default: present
  retention:
    description:
      - How many months archived mail is kept. Required to activate Vault; sent as the activation's C(retention) and,
        afterwards, as the domain's C(default_retention), the retention of mailboxes archived later.
    type: int
  default_archive:
    description: Whether mailboxes created later are archived automatically. Qboxmail's default at activation is V(true).
    type: bool
  mailboxes:
    description:
      - The mailboxes whose archiving this task sets, by address. Mailboxes of the domain not listed are left as they
        are, unless O(purge=true).
      - Each address is resolved to its mailbox code; the mailbox must exist.
    type: list
    elements: dict
    suboptions:
      address:
        description: The mailbox's address, in O(domain).
        type: str
        required: true
      retention:
        description: Months this mailbox's archived mail is kept (default the domain's retention).
        type: int
      state:
        description:
          - V(present) (or V(enabled)) archives the mailbox; V(disabled) stops archiving it and keeps its archived mail.
          - V(absent) deletes the mailbox's archive and its archived mail for good; needs O(confirm_delete_archive=true).
        type: str
        choices: [present, enabled, disabled, absent]
        default: present
  purge:
    description:
      - Disable archiving of the archived mailboxes O(mailboxes) does not list. Their archived mail is kept (a purge
        never deletes an archive).
    type: bool
    default: false
  confirm_delete_archive:
    description:
      - Confirms that archived mail may be deleted for good, by O(state=absent) or by a mailbox item with
        O(mailboxes[].state=absent). Without it those are refused before any request.
    type: bool
    default: false
seealso:
  - module: qboxmail.qboxmail.vault_info
  - module: qboxmail.qboxmail.mailbox
"""

EXAMPLES = r"""
- name: Archive two mailboxes of example.com for 10 years, and every new mailbox
  qboxmail.qboxmail.vault:
    domain: example.com
    retention: 120
    default_archive: true
    mailboxes:
      - address: ceo@example.com
      - address: accounting@example.com
        retention: 240

- name: Archive exactly these mailboxes (the others stop archiving; their archived mail is kept)
  qboxmail.qboxmail.vault:
    domain: example.com
    purge: true
    mailboxes:
      - address: ceo@example.com

- name: Pause archiving of the whole domain
  qboxmail.qboxmail.vault:
    domain: example.com
    state: disabled

- name: Delete a former employee's archive (the archived mail is deleted for good)
  qboxmail.qboxmail.vault:
    domain: example.com
    confirm_delete_archive: true
    mailboxes:
      - address: former@example.com
        state: absent
"""

RETURN = r"""
vault:
  description: The Vault fields of the domain after the task; empty after O(state=absent).
  returned: always
  type: dict
  sample:
    code: D123456789
    name: example.com
    archive: true
    archive_status: enabled
    archive_status_detail: null
    archive_activated_at: "2026-11-30T10:00:00Z"
    default_retention: 120
    default_archive: true
    no_email_accounts_archive: 2
mailboxes:
  description:
    - One entry per item of O(mailboxes), then per mailbox O(purge) disabled - C(address), C(code) (the mailbox
      code), C(state), C(changed), C(changes) and, when it changed, C(archive) (its Vault account after the task).
  returned: with O(mailboxes) or O(purge)
  type: list
  elements: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailUncertainError, path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAIN, DOMAIN_REF, MAILBOX_REF, MAILBOXES
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import PENDING, resolve_many
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import (
    WAIT_FIELDS, Lifecycle, Plan, Resource, Write, ignore_404,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import domain_name, email_address
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._vault import (
    IN_PROGRESS, VAULT_ACCOUNT, VAULT_ACCOUNT_STATUS, VAULT_ACCOUNTS, VAULT_DOMAIN, VAULT_FIELDS, VAULT_STATUS,
    VAULT_OPTIONS, account_state, has_vault, months, set_up, vault_view,
)

REF_LOOKUPS = 3   # up to this many new addresses are looked up one by one (MAILBOX_REF); more: one read of the domain's mailboxes
ARCHIVED = ("enabled", "activating")
WARNING = ("archived mail is deleted for good: set confirm_delete_archive=true to confirm, or use state=disabled, "
           "which stops archiving and keeps it")


class Vault(Resource):
    name = "vault"
    what = "Vault"
    fields = dict(VAULT_OPTIONS, **WAIT_FIELDS)
    parent, parent_option = DOMAIN_REF, "domain"
    item_path = DOMAIN
    lifecycle = Lifecycle("archive_status", IN_PROGRESS, ("failure",), "archive_status_detail")
    return_fields = VAULT_FIELDS

    def validate(self):
        p = self.params
        try:
            domain = domain_name(p["domain"])
        except ValueError as exc:
            raise ModuleFailure("domain: %s" % exc)
        self.items, self.accounts, self.results, self.written_codes = [], {}, [], set()
        if self.state == "absent":
            extra = [o for o in ("retention", "default_archive", "mailboxes") if p.get(o) is not None] + (
                ["purge"] if p["purge"] else [])
            if extra:
                raise ModuleFailure("%s cannot go with state=absent, which deletes the whole archive of %s" % (
                    ", ".join(extra), domain))
            if not p["confirm_delete_archive"]:
                raise ModuleFailure("state=absent deletes the Vault archive of %s: %s" % (domain, WARNING))
        seen = {}
        for number, item in enumerate(p.get("mailboxes") or [], 1):
            try:
                address = email_address(item["address"])
                retention = months(item["retention"]) if item.get("retention") is not None else None
            except ValueError as exc:
                raise ModuleFailure("mailboxes item %d: %s" % (number, exc))
            if address.rpartition("@")[2] != domain:
                raise ModuleFailure("mailboxes item %d: %s is not in domain %s" % (number, address, domain))
            if address in seen:
                raise ModuleFailure("mailboxes: %s is listed twice (items %d and %d)" % (address, seen[address], number))
            seen[address] = number
            state = "enabled" if item.get("state") in (None, "present") else item["state"]
            if state == "absent" and not p["confirm_delete_archive"]:
                raise ModuleFailure("mailboxes item %d: state=absent deletes the archive of %s: %s" % (number, address, WARNING))
            self.items.append(dict(address=address, retention=retention, state=state, code=None))

    def label(self):
        return "Vault of domain %s" % self.params["domain"]

    # ------------------------------------------------------------------ reads
    def resolve(self):
        super(Vault, self).resolve()
        domain = self.parent_obj or {}
        if self.parent_code in (None, PENDING) or not (self.items or self.params["purge"]):
            return
        if set_up(domain):   # the accounts of a failed first activation are replaced by the next activation
            self.accounts = dict((str(a.get("email_address")).lower(), a)
                                 for a in self.client.paginate(path(VAULT_ACCOUNTS, parent=self.parent_code)))
        for item in self.items:
            item["code"] = (self.accounts.get(item["address"]) or {}).get("code")
        new = [item for item in self.items if item["code"] is None and item["state"] == "enabled"]
        if len(new) > REF_LOOKUPS:
            boxes = dict((str(b.get("email_address") or "%s@%s" % (b.get("name"), domain.get("name"))).lower(), b["code"])
                         for b in self.client.paginate(path(MAILBOXES, parent=self.parent_code)))
            unknown = [item["address"] for item in new if item["address"] not in boxes]
            if unknown and not self.ctx.check_mode:
                raise ModuleFailure("mailboxes: no such mailbox %s: %s" % (", ".join(unknown), MAILBOX_REF.hint))
            if unknown:
                self.ctx.warn("mailbox %s does not exist yet: check mode assumes that a previous task of this play "
                              "creates it" % ", ".join(unknown))
            for item in new:
                item["code"] = boxes.get(item["address"]) or "%s %s" % (PENDING, item["address"])
        elif new:
            for item, found in zip(new, resolve_many(self.ctx, MAILBOX_REF, [i["address"] for i in new], "mailboxes")):
                item["code"] = found

    def find(self):
        return self.parent_obj

    def settled(self, obj):
        """A `failure` found before this run wrote is what the run repairs, not a reason to stop."""
        if obj.get("archive_status") == "failure" and not self.wrote:
            return True
        return super(Vault, self).settled(obj)

    # ------------------------------------------------------------------ plan
    def plan(self, current):
        dom = current or {}
        self.code = self.parent_code
        plan = Plan(vault_view(dom))
        status, ready = dom.get("archive_status"), set_up(dom)
        if self.state == "absent":
            if has_vault(dom):
                plan.note("state", "present", "absent")
                plan.add(Write("DELETE", VAULT_DOMAIN, error=self.already_deleted), Write("GET", None, run=self.wait_deleted))
                plan.obj = None
            return plan
        fresh = self.state in ("present", "enabled") and not ready and status != "activating"
        if fresh:
            self.plan_activation(plan, dom)
        elif not ready and status != "activating":   # state=disabled, never activated
            if self.items or any(self.params.get(o) is not None for o in ("retention", "default_archive")):
                self.warnings.append("Vault was never activated on %s: nothing to disable; retention, default_archive and "
                                     "mailboxes are ignored (activate it with state=present)" % self.params["domain"])
            return plan
        else:
            if (self.state == "enabled" or status == "failure") and status not in ARCHIVED:
                self.set_status(plan, status, "enabled")
            changes = dict((self.api(o), v) for o, v in self.wanted.items() if dom.get(self.api(o)) != v)
            for key, value in changes.items():
                plan.note(key, dom.get(key), value)
                plan.obj[key] = value
            if changes:
                plan.add(Write("PUT", VAULT_DOMAIN, changes))
        self.plan_accounts(plan, fresh, plan.obj.get("archive_status") or status)
        if self.state == "disabled" and status not in ("disabled", "disabling"):
            self.set_status(plan, status, "disabled")
        return plan

    def set_status(self, plan, have, want):
        plan.note("archive_status", have, want)
        plan.obj["archive_status"] = want
        plan.add(Write("PUT", VAULT_STATUS, {"status": want}))

    def plan_activation(self, plan, dom):
        if self.wanted.get("retention") is None:
            raise ModuleFailure("retention is required to activate Vault on %s (months archived mail is kept)"
                                % self.params["domain"])
        body = {"email_codes": [i["code"] for i in self.items if i["state"] == "enabled"],
                "retention": self.wanted["retention"]}
        if self.wanted.get("default_archive") is not None:
            body["default_archive"] = self.wanted["default_archive"]
        plan.note("state", "absent", "present")
        plan.note("archive_status", dom.get("archive_status"), "enabled")
        plan.note("default_retention", dom.get("default_retention"), self.wanted["retention"])
        plan.obj.update(archive_status="enabled", archive=True, default_retention=self.wanted["retention"],
                        default_archive=True)   # [DOC] default_archive defaults to true
        if "default_archive" in body:
            plan.note("default_archive", dom.get("default_archive"), body["default_archive"])
            plan.obj["default_archive"] = body["default_archive"]
        plan.add(Write("POST", VAULT_DOMAIN, body, run=lambda res, client: self.activate(client, body)))

    def plan_accounts(self, plan, fresh, domain_status):
        """Writes of the mailbox items (and of the purge): adds grouped by retention, then status, retention, deletes."""
        adds = {}
        for item in self.items:
            account = self.accounts.get(item["address"])
            have, changes = account_state(account), []
            if item["state"] == "enabled":
                if account is None:
                    changes.append("state")
                    if not fresh:
                        adds.setdefault(item["retention"], []).append(item)
                    elif item["retention"] not in (None, self.wanted.get("retention")):
                        changes.append("retention")
                        plan.add(self.account_write(item, "PUT", VAULT_ACCOUNT, {"retention": item["retention"]}))
                else:
                    if have not in ARCHIVED:
                        changes.append("state")
                        plan.add(self.account_write(item, "PUT", VAULT_ACCOUNT_STATUS, {"status": "enabled"}))
                    if item["retention"] is not None and account.get("retention") != item["retention"]:
                        changes.append("retention")
                        plan.add(self.account_write(item, "PUT", VAULT_ACCOUNT, {"retention": item["retention"]}))
            elif item["state"] == "disabled" and account is not None and have not in ("disabled", "disabling"):
                changes.append("state")
                plan.add(self.account_write(item, "PUT", VAULT_ACCOUNT_STATUS, {"status": "disabled"}))
            elif item["state"] == "absent" and account is not None:
                changes.append("state")
                plan.add(self.account_write(item, "DELETE", VAULT_ACCOUNT, error=ignore_404))
            self.record(plan, item, account, changes)
        if self.params["purge"]:
            listed = set(i["address"] for i in self.items)
            for address, account in sorted(self.accounts.items()):
                if address not in listed and account_state(account) not in ("disabled", "disabling"):
                    item = dict(address=address, code=account.get("code"), state="disabled", retention=None)
                    plan.add(self.account_write(item, "PUT", VAULT_ACCOUNT_STATUS, {"status": "disabled"}))
                    self.record(plan, item, account, ["state"])
        if adds and domain_status not in ARCHIVED:
            raise ModuleFailure("Vault of %s is %s: mailboxes (%s) can be archived only while it is enabled; use "
                                "state=enabled" % (self.params["domain"], domain_status, ", ".join(
                                    i["address"] for group in adds.values() for i in group)))
        for retention, group in sorted(adds.items(), key=lambda kv: kv[0] or 0):
            body = {"email_codes": [i["code"] for i in group]}
            if retention is not None:
                body["retention"] = retention
            self.written_codes.update(i["code"] for i in group)
            plan.writes.insert(self.first_account_write(plan), Write(
                "POST", VAULT_ACCOUNTS, body, run=lambda res, client, body=body: self.add_accounts(client, body)))

    def account_write(self, item, method, template, body=None, **kwargs):
        self.written_codes.add(item["code"])
        return Write(method, template, body, code=item["code"], **kwargs)

    @staticmethod
    def first_account_write(plan):
        """Adds go before the other account writes (after the domain's own writes)."""
        for index, write in enumerate(plan.writes):
            if write.code is not None:
                return index
        return len(plan.writes)

    def record(self, plan, item, account, changes):
        entry = dict(address=item["address"], code=item["code"], state=item["state"], changed=bool(changes),
                     changes=sorted(set(changes)))
        self.results.append(entry)
        if changes:
            before = None if account is None else dict(status=account.get("archive_status"), retention=account.get("retention"))
            after = None if item["state"] == "absent" else dict(status=item["state"], retention=item["retention"] or (
                account or {}).get("retention") or self.wanted.get("retention"))
            plan.before.setdefault("mailboxes", {})[item["address"]] = before
            plan.after.setdefault("mailboxes", {})[item["address"]] = after

    # ------------------------------------------------------------------ apply and wait
    def activate(self, client, body):
        """POST activate; an answer lost in transit is checked on the domain before sending it once more."""
        url = path(VAULT_DOMAIN, parent=self.parent_code)
        try:
            client.post(url, body)
        except QboxmailUncertainError:
            self.ctx.written = True
            dom = self.get(self.code) or {}
            if dom.get("archive_status") not in ("activating", "enabled"):
                client.post(url, body)
            else:
                self.warnings.append("the Vault activation of %s got no answer, but Vault is %s: not sent again" % (
                    self.params["domain"], dom.get("archive_status")))
        self.ctx.written = self.wrote = True

    def add_accounts(self, client, body):
        """POST the new Vault accounts; after an answer lost in transit, only the ones provably not archived are sent."""
        url = path(VAULT_ACCOUNTS, parent=self.parent_code)
        try:
            client.post(url, body)
        except QboxmailUncertainError:
            self.ctx.written = True
            archived = set(a.get("code") for a in client.paginate(url))
            missing = [code for code in body["email_codes"] if code not in archived]
            if missing:
                client.post(url, dict(body, email_codes=missing))
            else:
                self.warnings.append("archiving %s got no answer, but the mailboxes are archived: not sent again"
                                     % ", ".join(body["email_codes"]))
        self.ctx.written = self.wrote = True

    def already_deleted(self, res, err):
        """A retried delete whose first try was applied: the domain has no Vault left."""
        return err.status in (404, 422) and not has_vault(self.get(self.code) or {})

    def wait_deleted(self, res, client):
        if self.params["wait"]:
            self.poller().wait(lambda: self.get(self.code) or {}, lambda d: d.get("archive_status") != "deleting",
                               self.describe_wait, self.label())

    def settle(self):
        obj = super(Vault, self).settle()
        codes = set(c for c in self.written_codes if c)
        if not codes:
            return obj
        url = path(VAULT_ACCOUNTS, parent=self.parent_code)
        found = {}

        def read():
            found.clear()
            found.update((a.get("code"), a) for a in self.client.paginate(url))
            failed = [a for c, a in found.items() if c in codes and a.get("archive_status") == "failure"]
            if failed:
                raise ModuleFailure("Vault archiving failed for %s" % ", ".join("%s (%s)" % (
                    a.get("email_address"), a.get("archive_status_detail")) for a in failed), vault=self.shape(obj))
            return [c for c in codes if (found.get(c) or {}).get("archive_status") in IN_PROGRESS]
        rest = read()
        if rest and self.params["wait"]:
            self.poller().wait(read, lambda left: not left, lambda left: "%d mailbox(es) still in progress" % len(left),
                               "the Vault accounts of %s" % self.params["domain"])
        for entry in self.results:
            if entry["changed"] and entry["state"] != "absent":
                entry["archive"] = found.get(entry["code"])
        return obj

    def extra_result(self, obj):
        return {"mailboxes": self.results} if self.params.get("mailboxes") is not None or self.params["purge"] else {}


def main():
    Vault.run()


if __name__ == "__main__":
    main()
