# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""migration, csv_import and their _info twins: against the simulator, and exact request sequences (scripted HTTP)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import json

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._jobs import MIGRATION_COLUMNS, csv_text, job_key
from ansible_collections.qboxmail.qboxmail.plugins.modules import csv_import, csv_import_info, migration, migration_info
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import (
    FakeResponse, created, dropped, one, page, read_timeout, run_scripted,
)

ADMIN = dict(api_token="qbx-admin-dev-token", customer_code="C100000001")
SECRET = "Rem0te;pw-\"quoted\""


def seed(sim, names=("alice", "bob"), domain="mig.example"):
    code = sim.seed(domains=[{"name": domain, "status": "enabled", "customer_code": "C100000001"}])["domains"][0]
    sim.seed(email_accounts=[{"domain_code": code, "name": name} for name in names])
    return code


def row(name, password="Rem0te-pw-%s", domain="mig.example"):
    return dict(local_email="%s@%s" % (name, domain), remote_username=name, remote_password=password % name
                if "%s" in password else password, remote_server="imap.old.example")


def later(**delta):
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(**delta)).strftime("%Y-%m-%dT%H:%M:%SZ")


def writes(sim):
    return [(entry["method"], entry["path"]) for entry in sim.requests(write=True)]


def no_secret(result, *secrets):
    text = json.dumps(result)
    for secret in secrets:
        assert secret not in text and json.dumps(secret)[1:-1] not in text


# ------------------------------------------------------------------------------------------ migration
def test_migration_check_mode_create_partial_failure_and_second_identical_task(run_module, sim):
    seed(sim)
    rows = [row("alice", SECRET), row("bob")]
    args = dict(rows=rows, preset="standard_ssl", execute_now=True, wait_for="completed", wait_timeout=30)
    check, failed = run_module(migration.main, args, check_mode=True, diff=True)
    assert not failed and check["changed"] and writes(sim) == []
    [call] = check["would_send"]
    assert call["body"]["rows"] == 2 and "csv_file_content" not in call["body"]
    assert call["body"]["csv_file_name"] == check["migrations"][0]["csv_file_name"]
    assert check["diff"]["after"][call["body"]["csv_file_name"]] == {"preset": "standard_ssl", "execute_now": True, "rows": 2}
    no_secret(check, SECRET, "Rem0te-pw-bob")
    sim.control("PUT", "migration_failures", {"addresses": ["bob@mig.example"], "message": "LOGIN failed"})
    real, failed = run_module(migration.main, args, diff=True)
    assert not failed and real["changed"] and real["diff"] == check["diff"]
    [obj] = real["migrations"]
    assert obj["status"] == "completed_with_errors" and obj["stats"]["completed"] == 1 and obj["stats"]["failed"] == 1
    polls = [e for e in sim.requests() if e["method"] == "GET" and e["path"] == "/api/migrations/%s" % obj["code"]]
    stats = [e for e in sim.requests() if e["method"] == "GET" and e["path"] == "/api/migrations/%s/stats" % obj["code"]]
    assert len(polls) > 1 and len(stats) == 1   # polled until completed; the stats read once, when it got there
    [bad] = real["failed_resources"]
    assert bad["local_email"] == "bob@mig.example" and "ERROR: LOGIN failed" in bad["logs"]["first"]
    assert any("LOGIN failed" in w for w in real["warnings"])
    no_secret(real, SECRET, "Rem0te-pw-bob")
    [(method, _path)] = writes(sim)
    content = sim.requests(write=True)[0]["body"]["csv_file_content"]
    assert method == "POST" and content == "********"
    again, failed = run_module(migration.main, args)
    assert not failed and not again["changed"] and again["summary"]["existing"] == 1 and len(writes(sim)) == 1
    assert again["migrations"][0]["code"] == obj["code"]


