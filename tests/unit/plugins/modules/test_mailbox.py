# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""mailbox and mailbox_info module logic (single and list mode), in-process against the threaded simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.modules import mailbox, mailbox_info

SECRET = "Mailb0x-secret"


@pytest.fixture
def domain(sim):
    sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled"}])
    sim.clear_requests()
    return "example.com"


def box(run_module, check_mode=False, diff=False, **args):
    return run_module(mailbox.main, args, check_mode=check_mode, diff=diff)


def writes(sim):
    return [(r["method"], r["path"].rsplit("/", 1)[-1]) for r in sim.requests(write=True)]


def test_create_waits_for_activation_and_hides_the_password(run_module, sim, domain):
    result, failed = box(run_module, address="Alice@Example.com", firstname="Alice", password=SECRET, quota="2G",
                         forward_to=["Bob@example.org"], imap=False, diff=True)
    assert not failed, result
    assert result["changed"]
    obj = result["mailbox"]
    assert obj["code"].startswith("EA") and obj["email_address"] == "alice@example.com"
    assert (obj["status"], obj["status_detail"]) == ("enabled", "ok")
    assert obj["max_email_quota"] == 2147483648 and obj["imap_disabled"] is True
    assert obj["forward_destinations"] == ["bob@example.org"]
    assert result["diff"]["after"]["password"] == "********"
    assert SECRET not in repr(result)
    posted = sim.requests(write=True)
    assert len(posted) == 1 and posted[0]["body"]["password"] == "********"


def test_idempotent_and_diff_of_an_update(run_module, sim, domain):
    args = dict(name="alice", domain=domain, firstname="Alice", password=SECRET, quota="2G", tags=["a", "b"])
    box(run_module, **args)
    same_args = dict(args)
    same_args.update(quota="2048M", tags=["b", "a"])
    again, _failed = box(run_module, **same_args)
    assert not again["changed"]
    sim.clear_requests()
    result, _failed = box(run_module, name="alice", domain=domain, quota="5G", language="it", spam_in_inbox=True, diff=True)
    assert result["changed"]
    assert result["diff"] == {"before": {"quota": "2G", "language": "en", "spam_in_inbox": False},
                              "after": {"quota": "5G", "language": "it", "spam_in_inbox": True}}
    assert writes(sim) == [("PUT", result["mailbox"]["code"])]


def test_check_mode_writes_nothing(run_module, sim, domain):
    result, failed = box(run_module, address="new@example.com", firstname="N", password=SECRET, check_mode=True)
    assert not failed and result["changed"]
    assert sim.requests(write=True) == []


def test_update_password_always_changes_every_run(run_module, sim, domain):
    box(run_module, address="a@example.com", firstname="A", password=SECRET)
    result, _failed = box(run_module, address="a@example.com", password=SECRET, update_password="always", diff=True)
    assert result["changed"] and result["diff"]["after"] == {"password": "******** (updated)"}
    quiet, _failed = box(run_module, address="a@example.com", password="0ther-secret1")
    assert not quiet["changed"]
    assert SECRET not in repr(result)


def test_disable_with_bounce_message_then_change_it(run_module, sim, domain):
    box(run_module, address="a@example.com", firstname="A", password=SECRET)
    result, _failed = box(run_module, address="a@example.com", state="disabled", bounce_message="gone")
    assert result["changed"] and result["mailbox"]["status"] == "disabled"
    assert result["mailbox"]["bounce_msg"] == "gone"
    same, _failed = box(run_module, address="a@example.com", state="disabled", bounce_message="gone")
    assert not same["changed"]
    other, _failed = box(run_module, address="a@example.com", state="disabled", bounce_message="left", diff=True)
    assert other["changed"] and other["diff"]["after"] == {"bounce_message": "left"}
    enabled, _failed = box(run_module, address="a@example.com", state="enabled")
    assert enabled["changed"] and enabled["mailbox"]["status"] == "enabled"


