# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""account_export's round trip (make report, ansible-core 2.21): an account seeded by direct API calls, exported,
then converged by playbooks/site.yml with the exported variables: no change and no write; one quota edited in the
exported YAML: exactly one write; no secret in the written files or the -vvvv output."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re
import shutil
import subprocess
import sys

import pytest

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _export
from ansible_collections.qboxmail.qboxmail.plugins.modules import account_export
from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator
from ansible_collections.qboxmail.qboxmail.tests.tools.account_seed import PASSWORD, seed_account
from ansible_collections.qboxmail.qboxmail.tests.tools.module_runner import call_main, capture_exits

# The collection as imported (under an ansible_collections/ tree that ansible-playbook can be pointed at).
COLLECTION = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(_export.__file__))))
FILLED = "Filled-Vault-Passw0rd"
PLAYBOOK = shutil.which("ansible-playbook", path=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))


@pytest.fixture
def sim():
    with running_simulator(mode="production", async_delay=0.05) as simulator:
        yield simulator


@pytest.fixture
def run_module(monkeypatch, sim):
    capture_exits(monkeypatch)

    def run(main, args, check_mode=False):
        return call_main(main, dict(dict(api_url=sim.url, api_token="qbx-customer-dev-token", retries=1), **args),
                         check_mode=check_mode)
    return run


def export(run_module, dest):
    done, failed = run_module(account_export.main, dict(dest=str(dest)))
    assert not failed, done
    return done


def read(path):
    with open(str(path), "rb") as handle:
        return handle.read()


def inventory(tmp_path, run_module, sim):
    """An ops repo's inventory: the example hosts, the exported group_vars, the vault template filled."""
    group = tmp_path / "inventory" / "group_vars" / "qboxmail"
    done = export(run_module, group)
    shutil.copy(os.path.join(COLLECTION, "playbooks", "inventory", "hosts.yml"), str(tmp_path / "inventory" / "hosts.yml"))
    vault = read(group / "vault.yml").decode().replace("CHANGE-ME", FILLED)
    (group / "vault.yml").write_text(vault)
    return group, done


def site(tmp_path, sim, *options):
    root = os.path.dirname(os.path.dirname(os.path.dirname(COLLECTION)))
    env = dict(os.environ, QBOXMAIL_API_URL=sim.url, QBOXMAIL_API_TOKEN="qbx-customer-dev-token", ANSIBLE_NOCOLOR="1",
               ANSIBLE_COLLECTIONS_PATH=root, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false", ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    sim.clear_requests()
    done = subprocess.run([PLAYBOOK, "-i", str(tmp_path / "inventory"), os.path.join(COLLECTION, "playbooks", "site.yml")]
                          + list(options), env=env, capture_output=True, text=True, check=False, cwd=str(tmp_path))
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    recap = re.search(r"qboxmail-api\s*: ok=\d+\s+changed=(\d+)", done.stdout)
    return int(recap.group(1)), [(r["method"], r["path"]) for r in sim.requests(write=True)], done.stdout + done.stderr


def test_round_trip_changes_nothing_then_exactly_the_edited_quota(tmp_path, run_module, sim):
    assert PLAYBOOK, "ansible-playbook is not installed beside this Python (make report runs it from .venv)"
    seed_account(sim)
    group, done = inventory(tmp_path, run_module, sim)
    assert done["changed"] and done["placeholders"] == done["counts"]["mailboxes"] + done["counts"]["domains"]
    # the second token and the simulator's team member: the roles take neither, so both are named
    assert done["unexpressed"] == ["delivery_api_token.token-1", "team_member.team@customer.example.com"]
    assert "#   - delivery_api_token.token-1" in read(group / "vars.yml").decode()
    changed, writes, out = site(tmp_path, sim, "-vvvv")
    assert (changed, writes) == (0, []), out[-6000:]
    for secret in (PASSWORD, FILLED):
        assert secret not in out
        assert secret.encode() not in read(group / "vars.yml")
    assert PASSWORD.encode() not in read(group / "vault.yml")
    text = read(group / "vars.yml").decode()
    edited = text.replace("quota: 2G", "quota: 3G", 1)
    assert edited != text
    (group / "vars.yml").write_text(edited)
    changed, writes, out = site(tmp_path, sim)
    assert changed == 1 and len(writes) == 1 and writes[0][0] == "PUT" and "/email_accounts/" in writes[0][1], writes