def test_migration_from_a_csv_file_is_the_same_migration_as_the_list(run_module, sim, tmp_path):
    seed(sim)
    rows = [row("bob"), row("alice", SECRET)]
    first, failed = run_module(migration.main, dict(rows=rows, preset="gmail", first_execution_date=later(days=1)))
    assert not failed and first["changed"]
    csv = tmp_path / "migration.csv"
    csv.write_text(u"\ufeff" + csv_text([[r[c] for c in MIGRATION_COLUMNS] for r in reversed(rows)]))
    again, failed = run_module(migration.main, dict(csv_file=str(csv), preset="gmail", first_execution_date=later(days=1)))
    assert not failed and not again["changed"], again
    assert again["migrations"][0]["code"] == first["migrations"][0]["code"]
    assert again["migrations"][0]["status"] in ("validating", "to_schedule", "scheduled")
    no_secret(again, SECRET)


def test_migration_all_rows_failing_fails_the_task_with_the_logs(run_module, sim):
    seed(sim)
    sim.control("PUT", "migration_failures", {"addresses": ["alice@mig.example"]})
    result, failed = run_module(migration.main, dict(rows=[row("alice")], preset="standard_ssl", execute_now=True,
                                                     wait_for="completed", wait_timeout=30))
    assert failed and result["changed"] and "failed" in result["msg"] and "alice@mig.example" in result["msg"]
    assert result["migrations"][0]["status"] == "failed" and result["failed_resources"][0]["logs"]["first"]


def test_a_1000_row_list_is_checked_before_any_write_and_makes_two_migrations(run_module, sim):
    seed(sim, names=())
    rows = [row("u%04d" % i) for i in range(1000)]
    broken = [dict(r) for r in rows]
    broken[16]["local_email"] = "not-an-address"
    broken[499]["local_email"] = broken[2]["local_email"].upper()
    broken[700]["remote_server"] = "imap old"
    result, failed = run_module(migration.main, dict(rows=broken, preset="standard_ssl", execute_now=True))
    assert failed and not result["changed"]
    assert "row 17: local_email 'not-an-address' is not an e-mail address" in result["msg"]
    assert "rows 3, 500: local_email u0002@mig.example appears 2 times" in result["msg"]
    assert "row 701: remote_server 'imap old' is not a host name" in result["msg"]
    assert sim.requests() == []
    outside = [dict(r) for r in rows]
    outside[998]["local_email"] = "u@elsewhere.example"
    result, failed = run_module(migration.main, dict(rows=outside, preset="standard_ssl", execute_now=True))
    assert failed and "row 999: local_email u@elsewhere.example is not in one of the customer's domains" in result["msg"]
    result, failed = run_module(migration.main, dict(rows=rows, preset="imap_magic", execute_now=True))
    assert failed and "preset: imap_magic is not a migration preset" in result["msg"] and "standard_ssl" in result["msg"]
    assert writes(sim) == []
    done, failed = run_module(migration.main, dict(rows=rows, preset="standard_ssl", first_execution_date=later(days=2)))
    assert not failed and done["changed"] and done["summary"]["created"] == 2 and done["summary"]["migrations"] == 2
    assert [m["resources"] for m in done["migrations"]] == [500, 500]
    assert len(set(m["csv_file_name"] for m in done["migrations"])) == 2
    again, failed = run_module(migration.main, dict(rows=rows, preset="standard_ssl", first_execution_date=later(days=2)))
    assert not failed and not again["changed"] and len(writes(sim)) == 2


def test_migrations_beyond_the_five_in_progress_fail_before_any_write(run_module, sim):
    seed(sim, names=())
    sim.seed(migrations=[{"customer_code": "C100000001", "status": status, "csv_file_name": "m%d.csv" % i}
                         for i, status in enumerate(["scheduled", "running", "validating", "completed", "to_schedule",
                                                     "failed"])])
    rows = [row("u%04d" % i) for i in range(1000)]
    result, failed = run_module(migration.main, dict(rows=rows, preset="standard_ssl", execute_now=True))
    assert failed and not result["changed"] and writes(sim) == []
    assert "1000 rows need 2 new migration(s)" in result["msg"] and "only 1 of the 5" in result["msg"]


