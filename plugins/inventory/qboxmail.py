# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: qboxmail
short_description: Qboxmail hosted e-mail domains and Delivery accounts as inventory hosts
version_added: 0.2.0
description:
  - Reads the Hosting domains of a Qboxmail account and makes each one an inventory host named by its domain name
    (unique in Qboxmail), with the domain's fields and settings as host variables. Optionally adds the Delivery
    accounts as hosts named C(delivery_account_<id>).
  - The plays then run against the API from the controller (O(ansible_connection=local) by default), one host per
    domain, in parallel up to C(forks). This is how an AWX inventory source syncs the domains of an account.
  - Every domain host is in the group C(qboxmail_domains), every Delivery account host in
    C(qboxmail_delivery_accounts); O(keyed_groups), O(groups) and O(compose) build more groups and variables.
  - Lists are read page by page at the largest page size the API allows (100).
  - The inventory file name must end with C(qboxmail.yml) or C(qboxmail.yaml), for example C(prod.qboxmail.yml).
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - constructed
  - inventory_cache
  - qboxmail.qboxmail.plugin_connection
options:
  plugin:
    description: The name of this plugin, so that Ansible uses it for the file.
    type: str
    required: true
    choices: [qboxmail.qboxmail.qboxmail]
  query:
    description: Only the domains whose name contains this text (a search done by Qboxmail).
    type: str
  status:
    description:
      - Only the domains with this status, for example V(enabled), V(disabled) or V(ownership_check).
      - Matched here on the listed domains (Qboxmail's domain list documents no status filter), so the requests are
        the same with or without it.
    type: str
  include_domains:
    description: Add the Hosting domains as hosts. Set to V(false) for an inventory of Delivery accounts only.
    type: bool
    default: true
  include_delivery_accounts:
    description:
      - Add the Delivery accounts as hosts named C(delivery_account_<id>), in the group C(qboxmail_delivery_accounts).
      - Their fields are host variables like those of the domains; the account's C(description) is the variable
        C(<hostvar_prefix>description), its status name C(<hostvar_prefix>status_name).
    type: bool
    default: false
  hostvar_prefix:
    description:
      - Prefix of the host variables made from the fields of each domain or account, for example
        C(qboxmail_plan), C(qboxmail_status). Letters, digits and underscores; V("") for none.
      - Whatever the prefix, every host also has C(qboxmail_kind) (V(domain) or V(delivery_account)), and
        C(qboxmail_code) (a domain's code) or C(qboxmail_id) (an account's id).
    type: str
    default: qboxmail_
  ansible_connection:
    description:
      - The C(ansible_connection) host variable of every host. The modules of this collection call the API from the
        controller, so the default is V(local). V("") sets none (the connection comes from elsewhere).
      - With V(local), every host also gets O(ansible_python_interpreter), so that Ansible does not discover (and
        warn about) an interpreter per host.
    type: str
    default: local
  ansible_python_interpreter:
    description:
      - The C(ansible_python_interpreter) host variable of every host when O(ansible_connection=local), the Python
        the modules run with on the controller, which needs C(requests).
      - By default the Python running Ansible (the one that has the collection's requirements). Set another path
        here, or V("") for none, so that C(group_vars) or interpreter discovery decide (a host variable of an
        inventory plugin wins over C(group_vars); C(host_vars) files win over it).
    type: str
notes:
  - Host variables never hold secrets (postmaster and SMTP passwords, tokens are removed).
  - With O(cache) enabled, the cache key includes the API URL, the customer code and the filters, never the token.
seealso:
  - module: qboxmail.qboxmail.domain_info
  - module: qboxmail.qboxmail.delivery_account_info
"""

EXAMPLES = r"""
# prod.qboxmail.yml. The smallest file is the single line `plugin: qboxmail.qboxmail.qboxmail`: every domain of the
# account, credentials from QBOXMAIL_API_URL / QBOXMAIL_API_TOKEN (an AWX credential of the collection's credential
# type injects them). This one takes the enabled domains only, groups them, adds the Delivery accounts and caches the
# result for an hour.
plugin: qboxmail.qboxmail.qboxmail
status: enabled
include_delivery_accounts: true
keyed_groups:
  - key: qboxmail_plan
    prefix: plan
  - key: qboxmail_type | default(omit)
    prefix: delivery
groups:
  with_vault: qboxmail_archive | default(false)
  needs_dkim: qboxmail_kind == 'domain' and qboxmail_dkim_status != 'enabled'
compose:
  mailbox_count: qboxmail_no_email_accounts
cache: true
cache_plugin: ansible.builtin.jsonfile
cache_connection: /tmp/qboxmail-inventory
cache_timeout: 3600

# Then: ansible-inventory -i prod.qboxmail.yml --graph
#       ansible-playbook -i prod.qboxmail.yml --forks 8 per_domain.yml   (a play on hosts: qboxmail_domains)
"""

import hashlib
import json
import re
import sys

from ansible.errors import AnsibleError, AnsibleParserError
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import PLUGIN_CONNECTION, plugin_client, scrub
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery import ACCOUNTS_PATH, with_status_name
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._hosting import DOMAINS

DOMAIN_GROUP = "qboxmail_domains"
ACCOUNT_GROUP = "qboxmail_delivery_accounts"
ACCOUNT_HOST = "delivery_account_%s"
# What the fetched data depends on besides the token (the cache key).
CACHE_SCOPE = ("api_url", "customer_code", "query", "status", "include_domains", "include_delivery_accounts")
PREFIX_RE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)?$")


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    NAME = "qboxmail.qboxmail.qboxmail"

    def verify_file(self, path):
        return super(InventoryModule, self).verify_file(path) and path.endswith(("qboxmail.yml", "qboxmail.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super(InventoryModule, self).parse(inventory, loader, path, cache)
        self._read_config_data(path)
        prefix = self.get_option("hostvar_prefix") or ""
        if not PREFIX_RE.match(prefix):
            raise AnsibleParserError("qboxmail inventory: hostvar_prefix must be letters, digits and underscores, not "
                                     "starting with a digit (got %r)" % prefix)
        key = self.cache_key(path)
        use_cache = self.get_option("cache") and cache
        update_cache = self.get_option("cache") and not cache
        data = None
        if use_cache:
            try:
                data = self._cache[key]
            except KeyError:
                update_cache = True
        if data is None:
            data = self.fetch()
        if update_cache:
            self._cache[key] = data
        self.populate(data, prefix)

    def cache_key(self, path):
        scope = json.dumps([self.get_option(name) for name in CACHE_SCOPE])
        return "%s_%s" % (self.get_cache_key(path), hashlib.sha256(scope.encode("utf-8")).hexdigest()[:12])

    def client(self):
        params = dict((name, self.get_option(name)) for name in PLUGIN_CONNECTION)
        try:
            return plugin_client(params, "set api_token in the inventory file (vault-encrypted) or the QBOXMAIL_API_TOKEN "
                                         "environment variable")
        except ValueError as exc:
            raise AnsibleParserError("qboxmail inventory: %s" % exc) from None

    def fetch(self):
        """{domains: [...], delivery_accounts: [...]}: what the API lists, secrets removed."""
        client = self.client()
        data = {"domains": [], "delivery_accounts": []}
        filters = dict(query=self.get_option("query")) if self.get_option("query") else {}
        status = self.get_option("status")
        try:
            if self.get_option("include_domains"):
                # [DOC] the domain list takes page, per, query, pick, only: the status is matched here
                data["domains"] = [scrub(obj) for obj in client.paginate(DOMAINS, filters)
                                   if not status or obj.get("status") == status]
            if self.get_option("include_delivery_accounts"):
                data["delivery_accounts"] = [scrub(with_status_name(obj)) for obj in client.paginate(ACCOUNTS_PATH)]
        except QboxmailError as err:
            raise AnsibleError("qboxmail inventory: %s" % err) from None
        self.display.vvv("qboxmail inventory: %d domains, %d Delivery accounts in %d requests to %s" % (
            len(data["domains"]), len(data["delivery_accounts"]), client.request_count, client.base_url))
        return data

    def populate(self, data, prefix):
        connection = self.get_option("ansible_connection")
        python = self.get_option("ansible_python_interpreter")
        python = sys.executable if python is None else python
        for group in (DOMAIN_GROUP, ACCOUNT_GROUP):
            self.inventory.add_group(group)
        for obj in data.get("domains") or []:
            self.add(obj["name"], DOMAIN_GROUP, obj, prefix, connection, python, qboxmail_kind="domain",
                     qboxmail_code=obj.get("code"))
        for obj in data.get("delivery_accounts") or []:
            self.add(ACCOUNT_HOST % obj["id"], ACCOUNT_GROUP, obj, prefix, connection, python,
                     qboxmail_kind="delivery_account",
                     qboxmail_id=obj.get("id"))

    def add(self, host, group, obj, prefix, connection, python, **fixed):
        hostvars = dict((prefix + key, value) for key, value in obj.items())
        hostvars.update(fixed)
        if connection:
            hostvars["ansible_connection"] = connection
        if python and connection in ("local", "ansible.builtin.local"):
            hostvars["ansible_python_interpreter"] = python
        self.inventory.add_host(host, group=group)
        for name, value in hostvars.items():
            self.inventory.set_variable(host, name, value)
        strict = self.get_option("strict")
        hostvars = self.inventory.get_host(host).get_vars()  # with inventory_hostname and group_names
        self._set_composite_vars(self.get_option("compose"), hostvars, host, strict=strict)
        self._add_host_to_composed_groups(self.get_option("groups"), hostvars, host, strict=strict)
        self._add_host_to_keyed_groups(self.get_option("keyed_groups"), hostvars, host, strict=strict)
