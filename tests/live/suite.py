# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The live suite: the collection's modules against a real Qboxmail account (or the simulator standing in for one).

    python -m tests.live.suite run      # make test-live
    python -m tests.live.suite clean    # make test-live-clean: every qbxlive-* object of earlier runs in the domain

Safety rules (docs/developing.md, "Live API"):
- without QBOXMAIL_LIVE_API_URL, QBOXMAIL_LIVE_API_TOKEN and QBOXMAIL_LIVE_DOMAIN it prints what it needs and exits 0 (skipped);
- it refuses (exit 3, before any write) when the token sees more than QBOXMAIL_LIVE_MAX_DOMAINS domains (default 3)
  unless QBOXMAIL_LIVE_I_AM_SURE=1, or when QBOXMAIL_LIVE_DOMAIN is not one of them;
- it creates only objects named ``qbxlive-<run id>-...`` inside QBOXMAIL_LIVE_DOMAIN, and deletes only names under
  that prefix, in a final step that also runs after a failure;
- requests are at least QBOXMAIL_LIVE_PACE seconds apart (default 0.2: 5 per second, half the Send API's documented
  10 per second per token; the Management API documents none);
- it sends e-mail only with QBOXMAIL_LIVE_SEND=1, QBOXMAIL_LIVE_SEND_API_TOKEN and QBOXMAIL_LIVE_RECIPIENT set, one
  message, to that recipient only (sends cost credits);