def test_wait_for_completed_with_a_future_first_run_is_refused_before_any_request(run_module, sim):
    result, failed = run_module(migration.main, dict(rows=[row("alice")], preset="standard_ssl",
                                                     first_execution_date=later(days=1), wait_for="completed"))
    assert failed and "wait_for=completed" in result["msg"] and "in the future" in result["msg"]
    for args, message in [
        (dict(preset="standard_ssl"), "first_execution_date (or execute_now=true) is required"),
        (dict(execute_now=True), "preset is required"),
        (dict(preset="gmail", first_execution_date="tomorrow"), "first_execution_date: 'tomorrow' is not an ISO 8601"),
        (dict(preset="gmail", execute_now=True, second_execution_date="2020-01-01T00:00:00Z"), "second_execution_date must"),
        (dict(preset="gmail", execute_now=True, date_filter_preset="custom"), "custom_from_date goes with"),
        (dict(preset="gmail", execute_now=True, execute="first"), "execute forces a run"),
    ]:
        result, failed = run_module(migration.main, dict(dict(rows=[row("alice")]), **args))
        assert failed and message in result["msg"], (args, result["msg"])
    assert sim.requests() == []


def test_wait_for_scheduled_execute_now_by_admin_and_delete(run_module, sim):
    seed(sim)
    args = dict(rows=[row("alice"), row("bob")], preset="standard_ssl", first_execution_date=later(days=1))
    scheduled, failed = run_module(migration.main, dict(args, wait_for="scheduled"))
    assert not failed and scheduled["migrations"][0]["status"] == "scheduled"
    assert scheduled["migrations"][0]["stats"]["total"] == 2
    code = scheduled["migrations"][0]["code"]
    refused, failed = run_module(migration.main, dict(code=code, execute="first"))
    assert failed and "HTTP 403" in refused["msg"] and "administrator tokens" in refused["msg"]
    forced, failed = run_module(migration.main, dict(ADMIN, code=code, execute="first", wait_for="completed",
                                                     wait_timeout=30), diff=True)
    assert not failed and forced["changed"] and forced["migrations"][0]["status"] == "completed"
    assert forced["diff"]["after"][code]["status"] == "running"
    again, failed = run_module(migration.main, dict(ADMIN, code=code, execute="first"))
    assert not failed and not again["changed"]
    puts = [w for w in writes(sim) if w[0] == "PUT"]
    assert len(puts) == 2   # the refused one and the admin's, never repeated
    gone, failed = run_module(migration.main, dict(args, state="absent"), diff=True)
    assert not failed and gone["changed"] and gone["diff"]["after"] == {scheduled["migrations"][0]["csv_file_name"]: None}
    again, failed = run_module(migration.main, dict(args, state="absent"))
    assert not failed and not again["changed"] and writes(sim)[-1][0] == "DELETE"


def test_migration_info(run_module, sim):
    seed(sim)
    sim.control("PUT", "migration_failures", {"addresses": ["bob@mig.example"]})
    made, failed = run_module(migration.main, dict(rows=[row("alice"), row("bob")], preset="standard_ssl",
                                                   execute_now=True, wait_for="completed", wait_timeout=30))
    code = made["migrations"][0]["code"]
    info, failed = run_module(migration_info.main, dict(code=code, include=["stats", "runs", "logs"],
                                                        resource_status="failed"))
    assert not failed and not info["changed"]
    [obj] = info["migrations"]
    assert obj["stats"]["failed"] == 1 and obj["runs"]["first"]["status"] == "completed_with_errors"
    assert "ERROR" in obj["runs"]["first"]["log"]
    assert [r["local_email"] for r in obj["resources"]] == ["bob@mig.example"] and "ERROR" in obj["resources"][0]["logs"]["first"]
    no_secret(info, "Rem0te-pw-bob", "Rem0te-pw-alice")
    extras, failed = run_module(migration_info.main, dict(presets=True, service_status=True))
    assert not failed and extras["migrations"] == [] and "gmail" in [p["code"] for p in extras["presets"]]
    assert set(extras["service_status"]) == {"queued", "running", "workers"}
    listed, failed = run_module(migration_info.main, dict(status="completed_with_errors", query="ansible-"))
    assert not failed and [m["code"] for m in listed["migrations"]] == [code]
    assert writes(sim) == [("POST", "/api/migrations")]


