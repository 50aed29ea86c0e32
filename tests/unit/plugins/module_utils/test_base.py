# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""The base v2: derived argument specs, the scrubber, plans applied with scripted HTTP, the poller, actions."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import importlib
import os
import pkgutil

import pytest

from ansible.module_utils.common.parameters import remove_values

from ansible_collections.qboxmail.qboxmail.plugins import modules as modules_pkg
from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _resource, _task
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import CONNECTION_ARGSPEC
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import Poller
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure, Scrubber, Task
from ansible_collections.qboxmail.qboxmail.plugins.modules import delivery_account, mailbox, suppression
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import (
    FakeResponse, created, dropped, no_content, one, page, read_timeout, run_scripted,
)

MODULES = sorted(info.name for info in pkgutil.iter_modules(modules_pkg.__path__))


def task_class(name):
    module = importlib.import_module("%s.%s" % (modules_pkg.__name__, name))
    found = [v for v in vars(module).values()
             if isinstance(v, type) and issubclass(v, Task) and v.__module__ == module.__name__ and "main" in vars(module)]
    return module, found[0]


class Captured(Exception):
    pass


# ------------------------------------------------------------------------------------------ argument specs
@pytest.mark.parametrize("name", MODULES)
def test_argument_spec_is_exactly_the_derived_one(name, monkeypatch):
    """Every module's AnsibleModule gets the spec derived from its declarations, plus the whole connection set."""
    module, cls = task_class(name)
    seen = {}

    def capture(self, argument_spec=None, **kwargs):
        seen.update(argument_spec=argument_spec, kwargs=kwargs)
        raise Captured()

    monkeypatch.setattr(_task.QboxmailModule, "__init__", capture)
    with pytest.raises(Captured):
        module.main()
    assert seen["argument_spec"] == cls.argument_spec()
    assert set(CONNECTION_ARGSPEC) <= set(seen["argument_spec"])
    assert seen["kwargs"]["supports_check_mode"] is True


@pytest.mark.parametrize("name", MODULES)
def test_list_items_inherit_instead_of_defaulting(name):
    _module, cls = task_class(name)
    if not cls.list_option:
        return
    items = cls.argument_spec()[cls.list_option]["options"]
    assert items and all("default" not in spec for spec in items.values())
    assert all(items[k]["no_log"] for k, f in cls.fields.items() if getattr(f, "secret", False) and k in items)


