# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""An AWX job's ansible-runner private data directory, rendered the way AWX renders it.

AWX (awx_plugins.interfaces ``inject_credential``) renders a custom credential type's injectors with Jinja's
``ImmutableSandboxedEnvironment``: the namespace holds the inputs that have a value (booleans always, a missing
boolean is False), so an unset input renders as an empty string; ``env`` injectors become the job's environment
(ansible-runner's ``env/envvars``), ``extra_vars`` injectors extra vars (here merged into ``env/extravars`` over the
job template's own extra vars, as AWX's later ``-e @file`` wins). The project is checked out under ``project/``; the
inventory is what AWX imported from its source (``ansible-inventory --list --export``), given back to the job as an
executable script under ``inventory/``.
"""
from __future__ import annotations

import json
import os
import pathlib
import shutil
import stat
import subprocess
import sys

import yaml
from jinja2 import meta
from jinja2.sandbox import ImmutableSandboxedEnvironment

# AWX refuses to inject these (ENV_BLOCKLIST) and anything starting with ANSIBLE_ it manages itself.
ENV_BLOCKLIST = frozenset((
    "VIRTUAL_ENV", "PATH", "PYTHONPATH", "JOB_ID", "INVENTORY_ID", "INVENTORY_SOURCE_ID", "INVENTORY_UPDATE_ID",
    "AD_HOC_COMMAND_ID", "REST_API_URL", "REST_API_TOKEN", "MAX_EVENT_RES", "CALLBACK_QUEUE", "CALLBACK_CONNECTION",
    "CACHE", "JOB_CALLBACK_DEBUG", "INVENTORY_HOSTVARS", "AWX_HOST", "PROJECT_REVISION", "SUPERVISOR_CONFIG_PATH",
))


def load_credential_type(path):
    """The one credential type of an ``awx import`` file (``{credential_types: [{name, kind, inputs, injectors}]}``)."""
    data = yaml.safe_load(pathlib.Path(path).read_text())
    (credential_type,) = data["credential_types"]
    return credential_type


def template_names(credential_type):
    """Every variable the injector templates use."""
    env = ImmutableSandboxedEnvironment()
    names = set()
    injectors = credential_type.get("injectors") or {}
    for tmpl in list((injectors.get("env") or {}).values()) + list(_leaves(injectors.get("extra_vars") or {})):
        names |= meta.find_undeclared_variables(env.parse(tmpl))
    return names


def _leaves(node):
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from _leaves(value)
    elif isinstance(node, list):
        for value in node:
            yield from _leaves(value)
    else:
        yield node


def render_credential(credential_type, inputs):
    """(env, extra_vars) an AWX job gets from a credential of this type with these input values."""
    fields = credential_type["inputs"].get("fields", [])
    namespace = {}
    for name, value in inputs.items():
        if isinstance(value, bool) or value:
            namespace[name] = value
    for field in fields:
        if field.get("type") == "boolean" and field["id"] not in inputs:
            namespace[field["id"]] = False
    sandbox = ImmutableSandboxedEnvironment()
    injectors = credential_type.get("injectors") or {}
    env = {}
    for name, tmpl in (injectors.get("env") or {}).items():
        if name in ENV_BLOCKLIST:
            continue
        env[name] = sandbox.from_string(tmpl).render(**namespace)

    def build(node):
        if isinstance(node, dict):
            return dict((str(build(k)), build(v)) for k, v in node.items())
        if isinstance(node, list):
            return [build(v) for v in node]
        return sandbox.from_string(node).render(**namespace)
    return env, build(injectors.get("extra_vars") or {})


def imported_inventory(source, env):
    """What AWX stores when it syncs an inventory source: ``ansible-inventory -i SOURCE --list --export``."""
    done = subprocess.run(["ansible-inventory", "-i", str(source), "--list", "--export"], capture_output=True,
                          text=True, env=dict(os.environ, **env), check=False)
    if done.returncode:
        raise RuntimeError("ansible-inventory failed: %s" % done.stderr[-2000:])
    return json.loads(done.stdout)


def write_private_data_dir(root, credential_type, inputs, project, inventory, playbook_env=None, job_extra_vars=None):
    """Lay out an ansible-runner private data directory for one job; returns its path.

    project: a directory copied to ``project/`` (the playbooks); inventory: the JSON AWX imported;
    playbook_env: further environment of the job (ANSIBLE_COLLECTIONS_PATH...), job_extra_vars: the job template's.
    """
    root = pathlib.Path(root)
    (root / "env").mkdir(parents=True, exist_ok=True)
    env, extra_vars = render_credential(credential_type, inputs)
    envvars = dict(playbook_env or {}, **env)
    _write_private(root / "env" / "envvars", yaml.safe_dump(envvars))
    _write_private(root / "env" / "extravars", yaml.safe_dump(dict(job_extra_vars or {}, **extra_vars)))
    if (root / "project").exists():
        shutil.rmtree(root / "project")
    shutil.copytree(project, root / "project")
    (root / "inventory").mkdir(exist_ok=True)
    script = root / "inventory" / "hosts"
    script.write_text("#!%s\n# The inventory AWX gives a job: what it imported from the source.\nimport json, sys\n"
                      "DATA = json.loads(%r)\nprint(json.dumps(DATA if '--list' in sys.argv else {}))\n"
                      % (sys.executable, json.dumps(inventory)))
    script.chmod(stat.S_IRWXU)
    return root


def _write_private(path, text):
    path.write_text(text)
    path.chmod(stat.S_IRUSR | stat.S_IWUSR)
