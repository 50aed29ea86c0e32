# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every YAML example of the docs runs as written (make examples; tests/examples/extract.py finds them).

Per example: the simulator is reset (`POST /_sim/reset`) and seeded with the fixture set the example names
(`seed=`, default `fresh` for README/guide/role READMEs, `account` for the plugins' EXAMPLES), then

- a task list is wrapped in one play on localhost, a playbook runs as it is, an inventory plugin file is read
  with `ansible-inventory --list` (it must give hosts);
- `ansible-playbook --check` first: it must succeed and send no write request; then the real run must succeed.

A marked example (`example: skip <reason>`) is counted, not run. A failure names the example (source, line, heading
or module), the mode and the failed task with its message.
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess
import sys
import textwrap

import pytest
import yaml

from ansible_collections.qboxmail.qboxmail.tests.examples import extract, fixtures
from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator

EXAMPLES = extract.all_examples()
BIN = os.path.dirname(os.path.abspath(sys.executable))
TIMEOUT = 240
PLAY = "- name: Example %s\n  hosts: localhost\n  connection: local\n  gather_facts: false\n  tasks:\n"
PLAY_KEYS = {"hosts", "import_playbook", "ansible.builtin.import_playbook"}


class Loader(yaml.SafeLoader):
    """YAML as Ansible reads it, enough to tell a playbook from a task list (!unsafe, !vault kept as text)."""


for _tag in ("!unsafe", "!vault"):
    Loader.add_constructor(_tag, lambda loader, node: loader.construct_scalar(node))


def kind_of(data) -> str:
    if isinstance(data, dict) and "plugin" in data:
        return "inventory"
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return "playbook" if any(PLAY_KEYS & set(item) for item in data) else "tasks"
    return "other"


@pytest.fixture(scope="module")
def sim():
    with running_simulator(mode="production", async_delay=0.05) as server:
        yield server


def rooted(text: str, base: pathlib.Path) -> str:
    """The absolute paths the examples name (/etc/shop/..., /secure/...) moved into the test's directory."""
    names = list(fixtures.FILES) + list(fixtures.ACCOUNT_FILES) + fixtures.DIRS
    roots = sorted({"/" + path.strip("/").split("/", maxsplit=1)[0] + "/" for path in names
                    if path.startswith("/")}, key=len, reverse=True)
    for root in roots:
        text = re.sub(r"(?<![\w./])%s" % re.escape(root), str(base) + root, text)
    return text


# A task printing each DNS record "to publish with your DNS provider's module" stands for that module: the test
# publishes the same records into the simulator's zone instead (the verifications read it).
PRINTED_RECORDS = re.compile(r'ansible\.builtin\.debug:\n\s*msg: "\{\{ item\.name \}\} \{\{ item\.type \}\} \{\{ item\.value \}\}"')
PUBLISHED_RECORDS = ('ansible.builtin.uri: {url: "{{ qbx_sim_url }}/_sim/dns", method: PUT, body_format: json, '
                     'body: {records: [{name: "{{ item.name }}", type: "{{ item.type }}", value: "{{ item.value }}"}]}}')


def prepare_dir(base: pathlib.Path, seed: str) -> None:
    files = dict(fixtures.FILES, **(fixtures.ACCOUNT_FILES if seed != "fresh" else {}))
    for path, content in files.items():
        target = base / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content)
    for path in fixtures.DIRS:
        (base / path.lstrip("/")).mkdir(parents=True, exist_ok=True)


def environment(sim, token: str, base: pathlib.Path) -> dict:
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""), NO_COLOR="1",
               ANSIBLE_NOCOLOR="1", ANSIBLE_FORCE_COLOR="0", ANSIBLE_RETRY_FILES_ENABLED="false",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable, ANSIBLE_LOCALHOST_WARNING="false",
               ANSIBLE_INVENTORY_UNPARSED_WARNING="false", ANSIBLE_LOCAL_TEMP=str(base / ".ansible-tmp"),
               QBOXMAIL_API_URL=sim.url, QBOXMAIL_SEND_API_URL=sim.url, QBOXMAIL_API_TOKEN=token)
    env.pop("QBOXMAIL_SEND_API_TOKEN", None)
    env.pop("QBOXMAIL_CUSTOMER_CODE", None)
    return env


def failure_detail(output: str) -> str:
    """The failed task(s) with their messages, else the last lines."""
    lines = output.splitlines()
    picked, task = [], ""
    for line in lines:
        if line.startswith("TASK ["):
            task = line
        elif re.match(r"^(fatal|failed):|^ERROR!|^\[ERROR\]|^\[WARNING\]: .*(fail|error)", line):
            picked += [task, line[:2000]]
    return "\n".join(picked) if picked else "\n".join(lines[-40:])


