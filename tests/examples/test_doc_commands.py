# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What the docs say besides their YAML examples: the guide's offline dry-run command works as written, the example
ops repo refuses to run without its inventory, and every pointer to a guide section names a real heading."""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys

from ansible_collections.qboxmail.qboxmail.tests.examples.extract import HEADING, ROOT
from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator

BIN = os.path.dirname(os.path.abspath(sys.executable))
GUIDE = ROOT / "docs" / "guide.md"
POINTER = re.compile(r'docs/guide\.md,?\s+"([^"]+)"')


def env_for(url=None):
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""), ANSIBLE_NOCOLOR="1",
               ANSIBLE_PYTHON_INTERPRETER=sys.executable)
    for key in [k for k in env if k.startswith("QBOXMAIL_")]:
        del env[key]
    if url:
        env.update(QBOXMAIL_API_URL=url, QBOXMAIL_SEND_API_URL=url, QBOXMAIL_API_TOKEN="qbx-customer-dev-token")
    return env


def offline_block() -> list:
    text = GUIDE.read_text()
    section = text[text.index("## Offline dry runs"):]
    block = section[section.index("```bash") + 7:]
    return block[:block.index("```")].splitlines()


def test_every_pointer_to_a_guide_section_names_a_heading():
    headings = {HEADING.match(line).group(1) for line in GUIDE.read_text().splitlines() if HEADING.match(line)}
    sources = [ROOT / "README.md"] + [p for folder in ("extensions", "playbooks", "plugins", "roles", "docs")
                                      for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in
                                      (".yml", ".yaml", ".py", ".md")]
    wrong = ["%s: %r" % (path.relative_to(ROOT), name) for path in sources
             for name in POINTER.findall(path.read_text(errors="replace")) if name not in headings]
    assert not wrong, "pointers to docs/guide.md sections that do not exist: %s" % wrong


def test_ops_repo_without_its_inventory_fails_loudly(tmp_path):
    done = subprocess.run(["ansible-playbook", "playbooks/site.yml", "--check"], cwd=str(ROOT), env=env_for(),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0, "playbooks/site.yml without -i ran clean:\n%s" % done.stdout[-2000:]
    assert "No host in the inventory group qboxmail" in done.stdout, done.stdout[-2000:]


def test_the_guides_offline_dry_run_command_works_as_written(tmp_path):
    commands = [line.split("#")[0].strip() for line in offline_block() if line.startswith("ansible-playbook")]
    assert commands, "no ansible-playbook command in the guide's \"Offline dry runs\" block"
    with running_simulator(mode="sandbox", async_delay=0.05) as sim:
        for command in commands:
            done = subprocess.run(shlex.split(command), cwd=str(ROOT), capture_output=True, text=True, timeout=240, check=False,
                                  env=dict(env_for(sim.url), QBX_DEMO_DIR=str(tmp_path)))
            assert done.returncode == 0, "guide, Offline dry runs: %r failed:\n%s" % (command, done.stdout[-3000:])
            assert "skipping: no hosts matched" not in done.stdout, "%r: a play matched no host" % command
            assert re.search(r"qboxmail-api\s+: ok=\d+", done.stdout), "%r: the ops repo's host did not run" % command
            writes = sim.requests(write=True)
            assert not writes, "%r --check sent writes: %s" % (command, [w["path"] for w in writes])