# ------------------------------------------------------------------------------------------ csv_import
def test_import_check_mode_validated_rerun_and_delete(run_module, sim):
    seed(sim, names=())
    sim.control("PUT", "import_failures", {"values": ["bob@mig.example"], "message": "mailbox limit reached"})
    rows = [dict(email_address="alice@mig.example", password="Passw0rd-a", firstname="Alice", quota="5G"),
            dict(email_address="bob@mig.example", password="Passw0rd-b", firstname="Bob")]
    args = dict(type="email_accounts", rows=rows, wait_for="validated")
    check, failed = run_module(csv_import.main, args, check_mode=True, diff=True)
    assert not failed and check["changed"] and writes(sim) == [] and check["would_send"][0]["body"]["rows"] == 2
    real, failed = run_module(csv_import.main, args, diff=True)
    assert not failed and real["changed"] and real["imports"][0]["status"] == "valid_with_skipped"
    assert [(r["description"], r["status"]) for r in real["resources"]] == [
        ("alice@mig.example", "valid"), ("bob@mig.example", "invalid")]
    assert any("mailbox limit reached" in w for w in real["warnings"])
    assert real["resources"][0]["fields"]["quota_bytes"] == "5368709120"
    no_secret(real, "Passw0rd-a", "Passw0rd-b")
    again, failed = run_module(csv_import.main, args)
    assert not failed and not again["changed"] and len(writes(sim)) == 1
    gone, failed = run_module(csv_import.main, dict(type="email_accounts", rows=rows, state="absent"))
    assert not failed and gone["changed"] and writes(sim)[-1][0] == "DELETE"
    assert [b["email_address"] for b in sim.state("email_accounts") if b["name"] == "alice"] == ["alice@mig.example"]


def test_import_from_a_file_invalid_fails_with_the_rows(run_module, sim, tmp_path):
    seed(sim, names=("alice",))
    csv = tmp_path / "aliases.csv"
    csv.write_text(u'info@mig.example;"alice@mig.example,x@example.org"\n')
    sim.control("PUT", "import_failures", {"values": ["info@mig.example"]})
    result, failed = run_module(csv_import.main, dict(type="email_aliases", csv_file=str(csv), wait_for="validated"))
    assert failed and result["changed"] and "is invalid" in result["msg"] and "info@mig.example" in result["msg"]
    assert result["resources"][0]["status"] == "invalid"


def test_import_rows_are_checked_before_any_request(run_module, sim, tmp_path):
    cases = [
        (dict(type="domains", rows=[dict(name="ok.example", postmaster_password="Passw0rd1"),
                                    dict(name="bad_name", postmaster_password="short")]),
         ["row 2: name 'bad_name'", "row 2: postmaster_password must have"]),
        (dict(type="email_aliases", rows=[dict(email_address="a@x.example", destinations=[]),
                                          dict(email_address="a@x.example", destinations=["b@x.example"], firstname="B")]),
         ["row 1: destinations is required", "row 2: firstname not used with type=email_aliases",
          "rows 1, 2: email_address a@x.example appears 2 times"]),
        (dict(type="email_accounts", rows=[dict(email_address="a@x.example", password="Passw0rd1", firstname="A",
                                                quota="7M")]), ["row 1: quota '7M'"]),
        (dict(rows=[dict(name="x.example")]), ["type"]),
    ]
    for args, messages in cases:
        result, failed = run_module(csv_import.main, args)
        assert failed and all(m in result["msg"] for m in messages), (args, result["msg"])
        no_secret(result, "Passw0rd1")
    csv = tmp_path / "bad.csv"
    csv.write_text(u"a.example\nb.example;Passw0rd1;basic;extra\n")
    result, failed = run_module(csv_import.main, dict(type="domains", csv_file=str(csv)))
    assert failed and "row 1 has 1 fields, expected 2 to 3 (name;postmaster_password;plan)" in result["msg"]
    assert "row 2 has 4 fields" in result["msg"]
    assert sim.requests() == []


