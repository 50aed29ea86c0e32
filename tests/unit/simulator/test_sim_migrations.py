# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: mailbox migrations (CSV, limits, lifecycle, runs, logs, stats, execute now, ``/_sim/migration_failures``)."""
from __future__ import annotations

import datetime
import json
import re

from tests.simulator.testing import ADMIN_TOKEN, CUSTOMER_TOKEN, NOBILLING_TOKEN

MASK = "********"


def errors_of(reply):
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def mailboxes(sim, names=("alice", "bob"), domain="mig.com", customer="C100000001"):
    code = sim.seed(domains=[{"name": domain, "status": "enabled", "customer_code": customer}])["domains"][0]
    sim.seed(email_accounts=[{"domain_code": code, "name": name} for name in names])
    return ["%s@%s" % (name, domain) for name in names]


def csv_of(addresses, password="RemotePw1"):
    return "".join('%s;%s;"%s";imap.old.net\r\n' % (addr, addr.split("@")[0], password) for addr in addresses)


def body_of(addresses, **extra):
    body = {"csv_file_name": "ansible-0123456789abcdef.csv", "csv_file_content": csv_of(addresses), "preset": "standard_ssl"}
    body.update(extra)
    return body


def create(sim, body, token=CUSTOMER_TOKEN):
    reply = sim.api("POST", "/api/migrations", body, token=token)
    assert reply.status == 200 and re.fullmatch(r"MG\d{8}", reply.body["resource_code"]), reply
    assert reply.headers["Location"] == "/api/migrations/" + reply.body["resource_code"]
    return reply.body["resource_code"]


def migration(sim, code):
    return sim.resource("/api/migrations/" + code)


def wait_status(sim, code, *statuses):
    return sim.wait_until(lambda: migration(sim, code)["status"] in statuses and migration(sim, code))


def rows(sim, code, query=""):
    reply = sim.api("GET", "/api/migrations/%s/resources%s" % (code, query), token=CUSTOMER_TOKEN)
    assert reply.status == 200, reply
    return reply.body["resources"]


def later(seconds):
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=seconds)).isoformat()


def test_execute_now_lifecycle_stats_runs_and_logs(sim):
    sim.config(async_delay=0.25)  # intermediate states stay visible under load
    addresses = mailboxes(sim)
    code = create(sim, body_of(addresses, execute_now=True, date_filter_preset="last_month"))
    first = migration(sim, code)
    assert (first["status"], first["resources"], first["execute_now"], first["preset"]) == ("validating", 2, True, "standard_ssl")
    assert first["csv_file_name"] == first["original_csv_file_name"] == "ansible-0123456789abcdef.csv"
    assert first["csv_file_size"] == len(csv_of(addresses)) and first["from_date"] and first["can_delete"] is True
    running = wait_status(sim, code, "running")
    assert running["status_detail"] == "first execution" and running["can_delete"] is False
    assert running["first_execution_date"]
    done = wait_status(sim, code, "completed")
    assert (done["resources_has_errors"], done["can_delete"]) == (False, True)
    listed = rows(sim, code)
    assert [(row["local_email"], row["status"]) for row in listed] == [(addresses[0], "success"), (addresses[1], "success")]
    assert listed[0]["remote_server"] == "imap.old.net" and listed[0]["migration_id"] == int(code[2:])
    assert listed[0]["first_execution_run"]["messages_migrated"] > 0 and listed[0]["second_execution_run"] == {}
    stats = sim.resource("/api/migrations/%s/stats" % code, token=CUSTOMER_TOKEN)
    assert {key: stats[key] for key in ("total", "completed", "failed", "running", "waiting")} == {
        "total": 2, "completed": 2, "failed": 0, "running": 0, "waiting": 0}
    assert stats["messages_migrated"] == sum(row["first_execution_run"]["messages_migrated"] for row in listed)
    assert stats["bytes_migrated"] > stats["messages_migrated"]
    run = sim.resource("/api/migrations/%s/runs/first" % code, token=CUSTOMER_TOKEN)
    assert (run["status"], run["total"], run["completed"], run["failed"]) == ("completed", 2, 2, 0) and run["finished_at"]
    assert sim.resource("/api/migrations/%s/runs/second" % code)["status"] == "not_planned"
    assert sim.api("GET", "/api/migrations/%s/runs/third" % code).status == 404
    log = sim.resource("/api/migrations/%s/runs/first/log" % code)["log"]
    assert addresses[0] in log and addresses[1] in log and "messages migrated" in log
    row_log = sim.resource("/api/migrations/%s/resources/%s/log?run=first" % (code, listed[0]["code"]), token=CUSTOMER_TOKEN)
    assert row_log["run"] == "first" and addresses[0] in row_log["log"] and addresses[1] not in row_log["log"]
    assert sim.resource("/api/migrations/%s/resources/%s/log?run=second" % (code, listed[0]["code"]))["log"] == ""
    assert sim.api("GET", "/api/migrations/%s/resources/%s/log?run=third" % (code, listed[0]["code"])).status == 422
    assert sim.api("GET", "/api/migrations/%s/resources/MR00000000/log" % code).status == 404
    everything = json.dumps([migration(sim, code), listed, run, log, row_log, sim.requests()])
    assert "RemotePw1" not in everything and "remote_password" not in everything


