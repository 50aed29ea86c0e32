# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Code lines of modules: lines holding code, outside DOCUMENTATION/EXAMPLES/RETURN, comments and docstrings.

    python tests/tools/module_size.py [--ref GIT-REF] plugins/modules/domain.py ...
"""
from __future__ import annotations

import argparse
import ast
import io
import subprocess
import sys
import tokenize

DOC_NAMES = ("DOCUMENTATION", "EXAMPLES", "RETURN")


def code_lines(source: str) -> int:
    """Lines with code tokens, not counting the doc strings, other docstrings and comments."""
    tree = ast.parse(source)
    skip = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in DOC_NAMES for t in node.targets):
            skip.update(range(node.lineno, node.end_lineno + 1))
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(getattr(first, "value", None), ast.Constant) \
                    and isinstance(first.value.value, str):
                skip.update(range(first.lineno, first.end_lineno + 1))
    lines = set()
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                        tokenize.ENDMARKER, tokenize.ENCODING):
            continue
        lines.update(line for line in range(tok.start[0], tok.end[0] + 1) if line not in skip)
    return len(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", help="count the files as they are at this git ref")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    total = 0
    for name in args.files:
        source = subprocess.check_output(["git", "show", "%s:%s" % (args.ref, name)], text=True) if args.ref else \
            open(name, encoding="utf-8").read()
        count = code_lines(source)
        total += count
        print("%-40s %5d" % (name, count))
    print("%-40s %5d" % ("total", total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