def test_csv_import_info(run_module, sim):
    seed(sim, names=())
    made, failed = run_module(csv_import.main, dict(type="domain_aliases", wait_for="validated", rows=[
        dict(domain="mig.example", alias_domain="mig-alias.example")]))
    assert not failed and made["imports"][0]["status"] == "valid"
    code = made["imports"][0]["code"]
    info, failed = run_module(csv_import_info.main, dict(code=code, resources=True))
    assert not failed and info["imports"][0]["resources"][0]["fields"]["alias_domain"] == "mig-alias.example"
    none, failed = run_module(csv_import_info.main, dict(type="domains"))
    assert not failed and none["imports"] == []
    listed, failed = run_module(csv_import_info.main, dict(status="valid", query="ansible-"))
    assert not failed and [i["code"] for i in listed["imports"]] == [code]


# ------------------------------------------------------------------------------------------ exact request sequences
ROWS = [row("alice")]
KEY = job_key([[r[c] for c in MIGRATION_COLUMNS] for r in ROWS], MIGRATION_COLUMNS)
CREATE_ARGS = dict(rows=ROWS, preset="standard_ssl", execute_now=True)
MIG = {"code": "MG00000001", "csv_file_name": KEY, "status": "validating", "status_detail": "validation",
       "preset": "standard_ssl", "resources": 1}
PRESET_LIST = page([{"code": "standard_ssl"}, {"code": "gmail"}])
READS = ["GET /api/migrations", "GET /api/migrations/presets", "GET /api/domains"] + ["GET /api/migrations"] * 4


def before_create():
    return [page([]), PRESET_LIST, page([{"code": "D000000001", "name": "mig.example"}])] + [page([])] * 4


def test_migration_create_request_sequence(monkeypatch):
    result, failed, session = run_scripted(monkeypatch, migration.main, CREATE_ARGS,
                                           before_create() + [created("MG00000001"), one(MIG)])
    assert not failed and result["changed"] and result["migrations"][0]["code"] == "MG00000001"
    assert session.sequence() == READS + ["POST /api/migrations", "GET /api/migrations/MG00000001"]
    assert session.calls[0]["params"]["query"] == KEY
    assert [c["params"].get("status") for c in session.calls[3:7]] == ["validating", "to_schedule", "scheduled", "running"]
    body = session.calls[7]["json"]
    assert body == {"csv_file_name": KEY, "csv_file_content": "alice@mig.example;alice;Rem0te-pw-alice;imap.old.example\n",
                    "csv_file_size": 57, "preset": "standard_ssl", "execute_now": True}


def test_an_existing_migration_is_found_by_its_key_and_nothing_is_sent(monkeypatch):
    result, failed, session = run_scripted(monkeypatch, migration.main, CREATE_ARGS, [page([MIG])])
    assert not failed and not result["changed"] and session.sequence() == ["GET /api/migrations"]


