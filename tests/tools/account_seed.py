# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""A realistic account made by direct API calls (never by the collection), for the export round trip.

Domains and alias domains are seeded verified through /_sim/seed (an ownership proof needs DNS; a verified domain is
what an adopted account has); everything under them is made with the documented API requests, as an operator in the
panel would."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

CUSTOMER = "C100000001"
TOKEN = "qbx-customer-dev-token"
PASSWORD = "Seed-Passw0rd-9"
PLANS = ("basic", "professional", "enterprise")
GB = 1024 ** 3


def ok(reply):
    assert reply.status in (200, 201, 204), reply
    return reply.body


def seed_account(sim, domains=3, mailboxes=9, aliases=4, signatures=2, contacts=4, vault_domains=1, tokens=2,
                 dkim_every=2):
    """Seed the account; {domain name: code} of the Hosting domains."""
    def api(method, url, body=None):
        return ok(sim.api(method, url, body, token=TOKEN))
    names = ["d%02d.example.com" % n for n in range(domains)]
    codes = sim.seed(domains=[dict(name=name, customer_code=CUSTOMER, status="enabled", plan=PLANS[n % 3],
                                   antispam_level=n % 4, max_email_quota=(4, 8, 16, 25)[n % 4] * GB)
                              for n, name in enumerate(names)])["domains"]
    by_name = dict(zip(names, codes))
    sim.seed(alias_domains=[dict(code="AD%08d" % 1, domain_code=codes[0], customer_code=CUSTOMER, domain_name=names[0],
                                 name="d00.example.net", status="enabled", status_detail="ok")])
    for n, code in enumerate(codes):
        if n % dkim_every == 0:
            setup = api("POST", "/api/domains/%s/dkim" % code)
            record = (setup.get("resources") or [setup])[0]
            sim.publish_dns([{"name": record["name"], "type": "TXT", "value": record["txt_record"]}])
            api("PUT", "/api/domains/%s/dkim/verify" % code)
    boxes = []
    for n in range(mailboxes):
        code = codes[n % domains]
        body = dict(name="user%04d" % n, password=PASSWORD, password_confirmation=PASSWORD, firstname="User",
                    lastname="N%04d" % n, max_email_quota=(1 + n // domains % 3) * GB)
        if n % 5 == 1:
            body["forward_destinations"] = ["fwd%04d@example.org" % n]
        if n % 7 == 2:
            body.update(autoresponder_enabled=True, autoresponder_subject="Away", autoresponder_body="Back on Monday")
        boxes.append((code, api("POST", "/api/domains/%s/email_accounts" % code, body)["resource_code"]))
    sim.wait_until(lambda: all(m["status"] != "updating" for m in sim.state("email_accounts")), timeout=60)
    for code, box in boxes[3::11]:
        api("PUT", "/api/domains/%s/email_accounts/%s/status" % (code, box), {"status": "disabled", "bounce_msg": "Left"})
    for n in range(aliases):
        code = codes[n % domains]
        api("POST", "/api/domains/%s/alias_email_accounts" % code,
            {"name": "team%04d" % n, "destinations": ["user%04d@%s" % (n % mailboxes, names[n % domains])]})
    for n in range(signatures):
        api("POST", "/api/signatures/" + boxes[n][1], {"body": "<p>User %d</p>" % n, "title": "Work"})
    book = api("POST", "/api/addressbooks/" + boxes[0][1], {"name": "Customers"})["resource_code"]
    for n in range(contacts):
        api("POST", "/api/addressbooks/%s/%s/contacts" % (boxes[0][1], book),
            {"given_name": "Contact", "surname": "C%04d" % n, "emails": [{"value": "c%04d@customer.example" % n, "type": "work"}]})
    for code in codes[:vault_domains]:
        archived = [box for domain, box in boxes if domain == code][:2]
        api("POST", "/api/archive/domains/" + code, {"email_codes": archived, "retention": 24})
    sim.wait_until(lambda: all(m["status"] != "updating" for m in sim.state("email_accounts"))
                   and all(d.get("archive_status") not in ("activating",) and d.get("dkim_status") != "updating"
                           for d in sim.state("domains")), timeout=60)
    # Verified and approved (DNS and Qboxmail's approval are outside the account), like the Hosting domains.
    [domain_code] = sim.seed(delivery_domains=[{"name": "mail.d00.example.com", "customer_code": CUSTOMER,
                                                "verified": True}])["delivery_domains"]
    account = api("POST", "/api/delivery/accounts", {"description": "Shop", "type": "transactional"})
    account_id = (account.get("resources") or [account])[0].get("id") or account.get("resource_code")
    api("PUT", "/api/delivery/accounts/%s" % account_id, {"domain_codes": [domain_code]})
    for n in range(tokens):
        api("POST", "/api/delivery/accounts/%s/api_tokens" % account_id, {"label": "token-%d" % n})
    return by_name
