# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Each role's README.md documents every option of its meta/argument_specs.yml (name, type, default), and nothing else.

Galaxy refuses a role without a README ("No role readme found"); the README's variables table is what a user reads on
Galaxy and Automation Hub, so it must not drift from the spec that the role enforces.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import pathlib
import re

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
ROLES = sorted(path.parent.parent.name for path in ROOT.glob("roles/*/meta/argument_specs.yml"))
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|\s*(.*?)\s*\|\s*$")
SECTIONS = ("## Variables", "## Example play", "## Check mode")


def spec_rows(options, prefix=""):
    """{option path: (type, default)} of an argument_specs options dict, nested options as `a.b` / `a[].b`."""
    rows = {}
    for name, spec in options.items():
        path = prefix + name
        kind = spec.get("type", "str")
        if kind == "list" and "elements" in spec:
            kind = "list of %s" % spec["elements"]
        if spec.get("required"):
            default = "required"
        elif "default" not in spec:
            default = "–"
        else:
            value = spec["default"]
            default = "`%s`" % (value if isinstance(value, str) and value else json.dumps(value))
        rows[path] = (kind, default)
        if "options" in spec:
            rows.update(spec_rows(spec["options"], path + ("[]." if spec.get("type") == "list" else ".")))
    return rows


def readme_rows(text):
    """{option path: (type, default)} of the variables table of a role README, with each row's meaning."""
    section = text.split("## Variables", 1)[1].split("\n## ", 1)[0]
    rows, meanings = {}, {}
    for line in section.splitlines():
        match = ROW.match(line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3))
            meanings[match.group(1)] = match.group(4)
    return rows, meanings


def load(role):
    spec = yaml.safe_load((ROOT / "roles" / role / "meta" / "argument_specs.yml").read_text())
    return spec_rows(spec["argument_specs"]["main"]["options"]), (ROOT / "roles" / role / "README.md").read_text()


def test_every_role_is_checked():
    assert ROLES == ["delivery", "hosted_email"]


@pytest.mark.parametrize("role", ROLES)
def test_readme_lists_every_option_with_its_type_and_default(role):
    spec, text = load(role)
    rows, meanings = readme_rows(text)
    missing = sorted(set(spec) - set(rows))
    assert not missing, "roles/%s/README.md lacks a row for %s" % (role, ", ".join(missing))
    unknown = sorted(set(rows) - set(spec))
    assert not unknown, "roles/%s/README.md documents options the spec does not have: %s" % (role, ", ".join(unknown))
    wrong = dict((path, (rows[path], spec[path])) for path in spec if rows[path] != spec[path])
    assert not wrong, "roles/%s/README.md: (type, default) differ from argument_specs: %s" % (role, wrong)
    assert all(meanings.values()), [path for path, meaning in meanings.items() if not meaning]


@pytest.mark.parametrize("role", ROLES)
def test_readme_has_the_sections_galaxy_users_read(role):
    _spec, text = load(role)
    assert text.startswith("# qboxmail.qboxmail.%s\n" % role)
    for heading in SECTIONS:
        assert "\n%s" % heading in text, "roles/%s/README.md has no %r section" % (role, heading)
    play = text.split("## Example play", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert "role: qboxmail.qboxmail.%s" % role in play
    assert isinstance(yaml.safe_load(play), list)


def test_a_missing_option_is_reported():
    spec = {"a": {"type": "list", "elements": "dict", "default": [], "options": {"b": {"type": "int", "default": 4}}}}
    text = ("## Variables\n\n| variable | type | default | meaning |\n|---|---|---|---|\n"
            "| `a` | list of dict | `[]` | A. |\n")
    rows, _meanings = readme_rows(text)
    assert sorted(set(spec_rows(spec)) - set(rows)) == ["a[].b"]
    assert spec_rows(spec)["a[].b"] == ("int", "`4`")
