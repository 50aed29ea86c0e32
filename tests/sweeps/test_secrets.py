# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The secret sweep: every module scenario and both roles run by ansible-playbook at -vvvv, succeeding and failing
(a wrong token, a fault, bad input, a TLS refusal), with distinctive secrets (a token with a trailing newline among
them). No secret may appear, raw, escaped, base64- or URL-encoded, in stdout, stderr or the simulator's request log
(the documented one-time reveals are values the API generates, never one of these)."""
from __future__ import annotations

import base64
import json
import urllib.parse

import pytest

from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import COUNTS, ROOT, SCENARIOS, localhost_play

TOKEN = "Sw33p-api-token-Zq9"            # seeded as a customer token; the tasks send it with a trailing newline
WRONG_TOKEN = "Sw33p-wrong-token/+@x"    # refused with 401; special characters for the URL-encoded form


def forms(secret):
    """Every form a secret could leak in."""
    core = secret.strip()
    out = {core, json.dumps(secret)[1:-1], base64.b64encode(core.encode()).decode(),
           base64.b64encode(secret.encode()).decode(), urllib.parse.quote(core, safe=""), urllib.parse.quote(secret, safe="")}
    return set(f for f in out if len(f) >= 6)


def templated(value, secrets):
    """Args with each secret replaced by a variable (a literal in a task would be shown by ansible-core's own error
    context, which is the playbook's text, not the module's output)."""
    if isinstance(value, str) and value in secrets:
        return "{{ sweep_secret_%d }}" % secrets.index(value)
    if isinstance(value, dict):
        return dict((k, templated(v, secrets)) for k, v in value.items())
    if isinstance(value, list):
        return [templated(v, secrets) for v in value]
    return value


def sim_call(url, method, path, body=None, no_log=False):
    task = {"ansible.builtin.uri": {"url": url + "/_sim/" + path, "method": method, "body_format": "json",
                                    "status_code": [200, 204]}}
    if body is not None:
        task["ansible.builtin.uri"]["body"] = body
    if no_log:
        task["no_log"] = True
    return task


FAILURES = ("wrong_token", "fault", "bad_input", "tls")


def module_play(scenario, url, files, secrets, number):
    """The tasks of one module scenario: its steps, then two kinds of failure (rotating, so every kind is covered)."""
    secrets.extend(s for s in scenario.secrets if s not in secrets)
    seed = dict(scenario.seed, tokens=[{"token": TOKEN, "role": "customer", "customer_code": "C100000001"}])

    def task(module, args, **extra):
        args = dict((k, v.replace("{files}", str(files)) if isinstance(v, str) else v) for k, v in args.items())
        return dict({"qboxmail.qboxmail." + module: templated(args, secrets), "ignore_errors": True}, **extra)
    tasks = [sim_call(url, "POST", "reset", {"async_delay": 0}), sim_call(url, "POST", "seed", seed, no_log=True)]
    for name, content in scenario.files.items():
        tasks.append({"ansible.builtin.copy": {"content": content, "dest": "%s/%s" % (files, name)}})
    tasks += [task(module, args) for module, args in scenario.setup]
    tasks += [task(scenario.name, args) for args in scenario.steps.values()]
    first = next(iter(scenario.steps.values()))
    for kind in (FAILURES[number % 4], FAILURES[(number + 1) % 4]):
        if kind == "wrong_token":
            tasks.append(task(scenario.name, first, module_defaults={
                "group/qboxmail.qboxmail.all": {"api_url": url, "api_token": "{{ sweep_wrong_token }}"}}))
        elif kind == "fault" and scenario.ops:
            op = next((o for o in scenario.ops if o.write), scenario.ops[0])
            tasks.append(sim_call(url, "POST", "faults", {"method": op.method, "path": op.path, "status": 500, "count": 9}))
            tasks.append(task(scenario.name, scenario.steps[op.step]))
            tasks.append(sim_call(url, "DELETE", "faults"))
        elif kind == "bad_input" and scenario.bad:
            tasks.append(task(scenario.name, dict(scenario.steps[scenario.bad[0].base], **scenario.bad[0].args)))
        elif kind == "tls":
            tasks.append(task(scenario.name, first, module_defaults={"group/qboxmail.qboxmail.all": {
                "api_url": url.replace("http://", "https://"), "api_token": "{{ sweep_token }}", "retries": 0,
                "timeout": 1}}))
        COUNTS["secrets: failing runs (%s)" % kind] += 1
    return tasks


def role_play(scenario, url, files):
    secrets = list(scenario.secrets)
    args = dict((k, v.replace("{files}", str(files)) if isinstance(v, str) else v) for k, v in scenario.steps["converge"].items())
    args = templated(args, secrets)
    args["%s_dns_tasks" % scenario.name] = str(ROOT / "playbooks" / "dns" / "simulator.yml")
    return [{"ansible.builtin.include_role": {"name": "qboxmail.qboxmail." + scenario.name}, "vars": args}], secrets


def run_play(tasks, secrets, url, tmp_path, name, extra_vars=None, check=False):
    variables = dict(("sweep_secret_%d" % i, s) for i, s in enumerate(secrets))
    variables.update(sweep_token=TOKEN + "\n", sweep_wrong_token=WRONG_TOKEN, qbx_sim_url=url)
    variables.update(extra_vars or {})
    defaults = {"api_url": url, "send_api_url": url, "api_token": "{{ sweep_token }}", "retries": 1, "timeout": 5}
    return localhost_play(tmp_path, name, tasks, defaults, extra_vars=variables, check=check, verbose=True)


def leaks(text, secrets):
    return sorted(set(f for s in secrets for f in forms(s) if f in text))


GROUPS = 4
# The files account_export writes (its scenario's dest folders are under the play's folder): searched like output.
EXPORTED = ("vars.yml", "vault.yml")


def module_groups():
    names = [n for n in sorted(SCENARIOS) if SCENARIOS[n].kind in ("resource", "action", "info", "files")]
    return [pytest.param(names[i::GROUPS], id="modules-%d" % i) for i in range(GROUPS)]


@pytest.mark.parametrize("names", module_groups())
def test_no_secret_in_any_module_output(sim_server, tmp_path, names):
    url, tasks, secrets = sim_server.url, [], []
    for number, name in enumerate(names):
        tasks += module_play(SCENARIOS[name], url, tmp_path, secrets, number)
    done = run_play(tasks, secrets, url, tmp_path, "play")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stdout and "Traceback" not in done.stderr, done.stdout[-3000:]
    written = [f.read_text() for pattern in EXPORTED for f in sorted(tmp_path.rglob(pattern))]
    if "account_export" in names:
        assert len(written) >= 4, "account_export wrote no vars.yml / vault.yml under %s" % tmp_path
        COUNTS["secrets: exported files searched"] += len(written)
    check([done.stdout, done.stderr] + written, secrets, sim_server, ", ".join(names))
    COUNTS["secrets: modules run at -vvvv"] += len(names)


@pytest.mark.parametrize("name", [n for n in sorted(SCENARIOS) if SCENARIOS[n].kind == "role"])
def test_no_secret_in_any_role_output_and_a_second_run_changes_nothing(sim_server, tmp_path, name):
    scenario, url = SCENARIOS[name], sim_server.url
    tasks, secrets = role_play(scenario, url, tmp_path)
    seed = sim_call(url, "POST", "seed", {"tokens": [{"token": TOKEN, "role": "customer", "customer_code": "C100000001"}]},
                    no_log=True)
    extra = {}
    first = run_play([sim_call(url, "POST", "reset", {"async_delay": 0}), seed] + tasks, secrets, url, tmp_path, "first", extra)
    assert first.returncode == 0, first.stdout[-3000:]
    second = run_play(tasks, secrets, url, tmp_path, "second", extra)
    assert second.returncode == 0, second.stdout[-3000:]
    recap = [line for line in second.stdout.splitlines() if line.startswith("localhost")]
    assert recap and "changed=0" in recap[-1], "role %s is not idempotent: %s" % (name, recap)
    check([first.stdout, first.stderr, second.stdout, second.stderr], secrets + revealed(sim_server), sim_server, name)
    COUNTS["idempotency: roles run twice (changed=0)"] += 1
    COUNTS["secrets: roles run at -vvvv"] += 1


def revealed(sim_server):
    """The secrets the API generated and revealed once during the run (Send tokens, SMTP passwords): a role keeps
    them in a file or a no_log fact, never in its output."""
    present = sim_server.control("GET", "state")
    found = [t["_token"] for t in (sim_server.state("send_tokens") if "send_tokens" in present else [])]
    found += [a["_password"] for a in (sim_server.state("delivery_accounts") if "delivery_accounts" in present else [])]
    COUNTS["secrets: revealed once by the API, searched"] += len(found)
    return found


def check(outputs, secrets, sim_server, what):
    log = json.dumps(sim_server.requests())
    found = leaks("\n".join(outputs + [log]), secrets + [TOKEN + "\n", WRONG_TOKEN])
    assert not found, "%s leaked %s" % (what, found)
    COUNTS["secrets: output bytes searched, 0 leaks"] += sum(len(o) for o in outputs) + len(log)


@pytest.mark.parametrize("name", [n for n in sorted(SCENARIOS) if SCENARIOS[n].kind == "role"])
def test_roles_in_check_mode_on_an_empty_account(sim_server, tmp_path, name):
    """An AWX check job of a new setup: the role runs through in check mode and writes nothing."""
    scenario, url = SCENARIOS[name], sim_server.url
    tasks, secrets = role_play(scenario, url, tmp_path)
    sim_server.reset(async_delay=0)
    sim_server.seed(tokens=[{"token": TOKEN, "role": "customer", "customer_code": "C100000001"}])
    sim_server.clear_requests()
    done = run_play(tasks, secrets, url, tmp_path, "check", {}, check=True)
    assert done.returncode == 0, done.stdout[-4000:]
    assert sim_server.requests(write=True) == []
    check([done.stdout, done.stderr], secrets, sim_server, name)
    COUNTS["check mode: roles on an empty account, 0 writes"] += 1


def test_no_secret_in_a_live_recording(sim_server, tmp_path):
    """The live suite's recording (tests/live/recordings/*.jsonl) holds no form of the token or the mailbox password."""
    from ansible_collections.qboxmail.qboxmail.tests.live import standin   # pylint: disable=import-outside-toplevel
    import subprocess   # pylint: disable=import-outside-toplevel
    import sys   # pylint: disable=import-outside-toplevel
    password = "Sw33p-live-pw/+@Q1"
    sim_server.reset(async_delay=0)
    sim_server.seed(tokens=[{"token": TOKEN, "role": "customer", "customer_code": standin.CUSTOMER}])
    standin.seed(sim_server)
    recording = tmp_path / "live.jsonl"
    env = standin.live_env(sim_server, "", str(recording), QBOXMAIL_LIVE_API_TOKEN=TOKEN + "\n",
                           QBOXMAIL_LIVE_PASSWORD=password, QBOXMAIL_LIVE_SEND_API_TOKEN=WRONG_TOKEN)
    env.pop("QBOXMAIL_LIVE_CA_PATH")
    done = subprocess.run([sys.executable, "-m", "ansible_collections.qboxmail.qboxmail.tests.live.suite", "run"], env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    text = recording.read_text()
    assert text.count("\n") > 20
    for secret in (TOKEN, password, WRONG_TOKEN):
        leaked = [form for form in forms(secret) if form in text or form in done.stdout + done.stderr]
        assert not leaked, "a form of a secret is in the live recording or output: %s" % leaked
    COUNTS["secrets: live recording bytes searched, 0 leaks"] += len(text)
