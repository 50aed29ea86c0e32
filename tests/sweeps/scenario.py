# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a sweep needs to know about one module, plugin or role: its scenario (one file per plugin, in scenarios/).

Every module (plugins/modules), lookup (plugins/lookup), inventory plugin (plugins/inventory) and role (roles/)
has a file `tests/sweeps/scenarios/<name>.py` defining SCENARIO; a meta-test fails when one is missing, so a
plugin added later fails CI until it has its scenario. The sweeps (tests/sweeps/test_*.py) read these files:

- fault matrix: every Op x every fault (429 with and without Retry-After, 500, 502, 503, 504, slower than the
  timeout, dropped; once and persistently; and processed-then-502/504/dropped/slow for writes);
- check mode: every step in check mode first (0 writes, the same predicted changes as the real run);
- secrets: every step (succeeding and failing) at -vvvv with distinctive secrets: none in any output;
- bad input: every Bad fails before any write, naming its option; every Valid edge case is accepted;
- idempotency: every step of a resource run twice: the second reports no change.
"""
from __future__ import annotations

import dataclasses
import typing

# files: a module that reads the API and writes local files (account_export); swept like a resource whose writes
# are files: no API write ever, changed on the first run, unchanged on the second.
KINDS = ("resource", "action", "info", "files", "lookup", "inventory", "role")


@dataclasses.dataclass
class Op:
    """One operation kind a step performs, by the request that carries it (a fault is armed on it).

    name: find | list | create | update | status | delete | wait | list_mode | secret | send | bulk_send | paging | ...
    step: the Scenario step whose run performs it.
    method, path: the request (path is a glob of /_sim/faults, e.g. "/api/domains/*/email_accounts").
    write: the request changes state (processed-then-fault cells apply).
    idempotent: False for calls never to be repeated after an ambiguous answer (creates, sends, secret resets).
    reveals: the result key of a one-time secret this call reveals (it must never be lost).
    """

    name: str
    step: str
    method: str
    path: str
    write: bool = False
    idempotent: bool = True
    reveals: str | None = None


@dataclasses.dataclass
class Bad:
    """Bad input: `args` (merged over the step `base`) must fail before any write, with `option` in the message.

    reads: the lookups needed to judge it are allowed (e.g. a quota above the domain's maximum); else none at all.
    """

    args: dict
    option: str
    base: str | None = None
    reads: bool = False
    note: str = ""


@dataclasses.dataclass
class Scenario:
    """One plugin's scenario; `steps` run in order from a fresh simulator seeded with `seed` (after `setup`)."""

    name: str                                   # module / plugin / role name
    kind: str                                   # one of KINDS
    steps: dict                                 # step name -> module args (a realistic create, update, delete...)
    seed: dict = dataclasses.field(default_factory=dict)          # POST /_sim/seed body before the steps
    setup: list = dataclasses.field(default_factory=list)         # [(module, args)] run before the steps
    token: str = "qbx-customer-dev-token"
    ops: list = dataclasses.field(default_factory=list)           # [Op] fault cells
    bad: list = dataclasses.field(default_factory=list)           # [Bad]
    valid: list = dataclasses.field(default_factory=list)         # [dict] args accepted (merged over a step, `base` key)
    secrets: list = dataclasses.field(default_factory=list)       # secret values used in the steps' args
    count: typing.Callable | None = None        # count(sim) -> objects this scenario manages (duplicate check)
    triggers: list = dataclasses.field(default_factory=list)      # steps that act every run (not idempotent by design)
    files: dict = dataclasses.field(default_factory=dict)         # name -> content, written to `{files}` for the args
    mode: str = "production"                    # simulator mode for this scenario
    connection: str = "management"              # the API the plugin talks to first: management | send
    notes: str = ""

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError("kind must be one of %s" % ", ".join(KINDS))
