# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the roles themselves decide (the modules are swept elsewhere): opt-in purges, local parts completed with the
domain, a domain deleted only when asked, the old one-domain variables refused, the Delivery token kept in a no_log
fact, and the optional test message with its TraceMail status."""
from __future__ import annotations

import re

from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import ROOT, localhost_play

TOKEN = "qbx-customer-dev-token"
PUBLISH = str(ROOT / "playbooks" / "dns" / "simulator.yml")


def play(sim_server, tmp_path, role, variables, name="play", check=False, extra_tasks=()):
    """Run the role once with `variables`; returns (returncode, output)."""
    tasks = [{"ansible.builtin.include_role": {"name": "qboxmail.qboxmail." + role}, "vars": variables}]
    tasks += list(extra_tasks)
    defaults = {"api_url": sim_server.url, "send_api_url": sim_server.url, "api_token": TOKEN, "retries": 0}
    done = localhost_play(tmp_path, name, tasks, defaults, play_vars={"qbx_sim_url": sim_server.url}, check=check)
    return done.returncode, done.stdout + done.stderr


def changed(out):
    """The changed count of the play recap."""
    recap = re.findall(r"^localhost\s*:.*changed=(\d+)", out, re.M)
    assert recap, out[-3000:]
    return int(recap[-1])


def domain(name, **extra):
    return dict(name=name, postmaster_password="Roles-postm4ster", ownership_method="skip", dkim="disabled", **extra)


def names(sim_server, collection, **match):
    return sorted(o.get("name") for o in sim_server.state(collection) if all(o.get(k) == v for k, v in match.items()))


def test_hosted_email_purges_only_when_asked(sim_server, tmp_path):
    sim_server.reset(async_delay=0, mode="sandbox")
    first = dict(alias_domains=["one.example.net", "two.example.net"],
                 mailboxes=[dict(name=n, firstname=n.title(), password="Roles-passw0rd") for n in ("alice", "bob")],
                 aliases=[dict(name="info", destinations=["alice@purge.example.com"])])
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [domain("purge.example.com", **first)]})
    assert rc == 0 and changed(out) > 0, out[-3000:]
    code = [d["code"] for d in sim_server.state("domains") if d["name"] == "purge.example.com"][0]
    fewer = dict(alias_domains=["one.example.net"], mailboxes=first["mailboxes"][:1], aliases=[])
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [domain("purge.example.com", **fewer)]}, name="fewer")
    assert rc == 0 and changed(out) == 0, "without purge_* nothing is deleted"
    assert names(sim_server, "alias_domains") == ["one.example.net", "two.example.net"]
    purge = dict(fewer, purge_alias_domains=True, purge_mailboxes=True, purge_aliases=True)
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [domain("purge.example.com", **purge)]}, name="purge")
    assert rc == 0, out
    assert names(sim_server, "alias_domains") == ["one.example.net"]
    boxes = sorted(m["name"] for m in sim_server.state("email_accounts") if m["domain_code"] == code)
    assert boxes == ["alice", "postmaster"]
    assert [a for a in sim_server.state("alias_email_accounts") if a.get("domain_code") == code] == []
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [domain("purge.example.com", **purge)]}, name="again")
    assert rc == 0 and changed(out) == 0


def test_hosted_email_completes_local_parts_and_deletes_a_domain_only_when_asked(sim_server, tmp_path):
    sim_server.reset(async_delay=0, mode="sandbox")
    item = domain("parts.example.com", mailboxes=[dict(name="alice", firstname="Alice", password="Roles-passw0rd")],
                  signatures=[dict(mailbox="alice", body="<p>A</p>")],
                  addressbooks=[dict(mailbox="alice", name="Friends", contacts=[dict(email="x@example.org")])])
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [item, domain("other.example.com")]})
    assert rc == 0, out
    assert [s["body"] for s in sim_server.state("signatures")] == ["<p>A</p>"]
    assert names(sim_server, "addressbooks") == ["Friends"]
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [item]}, name="one")
    assert rc == 0 and changed(out) == 0 and "other.example.com" in names(sim_server, "domains"), "an unlisted domain stays"
    refused = dict(name="other.example.com", state="absent")
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [refused]}, name="unconfirmed")
    assert rc != 0 and "confirm_delete_domain" in out and "other.example.com" in names(sim_server, "domains")
    gone = dict(refused, confirm_delete_domain=True)
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domains": [gone]}, name="absent")
    assert rc == 0 and changed(out) == 1 and "other.example.com" not in names(sim_server, "domains")


def test_hosted_email_refuses_the_one_domain_variables(sim_server, tmp_path):
    sim_server.reset(async_delay=0)
    sim_server.clear_requests()
    rc, out = play(sim_server, tmp_path, "hosted_email", {"hosted_email_domain": "old.example.com"})
    assert rc != 0
    assert "hosted_email now takes a list of domains" in out and "changelog" in out, out[-2000:]
    assert sim_server.requests() == []


def test_delivery_keeps_the_token_in_a_fact_and_sends_a_test_message_when_asked(sim_server, tmp_path):
    sim_server.reset(async_delay=0)
    variables = {"delivery_domains": ["mail.roles.example.com"], "delivery_dns_tasks": PUBLISH,
                 "delivery_account_description": "Roles shop", "delivery_token_label": "roles",
                 "delivery_test_message": {"from": "shop@mail.roles.example.com", "to": ["customer@example.org"],
                                           "subject": "Role test", "text_body": "Hello"}}
    check = {"ansible.builtin.assert": {"that": ["delivery_send_api_token | length > 20",
                                                 "delivery_test_message_result.messages[0].status == 'delivered'"],
                                        "quiet": True}, "name": "Role outputs"}
    rc, out = play(sim_server, tmp_path, "delivery", variables, extra_tasks=[check])
    assert rc == 0, out[-3000:]
    token = sim_server.state("send_tokens")[0]["_token"]
    assert token not in out, "the token fact is no_log"
    assert re.search(r"Test message \S+: delivered", out), out[-3000:]
    quiet = dict(variables, delivery_test_message={})
    rc, out = play(sim_server, tmp_path, "delivery", quiet, name="quiet")
    assert rc == 0 and changed(out) == 0, "without a test message the role changes nothing"


def test_delivery_with_a_test_message_in_check_mode_writes_and_sends_nothing(sim_server, tmp_path):
    sim_server.reset(async_delay=0)
    sim_server.clear_requests()
    variables = {"delivery_domains": ["mail.check.example.com"], "delivery_dns_tasks": PUBLISH,
                 "delivery_account_description": "Check shop", "delivery_token_label": "check",
                 "delivery_token_file": str(tmp_path / "token"),
                 "delivery_test_message": {"from": "shop@mail.check.example.com", "to": ["customer@example.org"],
                                           "subject": "Role test", "text_body": "Hello"}}
    rc, out = play(sim_server, tmp_path, "delivery", variables, check=True)
    assert rc == 0, out[-3000:]
    assert sim_server.requests(write=True) == [] and not (tmp_path / "token").exists()
    assert "not sent in check mode" in out, out[-3000:]
