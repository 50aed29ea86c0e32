# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AWX job of playbooks/site.yml, run through ansible-runner as AWX runs it (make awx).

The credential type extensions/awx/credential_type.yml is rendered into an ansible-runner private data directory
(render.py); the example inventory playbooks/inventory/ is imported the way an AWX inventory source sync does; the job
runs twice against an in-thread simulator. Checks: no secret in any job event (raw, JSON-escaped, base64- or
URL-encoded), changes on the first run, none on the second, both `successful`.

To change what the job runs, edit the constants below (playbook, inventory source, job template extra vars).
"""
from __future__ import annotations

import base64
import json
import os
import pathlib
import urllib.parse

import ansible_runner
import pytest
import yaml

from ansible_collections.qboxmail.qboxmail.tests.awx import render
from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import Simulator, running_simulator

ROOT = pathlib.Path(__file__).resolve().parents[2]
CREDENTIAL_TYPE = ROOT / "extensions" / "awx" / "credential_type.yml"
PROJECT = ROOT / "playbooks"                       # the project AWX checks out
PLAYBOOK = "site.yml"                              # the job template's playbook
INVENTORY_SOURCE = ROOT / "playbooks" / "inventory"  # an inventory source "from project"
VAULT_FILE = INVENTORY_SOURCE / "group_vars" / "qboxmail" / "vault.yml"
PUBLISH_DNS = ROOT / "playbooks" / "dns" / "simulator.yml"

API_TOKEN = "Awx-job-Mgmt-T0ken-7Qz"   # seeded as a customer token of the simulator
SEND_TOKEN = "Awx-job-Send-T0ken-4Kp"  # a Send token given to the credential (the roles do not send)
COLLECTIONS_PATH = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or str(ROOT.parents[2])


def credential_inputs(sim_url):
    """The values an AWX user types into a credential of the type "Qboxmail API" (customer_code left empty)."""
    return {"api_url": sim_url, "api_token": API_TOKEN, "send_api_url": sim_url, "send_api_token": SEND_TOKEN}


def job_extra_vars(sim_url, work):
    """The job template's extra vars: DNS records published into the simulator's zone by the molecule tasks file
    (in production: a tasks file with your DNS provider's modules), and the Send token written once to a file."""
    return {
        "hosted_email_dns_tasks": str(PUBLISH_DNS),
        "delivery_dns_tasks": str(PUBLISH_DNS),
        "qbx_sim_url": sim_url,
        "delivery_token_label": "awx",
        "delivery_token_file": str(work / "send-token"),
    }


def forms(secret):
    """Every form a secret could leak in."""
    return {f for f in (secret, json.dumps(secret)[1:-1], base64.b64encode(secret.encode()).decode(),
                        urllib.parse.quote(secret, safe=""), urllib.parse.quote_plus(secret)) if len(f) >= 6}


def leaks(text, secrets):
    return sorted({s for s in secrets for f in forms(s) if f in text})


def vault_secrets():
    def strings(node):
        if isinstance(node, dict):
            for value in node.values():
                yield from strings(value)
        elif isinstance(node, str):
            yield node
    return list(strings(yaml.safe_load(VAULT_FILE.read_text())))


@pytest.fixture(scope="module")
def sim():
    """The simulator `make awx` starts around pytest (SIM_URL), so that this process has no thread when ansible-runner
    forks ansible-playbook; else one in a thread of this process."""
    if os.environ.get("SIM_URL"):
        server = Simulator(os.environ["SIM_URL"])
        server.reset(mode="production", async_delay=0)
        server.seed(tokens=[{"token": API_TOKEN, "role": "customer", "customer_code": "C100000001"}])
        yield server
        return
    with running_simulator(mode="production", async_delay=0) as server:
        server.seed(tokens=[{"token": API_TOKEN, "role": "customer", "customer_code": "C100000001"}])
        yield server


@pytest.fixture(scope="module")
def job(sim, tmp_path_factory):
    """run(ident) -> the finished ansible-runner Runner of one job launch (same private data dir each time)."""
    work = tmp_path_factory.mktemp("awx")
    credential_type = render.load_credential_type(CREDENTIAL_TYPE)
    env = {"ANSIBLE_COLLECTIONS_PATH": COLLECTIONS_PATH, "ANSIBLE_COLLECTIONS_SCAN_SYS_PATH": "false"}
    inventory = render.imported_inventory(INVENTORY_SOURCE, env)
    private = render.write_private_data_dir(work / "job", credential_type, credential_inputs(sim.url), PROJECT,
                                            inventory, playbook_env=env, job_extra_vars=job_extra_vars(sim.url, work))

    def run(ident, verbosity=0):
        return ansible_runner.run(private_data_dir=str(private), playbook=PLAYBOOK, ident=ident, quiet=True,
                                  verbosity=verbosity)
    run.private, run.work = private, work
    return run


def test_the_credential_type_is_what_awx_accepts():
    credential_type = render.load_credential_type(CREDENTIAL_TYPE)
    assert credential_type["kind"] in ("cloud", "net")  # the kinds AWX allows for custom types
    assert credential_type["natural_key"] == {"name": credential_type["name"], "kind": credential_type["kind"],
                                              "type": "credential_type"}  # awx import finds it by this key
    fields = dict((f["id"], f) for f in credential_type["inputs"]["fields"])
    assert set(credential_type["inputs"]["required"]) <= set(fields)
    assert render.template_names(credential_type) <= set(fields)
    assert [n for n, f in fields.items() if f.get("secret")] == ["api_token", "send_api_token"]
    env = credential_type["injectors"]["env"]
    assert sorted(env) == ["QBOXMAIL_API_TOKEN", "QBOXMAIL_API_URL", "QBOXMAIL_CUSTOMER_CODE",
                           "QBOXMAIL_SEND_API_TOKEN", "QBOXMAIL_SEND_API_URL"]
    assert not [n for n in env if n in render.ENV_BLOCKLIST or n.startswith("ANSIBLE_")]


def test_rendering_follows_awx():
    credential_type = render.load_credential_type(CREDENTIAL_TYPE)
    env, extra_vars = render.render_credential(credential_type, {"api_token": "t0ken"})
    assert env == {"QBOXMAIL_API_URL": "https://api.qboxmail.com", "QBOXMAIL_API_TOKEN": "t0ken",
                   "QBOXMAIL_CUSTOMER_CODE": "", "QBOXMAIL_SEND_API_URL": "https://api.qboxmail.com",
                   "QBOXMAIL_SEND_API_TOKEN": ""}
    assert extra_vars == {}
    custom = {"inputs": {"fields": [{"id": "a", "type": "string"}, {"id": "flag", "type": "boolean"}]},
              "injectors": {"env": {"A": "{{ a }}", "PATH": "x"}, "extra_vars": {"v_{{ a }}": ["{{ flag }}"]}}}
    assert render.render_credential(custom, {"a": "1"}) == ({"A": "1"}, {"v_1": ["False"]})


def test_site_yml_as_an_awx_job_twice(sim, job):
    first = job("first", verbosity=3)
    assert first.status == "successful", first.stdout.read()[-4000:]
    assert sum(first.stats["changed"].values()) > 0
    second = job("second")
    assert second.status == "successful", second.stdout.read()[-4000:]
    assert sum(second.stats["changed"].values()) == 0, second.stats
    assert sum(second.stats["ok"].values()) > 0 and not second.stats["failures"]

    # What the job built: the example inventory's domains, alias domain, mailboxes, signature, the Delivery account and its token.
    customer = "qbx-customer-dev-token"
    domains = sim.api("GET", "/api/domains", token=customer).body["resources"]
    expected = [("example-company.com", "enabled"), ("example-shop.com", "enabled")]
    assert sorted((d["name"], d["status"]) for d in domains) == expected
    company = [d["code"] for d in domains if d["name"] == "example-company.com"][0]
    boxes = sim.api("GET", "/api/domains/%s/email_accounts" % company, token=customer).body["resources"]
    assert {"alice@example-company.com", "bob@example-company.com"} <= {b["email_address"] for b in boxes}
    assert [a["name"] for a in sim.state("alias_domains")] == ["example-company.net"]
    assert [s["body"] for s in sim.state("signatures")] == ["<p>Alice Example<br>Example Company</p>"]
    accounts = sim.api("GET", "/api/delivery/accounts", token=customer).body["resources"]
    assert [a["description"] for a in accounts] == ["Example shop"]
    send_token = (job.work / "send-token").read_text().strip()
    assert oct((job.work / "send-token").stat().st_mode & 0o777) == "0o600"

    # No secret in any event of either job: the credential's tokens, the vault's passwords, and the secrets the API
    # revealed once (the Send token the role wrote to its file, the Delivery account's SMTP password).
    secrets = [API_TOKEN, SEND_TOKEN, send_token] + vault_secrets() + [
        a["_password"] for a in sim.state("delivery_accounts")]
    envvars = (job.private / "env" / "envvars").read_text()
    assert leaks(envvars, secrets) == sorted([API_TOKEN, SEND_TOKEN])  # the search sees them where they are
    events = list(first.events) + list(second.events)
    assert len(events) > 20
    found = [(e["event"], leaks(json.dumps(e), secrets)) for e in events if leaks(json.dumps(e), secrets)]
    assert not found, found
    for runner in (first, second):
        assert not leaks(runner.stdout.read(), secrets)