def test_scheduled_first_and_second_execution(sim):
    addresses = mailboxes(sim, names=("alice",))
    code = create(sim, body_of(addresses, first_execution_date=later(0.5), second_execution_date=later(0.9),
                               date_filter_preset="custom", custom_from_date="2024-01-01"))
    obj = migration(sim, code)
    assert obj["status"] == "validating" and obj["from_date"] == "2024-01-01T00:00:00Z" and obj["second_execution_date"]
    scheduled = wait_status(sim, code, "scheduled")
    assert scheduled["status_detail"] == "first execution"
    assert sim.resource("/api/migrations/%s/runs/first" % code)["status"] == "waiting"
    sim.wait_until(lambda: migration(sim, code)["status_detail"] == "second execution")
    assert migration(sim, code)["status"] in ("scheduled", "running")
    done = wait_status(sim, code, "completed")
    assert done["status_detail"] == "completed"
    second = rows(sim, code)[0]["second_execution_run"]
    assert second["status"] == "success" and second["finished_at"]
    assert sim.resource("/api/migrations/%s/runs/second" % code)["status"] == "completed"


def test_to_schedule_step_and_status_filter(sim):
    addresses = mailboxes(sim, names=("alice",))
    code = create(sim, body_of(addresses, first_execution_date=later(3600)))
    assert wait_status(sim, code, "to_schedule", "scheduled")["status"] in ("to_schedule", "scheduled")
    assert wait_status(sim, code, "scheduled")["first_execution_date"]
    found = sim.api("GET", "/api/migrations?status=scheduled", token=CUSTOMER_TOKEN).body["resources"]
    assert [obj["code"] for obj in found] == [code]
    assert sim.api("GET", "/api/migrations?status=running", token=CUSTOMER_TOKEN).body["resources"] == []
    assert sim.api("GET", "/api/migrations?status=nope").status == 422


