# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the run skeleton every module kind shares (resources, actions, reads).

`Task.run()` builds the AnsibleModule from the declared options, runs the task, maps every failure
(bad input, API errors) to `fail_json` with the HTTP status, Qboxmail's message and field errors, reports
`changed` truthfully also when a later step fails, and scrubs every secret from the result before it
leaves the module, with a scrubber whose cost does not grow with the number of secrets.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re
from urllib.parse import quote

from ansible.module_utils import basic
from ansible.module_utils.basic import AnsibleModule

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import (
    argument_spec, check_connection, management_client, send_client,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import derive_argspec

MASK = "********"
NO_LOG_PLACEHOLDER = "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"


class ModuleFailure(Exception):
    """Bad input or an impossible request, reported before (or instead of) any write."""

    def __init__(self, msg, **details):
        super(ModuleFailure, self).__init__(msg)
        self.msg = msg
        self.details = details


# ------------------------------------------------------------------------------------------ scrubbing
def secret_variants(value):
    """A secret and the forms it can take in text: escaped (repr/JSON) and URL-encoded."""
    text = value if isinstance(value, str) else str(value)
    out = {text, text.strip()}
    escaped = repr(text)[1:-1]
    out.add(escaped)
    out.add(escaped.replace("\\'", "'").replace('"', '\\"'))
    out.add(quote(text, safe=""))
    return set(v for v in out if v)


class Scrubber:
    """Replaces every occurrence of any secret in a result, in time linear in the size of the result.

    Like ansible-core's own scrubbing, a string that is exactly a secret becomes VALUE_SPECIFIED_IN_NO_LOG_PARAMETER,
    a secret inside a string becomes ********, and a number whose text contains a secret becomes the placeholder
    (dictionary keys, which the module chooses, are left as they are). Unlike it, the cost does not grow with the
    number of secrets: short
    strings are checked position by position against the secrets indexed by their first `width` characters (one
    dictionary lookup per position), long ones with one regular expression built from a trie of the secrets.
    """

    LONG = 512

    def __init__(self, secrets):
        found = set()
        for value in secrets:
            if value is None or isinstance(value, bool) or value == "":
                continue
            found.update(secret_variants(value))
        self.exact = found
        self.width = min(len(s) for s in found) if found else 0
        self.index = {}
        for secret in sorted(found, key=len, reverse=True):
            self.index.setdefault(secret[:self.width], []).append(secret)
        self.memo = {}
        self._pattern = None

    def pattern(self):
        if self._pattern is None:
            self._pattern = re.compile(_trie_pattern(self.exact))
        return self._pattern

    def text(self, value):
        width = self.width
        if not width or len(value) < width:
            return value
        if value in self.exact:
            return NO_LOG_PLACEHOLDER
        if len(value) > self.LONG:
            return self.pattern().sub(MASK, value)
        if value in self.memo:
            return self.memo[value]
        index = self.index
        out, last, pos, end = [], 0, 0, len(value) - width
        while pos <= end:
            candidates = index.get(value[pos:pos + width])
            if candidates:
                for secret in candidates:
                    if value.startswith(secret, pos):
                        out.append(value[last:pos])
                        out.append(MASK)
                        pos += len(secret)
                        last = pos
                        break
                else:
                    pos += 1
            else:
                pos += 1
        if out:
            out.append(value[last:])
        result = "".join(out) if out else value
        self.memo[value] = result
        return result

    def __call__(self, value):
        if not self.width:
            return value
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, bytes):
            return self.text(value.decode("utf-8", "replace"))
        if isinstance(value, dict):
            return dict((k, self(v)) for k, v in value.items())
        if isinstance(value, (list, tuple, set, frozenset)):
            return [self(v) for v in value]
        if isinstance(value, bool) or value is None:
            return value
        if isinstance(value, (int, float)):
            text = str(value)
            return NO_LOG_PLACEHOLDER if self.text(text) != text else value
        return value


def _trie_pattern(words):
    """One regular expression matching any of `words`, longest first, built as a trie (linear-time matching)."""
    trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node):
        alternatives = [re.escape(char) + build(child) for char, child in sorted(node.items()) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:%s)" % "|".join(alternatives)
        return "(?:%s)?" % body if "" in node else body
    return build(trie)