def test_a_create_without_answer_is_looked_up_by_its_key_not_repeated(monkeypatch):
    result, failed, session = run_scripted(monkeypatch, migration.main, CREATE_ARGS,
                                           before_create() + [dropped(), page([MIG]), one(MIG)])
    assert not failed and result["changed"] and result["migrations"][0]["code"] == "MG00000001"
    assert session.sequence() == READS + ["POST /api/migrations", "GET /api/migrations", "GET /api/migrations/MG00000001"]
    assert session.calls[8]["params"]["query"] == KEY
    assert any("got no answer, but the migration exists (MG00000001)" in w for w in result["warnings"])


def test_a_create_without_answer_that_is_not_found_is_reported_not_repeated(monkeypatch):
    result, failed, session = run_scripted(monkeypatch, migration.main, CREATE_ARGS,
                                           before_create() + [FakeResponse(504, {"message": "Gateway timeout"}), page([])])
    assert failed and result["changed"] is True and "may have been applied" in result["msg"]
    assert "migration_info" in result["msg"]
    assert session.sequence() == READS + ["POST /api/migrations", "GET /api/migrations"]


def test_execute_now_without_answer_is_never_repeated(monkeypatch):
    scheduled = dict(MIG, status="scheduled", status_detail="first execution")
    result, failed, session = run_scripted(monkeypatch, migration.main, dict(code="MG00000001", execute="first"),
                                           [one(scheduled), read_timeout(), one(scheduled)])
    assert failed and result["changed"] is True and "may have been applied" in result["msg"]
    assert session.sequence() == ["GET /api/migrations/MG00000001", "PUT /api/migrations/MG00000001",
                                  "GET /api/migrations/MG00000001"]
    assert session.calls[1]["json"] == {"execution": "first"}


def test_execute_now_without_answer_that_started_counts_as_done(monkeypatch):
    scheduled = dict(MIG, status="scheduled", status_detail="first execution")
    running = dict(MIG, status="running", status_detail="first execution")
    result, failed, session = run_scripted(monkeypatch, migration.main, dict(code="MG00000001", execute="first"),
                                           [one(scheduled), FakeResponse(502, {"message": "Bad gateway"}), one(running)])
    assert not failed and result["changed"] and result["summary"]["executed"] == 1
    assert [c for c in session.sequence() if c.startswith("PUT")] == ["PUT /api/migrations/MG00000001"]


def test_a_create_processed_then_lost_is_found_by_its_key(run_module, sim):
    seed(sim)
    sim.fault(method="POST", path="/api/migrations", status=502, after=True)
    result, failed = run_module(migration.main, dict(CREATE_ARGS, rows=[row("alice")]))
    assert not failed and result["changed"] and result["migrations"][0]["code"]
    assert any("got no answer, but the migration exists" in w for w in result["warnings"])
    assert len(sim.state("migrations")) == 1 and sim.faults()["spent"]
    sim.fault(method="POST", path="/api/imports", drop=True, after=True)
    result, failed = run_module(csv_import.main, dict(type="domain_aliases", rows=[
        dict(domain="mig.example", alias_domain="alias.example")]))
    assert not failed and result["changed"] and len(sim.state("imports")) == 1


def test_one_more_pass_of_an_ended_migration_and_check_mode_before_the_domain_exists(run_module, sim):
    seed(sim)
    made, failed = run_module(migration.main, dict(rows=[row("alice")], preset="standard_ssl", execute_now=True,
                                                   wait_for="completed", wait_timeout=30))
    code = made["migrations"][0]["code"]
    second, failed = run_module(migration.main, dict(ADMIN, code=code, execute="second", wait_for="completed",
                                                     wait_timeout=30))
    assert not failed and second["changed"] and second["migrations"][0]["admin_second_execution_override"] is True
    again, failed = run_module(migration.main, dict(ADMIN, code=code, execute="second"))
    assert not failed and not again["changed"]
    check, failed = run_module(migration.main, dict(rows=[row("zoe", domain="later.example")], preset="gmail",
                                                    execute_now=True), check_mode=True)
    assert not failed and check["changed"] and any("previous task" in w for w in check["warnings"])