def test_create_validation(sim):
    addresses = mailboxes(sim)
    assert errors_of(sim.api("POST", "/api/migrations", {}, token=CUSTOMER_TOKEN)) == {
        "csv_file_name": "is required", "csv_file_content": "is required", "preset": "is required",
        "first_execution_date": "is required unless execute_now is true"}
    bad = body_of(addresses, preset="pop3", execute_now="yes", first_execution_date="tomorrow")
    errors = errors_of(sim.api("POST", "/api/migrations", bad, token=CUSTOMER_TOKEN))
    assert set(errors) == {"preset", "execute_now", "first_execution_date"}
    errors = errors_of(sim.api("POST", "/api/migrations", body_of(
        addresses, first_execution_date=later(100), second_execution_date=later(50), date_filter_preset="custom"),
        token=CUSTOMER_TOKEN))
    assert errors == {"second_execution_date": "must be after first_execution_date", "custom_from_date": "is required"}
    assert errors_of(sim.api("POST", "/api/migrations", body_of(addresses, execute_now=True, date_filter_preset="ever"),
                             token=CUSTOMER_TOKEN)) == {"date_filter_preset": "is not valid"}
    assert errors_of(sim.api("POST", "/api/migrations", dict(body_of(addresses, execute_now=True), csv_file_content="\n\n"),
                             token=CUSTOMER_TOKEN)) == {"csv_file_content": "has no rows"}
    big = "".join("u%d@mig.com;u;p;imap.old.net\n" % i for i in range(501))
    assert errors_of(sim.api("POST", "/api/migrations", dict(body_of(addresses, execute_now=True), csv_file_content=big),
                             token=CUSTOMER_TOKEN)) == {"csv_file_content": "has 501 rows, more than the maximum of 500"}
    code = create(sim, dict(body_of(addresses, execute_now=True), csv_file_content=big[:big.rindex("u500@")]))
    assert migration(sim, code)["resources"] == 500
    assert errors_of(sim.api("POST", "/api/migrations", body_of(addresses, execute_now=True))) == {"customer_code": "is required"}
    reply = sim.api("POST", "/api/migrations", body_of(addresses, execute_now=True), token=NOBILLING_TOKEN)
    assert reply.status == 403 and "first order" in reply.body["message"]


def test_at_most_five_in_progress(sim):
    addresses = mailboxes(sim, names=("alice",))
    seeded = sim.seed(migrations=[{"customer_code": "C100000001", "status": status} for status in (
        "validating", "to_schedule", "scheduled", "running", "completed", "failed", "completed_with_errors")])
    assert len(seeded["migrations"]) == 7
    create(sim, body_of(addresses, execute_now=True))  # the fifth in progress
    errors = errors_of(sim.api("POST", "/api/migrations", body_of(addresses, execute_now=True), token=CUSTOMER_TOKEN))
    assert errors == {"migrations": "at most 5 migrations may be validating, to schedule, scheduled or running at once"}
    other = mailboxes(sim, names=("zed",), domain="other.com", customer="C100000002")
    create(sim, body_of(other, execute_now=True, customer_code="C100000002"), token=ADMIN_TOKEN)  # another customer
    sim.api("DELETE", "/api/migrations/" + seeded["migrations"][2])
    create(sim, body_of(addresses, execute_now=True))


def test_invalid_rows_and_failure_control(sim):
    addresses = mailboxes(sim, names=("alice", "bob", "carol"))
    content = csv_of(addresses) + "ghost@mig.com;g;pw;imap.old.net\nbroken@mig.com;only-two\nalice@mig.com;a;pw;bad host\n"
    armed = sim.control("PUT", "migration_failures", {"addresses": ["BOB@mig.com"], "message": "login refused"})
    assert armed["failures"] == [{"migration": None, "address": "bob@mig.com", "message": "login refused"}]
    code = create(sim, body_of(addresses, execute_now=True, csv_file_content=content))
    done = wait_status(sim, code, "completed", "completed_with_errors", "failed")
    assert done["status"] == "completed_with_errors" and done["resources_has_errors"] is True
    by_line = {row["line"]: row for row in rows(sim, code)}
    assert [by_line[line]["status"] for line in range(1, 7)] == ["success", "failed", "success", "error", "error", "error"]
    assert by_line[2]["error_details"] == [{"field": "local_email", "description": "login refused"}]
    assert by_line[4]["error_details"][0]["field"] == "local_email"
    assert by_line[5]["error_details"][0]["field"] == "row"
    assert {err["field"] for err in by_line[6]["error_details"]} == {"local_email", "remote_server"}
    log = sim.resource("/api/migrations/%s/resources/%s/log" % (code, by_line[2]["code"]))["log"]
    assert "ERROR: login refused" in log
    assert [row["line"] for row in rows(sim, code, "?status=failed")] == [2, 4, 5, 6]
    assert [row["line"] for row in rows(sim, code, "?status=success")] == [1, 3]
    assert [row["line"] for row in rows(sim, code, "?query=carol")] == [3]
    assert sim.api("GET", "/api/migrations/%s/resources?status=odd" % code).status == 422
    stats = sim.resource("/api/migrations/%s/stats" % code)
    assert (stats["total"], stats["completed"], stats["failed"]) == (6, 2, 4)
    # every row failing -> failed
    sim.control("PUT", "migration_failures", {"addresses": ["alice@mig.com", "carol@mig.com"]})
    code = create(sim, body_of(addresses, execute_now=True))
    assert wait_status(sim, code, "completed", "completed_with_errors", "failed")["status"] == "failed"
    # no valid row -> failed at validation
    code = create(sim, body_of(["ghost@mig.com"], execute_now=True))
    failed = wait_status(sim, code, "failed", "running")
    assert (failed["status"], failed["status_detail"]) == ("failed", "no valid rows")
    assert sim.control("DELETE", "migration_failures") == {"failures": []}
    assert sim.call("PUT", "/_sim/migration_failures", {"addresses": []}).status == 400
    assert sim.call("PUT", "/_sim/migration_failures", ["not", "an", "object"]).status == 400


