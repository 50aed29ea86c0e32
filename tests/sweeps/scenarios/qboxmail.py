# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of the inventory plugin qboxmail.qboxmail.qboxmail (its steps are inventory files' options)."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

TOKEN = "Sw33p-inventory-t0ken-Kx7"   # seeded as a customer token; given as api_token (or QBOXMAIL_API_TOKEN)
PLUGIN = "qboxmail.qboxmail.qboxmail"

SCENARIO = Scenario(
    name="qboxmail",
    kind="inventory",
    token=TOKEN,
    seed={"tokens": [{"token": TOKEN, "role": "customer", "customer_code": "C100000001"}],
          "domains": [{"name": "d%03d.example.com" % i, "customer_code": "C100000001", "status": "enabled",
                       "plan": ("basic", "professional")[i % 2]} for i in range(210)]
          + [{"name": "new.example.com", "customer_code": "C100000001"}],
          "delivery_accounts": [{"description": "Web shop", "customer_code": "C100000001", "type": "transactional"},
                                {"description": "Newsletter", "customer_code": "C100000001", "type": "newsletter"}]},
    steps={
        # What an AWX inventory source syncs: every domain (3 pages of 100), grouped by plan and status.
        "sync": dict(plugin=PLUGIN,
                     keyed_groups=[dict(key="qboxmail_plan", prefix="plan"), dict(key="qboxmail_status", prefix="status")],
                     groups=dict(unverified="qboxmail_status == 'ownership_check'"),
                     compose=dict(mailbox_limit="qboxmail_max_email_accounts")),
        # A filtered source with the Delivery accounts, cached.
        "filtered": dict(plugin=PLUGIN, query="d1", status="enabled", include_delivery_accounts=True,
                         cache=True, cache_plugin="ansible.builtin.jsonfile", cache_connection="{files}/cache"),
        "accounts_only": dict(plugin=PLUGIN, include_domains=False, include_delivery_accounts=True,
                              hostvar_prefix="qbx_", ansible_connection=""),
    },
    ops=[
        Op("paging", "sync", "GET", "/api/domains"),
        Op("list", "filtered", "GET", "/api/domains"),
        Op("list", "accounts_only", "GET", "/api/delivery/accounts"),
    ],
    secrets=[TOKEN],
    bad=[
        Bad(dict(api_token=""), "api_token", base="sync", note="no module_defaults reach an inventory plugin"),
        Bad(dict(api_url="ftp://api.example.com"), "api_url", base="sync"),
        Bad(dict(timeout=0), "timeout", base="sync"),
        Bad(dict(retries=-1), "retries", base="sync"),
        Bad(dict(ca_path="/nonexistent/ca.pem"), "ca_path", base="sync"),
        Bad(dict(hostvar_prefix="1-bad"), "hostvar_prefix", base="sync"),
    ],
    valid=[dict(base="sync", hostvar_prefix=""), dict(base="sync", status="all"), dict(base="filtered", query="")],
    notes="An inventory plugin only reads: each step is an inventory file (`*.qboxmail.yml`) run with "
          "ansible-inventory --list, api_url/api_token given in the file or as QBOXMAIL_API_URL/QBOXMAIL_API_TOKEN. "
          "Errors are AnsibleParserError (bad options, before any request) or AnsibleError with the HTTP status; "
          "the token never appears in the output, the cache or the errors.",
)
