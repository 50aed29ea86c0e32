# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""account_export: a second export byte-identical, check mode, force, domains/include, delegated users (the round trip
through site.yml is tests/playbooks/test_account_export.py, run by make report)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import yaml

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _export
from ansible_collections.qboxmail.qboxmail.plugins.modules import account_export
from ansible_collections.qboxmail.qboxmail.tests.tools.account_seed import seed_account

# The collection as imported (under an ansible_collections/ tree that ansible-playbook can be pointed at).
COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(_export.__file__))))


def export(run_module, dest, check_mode=False, **args):
    done, failed = run_module(account_export.main, dict(dest=str(dest), **args), check_mode=check_mode)
    assert not failed, done
    return done


def read(path):
    with open(str(path), "rb") as handle:
        return handle.read()


def test_second_export_is_byte_identical_and_check_mode_writes_nothing(tmp_path, run_module, sim):
    seed_account(sim, domains=2, mailboxes=5, signatures=1, contacts=2, tokens=1)
    dest = tmp_path / "vars"
    planned = export(run_module, dest, check_mode=True)
    assert planned["changed"] and [f["state"] for f in planned["files"]] == ["created", "created"]
    assert not dest.exists()
    export(run_module, dest)
    first = (read(dest / "vars.yml"), read(dest / "vault.yml"))
    sim.clear_requests()
    again = export(run_module, dest)
    assert again["changed"] is False and [f["state"] for f in again["files"]] == ["unchanged", "unchanged"]
    assert (read(dest / "vars.yml"), read(dest / "vault.yml")) == first
    assert sim.requests(write=True) == []
    vault = yaml.safe_load(first[1])
    assert set(vault["vault_qboxmail_mailbox_passwords"].values()) == {"CHANGE-ME"}


def test_a_differing_file_is_refused_unless_force(tmp_path, run_module, sim):
    seed_account(sim, domains=1, mailboxes=2, aliases=1, signatures=0, contacts=0, vault_domains=0, tokens=0)
    dest = tmp_path / "vars"
    dest.mkdir()
    (dest / "vars.yml").write_text("# mine\n")
    done, failed = run_module(account_export.main, dict(dest=str(dest)))
    assert failed and "force=true" in done["msg"] and "vars.yml" in done["msg"]
    assert read(dest / "vars.yml") == b"# mine\n" and not (dest / "vault.yml").exists()
    done = export(run_module, dest, force=True)
    assert done["changed"] and [f["state"] for f in done["files"]] == ["changed", "created"]


def test_domains_and_include_narrow_the_export(tmp_path, run_module, sim):
    seed_account(sim, domains=2, mailboxes=4, aliases=2, signatures=1, contacts=1, tokens=1)
    done = export(run_module, tmp_path, domains=["d01.example.com"], include=["aliases"])
    body = yaml.safe_load(read(tmp_path / "vars.yml"))
    [domain] = body["hosted_email_domains"]
    assert domain["name"] == "d01.example.com" and "aliases" in domain and "mailboxes" not in domain
    assert "delivery_domains" not in body and done["placeholders"] == 1


def test_role_settings_match_the_role_argument_specs():
    with open(os.path.join(COLLECTION, "roles", "hosted_email", "meta", "argument_specs.yml")) as handle:
        spec = yaml.safe_load(handle)["argument_specs"]["main"]["options"]["hosted_email_domains"]["options"]
    assert sorted(spec["settings"]["options"]) == sorted(_export.ROLE_SETTINGS)
    with open(os.path.join(COLLECTION, "roles", "delivery", "meta", "argument_specs.yml")) as handle:
        spec = yaml.safe_load(handle)["argument_specs"]["main"]["options"]["delivery_account_settings"]["options"]
    assert set(_export.DELIVERY_SETTINGS) <= set(spec)


def test_delegated_users_are_named_for_a_reseller_and_skipped_when_forbidden(tmp_path, run_module, sim):
    done = export(run_module, tmp_path / "reseller", api_token="qbx-reseller-dev-token", include=["users"])
    assert [n for n in done["unexpressed"] if n.startswith("manager.")] == ["manager.manager@reseller.example.com"]
    assert "#   - manager.manager@reseller.example.com" in read(tmp_path / "reseller" / "vars.yml").decode()
    sim.fault(method="GET", path="/api/managers", status=403, count=1)
    done = export(run_module, tmp_path / "forbidden", api_token="qbx-reseller-dev-token", include=["users"])
    assert not [n for n in done["unexpressed"] if n.startswith("manager.")]
    sim.fault(method="GET", path="/api/team_members", status=500, count=5)
    failed_run, failed = run_module(account_export.main, dict(dest=str(tmp_path / "broken"), include=["users"]))
    assert failed and "HTTP 500" in failed_run["msg"] and not (tmp_path / "broken").exists()