class QboxmailModule(AnsibleModule):
    """AnsibleModule whose invocation log and result scrubbing use the linear-time `Scrubber`.

    ansible-core scrubs with one `str.replace` per secret per string, so a list task whose items carry
    their own passwords costs the square of the list's length. The result leaves here already scrubbed,
    so ansible-core's own pass runs with an empty secret set.
    """

    _scrubber = None

    def scrubber(self, extra=()):
        if self._scrubber is None or extra:
            self._scrubber = Scrubber(set(self.no_log_values).union(extra))
        return self._scrubber

    def _log_invocation(self):
        scrub = self.scrubber()
        log_args = {}
        for param, value in self.params.items():
            canon = self.aliases.get(param, param)
            no_log = self.argument_spec.get(canon, {}).get("no_log")
            if no_log is None and basic.PASSWORD_MATCH.search(param):
                log_args[param] = "NOT_LOGGING_PASSWORD"
            elif self.boolean(no_log):
                log_args[param] = "NOT_LOGGING_PARAMETER"
            elif isinstance(value, list) and len(value) > 100:
                log_args[param] = "[%d items]" % len(value)   # a list task's items: their count, not megabytes
            else:
                log_args[param] = str(scrub(value))   # scrubbed value by value, before it becomes one long string
        saved, self.no_log_values = self.no_log_values, set()   # already scrubbed: no quadratic pass in log()
        try:
            self.log("Invoked with %s" % " ".join("%s=%s" % item for item in log_args.items()) if log_args else "Invoked",
                     log_args=log_args)
        finally:
            self.no_log_values = saved

    def finish(self, result, failed=False, warnings=()):
        scrub = self.scrubber()
        for warning in warnings:
            self.warn(scrub(warning))
        result = scrub(result)
        flags = getattr(basic, "_PARSED_MODULE_ARGS", None)
        if not isinstance(flags, dict) or flags.get("_ansible_inject_invocation"):
            result["invocation"] = {"module_args": scrub(self.params)}
        self.no_log_values = set()   # already scrubbed: keep ansible-core's quadratic pass from running again
        if failed:
            self.fail_json(**result)
        self.exit_json(**result)


class Context:
    """What one task run shares: the module, its client(s), warnings, the per-task cache, and whether it wrote."""

    def __init__(self, module):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.diff = module._diff
        self.warnings = []
        self.cache = {}
        self.written = False   # a write was accepted (or may have been): `changed` also when a later step fails
        self.revealed = {}     # one-time secrets the API revealed: returned also when a later step fails
        self._client = None
        self._send = None

    @property
    def client(self):
        if self._client is None:
            self._client = management_client(self.module)
        return self._client

    @property
    def send(self):
        if self._send is None:
            self._send = send_client(self.module)
        return self._send

    def new_client(self):
        """Another Management client (one HTTP session per worker thread)."""
        return management_client(self.module)

    def warn(self, msg):
        if msg not in self.warnings:
            self.warnings.append(msg)


class Task:
    """Base of every module: declared options -> argument spec; run() -> execute() -> one result."""

    fields = {}           # option name -> Option / Field
    module_kwargs = {}    # mutually_exclusive, required_if, ...
    list_option = None    # the option of the list mode, whose items take the fields marked `item`
    list_extra = None     # options of the list items only

    @classmethod
    def argument_spec(cls):
        return argument_spec(**derive_argspec(cls.fields, cls.list_option, cls.list_extra))

    @classmethod
    def run(cls):
        module = QboxmailModule(argument_spec=cls.argument_spec(), supports_check_mode=True, **cls.module_kwargs)
        ctx = Context(module)
        try:
            if (module.params.get("wait_timeout") or 0) < 0:
                raise ModuleFailure("wait_timeout must be 0 or more seconds (got %s)" % module.params["wait_timeout"])
            try:
                check_connection(module.params)
            except ValueError as exc:
                raise ModuleFailure(str(exc))
            result = cls.execute(ctx)
        except ModuleFailure as fail:
            details = dict(ctx.revealed, **fail.details)
            details.setdefault("changed", ctx.written)
            module.finish(dict(details, msg=fail.msg), failed=True, warnings=ctx.warnings)
        except QboxmailError as err:
            module.finish(dict(ctx.revealed, msg=cls.explain(err), changed=ctx.written, **err.details()), failed=True,
                          warnings=ctx.warnings)
        module.finish(dict(result, **ctx.revealed), warnings=ctx.warnings)

    @classmethod
    def explain(cls, err):
        """The message of a failed API call, with the API's field names mapped back to the user's options."""
        names = dict((getattr(opt, "api", None) or name, name) for name, opt in cls.fields.items() if opt.is_field)
        text = str(err)
        for item in err.errors:
            field = item.get("field") if isinstance(item, dict) else None
            if field in names and names[field] != field:
                text += "; API field %s is the option %s" % (field, names[field])
        return text

    @classmethod
    def execute(cls, ctx):
        """The task's work; returns the result dict (without warnings)."""
        raise NotImplementedError

    @staticmethod
    def values(fields, params):
        """API values of every field set in `params`; a bad value fails here, before any request, naming it."""
        out = {}
        for option, field in fields.items():
            value = params.get(option)
            if not field.is_field or value is None:
                continue
            try:
                field.check_size(value)
                out[option] = field.to_api(value) if field.to_api else value
            except (ValueError, TypeError) as exc:
                raise ModuleFailure("%s: %s" % (option, exc))
        return out
