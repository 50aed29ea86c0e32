# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every YAML example of the documentation, for tests/examples/test_examples.py.

Sources: README.md, docs/guide.md, roles/*/README.md (fenced ```yaml blocks) and the EXAMPLES string of every module,
lookup and inventory plugin. A directive in the doc source, on the line(s) just before a Markdown block
(``<!-- example: ... -->``) or at the top of an EXAMPLES string (``# example: ...``), says how the test runs it:

    example: skip <one-line reason>         not run (counted as marked), e.g. a real DNS provider's module
    example: seed=<name> token=<name>       the fixture set of the account and the token (tests/examples/fixtures.py)
    example: fragment-of=<path>             a piece of a file of the repo: checked to be part of that file
    example: inventory=previous             a playbook run with the inventory plugin file of the block before

In EXAMPLES, ``# example: skip <reason>`` directly above a task leaves out that task only (counted as marked).
"""
from __future__ import annotations

import ast
import dataclasses
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
DIRECTIVE = re.compile(r"^\s*(?:<!--|#)\s*example:\s*(.*?)\s*(?:-->)?\s*$")
FENCE = re.compile(r"^(\s*)```\s*(\w*)\s*$")
HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$")


@dataclasses.dataclass
class Example:
    id: str                 # README.md#example-playbook-2, module:domain, lookup:tracemail
    source: str             # path relative to the repo
    line: int               # first line of the YAML in the source
    text: str               # the YAML as a user copies it (skipped tasks left out)
    directives: dict        # skip, seed, token, fragment-of, inventory
    skipped_tasks: list     # [(task name, reason)] of the tasks marked inside the block


def parse_directive(text: str, into: dict) -> None:
    if text.startswith("skip"):
        into["skip"] = text[4:].strip(" :") or "no reason given"
        return
    for word in text.split():
        key, _sep, value = word.partition("=")
        into[key] = value or True


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("`", "")).strip("-")


def markdown_examples(path: pathlib.Path) -> list:
    rel = path.relative_to(ROOT).as_posix()
    lines = path.read_text().splitlines()
    out, section, counts, i = [], "top", {}, 0
    while i < len(lines):
        heading = HEADING.match(lines[i])
        fence = FENCE.match(lines[i])
        if heading and not fence:
            section = slug(heading.group(1))
        if not fence:
            i += 1
            continue
        indent, lang = fence.group(1), fence.group(2)
        end = i + 1
        while end < len(lines) and not re.match(r"^\s*```\s*$", lines[end]):
            end += 1
        if lang in ("yaml", "yml"):
            directives = {}
            back = i - 1
            while back >= 0 and (not lines[back].strip() or DIRECTIVE.match(lines[back])):
                match = DIRECTIVE.match(lines[back])
                if match:
                    parse_directive(match.group(1), directives)
                back -= 1
            body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1:end]]
            counts[section] = counts.get(section, 0) + 1
            ident = "%s#%s%s" % (rel, section, "" if counts[section] == 1 else "-%d" % counts[section])
            out.append(Example(ident, rel, i + 2, "\n".join(body) + "\n", directives, []))
        i = end + 1
    return out


def examples_string(path: pathlib.Path):
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "EXAMPLES" for t in node.targets):
            return node.value.value, node.value.lineno
    return None, 0


def plugin_example(path: pathlib.Path, kind: str):
    text, lineno = examples_string(path)
    if text is None:
        return None
    directives, skipped, kept, lines = {}, [], [], text.splitlines()
    first_task = next((n for n, line in enumerate(lines) if line.startswith("- ") or re.match(r"^\w", line)), len(lines))
    n = 0
    while n < len(lines):
        match = DIRECTIVE.match(lines[n])
        if match and n < first_task:
            parse_directive(match.group(1), directives)
        elif match and lines[n + 1:n + 2] and lines[n + 1].startswith("- "):
            task = {}
            parse_directive(match.group(1), task)
            end = n + 2
            while end < len(lines) and not lines[end].startswith("- ") and not DIRECTIVE.match(lines[end]):
                end += 1
            skipped.append((lines[n + 1][2:].strip(), task.get("skip", "no reason given")))
            n = end
            continue
        else:
            kept.append(lines[n])
        n += 1
    rel = path.relative_to(ROOT).as_posix()
    return Example("%s:%s" % (kind, path.stem), rel, lineno, "\n".join(kept) + "\n", directives, skipped)


def all_examples() -> list:
    docs = [ROOT / "README.md", ROOT / "docs" / "guide.md"] + sorted(ROOT.glob("roles/*/README.md"))
    out = [e for path in docs if path.is_file() for e in markdown_examples(path)]
    for kind, folder in (("module", "modules"), ("lookup", "lookup"), ("inventory", "inventory")):
        for path in sorted((ROOT / "plugins" / folder).glob("*.py")):
            if not path.name.startswith("_"):
                example = plugin_example(path, kind)
                if example:
                    out.append(example)
    return out


if __name__ == "__main__":
    for example in all_examples():
        print(example.id, example.source, example.line, example.directives, example.skipped_tasks)
