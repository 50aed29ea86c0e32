# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""make conformance RECORDING=FILE: replay a live recording against a fresh simulator and compare the answers.

The simulator is seeded as the stand-in account (standin.py) with the recording's domain. Each recorded request is
sent again: masked strings become one replay password, codes the recorded answers gave are mapped to the codes the
simulator gave (so later paths and bodies point at the replayed objects). Compared per exchange: the status code,
then the fields and their JSON types (never the values; ``null`` matches any type; list elements only when both lists
have some). Prints a table of differences by endpoint; exit 0 with none, 1 with some.
"""
from __future__ import annotations

import collections
import json
import os
import re
import sys
from urllib.parse import urlencode

from ..simulator.testing import running_simulator
from . import standin
from .record import MASK, mask

REPLAY_PASSWORD = "Replay-Pw-2026-Aa1!"
CODE = re.compile(r"^[A-Z]{1,4}[0-9]{6,}$|^[0-9]+$")
Difference = collections.namedtuple("Difference", "seq endpoint kind detail")


def load(path):
    """(header, exchanges) of a recording."""
    header, exchanges = {}, []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                entry = json.loads(line)
                if entry.get("kind") == "run":
                    header = entry
                else:
                    exchanges.append(entry)
    return header, exchanges


def endpoint(method, path):
    """``GET /api/domains/{code}/email_accounts``: path segments holding a digit become ``{code}``."""
    return "%s %s" % (method, "/".join("{code}" if re.search(r"[0-9]", seg) else seg for seg in path.split("/")))


def substitute(value, ids):
    """``value`` with recorded codes replaced by replayed ones and masked strings by the replay password."""
    if isinstance(value, dict):
        return dict((k, substitute(v, ids)) for k, v in value.items())
    if isinstance(value, list):
        return [substitute(v, ids) for v in value]
    if value == MASK:
        return REPLAY_PASSWORD
    if isinstance(value, str):
        for old, new in ids.items():
            value = value.replace(old, new)
    return value


def identity(item):
    """What names an object of a list (``email_address`` or ``name``), or None."""
    if isinstance(item, dict):
        return item.get("email_address") or item.get("name")
    return None


def learn_ids(recorded, replayed, ids):
    """Record code -> replayed code for every code-looking string that differs at the same place."""
    if isinstance(recorded, dict) and isinstance(replayed, dict):
        for key in recorded.keys() & replayed.keys():
            learn_ids(recorded[key], replayed[key], ids)
    elif isinstance(recorded, list) and isinstance(replayed, list):
        by_name = dict((identity(item), item) for item in replayed if identity(item))
        for position, old in enumerate(recorded):
            # objects pair by name (an account's lists need not come in the simulator's order), others by position
            new = by_name.get(identity(old)) if identity(old) else (replayed[position] if position < len(replayed) else None)
            if new is not None:
                learn_ids(old, new, ids)
    elif isinstance(recorded, (str, int)) and isinstance(replayed, (str, int)) and recorded != replayed:
        if CODE.match(str(recorded)) and CODE.match(str(replayed)) and len(str(recorded)) >= 4:
            ids[str(recorded)] = str(replayed)


def type_name(value):
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number", float: "number",
            type(None): "null"}[type(value)]


def compare(recorded, replayed, where="$"):
    """(kind, detail) of each field or type difference between two JSON values."""
    kinds = (type_name(recorded), type_name(replayed))
    if "null" in kinds or kinds[0] != kinds[1]:
        if "null" not in kinds:
            yield "type", "%s: %s recorded, %s replayed" % (where, kinds[0], kinds[1])
        return
    if isinstance(recorded, dict):
        for key in sorted(recorded.keys() - replayed.keys()):
            yield "missing field", "%s.%s (%s)" % (where, key, type_name(recorded[key]))
        for key in sorted(replayed.keys() - recorded.keys()):
            yield "extra field", "%s.%s (%s)" % (where, key, type_name(replayed[key]))
        for key in sorted(recorded.keys() & replayed.keys()):
            yield from compare(recorded[key], replayed[key], "%s.%s" % (where, key))
    elif isinstance(recorded, list) and recorded and replayed:
        seen = set()
        for item in recorded:
            for difference in compare(item, replayed[0], where + "[]"):
                if difference not in seen:
                    seen.add(difference)
                    yield difference


def replay(path):
    """The differences between a recording and the simulator's answers to its requests."""
    header, exchanges = load(path)
    differences, ids = [], {}
    with running_simulator(async_delay=0) as sim:
        standin.seed(sim, domain=header.get("domain") or standin.DOMAIN)
        for entry in exchanges:
            name = endpoint(entry["method"], entry["path"])
            query = substitute(entry.get("query") or {}, ids)
            target = substitute(entry["path"], ids) + ("?" + urlencode(sorted(query.items())) if query else "")
            call = sim.api if entry["path"].startswith("/api") else sim.send   # the Management or the Send API
            token = standin.TOKEN if call == sim.api else standin.SEND_TOKEN
            reply = call(entry["method"], target, substitute(entry.get("request"), ids), token=token)
            if reply.status != entry["status"]:
                differences.append(Difference(entry["seq"], name, "status",
                                              "%s recorded, %s replayed" % (entry["status"], reply.status)))
                continue
            answer = mask(reply.body if reply.body != "" else None)
            learn_ids(entry.get("response"), answer, ids)
            differences.extend(Difference(entry["seq"], name, kind, detail)
                               for kind, detail in compare(entry.get("response"), answer))
    return differences, len(exchanges)


def table(differences):
    """The differences by endpoint, one line each, with how many exchanges showed it."""
    counts = collections.Counter((d.endpoint, d.kind, d.detail) for d in differences)
    rows = [("endpoint", "difference", "detail", "times")] + [(e, k, d, str(n)) for (e, k, d), n in sorted(counts.items())]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: make conformance RECORDING=tests/live/recordings/FILE.jsonl", file=sys.stderr)
        return 2
    if not os.path.isfile(argv[0]):
        print("conformance: no recording %s (make test-live writes them to tests/live/recordings/)" % argv[0],
              file=sys.stderr)
        return 2
    differences, count = replay(argv[0])
    if differences:
        print(table(differences))
    print("conformance: %d exchange(s) replayed, %d difference(s)" % (count, len(differences)))
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