- every request and answer goes, masked, to tests/live/recordings/<date>-<run id>.jsonl (QBOXMAIL_LIVE_RECORDING).
Exit: 0 passed or skipped, 1 a step failed, 2 bad settings, 3 refused by the guard, 143 stopped by SIGTERM/SIGHUP
(after the cleanup; Ctrl-C cleans up too).
"""
from __future__ import annotations

import datetime
import importlib
import os
import secrets
import signal
import sys
import traceback

from ..tools.module_runner import ModuleDone, call_main, capture_exits
from .record import Recorder

PREFIX = "qbxlive-"
REQUIRED = {"QBOXMAIL_LIVE_API_URL": "Management API base URL, e.g. https://api.qboxmail.com",
            "QBOXMAIL_LIVE_API_TOKEN": "a Management token of a sandbox/test customer",
            "QBOXMAIL_LIVE_DOMAIN": "a hosting domain of that customer the tests may add objects to"}
OPTIONAL = {"QBOXMAIL_LIVE_CA_PATH": "CA bundle to trust (ca_path)",
            "QBOXMAIL_LIVE_SEND_API_URL": "Send API base URL (default: QBOXMAIL_LIVE_API_URL)",
            "QBOXMAIL_LIVE_SEND_API_TOKEN": "Send API token (only for QBOXMAIL_LIVE_SEND=1)",
            "QBOXMAIL_LIVE_RECIPIENT": "your own address, the only recipient of the one test message",
            "QBOXMAIL_LIVE_SENDER": "sender of the test message (default qbxlive@QBOXMAIL_LIVE_DOMAIN)",
            "QBOXMAIL_LIVE_SEND": "1 to send that message (costs one credit)",
            "QBOXMAIL_LIVE_MAX_DOMAINS": "refuse when the token sees more domains (default 3)",
            "QBOXMAIL_LIVE_I_AM_SURE": "1 to run although the token sees more domains",
            "QBOXMAIL_LIVE_PACE": "seconds between requests (default 0.2)",
            "QBOXMAIL_LIVE_RUN_ID": "run id (default: random)",
            "QBOXMAIL_LIVE_PASSWORD": "password of the test mailbox (default: random)",
            "QBOXMAIL_LIVE_RECORDING": "recording file (default tests/live/recordings/<date>-<run id>.jsonl)"}
RECORDINGS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "recordings")
KILL_AFTER = "QBOXMAIL_LIVE_KILL_AFTER"   # harness only: SIGKILL this process after that step (a run killed halfway)
TERM_AFTER = "QBOXMAIL_LIVE_TERM_AFTER"   # harness only: SIGTERM this process after that step (cleanup must still run)
EXIT_TERMINATED = 128 + signal.SIGTERM
EXIT_FAILED, EXIT_SETTINGS, EXIT_REFUSED = 1, 2, 3


class Terminated(Exception):
    """SIGTERM or SIGHUP arrived: stop the steps, clean up, exit 143."""


def terminate(_signum, _frame):
    raise Terminated()


class Patcher:
    """The one monkeypatch method capture_exits needs, outside pytest."""

    @staticmethod
    def setattr(target, name, value):
        setattr(target, name, value)


class Live:
    """One run: settings, the module runner and the recorder."""

    def __init__(self, env):
        self.env = env
        self.url = env["QBOXMAIL_LIVE_API_URL"].rstrip("/")
        self.token = env["QBOXMAIL_LIVE_API_TOKEN"]
        self.domain = env["QBOXMAIL_LIVE_DOMAIN"].strip().lower()
        self.run_id = env.get("QBOXMAIL_LIVE_RUN_ID") or secrets.token_hex(3)
        self.prefix = "%s%s-" % (PREFIX, self.run_id)
        self.password = env.get("QBOXMAIL_LIVE_PASSWORD") or "Qbx-%s-Aa1!" % secrets.token_urlsafe(12)
        self.send_token = env.get("QBOXMAIL_LIVE_SEND_API_TOKEN") or None
        self.failures = []
        connection = dict(api_url=self.url, api_token=self.token, retries=3, timeout=30,
                          send_api_url=env.get("QBOXMAIL_LIVE_SEND_API_URL") or self.url)
        if env.get("QBOXMAIL_LIVE_CA_PATH"):
            connection["ca_path"] = env["QBOXMAIL_LIVE_CA_PATH"]
        self.connection = connection
        stamp = datetime.datetime.now(datetime.timezone.utc)
        self.recording = env.get("QBOXMAIL_LIVE_RECORDING") or os.path.join(
            RECORDINGS, "%s-%s.jsonl" % (stamp.strftime("%Y-%m-%d"), self.run_id))
        os.makedirs(os.path.dirname(os.path.abspath(self.recording)), exist_ok=True)
        self.recorder = Recorder(self.recording, secrets=[self.token, self.send_token, self.password],
                                 pace=float(env.get("QBOXMAIL_LIVE_PACE", "0.2")),
                                 header={"run_id": self.run_id, "prefix": self.prefix, "domain": self.domain,
                                         "started": stamp.isoformat(timespec="seconds")})
        capture_exits(Patcher())

    def module(self, name, args, check_mode=False, **connection):
        """(result, failed) of one module run; a traceback counts as a failure with its text."""
        module = importlib.import_module("ansible_collections.qboxmail.qboxmail.plugins.modules." + name)
        full = dict(self.connection, **connection)
        full.update(args)
        full = dict((k, v) for k, v in full.items() if v is not None)
        try:
            return call_main(module.main, full, check_mode=check_mode)
        except (Exception, ModuleDone):  # pylint: disable=broad-except  # reported as the step's failure
            return {"msg": traceback.format_exc()}, True

    def step(self, label, name, args, check=None, check_mode=False, **connection):
        """Run one step, print PASS/FAIL, remember a failure; returns the result."""
        result, failed = self.module(name, args, check_mode=check_mode, **connection)
        problem = result.get("msg") if failed else (check(result) if check else None)
        print("%s  %s" % ("FAIL" if problem else "ok  ", label + (": %s" % problem if problem else "")), flush=True)
        if problem:
            self.failures.append(label)
        if self.env.get(KILL_AFTER) == label:
            os.kill(os.getpid(), signal.SIGKILL)
        if self.env.get(TERM_AFTER) == label:
            os.kill(os.getpid(), signal.SIGTERM)
        return result

    # ------------------------------------------------------------------ safety
    def guard(self):
        """None when the account is safe to use, else why not (nothing is written before this passes)."""
        result, failed = self.module("domain_info", {})
        if failed:
            return "cannot list the token's domains: %s" % result.get("msg")
        names = sorted(d.get("name", "") for d in result.get("domains", []))
        limit = int(self.env.get("QBOXMAIL_LIVE_MAX_DOMAINS", "3"))
        if len(names) > limit and self.env.get("QBOXMAIL_LIVE_I_AM_SURE") != "1":
            return ("the token sees %d domains (more than QBOXMAIL_LIVE_MAX_DOMAINS=%d): this looks like a production "
                    "account; use a sandbox customer, or set QBOXMAIL_LIVE_I_AM_SURE=1" % (len(names), limit))
        if self.domain not in names:
            return "QBOXMAIL_LIVE_DOMAIN=%s is not one of the token's domains" % self.domain
        return None

    def clean(self, prefix):
        """Delete the aliases, then the mailboxes, of the domain whose name starts with ``prefix`` (a qbxlive- one)."""
        assert prefix.startswith(PREFIX), prefix
        for kind, info, key, module in (("alias", "alias_info", "aliases", "alias"),
                                        ("mailbox", "mailbox_info", "mailboxes", "mailbox")):
            result, failed = self.module(info, {"domain": self.domain, "query": prefix})
            if failed:
                print("FAIL  clean: cannot list %s objects: %s" % (kind, result.get("msg")), flush=True)
                self.failures.append("clean")
                continue
            for item in result.get(key, []):
                name = item.get("name") or item.get("email_address", "").split("@")[0]
                if name.startswith(prefix):
                    self.step("clean %s %s" % (kind, name), module, {"address": "%s@%s" % (name, self.domain),
                                                                     "state": "absent"})

    # ------------------------------------------------------------------ the suite
    def steps(self):
        """Create, re-run (idempotent), read, optionally send, delete: only qbxlive-<run id>- objects (the address book and
        the signature belong to the run's mailbox, and go with it if their own deletion does not happen)."""
        box = "%sbox@%s" % (self.prefix, self.domain)
        alias = "%salias@%s" % (self.prefix, self.domain)
        mailbox = {"address": box, "firstname": "Qbx", "lastname": "Live", "password": self.password, "quota": "1G"}

        def changed(expected):
            return lambda r: None if r.get("changed") is expected else "changed is %s, expected %s" % (r.get("changed"), expected)

        def count(key, expected):
            return lambda r: None if len(r.get(key, [])) == expected else "%d %s, expected %d" % (
                len(r.get(key, [])), key, expected)

        self.step("mailbox create (check mode)", "mailbox", mailbox, changed(True), check_mode=True)
        self.step("mailbox_info: check mode created nothing", "mailbox_info", {"address": box}, count("mailboxes", 0))
        self.step("mailbox create", "mailbox", mailbox, changed(True))
        self.step("mailbox again (idempotent)", "mailbox", mailbox, changed(False))
        self.step("mailbox_info", "mailbox_info", {"address": box}, count("mailboxes", 1))
        book = {"mailbox": box, "name": "%sbook" % self.prefix}
        self.step("addressbook create", "addressbook", book, changed(True))
        self.step("addressbook again (idempotent)", "addressbook", book, changed(False))
        signature = {"mailbox": box, "title": "%ssig" % self.prefix, "body": "<p>qboxmail.qboxmail live test</p>"}
        self.step("signature create", "signature", signature, changed(True))
        self.step("signature again (idempotent)", "signature", signature, changed(False))
        self.step("signature absent", "signature", {"mailbox": box, "state": "absent"}, changed(True))
        self.step("addressbook absent", "addressbook", dict(book, state="absent"), changed(True))
        self.step("alias create", "alias", {"address": alias, "destinations": [box]}, changed(True))
        self.step("alias again (idempotent)", "alias", {"address": alias, "destinations": [box]}, changed(False))
        self.step("alias_info", "alias_info", {"address": alias}, count("aliases", 1))
        self.send()
        self.step("alias absent", "alias", {"address": alias, "state": "absent"}, changed(True))
        self.step("mailbox absent", "mailbox", {"address": box, "state": "absent"}, changed(True))
        self.step("mailbox_info: gone", "mailbox_info", {"address": box}, count("mailboxes", 0))

    def send(self):
        """One message to QBOXMAIL_LIVE_RECIPIENT, only when asked for (it costs a credit)."""
        recipient = self.env.get("QBOXMAIL_LIVE_RECIPIENT")
        if self.env.get("QBOXMAIL_LIVE_SEND") != "1":
            print("skip  send (set QBOXMAIL_LIVE_SEND=1, QBOXMAIL_LIVE_SEND_API_TOKEN and QBOXMAIL_LIVE_RECIPIENT; "
                  "costs one credit)", flush=True)
            return
        if not (recipient and self.send_token):
            print("FAIL  send: QBOXMAIL_LIVE_SEND=1 needs QBOXMAIL_LIVE_SEND_API_TOKEN and QBOXMAIL_LIVE_RECIPIENT", flush=True)
            self.failures.append("send")
            return
        sender = self.env.get("QBOXMAIL_LIVE_SENDER") or "qbxlive@%s" % self.domain
        self.step("send one message to QBOXMAIL_LIVE_RECIPIENT", "send",
                  {"from": sender, "to": [recipient], "subject": "%stest" % self.prefix,
                   "text_body": "qboxmail.qboxmail live test %s" % self.run_id}, send_api_token=self.send_token)


def missing(env):
    """The required variables that are not set."""
    return [name for name in REQUIRED if not env.get(name, "").strip()]


def usage():
    lines = ["SKIPPED: make test-live needs these environment variables:"]
    lines += ["  %-30s %s" % item for item in REQUIRED.items()]
    lines += ["optional:"] + ["  %-30s %s" % item for item in OPTIONAL.items()]
    lines += ["(docs/developing.md, 'Live API': use a sandbox customer; nothing was run)"]
    return "\n".join(lines)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    command = argv[0] if argv else "run"
    if command not in ("run", "clean"):
        print("usage: python -m tests.live.suite [run|clean]", file=sys.stderr)
        return EXIT_SETTINGS
    env = os.environ
    if missing(env):
        print(usage(), flush=True)
        return 0
    live = Live(env)
    print("live %s against %s, domain %s, prefix %s, recording %s"
          % (command, live.url, live.domain, live.prefix, live.recording), flush=True)
    live.recorder.install()
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, terminate)
    try:
        refused = live.guard()
        if refused:
            print("REFUSED: %s (nothing was written)" % refused, flush=True)
            return EXIT_REFUSED
        if command == "clean":
            live.clean(PREFIX)
        else:
            try:
                live.steps()
            except Terminated:
                print("TERMINATED: cleaning up", flush=True)
                live.failures.append("terminated")
            finally:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)   # the cleanup itself is not interrupted twice
                live.clean(live.prefix)   # also after a failure, an exception, Ctrl-C or SIGTERM
    finally:
        live.recorder.close()
    print("%s: %d failure(s)%s" % (command, len(live.failures), ": " + ", ".join(live.failures) if live.failures else ""))
    if "terminated" in live.failures:
        return EXIT_TERMINATED
    return EXIT_FAILED if live.failures else 0


if __name__ == "__main__":
    sys.exit(main())