def run(cmd, env, cwd):
    return subprocess.run(cmd, env=env, cwd=str(cwd), capture_output=True, text=True, timeout=TIMEOUT, check=False)


def chained(example) -> str:
    """The example with the blocks it continues (`after=ID`, e.g. the README's task blocks after its play) first."""
    after = example.directives.get("after")
    if not after:
        return example.text
    before = next((e for e in EXAMPLES if e.id == after), None)
    assert before, "%s: after=%s names no example (ids: python tests/examples/extract.py)" % (example.id, after)
    head = chained(before)
    if kind_of(yaml.load(head, Loader=Loader)) == "playbook":
        return head + example.text          # a continuation block is indented as the play's tasks
    return textwrap.dedent(head) + textwrap.dedent(example.text)


def seed_for(example) -> str:
    return example.directives.get("seed") or ("account" if ":" in example.id else "fresh")


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.id for e in EXAMPLES])
def test_example(example, sim, tmp_path, record_property):
    where = "%s:%d (%s)" % (example.source, example.line, example.id)
    record_property("source", example.source)
    if "skip" in example.directives:
        record_property("outcome", "marked")
        pytest.skip("marked in %s: %s" % (where, example.directives["skip"]))
    if "fragment-of" in example.directives:
        whole = (extract.ROOT / example.directives["fragment-of"]).read_text()
        missing = [line for line in example.text.splitlines() if line.strip() and line.strip() not in whole]
        assert not missing, "%s: not part of %s: %s" % (where, example.directives["fragment-of"], missing[:3])
        return
    text = chained(example)
    data = yaml.load(text, Loader=Loader)
    kind = kind_of(data)
    assert kind != "other", "%s: neither a playbook, a task list nor an inventory file; mark it " \
        "(<!-- example: skip REASON --> or fragment-of=PATH)" % where
    sim.reset()
    fixtures.SEEDS[seed_for(example)](sim)
    prepare_dir(tmp_path, seed_for(example))
    token = fixtures.TOKENS[example.directives.get("token", "customer")]
    env = environment(sim, token, tmp_path)
    if seed_for(example) != "fresh":        # the account's Send token, as a user exports it
        env["QBOXMAIL_SEND_API_TOKEN"] = fixtures.SEND_TOKEN
    text = PRINTED_RECORDS.sub(PUBLISHED_RECORDS, rooted(text, tmp_path))
    extra = dict(fixtures.VARS, qbx_sim_url=sim.url)
    (tmp_path / "vars.json").write_text(json.dumps(extra))
    if kind == "inventory":
        (tmp_path / "examples.qboxmail.yml").write_text(text)
        done = run(["ansible-inventory", "-i", "examples.qboxmail.yml", "--list"], env, tmp_path)
        assert done.returncode == 0, "%s: ansible-inventory failed:\n%s" % (where, failure_detail(done.stderr + done.stdout))
        hosts = json.loads(done.stdout).get("_meta", {}).get("hostvars", {})
        assert hosts, "%s: the inventory gives no host on the %r account:\n%s" % (where, seed_for(example), done.stderr)
        return
    if kind == "tasks":
        text = PLAY % example.id + textwrap.indent(textwrap.dedent(text), "    ")
    (tmp_path / "example.yml").write_text(text)
    inventory = ["-i", "localhost,"]
    if example.directives.get("inventory") == "previous":
        previous = EXAMPLES[EXAMPLES.index(example) - 1]
        (tmp_path / "previous.qboxmail.yml").write_text(rooted(previous.text, tmp_path))
        inventory = ["-i", "previous.qboxmail.yml"]
    cmd = ["ansible-playbook", *inventory, "-e", "@vars.json", "example.yml"]
    before = sim.requests()[-1]["seq"] if sim.requests() else 0
    check = run(cmd + ["--check", "--diff"], env, tmp_path)
    assert check.returncode == 0, "%s [--check] failed:\n%s" % (where, failure_detail(check.stdout + check.stderr))
    writes = sim.requests(write=True, since=before)
    assert not writes, "%s [--check] sent writes: %s" % (where, ["%s %s" % (w["method"], w["path"]) for w in writes])
    real = run(cmd, env, tmp_path)
    assert real.returncode == 0, "%s [normal run] failed:\n%s" % (where, failure_detail(real.stdout + real.stderr))