def test_failure_control_scoped_to_one_migration(sim):
    addresses = mailboxes(sim, names=("alice",))
    code = create(sim, body_of(addresses, first_execution_date=later(3600)))
    sim.control("PUT", "migration_failures", {"addresses": addresses, "migration": code})
    other = create(sim, body_of(addresses, execute_now=True))
    assert wait_status(sim, other, "completed", "completed_with_errors")["status"] == "completed"
    wait_status(sim, code, "scheduled")
    assert sim.api("PUT", "/api/migrations/" + code, {"execution": "first"}).status == 204
    assert wait_status(sim, code, "completed", "completed_with_errors", "failed")["status"] == "failed"


def test_execute_now_is_admin_only(sim):
    sim.config(async_delay=0.25)  # intermediate states stay visible under load
    addresses = mailboxes(sim, names=("alice",))
    code = create(sim, body_of(addresses, first_execution_date=later(3600)))
    assert errors_of(sim.api("PUT", "/api/migrations/" + code, {"execution": "first"}))["execution"].startswith(
        "the first execution cannot start now: the migration is validating")
    wait_status(sim, code, "scheduled")
    assert sim.api("PUT", "/api/migrations/" + code, {"execution": "first"}, token=CUSTOMER_TOKEN).status == 403
    assert sim.api("PUT", "/api/migrations/" + code, {"execution": "first"}, token=NOBILLING_TOKEN).status == 404
    assert sim.api("PUT", "/api/migrations/MG00000000", {"execution": "first"}).status == 404
    assert errors_of(sim.api("PUT", "/api/migrations/" + code, {"execution": "third"})) == {"execution": "is not valid"}
    assert "cannot start now" in errors_of(sim.api("PUT", "/api/migrations/" + code, {"execution": "second"}))["execution"]
    assert sim.api("PUT", "/api/migrations/" + code, {"execution": "first"}).status == 204
    running = migration(sim, code)
    assert running["status"] == "running" and running["admin_first_execution_override"] is True
    assert errors_of(sim.api("DELETE", "/api/migrations/" + code, token=CUSTOMER_TOKEN)) == {
        "code": "is running and cannot be deleted until the run ends"}
    wait_status(sim, code, "completed")
    assert "cannot start now" in errors_of(sim.api("PUT", "/api/migrations/" + code, {"execution": "first"}))["execution"]
    assert sim.api("PUT", "/api/migrations/" + code, {"execution": "second"}).status == 204
    assert migration(sim, code)["admin_second_execution_override"] is True
    assert wait_status(sim, code, "completed")["status_detail"] == "completed"
    assert rows(sim, code)[0]["second_execution_run"]["status"] == "success"
    assert [entry["write"] for entry in sim.requests(method="PUT")][-1] is True


