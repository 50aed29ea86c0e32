# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: an account as the variables of the roles hosted_email and delivery.

Each object is read with the lists the `_info` modules use (largest page size) and turned into its writing module's
options by the same declarations (`_spec.option_view` over DOMAIN_OPTIONS, MAILBOX_OPTIONS...); this file only
places those options where the roles take them (roles/*/meta/argument_specs.yml) and names what they cannot take.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError, path
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delegation import MANAGERS, TEAM_MEMBERS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import (
    ACCOUNTS_PATH, DELIVERY_DOMAIN_OPTIONS, DOMAINS_PATH, TOKENS_PATH, write_private_file,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import ALIASES, DOMAIN_ALIASES, DOMAINS, MAILBOXES
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting_fields import (
    ALIAS_OPTIONS, DOMAIN_OPTIONS, MAILBOX_OPTIONS,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._mailbox_data import (
    ADDRESSBOOK_OPTIONS, ADDRESSBOOKS, CONTACT_OPTIONS, CONTACTS, SIGNATURE_OPTIONS, WITHOUT_SIGNATURE, contact_current,
    read_signatures,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import option_view
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._vault import (
    VAULT_ACCOUNTS, VAULT_DOMAINS, VAULT_OPTIONS, has_vault, mailbox_items,
)

FAMILIES = ("alias_domains", "mailboxes", "aliases", "signatures", "addressbooks", "vault", "delivery", "users")
# Delegated users: the roles do not manage them (modules manager and team_member do); each is named in unexpressed.
USERS = (("manager", MANAGERS), ("team_member", TEAM_MEMBERS))
# A token that may not list a kind of user (a manager's token, a team member without the permission) has none to name.
USERS_FORBIDDEN = (403,)
# The keys of hosted_email_domains[].settings (a test keeps them equal to the role's argument_specs).
ROLE_SETTINGS = ("plan", "imap", "pop", "smtp", "webmail", "chat", "activesync", "meeting", "calendar", "dav",
                 "antispam_level", "catch_all_enabled", "catch_all_destination", "allow_nets", "default_quota",
                 "max_email_quota", "max_email_accounts", "max_email_accounts_25gb", "max_email_accounts_50gb",
                 "max_email_accounts_100gb", "max_email_accounts_archive", "outbound_limit", "trusted_networks")
# GAP: delivery_account_info has no option view yet; the account's fields named like delivery_account_settings are
# copied as they are.
DELIVERY_SETTINGS = ("allow_nets", "bounce_notification", "bounce_notification_to_sender", "ignore_suppression_list")
MAILBOX_VAULT = "vault_qboxmail_mailbox_passwords"
POSTMASTER_VAULT = "vault_qboxmail_postmaster_passwords"
CONNECTION = """\
# The environment first (an AWX credential of the type extensions/awx/credential_type.yml injects these variables;
# outside AWX, export them), else the vault.
qboxmail_api_url: "{{ lookup('ansible.builtin.env', 'QBOXMAIL_API_URL') | default('https://api.qboxmail.com', true) }}"
qboxmail_api_token: "{{ lookup('ansible.builtin.env', 'QBOXMAIL_API_TOKEN') | default(vault_qboxmail_api_token, true) }}"
qboxmail_customer_code: "{{ lookup('ansible.builtin.env', 'QBOXMAIL_CUSTOMER_CODE') }}"
qboxmail_send_api_url: "{{ lookup('ansible.builtin.env', 'QBOXMAIL_SEND_API_URL') }}"
qboxmail_send_api_token: "{{ lookup('ansible.builtin.env', 'QBOXMAIL_SEND_API_TOKEN') }}"
"""


def secret_ref(variable, key):
    return "{{ %s['%s'] }}" % (variable, key)


def view(fields, obj, drop=()):
    """The object as its module's options (the shared declarations), without the options the role sets itself."""
    return dict((k, v) for k, v in option_view(fields, obj).items() if k not in drop)


class Export:
    """One reading of the account: `hosted_email_domains`, the delivery variables, the secrets they reference and the
    settings the roles cannot express."""

    def __init__(self, client, domains=None, include=FAMILIES):
        self.client, self.include = client, set(include)
        self.domains = set(d.lower() for d in domains) if domains is not None else None
        self.unexpressed, self.secrets = set(), {POSTMASTER_VAULT: [], MAILBOX_VAULT: []}

    def unsupported(self, where, keys):
        self.unexpressed.update("%s.%s" % (where, key) for key in keys)

    def pages(self, template, **values):
        return list(self.client.paginate(path(template, **values)))

    # ---------------------------------------------------------------------------------------- hosted e-mail
    def hosted(self):
        found = [d for d in self.pages(DOMAINS) if self.domains is None or str(d.get("name")).lower() in self.domains]
        vaults = self.vault_domains() if "vault" in self.include else {}
        return [self.domain(obj, vaults.get(obj.get("code"))) for obj in sorted(found, key=lambda d: d["name"])]

    def domain(self, obj, vault):
        options = view(DOMAIN_OPTIONS, obj)
        name, code = options.pop("name"), obj["code"]
        item = dict(name=name, postmaster_password=secret_ref(POSTMASTER_VAULT, name))
        self.secrets[POSTMASTER_VAULT].append(name)
        state = options.pop("state", "present")
        if state != "present":
            item["state"] = state
        item["dkim"] = options.pop("dkim", "absent")
        item["settings"] = dict((k, options.pop(k)) for k in ROLE_SETTINGS if k in options)
        self.unsupported("domain", options)
        if "alias_domains" in self.include:
            item["alias_domains"] = sorted(a["name"] for a in self.pages(DOMAIN_ALIASES, parent=code))
        boxes = self.pages(MAILBOXES, parent=code) if self.include & {"mailboxes", "signatures", "addressbooks"} else []
        if "mailboxes" in self.include:
            # The postmaster is the domain's (its password is postmaster_password; the role never purges it).
            item["mailboxes"] = sorted((self.mailbox(name, box) for box in boxes if not box.get("is_postmaster")),
                                       key=lambda b: b["name"])
        if "aliases" in self.include:
            item["aliases"] = sorted((view(ALIAS_OPTIONS, a, ("domain", "state")) for a in self.pages(ALIASES, parent=code)),
                                     key=lambda a: a["name"])
        if "signatures" in self.include:
            item["signatures"] = self.signatures(code, boxes)
        if "addressbooks" in self.include:
            item["addressbooks"] = self.addressbooks(boxes)
        if vault is not None:
            item["vault"] = vault
        return dict((k, v) for k, v in item.items() if v not in ([], {}))

    def mailbox(self, domain, box):
        options = view(MAILBOX_OPTIONS, box, ("domain",))
        if options.get("state") == "present":
            del options["state"]
        address = "%s@%s" % (options["name"], domain)
        self.secrets[MAILBOX_VAULT].append(address)
        return dict(options, password=secret_ref(MAILBOX_VAULT, address))

    def signatures(self, domain_code, boxes):
        """Signatures of the mailboxes that have one: the domain's list of mailboxes without a signature spares a read
        of every other mailbox."""
        unsigned = set(b.get("code") for b in self.pages(WITHOUT_SIGNATURE, code=domain_code))
        out = []
        for box in sorted(boxes, key=lambda b: b["name"]):
            if box.get("code") in unsigned:
                continue
            for sig in read_signatures(self.client, box["code"]):
                options = view(SIGNATURE_OPTIONS, sig, ("mailbox", "state"))
                out.append(dict(options, mailbox=box["name"]))
        return out

    def addressbooks(self, boxes):
        """Address books are listed per mailbox, and contacts read one by one where the list gives no e-mail
        addresses [DOC]: the per-item reads the documented lists force."""
        out = []
        for box in sorted(boxes, key=lambda b: b["name"]):
            for book in sorted(self.pages(ADDRESSBOOKS, parent=box["code"]), key=lambda b: b["name"]):
                base = path(CONTACTS, mailbox=box["code"], parent=book["id"])
                contacts = [contact_current(c if "emails" in c else self.client.get_one(base + path("/{uid}", uid=c["uid"])))
                            for c in self.pages(base)]
                items = [view(CONTACT_OPTIONS, c, ("mailbox", "addressbook", "state")) for c in contacts if c]
                entry = dict(view(ADDRESSBOOK_OPTIONS, book, ("mailbox", "state")), mailbox=box["name"])
                with_email = sorted((c for c in items if c.get("email")), key=lambda c: c["email"])
                if len(with_email) < len(items):
                    self.unsupported("contact", ["without_email"])
                if with_email:
                    entry["contacts"] = with_email
                out.append(entry)
        return out

    def vault_domains(self):
        """{domain code: the role's vault item} of the domains with Vault (one list, then the archived accounts)."""
        out = {}
        for dom in self.pages(VAULT_DOMAINS):
            if has_vault(dom) and (self.domains is None or str(dom.get("name")).lower() in self.domains):
                options = view(VAULT_OPTIONS, dom, ("domain",))
                if options.get("state") == "present":
                    del options["state"]
                accounts = self.pages(VAULT_ACCOUNTS, parent=dom["code"])
                if accounts:
                    options["mailboxes"] = sorted(mailbox_items(accounts), key=lambda a: a["address"])
                out[dom["code"]] = options
        return out

    # ---------------------------------------------------------------------------------------------- delivery
    def delivery(self):
        if "delivery" not in self.include:
            return {}
        domains = dict((str(d.get("code")), view(DELIVERY_DOMAIN_OPTIONS, d)["name"]) for d in self.pages(DOMAINS_PATH))
        accounts = sorted(self.pages(ACCOUNTS_PATH), key=lambda a: str(a.get("description")))
        out = {"delivery_domains": sorted(domains.values())}
        if not accounts:
            return out
        account = accounts[0]
        if len(accounts) > 1:
            self.unsupported("delivery_account", sorted(str(a.get("description")) for a in accounts[1:]))
        out["delivery_account_description"] = account.get("description")
        out["delivery_account_type"] = account.get("type")
        settings = dict((k, account[k]) for k in DELIVERY_SETTINGS if account.get(k) not in (None, []))
        if settings:
            out["delivery_account_settings"] = settings
        tokens = sorted(str(t.get("label")) for t in self.client.get(path(TOKENS_PATH, parent=account["id"])).resources)
        if tokens:
            out["delivery_token_label"] = tokens[0]
            self.unsupported("delivery_api_token", tokens[1:])
        return out

    # ------------------------------------------------------------------------------------- delegated users
    def users(self):
        """Managers and team members the token sees, by e-mail address, into unexpressed (one list each)."""
        if "users" not in self.include:
            return
        for kind, template in USERS:
            try:
                found = self.pages(template)
            except QboxmailError as err:
                if err.status not in USERS_FORBIDDEN:
                    raise
                continue
            self.unsupported(kind, sorted(str(u.get("email_address")) for u in found))


# ------------------------------------------------------------------------------------------------ files
def render(yaml, exported, delivery, unexpressed):
    """vars.yml: sorted keys, block style, so that an unchanged account gives the same bytes."""
    lines = ["---", "# Written by qboxmail.qboxmail.account_export: the account as the variables of site.yml (the roles",
             "# hosted_email and delivery). Secrets are references to vault.yml beside this file.", ""]
    if unexpressed:
        lines.append("# Found on the account, not expressed by the roles (manage these by hand):")
        lines.extend("#   - %s" % name for name in sorted(unexpressed))
        lines.append("")
    body = dict(hosted_email_domains=exported, **delivery)
    dumped = yaml.safe_dump(body, default_flow_style=False, sort_keys=True, allow_unicode=True, width=100000)
    return "\n".join(lines) + "\n" + CONNECTION + "\n" + dumped


def render_vault(yaml, secrets):
    lines = ["---", "# Template written by qboxmail.qboxmail.account_export: replace each placeholder, then encrypt",
             "# (ansible-vault encrypt). Passwords cannot be read back from Qboxmail; with update_password: on_create",
             "# (the default) they are sent only when the object is created again.", ""]
    body = {"vault_qboxmail_api_token": ""}
    for variable, keys in sorted(secrets.items()):
        body[variable] = dict((key, "CHANGE-ME") for key in sorted(keys))
    return "\n".join(lines) + "\n" + yaml.safe_dump(body, default_flow_style=False, sort_keys=True, width=100000)


def placeholders(secrets):
    return sum(len(keys) for keys in secrets.values())


def plan_files(dest, contents, force):
    """[(path, content, state, current text)] with state `unchanged`, `created` or `changed`; a differing file without `force` fails
    before anything is written."""
    out = []
    for name, content in contents:
        target = os.path.join(os.path.abspath(os.path.expanduser(dest)), name)
        current = None
        if os.path.exists(target):
            with open(target, "rb") as handle:
                current = handle.read().decode("utf-8")
        state = "created" if current is None else ("unchanged" if current == content else "changed")
        if state == "changed" and not force:
            raise ModuleFailure("dest: %s exists and differs from the export; set force=true to overwrite it (commit or "
                                "move it first), or choose another dest" % target)
        out.append((target, content, state, current))
    return out


def write_files(planned):
    for target, content, state, _current in planned:
        if state != "unchanged":
            if not os.path.isdir(os.path.dirname(target)):
                os.makedirs(os.path.dirname(target))
            write_private_file(target, content)