def test_errors(run_module, sim, domain):
    result, failed = box(run_module, address="a@example.com", firstname="A", password=SECRET, quota="10G")
    assert failed and "quota" in result["msg"] and "50M, 1G" in result["msg"]
    assert sim.requests() == []
    result, failed = box(run_module, address="a@nowhere.com", firstname="A", password=SECRET)
    assert failed and "no such Hosting domain nowhere.com" in result["msg"] and "qboxmail.qboxmail.domain" in result["msg"]
    result, failed = box(run_module, address="a@example.com", password=SECRET)
    assert failed and "firstname is required" in result["msg"]
    sim.clear_requests()
    result, failed = box(run_module, address="a@example.com", firstname="A", password="short1")
    assert failed and "password: must have at least 8 characters" in result["msg"]
    assert "short1" not in result["msg"] and sim.requests() == []
    result, failed = box(run_module, address="a@example.com", firstname="A", password=SECRET, quota="16G")
    assert failed and "quota: 16G is more than the largest quota of domain example.com (8G)" in result["msg"]
    assert sim.requests(write=True) == []


def test_delete_and_unknown_is_noop(run_module, sim, domain):
    box(run_module, address="a@example.com", firstname="A", password=SECRET)
    result, _failed = box(run_module, address="a@example.com", state="absent")
    assert result["changed"] and result["mailbox"] == {}
    again, _failed = box(run_module, address="a@example.com", state="absent")
    assert not again["changed"]


def test_info(run_module, sim, domain):
    for name in ("alice", "alina", "bob"):
        box(run_module, name=name, domain=domain, firstname=name, password=SECRET)
    one, _failed = run_module(mailbox_info.main, dict(address="ALICE@example.com"))
    assert [m["name"] for m in one["mailboxes"]] == ["alice"]
    some, _failed = run_module(mailbox_info.main, dict(domain=domain, query="ali"))
    assert sorted(m["name"] for m in some["mailboxes"]) == ["alice", "alina"]
    every, _failed = run_module(mailbox_info.main, dict(domain=domain))
    assert sorted(m["name"] for m in every["mailboxes"]) == ["alice", "alina", "bob", "postmaster"]
    code = one["mailboxes"][0]["code"]
    by_code, _failed = run_module(mailbox_info.main, dict(domain=domain, code=code))
    assert by_code["mailboxes"][0]["email_address"] == "alice@example.com"


# ------------------------------------------------------------------------------ list mode
def staff(count, **extra):
    items = []
    for i in range(count):
        item = dict(name="user%03d" % i, firstname="User %d" % i, password=SECRET)
        item.update(extra)
        items.append(item)
    return items


def test_list_converges_then_is_a_noop_with_few_reads(run_module, sim, domain):
    result, failed = box(run_module, domain=domain, mailboxes=staff(120, quota="1G"), workers=3)
    assert not failed, result.get("msg")
    assert result["changed"] and result["summary"]["created"] == 120
    assert all(m["mailbox"]["status"] == "enabled" for m in result["mailboxes"])
    assert len([r for r in sim.requests(write=True) if r["method"] == "POST"]) == 120
    sim.clear_requests()
    again, _failed = box(run_module, domain=domain, mailboxes=staff(120, quota="1G"))
    assert not again["changed"]
    log = sim.requests()
    assert all(r["method"] == "GET" for r in log)
    assert len(log) == 3  # the domain lookup and ceil(121 / 100) list pages
    assert again["summary"]["requests"] == 3


def test_list_check_mode_and_diff_per_item(run_module, sim, domain):
    box(run_module, domain=domain, mailboxes=staff(5))
    sim.clear_requests()
    items = staff(5)
    items[1]["quota"] = "5G"
    items[2]["state"] = "absent"
    items[3]["state"] = "disabled"
    items.append(dict(name="newbie", firstname="N", password=SECRET))
    result, failed = box(run_module, domain=domain, mailboxes=items, check_mode=True, diff=True)
    assert not failed
    assert sim.requests(write=True) == []
    changes = dict((m["name"], m["changes"]) for m in result["mailboxes"] if m["changed"])
    assert changes == {"user001": ["quota"], "user002": ["state"], "user003": ["status"], "newbie": ["state"]}
    assert result["diff"]["before"]["user002"] == {"state": "present"}
    assert result["diff"]["after"]["user001"] == {"quota": "5G"}
    assert result["diff"]["after"]["newbie"]["password"] == "********"
    assert SECRET not in repr(result)
    applied, _failed = box(run_module, domain=domain, mailboxes=items)
    assert applied["summary"] == dict(items=6, changed=4, created=1, updated=2, deleted=1, failed=0,
                                      requests=applied["summary"]["requests"])
    states = dict((m["name"], m["mailbox"].get("status")) for m in applied["mailboxes"] if m["changed"])
    assert states["user003"] == "disabled" and states["user002"] is None
    assert [m for m in applied["mailboxes"] if not m["changed"] and "mailbox" in m] == []