# ------------------------------------------------------------------------------------------ scrubber
def test_scrubber_replaces_like_ansible_core_and_more():
    secrets = {"S3cret-one", "tok\n", "p@ss w0rd", "1234567"}
    data = {"a": "S3cret-one", "b": "x S3cret-one y", "c": ["p@ss w0rd!", 123, True, None, 91234567],
            "api_tokens": {"n": "tok\\n escaped", "url": "p%40ss%20w0rd"}}
    out = Scrubber(secrets)(data)
    assert out["a"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert out["b"] == "x ******** y"
    assert out["c"] == ["********!", 123, True, None, "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"]
    assert "S3cret" not in repr(out) and "tok\\n" not in repr(out) and "p%40ss" not in repr(out)
    assert set(out) == set(data)   # keys are the module's own, left as ansible-core leaves them


def test_scrubber_agrees_with_remove_values_on_plain_values():
    secrets = ["alpha-secret-1", "beta-secret-22", "gamma-33"]
    data = {"k%d" % i: ["prefix %s suffix" % secrets[i % 3], secrets[(i + 1) % 3], "clean %d" % i] for i in range(50)}
    assert Scrubber(secrets)(data) == remove_values(data, set(secrets))


def test_scrubber_without_secrets_returns_data_unchanged():
    data = {"a": ["b", 1]}
    assert Scrubber([])(data) is data


# ------------------------------------------------------------------------------------------ poller
def test_poller_backs_off_to_a_cap_and_times_out_with_a_description(monkeypatch):
    now = [0.0]
    sleeps = []
    monkeypatch.setattr(_resource, "SLEEP", lambda s: (sleeps.append(s), now.__setitem__(0, now[0] + s)))
    poller = Poller(30, clock=lambda: now[0])
    with pytest.raises(ModuleFailure) as failure:
        poller.wait(lambda: {"status": "updating"}, lambda obj: False, lambda obj: "still %s" % obj["status"], "thing X",
                    details=lambda obj: {"last": obj})
    assert sleeps[:4] == [0.25, 0.375, 0.5625, 0.84375] and max(sleeps) == 3.0 and sum(sleeps) <= 30
    assert failure.value.msg == "timed out after 30s waiting for thing X: still updating"
    assert failure.value.details == {"last": {"status": "updating"}}


def test_poller_returns_as_soon_as_done(monkeypatch):
    monkeypatch.setattr(_resource, "SLEEP", lambda s: None)
    answers = iter([{"s": 1}, {"s": 2}, {"s": 3}])
    assert Poller(5).wait(lambda: next(answers), lambda obj: obj["s"] == 2, str, "x") == {"s": 2}


# ------------------------------------------------------------------------------------------ plans, scripted
DOMAIN = {"code": "D000000001", "name": "example.com", "max_email_quota": 8589934592}
BOX = {"code": "EA00000001", "name": "alice", "email_address": "alice@example.com", "status": "enabled",
       "status_detail": "ok", "max_email_quota": 1073741824, "language": "en"}


def test_mailbox_create_sends_update_only_fields_after_the_create(monkeypatch):
    script = [page([DOMAIN]), page([]), created("EA00000001"), no_content(), one(dict(BOX, autoresponder_start_date="2026-08-01"))]
    result, failed, session = run_scripted(monkeypatch, mailbox.main, dict(
        address="alice@example.com", firstname="Alice", password="Passw0rd-1", autoresponder_start_date="2026-08-01",
        force_new_password=True), script)
    assert not failed, result
    assert session.sequence() == [
        "GET /api/domains", "GET /api/domains/D000000001/email_accounts", "POST /api/domains/D000000001/email_accounts",
        "PUT /api/domains/D000000001/email_accounts/EA00000001", "GET /api/domains/D000000001/email_accounts/EA00000001"]
    create, later = session.calls[2]["json"], session.calls[3]["json"]
    assert "autoresponder_start_date" not in create and "force_new_password" not in create
    assert later == {"autoresponder_start_date": "2026-08-01", "autoresponder_intervals_enabled": True,
                     "force_new_password": True}
    assert result["changed"] and "Passw0rd-1" not in repr(result)


def test_mailbox_check_mode_under_a_domain_a_previous_task_creates(monkeypatch):
    result, failed, session = run_scripted(monkeypatch, mailbox.main, dict(
        address="alice@new.example", firstname="Alice", password="Passw0rd-1"), [page([])], check_mode=True)
    assert not failed and result["changed"]
    assert session.sequence() == ["GET /api/domains"]
    assert any("Hosting domain new.example does not exist yet" in w for w in result["warnings"])


def test_failure_after_a_write_reports_changed(monkeypatch):
    script = [page([DOMAIN]), page([]), created("EA00000001"), FakeResponse(500, {"message": "boom"})]
    result, failed, session = run_scripted(monkeypatch, mailbox.main, dict(
        address="alice@example.com", firstname="Alice", password="Passw0rd-1"), script)
    assert failed and result["changed"] is True and result["status"] == 500 and "boom" in result["msg"]


def test_create_lost_in_transit_is_looked_up_before_sending_again(monkeypatch):
    script = [page([DOMAIN]), page([]), dropped(), page([BOX]), one(BOX)]
    result, failed, session = run_scripted(monkeypatch, mailbox.main, dict(
        address="alice@example.com", firstname="Alice", password="Passw0rd-1"), script)
    assert not failed and result["changed"]
    assert [c for c in session.sequence() if c.startswith("POST")] == ["POST /api/domains/D000000001/email_accounts"]
    assert any("failed in transit, but it exists" in w for w in result["warnings"])


ACCOUNT = {"id": 7, "description": "Shop", "type": "transactional", "status": 0, "username": "u1"}


def test_reset_password_is_never_repeated_after_an_ambiguous_failure(monkeypatch):
    script = [page([ACCOUNT]), read_timeout()]
    result, failed, session = run_scripted(monkeypatch, delivery_account.main, dict(description="Shop", reset_password=True),
                                           script)
    assert failed and "may have been reset" in result["msg"] and result["changed"] is True
    assert session.sequence() == ["GET /api/delivery/accounts", "PUT /api/delivery/accounts/7/reset_password"]
    assert "smtp_credentials" not in result


def test_smtp_credentials_survive_a_failure_after_the_create(monkeypatch):
    answer = FakeResponse(200, {"resources": [dict(ACCOUNT, password="Smtp-secret-1")]})
    script = [page([]), answer, FakeResponse(422, {"message": "Validation failed", "errors": [
        {"field": "bounce_notification", "description": "is not valid"}]})]
    result, failed, session = run_scripted(monkeypatch, delivery_account.main, dict(
        description="Shop", type="transactional", bounce_notification="bounces@example.com"), script)
    assert failed and result["changed"] is True
    assert result["smtp_credentials"]["password"] == "Smtp-secret-1"
    assert session.sequence() == ["GET /api/delivery/accounts", "POST /api/delivery/accounts", "PUT /api/delivery/accounts/7"]


# ------------------------------------------------------------------------------------------ actions
def test_suppression_import_action_request_sequence(monkeypatch, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(u"\ufeffemail,reason,accounts,active\nx@example.org,complaint,,true\nb@example.org,bounce,,\n")
    existing = {"email": "b@example.org", "reason": "bounce", "accounts": [], "active": True}
    check, failed, session = run_scripted(monkeypatch, suppression.main, dict(import_csv=str(path)), [page([existing])],
                                          check_mode=True)
    assert not failed and check["changed"] and session.sequence() == ["GET /api/delivery/suppression_lists"]
    assert check["would_send"] == [{"method": "POST", "path": "/api/delivery/suppression_lists/import",
                                    "label": "import of 1 rows", "body": {"csv_file_name": "list.csv", "rows": 1}}]
    result, failed, session = run_scripted(monkeypatch, suppression.main, dict(import_csv=str(path)),
                                           [page([existing]), no_content()])
    assert not failed and result["changed"]
    assert session.sequence() == ["GET /api/delivery/suppression_lists", "POST /api/delivery/suppression_lists/import"]
    assert session.calls[1]["json"]["csv_file_content"] == "email,reason,accounts,active\nx@example.org,complaint,,true\n"
    assert result["summary"] == dict(items=2, created=1, updated=0, unchanged=1, requests=2)


def test_suppression_import_lost_in_transit_is_reported_and_not_repeated(monkeypatch, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(u"email,reason,accounts,active\na@example.org,complaint,,\n")
    result, failed, session = run_scripted(monkeypatch, suppression.main, dict(import_csv=str(path)),
                                           [page([]), FakeResponse(504, {"message": "Gateway timeout"})])
    assert failed and result["changed"] is True and "may have been applied" in result["msg"]
    assert "suppression_info" in result["msg"]
    assert session.sequence() == ["GET /api/delivery/suppression_lists", "POST /api/delivery/suppression_lists/import"]


def test_suppression_csv_that_is_not_utf8_fails_before_any_request(monkeypatch, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(u"email,reason,accounts,active\nj\u00e9@example.org,bounce,,\n".encode("latin-1"))
    result, failed, session = run_scripted(monkeypatch, suppression.main, dict(import_csv=str(path)), [])
    assert failed and "is not UTF-8 text" in result["msg"] and session.calls == []


def test_suppression_export_escapes_formulas(monkeypatch, tmp_path):
    out = tmp_path / "export.csv"
    csv_text = "email,reason,accounts,active\n=cmd@example.org,complaint,,true\n"
    result, failed, session = run_scripted(monkeypatch, suppression.main, dict(export_csv=str(out)),
                                           [FakeResponse(200, csv_text)])
    assert not failed and result["changed"]
    assert out.read_text() == "email,reason,accounts,active\n'=cmd@example.org,complaint,,true\n"
    assert oct(os.stat(str(out)).st_mode & 0o777) == "0o600"
