# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: CSV imports (four types, limits, lifecycle, created resources, rows, ``/_sim/import_failures``)."""
from __future__ import annotations

import json
import re
import time

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

MASK = "********"


def errors_of(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def start(sim, kind, content, token=CUSTOMER_TOKEN, **extra):
    body = dict({"type": kind, "csv_file_name": "ansible-%s.csv" % kind, "csv_file_content": content}, **extra)
    reply = sim.api("POST", "/api/imports", body, token=token)
    assert reply.status == 200 and re.fullmatch(r"I\d{9}", reply.body["resource_code"]), reply
    assert reply.headers["Location"] == "/api/imports/" + reply.body["resource_code"]
    return reply.body["resource_code"]


def finished(sim, code):
    return sim.wait_until(lambda: sim.resource("/api/imports/" + code)["status"] != "validating" and
                          sim.resource("/api/imports/" + code))


def rows(sim, code, query="", token=CUSTOMER_TOKEN):
    reply = sim.api("GET", "/api/imports/%s/resources%s" % (code, query), token=token)
    assert reply.status == 200, reply
    return reply.body["resources"]


def domain_named(sim, name):
    return sim.api("GET", "/api/domains?query=" + name).body["resources"][0]


def test_domains_import_creates_domains(sim):
    sim.config(async_delay=0.25)  # the validating state stays visible under load
    code = start(sim, "domains", "one.com;Secret123;professional\ntwo.com;Secret123\n", expert_mode=True, csv_file_size=99)
    first = sim.resource("/api/imports/" + code, token=CUSTOMER_TOKEN)
    assert (first["status"], first["type"], first["resources"], first["expert_mode"], first["csv_file_size"]) == (
        "validating", "domains", 2, True, 99)
    assert first["original_csv_file_name"] == first["csv_file_name"] == "ansible-domains.csv" and first["owner"] == "C100000001"
    assert rows(sim, code) == []  # parsed when the validation ends
    done = finished(sim, code)
    assert (done["status"], done["status_detail"], done["error_details"]) == ("valid", "2 of 2 rows valid", [])
    one = domain_named(sim, "one.com")
    assert (one["status"], one["plan"], one["customer_code"]) == ("ownership_check", "professional", "C100000001")
    assert domain_named(sim, "two.com")["plan"] == "basic"
    postmasters = sim.api("GET", "/api/domains/%s/email_accounts" % one["code"]).body["resources"]
    assert [box["email_address"] for box in postmasters] == ["postmaster@one.com"]
    parsed = rows(sim, code)
    assert [(row["line"], row["status"], row["description"]) for row in parsed] == [(1, "valid", "one.com"), (2, "valid", "two.com")]
    assert parsed[0]["fields"] == {"name": "one.com", "plan": "professional"} and parsed[0]["resource_code"] == one["code"]
    assert parsed[0]["import_code"] == code and parsed[0]["error_details"] == []
    assert "Secret123" not in json.dumps([done, parsed, sim.requests()])


def test_email_accounts_import(sim, make_domain):
    domain = make_domain("acme.com")
    content = ("alice@acme.com;Secret123;Alice;Smith;2147483648\n"
               "Bob@ACME.com;{SHA512-CRYPT}$6$abc;Bob\n"
               "carl@acme.com;short;Carl\n"
               "dora@acme.com;Secret123;;;\n"
               "eve@acme.com;Secret123;Eve;;12345\n"
               "frank@nowhere.com;Secret123;Frank\n"
               "alice@acme.com;Secret123;Alice\n"
               "x@acme.com\n")
    code = start(sim, "email_accounts", content)
    done = finished(sim, code)
    assert (done["status"], done["status_detail"]) == ("valid_with_skipped", "2 of 8 rows valid")
    parsed = {row["line"]: row for row in rows(sim, code)}
    assert [parsed[line]["status"] for line in range(1, 9)] == ["valid", "valid"] + ["invalid"] * 6
    assert parsed[3]["error_details"] == [{"field": "password", "description": "is not valid"}]
    assert parsed[4]["error_details"] == [{"field": "firstname", "description": "is required"}]
    assert parsed[5]["error_details"] == [{"field": "quota_bytes", "description": "is not valid"}]
    assert parsed[6]["error_details"] == [{"field": "email_address", "description": "is not in a domain of the customer"}]
    assert parsed[7]["error_details"] == [{"field": "email_address", "description": "already exists"}]
    assert parsed[8]["error_details"][0]["field"] == "row"
    assert {(err["line"], err["field"]) for err in done["error_details"]} >= {(3, "password"), (8, "row")}
    assert all("password" not in row["fields"] for row in parsed.values())
    assert [row["line"] for row in rows(sim, code, "?status=invalid")] == [3, 4, 5, 6, 7, 8]
    assert [row["line"] for row in rows(sim, code, "?status=valid&query=bob")] == [2]
    assert sim.api("GET", "/api/imports/%s/resources?status=maybe" % code).status == 422
    path = "/api/domains/%s/email_accounts/%s" % (domain, parsed[1]["resource_code"])
    alice = sim.resource(path, token=CUSTOMER_TOKEN)
    assert (alice["email_address"], alice["firstname"], alice["lastname"], alice["max_email_quota"]) == (
        "alice@acme.com", "Alice", "Smith", 2147483648)
    assert sim.wait_until(lambda: sim.resource(path)["status"] == "enabled")
    bob = sim.resource("/api/domains/%s/email_accounts/%s" % (domain, parsed[2]["resource_code"]))
    assert bob["email_address"] == "bob@acme.com" and bob["max_email_quota"] == 1073741824


def test_alias_imports_and_invalid_outcome(sim, make_domain):
    domain = make_domain("acme.com")
    sim.seed(email_accounts=[{"domain_code": domain, "name": "alice"}])
    code = start(sim, "domain_aliases", "acme.com;acme.net\nacme.com;acme.com\nnotmine.com;x.org\n")
    assert finished(sim, code)["status"] == "valid_with_skipped"
    parsed = rows(sim, code)
    assert [row["status"] for row in parsed] == ["valid", "invalid", "invalid"]
    assert parsed[1]["error_details"] == [{"field": "alias_domain", "description": "already exists"}]
    assert parsed[2]["error_details"] == [{"field": "domain", "description": "is not a domain of the customer"}]
    alias = sim.resource("/api/domains/%s/aliases/%s" % (domain, parsed[0]["resource_code"]), token=CUSTOMER_TOKEN)
    assert (alias["name"], alias["status"]) == ("acme.net", "ownership_check")
    content = 'sales@acme.com;"a@x.org,b@x.org, a@x.org"\nalice@acme.com;c@x.org\nempty@acme.com;""\nbad@acme.com;nope\n'
    code = start(sim, "email_aliases", content)
    assert finished(sim, code)["status"] == "valid_with_skipped"
    parsed = rows(sim, code)
    assert [row["status"] for row in parsed] == ["valid", "invalid", "invalid", "invalid"]
    assert parsed[1]["error_details"] == [{"field": "email_address", "description": "is already used by an email account"}]
    assert parsed[2]["error_details"] == [{"field": "destinations", "description": "must contain at least one address"}]
    path = "/api/domains/%s/alias_email_accounts/%s" % (domain, parsed[0]["resource_code"])
    alias = sim.resource(path, token=CUSTOMER_TOKEN)
    assert (alias["name"], alias["destinations"]) == ("sales", ["a@x.org", "b@x.org"])
    assert alias["status"] in ("updating", "enabled")   # its normal lifecycle (already past on a loaded machine)
    sim.wait_until(lambda: sim.resource(path)["status"] == "enabled")
    code = start(sim, "email_aliases", "sales@acme.com;d@x.org\n")
    done = finished(sim, code)
    assert (done["status"], done["status_detail"]) == ("invalid", "0 of 1 rows valid")
    assert done["error_details"] == [{"field": "email_address", "description": "already exists", "line": 1}]


def test_create_validation_limits_and_owner(sim):
    assert errors_of(sim.api("POST", "/api/imports", {}, token=CUSTOMER_TOKEN)) == {
        "type": "is required", "csv_file_name": "is required", "csv_file_content": "is required"}
    assert errors_of(sim.api("POST", "/api/imports", {"type": "users", "csv_file_name": "a.csv", "csv_file_content": "a;b",
                                                      "expert_mode": 1, "csv_file_size": -1}, token=CUSTOMER_TOKEN)) == {
        "type": "is not valid", "expert_mode": "is not valid", "csv_file_size": "is not valid"}
    big = "".join("d%d.com;Secret123\n" % i for i in range(251))
    assert errors_of(sim.api("POST", "/api/imports", {"type": "domains", "csv_file_name": "a.csv", "csv_file_content": big},
                             token=CUSTOMER_TOKEN)) == {"csv_file_content": "has 251 rows, more than the maximum of 250"}
    code = start(sim, "domains", big[:big.index("d250.com")])
    assert sim.resource("/api/imports/" + code)["resources"] == 250
    body = {"type": "domains", "csv_file_name": "a.csv", "csv_file_content": "z.com;Secret123"}
    assert errors_of(sim.api("POST", "/api/imports", body, token=ADMIN_TOKEN)) == {"customer_code": "is required"}
    assert errors_of(sim.api("POST", "/api/imports", dict(body, customer_code="C999"), token=ADMIN_TOKEN)) == {
        "customer_code": "is not valid"}
    reply = sim.api("POST", "/api/imports", body, token=NOBILLING_TOKEN)
    assert reply.status == 403 and "first order" in reply.body["message"]
    code = start(sim, "domains", "z.com;Secret123", token=ADMIN_TOKEN, customer_code="C100000002")
    assert finished(sim, code)["owner"] == "C100000002"
    assert domain_named(sim, "z.com")["customer_code"] == "C100000002"
    assert sim.api("GET", "/api/imports/" + code, token=CUSTOMER_TOKEN).status == 404


def test_list_get_delete(sim):
    first = start(sim, "domains", "a1.com;Secret123\n", csv_file_name="batch-one.csv")
    second = start(sim, "domains", "bad name;Secret123\n", csv_file_name="batch-two.csv")
    finished(sim, first)
    finished(sim, second)
    listed = sim.api("GET", "/api/imports", token=CUSTOMER_TOKEN).body
    assert [obj["code"] for obj in listed["resources"]] == [first, second] and listed["pagination"]["total_records"] == 2
    assert [obj["code"] for obj in sim.api("GET", "/api/imports?query=BATCH-TWO", token=CUSTOMER_TOKEN).body["resources"]] == [second]
    assert [obj["code"] for obj in sim.api("GET", "/api/imports?status=invalid").body["resources"]] == [second]
    assert sim.api("GET", "/api/imports?status=done").status == 422
    assert sim.api("GET", "/api/imports", token=NOBILLING_TOKEN).body["resources"] == []
    assert sim.api("GET", "/api/imports?customer_code=C100000002").body["resources"] == []
    got = sim.api("GET", "/api/imports/" + first, token=CUSTOMER_TOKEN).body
    assert got["pagination"] == {} and not any(key.startswith("_") for key in got["resources"][0])
    assert sim.api("GET", "/api/imports/I000000000").status == 404
    assert sim.api("GET", "/api/imports/%s/resources" % first, token=NOBILLING_TOKEN).status == 404
    assert sim.api("DELETE", "/api/imports/" + first, token=NOBILLING_TOKEN).status == 404
    assert sim.api("DELETE", "/api/imports/" + first, token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", "/api/imports/" + first).status == 404
    assert sim.state("import_resources") and all(row["import_code"] != first for row in sim.state("import_resources"))
    assert domain_named(sim, "a1.com")  # created resources stay
    pending = start(sim, "domains", "late.com;Secret123\n")
    assert sim.api("DELETE", "/api/imports/" + pending, token=CUSTOMER_TOKEN).status == 204  # before validation ends
    time.sleep(0.15)  # longer than the async delay: the validation would have run by now
    sim.api("GET", "/api/imports")
    assert sim.api("GET", "/api/domains?query=late.com").body["resources"] == []


def test_failure_control_and_masking(sim, make_domain):
    make_domain("acme.com")
    armed = sim.control("PUT", "import_failures", {"values": ["Bob@acme.com"], "message": "quota server said no"})
    assert armed == {"failures": [{"value": "bob@acme.com", "message": "quota server said no"}]}
    code = start(sim, "email_accounts", "alice@acme.com;Secret123;Alice\nbob@acme.com;Secret123;Bob\n")
    assert finished(sim, code)["status"] == "valid_with_skipped"
    parsed = rows(sim, code)
    assert parsed[1]["error_details"] == [{"field": "row", "description": "quota server said no"}]
    assert sim.api("GET", "/api/domains/%s/email_accounts?query=bob@" % domain_named(sim, "acme.com")["code"]).body[
        "resources"] == []
    assert sim.control("GET", "import_failures")["failures"][0]["value"] == "bob@acme.com"
    assert sim.control("DELETE", "import_failures") == {"failures": []}
    assert sim.call("PUT", "/_sim/import_failures", {"values": "x"}).status == 400
    assert sim.call("PUT", "/_sim/import_failures", ["not", "an", "object"]).status == 400
    entry = sim.requests(method="POST", path="/api/imports")[-1]
    assert entry["body"]["csv_file_content"] == MASK and entry["body"]["type"] == "email_accounts"
    assert "Secret123" not in json.dumps(sim.requests())