def test_list_get_delete_and_scoping(sim):
    mine = mailboxes(sim, names=("alice",))
    theirs = mailboxes(sim, names=("zed",), domain="their.com", customer="C100000002")
    code = create(sim, dict(body_of(mine, first_execution_date=later(3600)), csv_file_name="first-batch.csv"))
    sim.control("PUT", "config", {"mode": "sandbox"})  # no billing profile needed in the sandbox
    other = create(sim, dict(body_of(theirs, execute_now=True), csv_file_name="theirs.csv"), token=NOBILLING_TOKEN)
    listed = sim.api("GET", "/api/migrations", token=CUSTOMER_TOKEN).body
    assert [obj["code"] for obj in listed["resources"]] == [code] and listed["pagination"]["total_records"] == 1
    assert [obj["code"] for obj in sim.api("GET", "/api/migrations?query=FIRST-BATCH").body["resources"]] == [code]
    assert [obj["code"] for obj in sim.api("GET", "/api/migrations?customer_code=C100000002").body["resources"]] == [other]
    assert sim.api("GET", "/api/migrations/" + other, token=CUSTOMER_TOKEN).status == 404
    assert sim.api("GET", "/api/migrations/%s/resources" % other, token=CUSTOMER_TOKEN).status == 404
    assert sim.api("GET", "/api/migrations/%s/stats" % other, token=CUSTOMER_TOKEN).status == 404
    got = sim.api("GET", "/api/migrations/" + code, token=CUSTOMER_TOKEN).body
    assert got["pagination"] == {} and got["resources"][0]["owner"] == "C100000001"
    assert "customer_code" in got["resources"][0] and not any(key.startswith("_") for key in got["resources"][0])
    row = rows(sim, code)[0]["code"]
    assert sim.api("GET", "/api/migrations/%s/resources/%s/log" % (other, row)).status == 404  # row of another migration
    assert sim.api("DELETE", "/api/migrations/" + code, token=NOBILLING_TOKEN).status == 404
    assert sim.api("DELETE", "/api/migrations/" + code, token=CUSTOMER_TOKEN).status == 204
    assert sim.api("GET", "/api/migrations/" + code, token=CUSTOMER_TOKEN).status == 404
    assert all(obj["migration_code"] != code for obj in sim.state("migration_resources"))


def test_presets_service_status_and_masking(sim):
    sim.config(async_delay=0.25)  # intermediate states stay visible under load
    presets = sim.api("GET", "/api/migrations/presets", token=CUSTOMER_TOKEN).body["resources"]
    assert [preset["code"] for preset in presets] == ["exchange", "gmail", "office365", "standard_no_ssl", "standard_ssl"]
    assert all(set(preset) == {"code", "name", "remote_server", "port", "ssl"} for preset in presets)
    assert {preset["code"]: preset["ssl"] for preset in presets}["standard_no_ssl"] is False
    addresses = mailboxes(sim, names=("alice",))
    service = sim.resource("/api/migrations/status", token=CUSTOMER_TOKEN)
    assert service == {"queued": 0, "running": 0, "workers": 4}
    create(sim, body_of(addresses, first_execution_date=later(3600)))
    code = create(sim, body_of(addresses, execute_now=True))
    assert sim.resource("/api/migrations/status", token=CUSTOMER_TOKEN)["queued"] == 2
    wait_status(sim, code, "running")
    service = sim.resource("/api/migrations/status", token=CUSTOMER_TOKEN)
    assert (service["queued"], service["running"]) == (1, 1)
    assert sim.resource("/api/migrations/status", token=NOBILLING_TOKEN)["queued"] == 0
    entry = sim.requests(method="POST", path="/api/migrations")[-1]
    assert entry["body"]["csv_file_content"] == MASK and entry["body"]["csv_file_name"].endswith(".csv")
    assert "RemotePw1" not in json.dumps(sim.requests())
