# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The simulator as a stand-in account: the tester's domain and another one, with unrelated objects that a live run
must leave untouched (``snapshot`` before and after), and the environment that points the live suite at it."""
from __future__ import annotations

import json
import os

CUSTOMER = "C100000001"
TOKEN = "qbx-customer-dev-token"     # the simulator's token of CUSTOMER
DOMAIN = "live-test.example"
OTHER = "unrelated.example"
PASSWORD = "Unrelated-Pw-2026!"
SEND_TOKEN = "qbxs-standin-send-token"   # a Send token of the account's Delivery account (sender domain: DOMAIN)
RECIPIENT = "me@tester.example"


def seed(sim, domain=DOMAIN, extra_domains=0):
    """Seed the account: ``domain`` and OTHER (plus ``extra_domains`` more); in the first two a mailbox ``alice`` and
    ``qbxlivestyle`` (named like the suite's prefix without being one of its runs) and an alias ``sales``; a Delivery
    account with ``domain`` verified as a sender domain and the Send token SEND_TOKEN."""
    names = [domain, OTHER] + ["extra%d.example" % n for n in range(extra_domains)]
    codes = sim.seed(domains=[{"name": name, "customer_code": CUSTOMER, "status": "enabled"} for name in names])["domains"]
    sim.seed(email_accounts=[{"domain_code": code, "name": local, "password": PASSWORD}
                             for code in codes[:2] for local in ("alice", "qbxlivestyle")],
             alias_email_accounts=[{"domain_code": code, "name": "sales", "destinations": ["alice@%s" % name]}
                                   for code, name in zip(codes[:2], names[:2])],
             delivery_domains=[{"name": domain, "code": "dlv-standin", "verified": True}],
             delivery_accounts=[{"id": 901, "description": "stand-in", "domain_codes": ["dlv-standin"]}],
             send_tokens=[{"account_id": 901, "label": "stand-in", "token": SEND_TOKEN}])
    return names


def domain_code(sim, name):
    """The code of a seeded domain."""
    for item in sim.state("domains"):
        if item.get("name") == name:
            return item["code"]
    raise KeyError(name)


def snapshot(sim, exclude=("qbxlive-",)):
    """Every collection of the simulator, without the objects that mention one of ``exclude`` and without the
    bookkeeping that a run changes by design (request log, counters)."""
    out = {}
    for name in sorted(sim.control("GET", "state")):
        items = [item for item in sim.state(name) if not any(e in json.dumps(item) for e in exclude)]
        out[name] = sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    return out


def live_env(sim, ca_path, recording, **extra):
    """The environment of a live run against this simulator (no real variable leaks in)."""
    env = dict((k, v) for k, v in os.environ.items() if not k.startswith("QBOXMAIL_"))
    env.update(QBOXMAIL_LIVE_API_URL=sim.url, QBOXMAIL_LIVE_API_TOKEN=TOKEN, QBOXMAIL_LIVE_DOMAIN=DOMAIN,
               QBOXMAIL_LIVE_CA_PATH=ca_path, QBOXMAIL_LIVE_RECORDING=recording, QBOXMAIL_LIVE_PACE="0.01")
    env.update(extra)
    return env
