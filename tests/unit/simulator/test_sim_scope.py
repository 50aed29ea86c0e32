# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: what a manager token sees (CONTRACT "what a manager token sees").

Two managers of the reseller with different assignments, plus unassigned resources of the reseller and resources
of another customer: every current list and get route must show a manager exactly its own resources.
"""
from __future__ import annotations

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN

RESELLER = "C100000003"
RESELLER_TOKEN = "qbx-reseller-dev-token"


def ok(reply):
    assert reply.status in (200, 204), reply
    return reply.body


@pytest.fixture
def world(sim):
    """Hosting domains (with a mailbox, an email alias, an alias domain), Delivery domains, accounts, Send tokens
    and suppression entries for manager A, manager B, nobody (U) and another customer (X)."""
    out = {}
    for key, customer in (("A", RESELLER), ("B", RESELLER), ("U", RESELLER), ("X", "C100000001")):
        token = RESELLER_TOKEN if customer == RESELLER else CUSTOMER_TOKEN
        domain = sim.seed(domains=[{"name": "%s.example.com" % key.lower(), "customer_code": customer,
                                    "status": "enabled"}])["domains"][0]
        mailbox = sim.seed(email_accounts=[{"domain_code": domain, "name": "box"}])["email_accounts"][0]
        alias = ok(sim.api("POST", "/api/domains/%s/alias_email_accounts" % domain,
                           {"name": "alias", "destinations": ["x@example.org"]}, token=token))["resource_code"]
        alias_domain = ok(sim.api("POST", "/api/domains/%s/aliases" % domain, {"name": "alias-%s.example.net" % key.lower()},
                                  token=token))["resource_code"]
        ddomain = sim.seed(delivery_domains=[{"name": "mail.%s.example.com" % key.lower(), "customer_code": customer}])[
            "delivery_domains"][0]
        account = sim.seed(delivery_accounts=[{"description": "acc-%s" % key, "customer_code": customer,
                                               "domain_codes": [ddomain]}])["delivery_accounts"][0]
        send_token = sim.seed(send_tokens=[{"account_id": account, "label": "tok-%s" % key}])["send_tokens"][0]
        sim.seed(suppressions=[{"email": "%s@example.org" % key.lower(), "customer_code": customer, "accounts": [account]}])
        out[key] = {"domain": domain, "mailbox": mailbox, "alias": alias, "alias_domain": alias_domain,
                    "ddomain": ddomain, "account": account, "send_token": send_token}
    sim.seed(suppressions=[{"email": "everyone@example.org", "customer_code": RESELLER},
                           {"email": "shared@example.org", "customer_code": RESELLER,
                            "accounts": [out["A"]["account"], out["B"]["account"]]}])
    sim.seed(managers=[{"code": "MN30000001", "token": "tok-a", "domain_codes": [out["A"]["domain"]]},
                       {"code": "MN30000002", "token": "tok-b"}])
    # A gets its Delivery resources by domain (the account follows), B by account (the domain follows).
    ok(sim.api("PUT", "/api/managers/MN30000001/assign/delivery", {"id": out["A"]["ddomain"]}, token=RESELLER_TOKEN))
    ok(sim.api("PUT", "/api/managers/MN30000002/assign/delivery", {"id": str(out["B"]["account"])}, token=RESELLER_TOKEN))
    ok(sim.api("PUT", "/api/managers/MN30000002", {"domain_codes": [out["B"]["domain"]]}, token=RESELLER_TOKEN))
    return out


MANAGERS = (("A", "tok-a"), ("B", "tok-b"))


def listed(sim, path, token, key="code"):
    body = ok(sim.api("GET", path, token=token))
    return {obj[key] for obj in body["resources"]}


@pytest.mark.parametrize("mine,token", MANAGERS)
def test_hosting_lists_and_gets(sim, world, mine, token):
    own = world[mine]
    assert listed(sim, "/api/domains", token) == {own["domain"]}
    for key, res in world.items():
        visible = key == mine
        domain = res["domain"]
        children = (("email_accounts", res["mailbox"]), ("alias_email_accounts", res["alias"]), ("aliases", res["alias_domain"]))
        assert sim.api("GET", "/api/domains/" + domain, token=token).status == (200 if visible else 404)
        for collection, code in children:
            list_reply = sim.api("GET", "/api/domains/%s/%s" % (domain, collection), token=token)
            get_reply = sim.api("GET", "/api/domains/%s/%s/%s" % (domain, collection, code), token=token)
            if visible:
                assert code in {obj["code"] for obj in list_reply.body["resources"]}
                assert get_reply.status == 200
            else:
                assert (list_reply.status, get_reply.status) == (404, 404), (key, collection)
        # a child of a visible domain reached through another domain's path stays hidden
        assert sim.api("GET", "/api/domains/%s/email_accounts/%s" % (own["domain"], res["mailbox"]),
                       token=token).status == (200 if visible else 404)
    assert sim.api("PUT", "/api/domains/" + world["U"]["domain"], {"antispam_level": 1}, token=token).status == 404
    assert sim.api("DELETE", "/api/domains/" + world["U"]["domain"], token=token).status == 404


@pytest.mark.parametrize("mine,token", MANAGERS)
def test_delivery_lists_and_gets(sim, world, mine, token):
    own = world[mine]
    assert listed(sim, "/api/delivery/domains", token) == {own["ddomain"]}
    assert listed(sim, "/api/delivery/accounts", token, key="id") == {own["account"]}
    for key, res in world.items():
        status = 200 if key == mine else 404
        assert sim.api("GET", "/api/delivery/domains/" + res["ddomain"], token=token).status == status
        assert sim.api("GET", "/api/delivery/accounts/%d" % res["account"], token=token).status == status
        tokens = sim.api("GET", "/api/delivery/accounts/%d/api_tokens" % res["account"], token=token)
        assert tokens.status == status
        if key == mine:
            assert [obj["id"] for obj in tokens.body["resources"]] == [res["send_token"]]
        update = sim.api("PUT", "/api/delivery/accounts/%d/api_tokens/%d" % (res["account"], res["send_token"]),
                         {"allow_nets": []}, token=token)
        assert update.status == status
    foreign = sim.api("PUT", "/api/delivery/accounts/%d" % own["account"], {"domain_codes": [world["U"]["ddomain"]]}, token=token)
    assert foreign.status == 422 and foreign.body["errors"][0]["field"] == "domain_codes"


@pytest.mark.parametrize("mine,token", MANAGERS)
def test_suppression_scope(sim, world, mine, token):
    own = world[mine]
    other = world["B" if mine == "A" else "A"]
    assert listed(sim, "/api/delivery/suppression_lists", token, key="email") == {
        "%s@example.org" % mine.lower(), "shared@example.org"}
    export = sim.api("GET", "/api/delivery/suppression_lists/export", token=token).body
    assert sorted(line.split(",")[0] for line in export.splitlines()[1:]) == ["%s@example.org" % mine.lower(), "shared@example.org"]
    details = "/api/delivery/suppression_lists/details"
    assert sim.api("POST", details, {"email": "%s@example.org" % mine.lower()}, token=token).status == 200
    for hidden in ("u@example.org", "x@example.org", "everyone@example.org", "%s@example.org" % ("b" if mine == "A" else "a")):
        assert sim.api("POST", details, {"email": hidden}, token=token).status == 404, hidden
        assert sim.api("PUT", "/api/delivery/suppression_lists/edit", {"email": hidden, "active": False}, token=token).status == 404
        assert sim.api("DELETE", "/api/delivery/suppression_lists", {"email": hidden}, token=token).status == 404
    base = "/api/delivery/suppression_lists"
    assert sim.api("POST", base, {"email": "new@example.org", "reason": "bounce"}, token=token).status == 422
    assert sim.api("POST", base, {"email": "new@example.org", "reason": "bounce", "accounts": [other["account"]]},
                   token=token).status == 422
    assert sim.api("POST", base, {"email": "new@example.org", "reason": "bounce", "accounts": [own["account"]]},
                   token=token).status == 204
    # editing or deleting the shared entry keeps the other manager's account
    assert sim.api("PUT", base + "/edit", {"email": "shared@example.org", "accounts": [own["account"]], "reason": "complaint"},
                   token=token).status == 204
    shared = sim.api("POST", details, {"email": "shared@example.org"}, token=RESELLER_TOKEN).body["resources"][0]
    assert sorted(shared["accounts"]) == sorted([own["account"], other["account"]]) and shared["reason"] == "complaint"
    assert sim.api("DELETE", base, {"email": "shared@example.org"}, token=token).status == 204
    shared = sim.api("POST", details, {"email": "shared@example.org"}, token=RESELLER_TOKEN).body["resources"][0]
    assert shared["accounts"] == [other["account"]]
    assert sim.api("POST", details, {"email": "shared@example.org"}, token=token).status == 404
    csv = "email,reason,accounts,active\nimp@example.org,bounce,%d,true\n" % own["account"]
    assert sim.api("POST", base + "/import", {"csv_file_name": "a.csv", "csv_file_content": csv}, token=token).status == 204
    bad = "email,reason,accounts,active\nimp2@example.org,bounce,,true\n"
    assert sim.api("POST", base + "/import", {"csv_file_name": "b.csv", "csv_file_content": bad}, token=token).status == 422


def test_reseller_sees_everything_of_its_own(sim, world):
    assert listed(sim, "/api/domains", RESELLER_TOKEN) == {world[key]["domain"] for key in "ABU"}
    assert listed(sim, "/api/delivery/accounts", RESELLER_TOKEN, key="id") == {world[key]["account"] for key in "ABU"}
    assert len(listed(sim, "/api/delivery/suppression_lists", RESELLER_TOKEN, key="email")) == 5
    assert listed(sim, "/api/domains", CUSTOMER_TOKEN) == {world["X"]["domain"]}


def test_assignment_changes_take_effect_at_once(sim, world):
    assert sim.api("GET", "/api/domains/" + world["U"]["domain"], token="tok-a").status == 404
    ok(sim.api("PUT", "/api/managers/MN30000001", {"domain_codes": [world["A"]["domain"], world["U"]["domain"]]},
               token=RESELLER_TOKEN))
    assert listed(sim, "/api/domains", "tok-a") == {world["A"]["domain"], world["U"]["domain"]}
    assert listed(sim, "/api/domains/%s/email_accounts" % world["U"]["domain"], "tok-a") >= {world["U"]["mailbox"]}
    ok(sim.api("PUT", "/api/managers/MN30000001/unassign/delivery", {"id": str(world["A"]["account"])}, token=RESELLER_TOKEN))
    assert listed(sim, "/api/delivery/accounts", "tok-a", key="id") == set()
    assert sim.api("GET", "/api/delivery/accounts/%d/api_tokens" % world["A"]["account"], token="tok-a").status == 404
    assert listed(sim, "/api/delivery/domains", "tok-a") == {world["A"]["ddomain"]}