def test_list_purge_keeps_the_postmaster(run_module, sim, domain):
    box(run_module, domain=domain, mailboxes=staff(3))
    result, _failed = box(run_module, domain=domain, mailboxes=staff(1), purge=True)
    assert sorted(m["name"] for m in result["mailboxes"] if m["changed"]) == ["user001", "user002"]
    left = sorted(m["name"] for m in sim.state("email_accounts"))
    assert left == ["postmaster", "user000"]


def test_list_item_errors_are_reported_per_item(run_module, sim, domain):
    code = sim.state("domains")[0]["code"]
    assert sim.api("POST", "/api/domains/%s/alias_email_accounts" % code, {"name": "user001", "destinations": [
        "x@example.org"]}, token="qbx-customer-dev-token").status == 200   # Qboxmail refuses a mailbox named like it
    items = staff(3)
    result, failed = box(run_module, domain=domain, mailboxes=items)
    assert failed and "1 of 3 mailbox items failed" in result["msg"] and "user001" in result["msg"]
    bad = [m for m in result["mailboxes"] if m.get("failed")]
    assert [m["name"] for m in bad] == ["user001"] and not bad[0]["changed"]
    assert sorted(m["name"] for m in sim.state("email_accounts")) == ["postmaster", "user000", "user002"]


def test_list_validation_fails_before_any_request(run_module, sim, domain):
    items = staff(2)
    items[1]["quota"] = "7M"
    result, failed = box(run_module, domain=domain, mailboxes=items)
    assert failed and "mailboxes item 2: quota:" in result["msg"]
    assert sim.requests() == []
    twice, failed = box(run_module, domain=domain, mailboxes=staff(1) + staff(1))
    assert failed and "listed twice" in twice["msg"]


def test_list_is_exclusive_with_single_options(run_module, sim, domain):
    result, failed = box(run_module, domain=domain, mailboxes=staff(1), firstname="X")
    assert failed and "mutually exclusive" in result["msg"]


@pytest.fixture(name="sessions")
def fixture_sessions(monkeypatch):
    """The HTTP session of every Management client the module makes, in order."""
    from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _task
    seen = []
    real = _task.management_client

    def counting(module):
        client = real(module)
        seen.append(client.session)
        return client

    monkeypatch.setattr(_task, "management_client", counting)
    return seen


def test_list_uses_one_session_per_worker(run_module, sim, domain, sessions):
    result, _failed = box(run_module, domain=domain, mailboxes=staff(12), workers=2)
    assert result["summary"]["created"] == 12
    # one client for the reads, plus one per worker thread (at most `workers`), never shared
    assert 2 <= len(sessions) <= 3 and len(set(id(s) for s in sessions)) == len(sessions)


def test_list_keeps_its_worker_sessions_across_pages_writes_and_settling(run_module, sim, domain, sessions):
    """150 new mailboxes: the writes, then the settling reads of 2 pages (page 2 on a worker thread) reuse the same
    worker threads, so the task opens one session for its reads plus at most `workers`, not a new set per phase."""
    result, failed = box(run_module, domain=domain, mailboxes=staff(150), workers=2)
    assert not failed and result["summary"]["created"] == 150
    pages = [r for r in sim.requests() if r["method"] == "GET" and r["path"].endswith("/email_accounts")]
    assert len(pages) >= 3   # page 1 before the writes, pages 1 and 2 after them
    assert len(sessions) <= 3 and len(set(id(s) for s in sessions)) == len(sessions)
