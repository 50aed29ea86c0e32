# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: e-mail signatures (camelCase answers, identities by position), template variables, accounts without."""
from __future__ import annotations

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN, NOBILLING_TOKEN

ITEM_KEYS = {"identity", "body", "title", "defaultSignature", "defaultSignatureReplies", "senderInBcc", "onlyNewMessages"}
GOOD = {"password": "Secret123", "password_confirmation": "Secret123"}


def errors_of(reply):
    """``{field: description}`` of a 422 answer."""
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


@pytest.fixture(name="account")
def account_fixture(sim, make_domain):
    """(domain code, mailbox code) of ``alice@example.com``."""
    code = make_domain()
    box = sim.api("POST", "/api/domains/%s/email_accounts" % code, dict(GOOD, name="alice", firstname="Alice"),
                  token=CUSTOMER_TOKEN).body["resource_code"]
    return code, box


def listed(sim, box, token=CUSTOMER_TOKEN):
    """The signatures of a mailbox."""
    reply = sim.api("GET", "/api/signatures/" + box, token=token)
    assert reply.status == 200, reply
    return reply.body["resources"]


def test_create_read_envelopes(sim, account):
    _code, box = account
    assert listed(sim, box) == []
    body = {"body": "<p>Alice</p>", "title": "Work", "default_signature": True, "sender_in_bcc": True, "only_new_messages": False}
    reply = sim.api("POST", "/api/signatures/" + box, body, token=CUSTOMER_TOKEN)
    assert reply.status == 200
    assert reply.body == {"message": "Signature created", "resource_code": "0"}
    assert reply.headers["Location"] == "/api/signatures/%s/0" % box
    item = {"identity": "alice@example.com", "body": "<p>Alice</p>", "title": "Work", "defaultSignature": True,
            "defaultSignatureReplies": False, "senderInBcc": True, "onlyNewMessages": False}
    reply = sim.api("GET", "/api/signatures/" + box, token=CUSTOMER_TOKEN)
    assert reply.body["resources"] == [item]
    assert set(reply.body["pagination"]) >= {"per", "page", "total_pages", "total_records"}
    reply = sim.api("GET", "/api/signatures/%s/0" % box, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body == {"resources": [item], "pagination": {}}
    assert set(reply.body["resources"][0]) == ITEM_KEYS, "camelCase only, no stored fields"


def test_identities_are_positions(sim, account):
    _code, box = account
    sim.api("POST", "/api/signatures/" + box, {"body": "A"})
    reply = sim.api("POST", "/api/signatures/" + box, {"body": "S", "identity": "Sales@Example.com"})
    assert reply.body["resource_code"] == "1"
    sim.api("POST", "/api/signatures/" + box, {"body": "I", "identity": "info@example.com"})
    assert [sig["identity"] for sig in listed(sim, box)] == ["alice@example.com", "sales@example.com", "info@example.com"]
    assert sim.resource("/api/signatures/%s/2" % box)["body"] == "I"
    for bad in ("3", "-1", "x", "01x"):
        reply = sim.api("GET", "/api/signatures/%s/%s" % (box, bad))
        assert (reply.status, reply.body) == (404, {"message": "Not found", "errors": []}), bad
    assert sim.api("DELETE", "/api/signatures/%s/1" % box, token=CUSTOMER_TOKEN).status == 204
    assert [sig["identity"] for sig in listed(sim, box)] == ["alice@example.com", "info@example.com"]
    assert sim.resource("/api/signatures/%s/1" % box)["body"] == "I", "later identities move up"
    assert sim.api("DELETE", "/api/signatures/%s/2" % box).status == 404
    assert errors_of(sim.api("POST", "/api/signatures/" + box, {"body": "again"})) == {"identity": "already exists"}


def test_update_by_identity(sim, account):
    _code, box = account
    sim.api("POST", "/api/signatures/" + box, {"body": "A", "title": "t"})
    sim.api("POST", "/api/signatures/" + box, {"body": "S", "identity": "sales@example.com"})
    reply = sim.api("PUT", "/api/signatures/" + box, {"body": "A2", "only_new_messages": True}, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    first = sim.resource("/api/signatures/%s/0" % box)
    assert (first["body"], first["title"], first["onlyNewMessages"]) == ("A2", "t", True)
    assert sim.api("PUT", "/api/signatures/" + box, {"body": "S2", "identity": "SALES@example.com", "title": "x"}).status == 204
    assert (sim.resource("/api/signatures/%s/1" % box)["body"], sim.resource("/api/signatures/%s/1" % box)["title"]) == ("S2", "x")
    assert errors_of(sim.api("PUT", "/api/signatures/" + box, {"title": "no body"})) == {"body": "is required"}
    assert errors_of(sim.api("PUT", "/api/signatures/" + box, {"body": "x", "identity": "nobody@example.com"})) == {
        "identity": "has no signature"}


def test_validation(sim, account):
    _code, box = account
    errors = errors_of(sim.api("POST", "/api/signatures/" + box, {"title": 5, "identity": "not an address", "sender_in_bcc": "yes",
                                                                  "default_signature": 1}))
    assert errors == {"body": "is required", "title": "is not valid", "identity": "is not valid", "sender_in_bcc": "is not valid",
                      "default_signature": "is not valid"}
    assert listed(sim, box) == []


def test_default_signature_is_unique_and_deletable(sim, account):
    sim.gaps(signature_default_replies=True)  # undocumented in bodies (gaps.py)
    _code, box = account
    path = "/api/signatures/" + box
    assert sim.api("DELETE", path).status == 404, "no default signature yet"
    sim.api("POST", path, {"body": "A", "default_signature": True, "default_signature_replies": True})
    sim.api("POST", path, {"body": "B", "identity": "b@example.com", "default_signature": True})
    flags = [(sig["defaultSignature"], sig["defaultSignatureReplies"]) for sig in listed(sim, box)]
    assert flags == [(False, True), (True, False)]
    assert sim.api("DELETE", path, token=CUSTOMER_TOKEN).status == 204
    assert [sig["body"] for sig in listed(sim, box)] == ["A"]
    assert sim.api("DELETE", path).status == 404


def test_postmaster_codes_and_visibility(sim, account):
    code, box = account
    postmaster = [item for item in sim.state("email_accounts") if item["domain_code"] == code and item["is_postmaster"]][0]["code"]
    assert sim.api("POST", "/api/signatures/" + postmaster, {"body": "PM"}, token=CUSTOMER_TOKEN).status == 200
    assert listed(sim, postmaster)[0]["identity"] == "postmaster@example.com"
    for method, path in (("GET", "/api/signatures/" + box), ("POST", "/api/signatures/" + box), ("GET", "/api/signatures/%s/0" % box),
                         ("DELETE", "/api/signatures/" + box), ("PUT", "/api/signatures/" + box)):
        assert sim.api(method, path, {"body": "x"}, token=NOBILLING_TOKEN).status == 404, (method, path)
    assert sim.api("GET", "/api/signatures/EA00000000").status == 404


def test_signature_variables(sim, account):
    code, box = account
    path = "/api/domains/%s/signature_variables" % code
    reply = sim.api("GET", path, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and set(reply.body) == {"variables", "accounts_missing_fields"}
    variables = reply.body["variables"]
    assert {"firstname", "lastname", "email_address", "company", "job_title", "phone"} == set(variables)
    missing = {row["email_address"]: row["missing"] for row in reply.body["accounts_missing_fields"]}
    assert missing["alice@example.com"] == ["lastname", "company", "job_title", "phone"]
    assert "firstname" in missing["postmaster@example.com"]
    sim.api("PUT", "/api/domains/%s/email_accounts/%s" % (code, box),
            {"lastname": "Smith", "company": "ACME", "job_title": "CEO", "phone": "+39 1"})
    rows = sim.api("GET", path).body["accounts_missing_fields"]
    assert [row["email_address"] for row in rows] == ["postmaster@example.com"]
    assert sim.api("GET", path, token=NOBILLING_TOKEN).status == 404


def test_email_accounts_without_signature(sim, account):
    code, box = account
    path = "/api/domains/%s/email_accounts_without_signature" % code
    reply = sim.api("GET", path, token=CUSTOMER_TOKEN)
    assert reply.status == 200
    assert [item["email_address"] for item in reply.body["resources"]] == ["alice@example.com", "postmaster@example.com"]
    assert reply.body["pagination"]["total_records"] == 2
    sim.api("POST", "/api/signatures/" + box, {"body": "A"})
    assert [item["email_address"] for item in sim.api("GET", path).body["resources"]] == ["postmaster@example.com"]
    assert sim.api("GET", path + "?per=1&page=2").body["resources"] == []
    assert sim.api("GET", path, token=NOBILLING_TOKEN).status == 404
