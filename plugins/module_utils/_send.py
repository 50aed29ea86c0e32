# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: the Send API side of the `send` module.

Messages and bulk templates checked and built from the module's options without any request (addresses, bodies,
headers, metadata, tags, attachments from files or inline base64, `{{var}}` placeholders), split into the fewest
requests the documented limits allow, paced under the per-token rate limit, and the Send API's errors explained.
Raises ValueError naming the option; the module turns it into a failure before the first request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import binascii
import collections
import csv
import io
import json
import mimetypes
import os
import re
import time

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import email_address

SEND_PATH = "/v1/send"
BULK_PATH = "/v1/send/bulk"
MAX_MESSAGES = 500           # [DOC] limits page: up to 500 messages per /v1/send request
MAX_RECIPIENTS = 500         # [DOC] limits page: up to 500 recipients per /v1/send/bulk request
# GAP: "50mb" [DOC]; CONTRACT.md: the whole JSON body, 52,428,800 bytes, no separate attachment limit.
MAX_BODY_BYTES = 52428800
RATE_PER_SECOND = 10         # [DOC] 10 requests per second per Send API token
# GAP: the kind of rate window is undocumented. We start a request only when fewer than `RATE_PER_SECOND` of our
# requests got their answer within the last `RATE_WINDOW` seconds: the server admitted each of those before
# answering, so however long it takes to admit one, it never counts more than its limit in any second.
RATE_WINDOW = 1.01
# GAP: Handlebars-style `{{name}}` [DOC: send-bulk]; the characters of a name are not documented.
PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
SLEEP = time.sleep   # patched by tests and the fault sweep, which run without real waits
ALWAYS_AVAILABLE = ("email",)    # [DOC] `{{email}}` is always the recipient's address
MAX_TAGS, MAX_TAG_CHARS = 10, 64  # GAP: CONTRACT.md "Send message fields beyond the stored copy"
ADDRESS_LISTS = ("to", "cc", "bcc", "reply_to")
MESSAGE_OPTIONS = ("from", "to", "cc", "bcc", "reply_to", "subject", "text_body", "html_body", "headers", "metadata",
                   "tags", "attachments")
TEMPLATED = ("from", "cc", "bcc", "reply_to", "subject", "text_body", "html_body", "headers", "metadata", "tags")
HEADER_NAME_RE = re.compile(r"^[!-9;-~]+$")
CONTENT_TYPE_RE = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$")
ANGLE_RE = re.compile(r"^(.*?)<([^<>]*)>\s*$")

TOKEN_HELP = (
    "Qboxmail has two kinds of token and they look alike: the Management token (header X-Api-Token; option api_token "
    "or QBOXMAIL_API_TOKEN; from the panel's API access settings) reads and changes the account and reads TraceMail, "
    "and a Send token (Authorization: Bearer; option send_api_token or QBOXMAIL_SEND_API_TOKEN) belongs to one "
    "Delivery account and only sends (create one with qboxmail.qboxmail.delivery_api_token). A 401 on /v1/* means "
    "send_api_token is not a valid Send token (a Management token there, a revoked token or one of a deleted account); "
    "a 401 on /api/* means api_token is not a valid Management token")
# GAP: CONTRACT.md "Send errors without documented codes": what each refusal means for the user.
ERROR_HINTS = {
    "ip_not_allowed": "the Send token or its Delivery account only accepts requests from listed IP addresses: add the "
                      "address of the host the module runs on to allow_nets of the token (delivery_api_token) or of "
                      "the account (delivery_account)",
    "sender_domain_not_allowed": "the sender address must belong to a Delivery domain that is verified, approved and "
                                 "assigned to the token's account: verify it with qboxmail.qboxmail.delivery_domain "
                                 "(verify: true) and add it to the account's domains with qboxmail.qboxmail."
                                 "delivery_account",
    "account_disabled": "the token's Delivery account is disabled or blocked: enable it with "
                        "qboxmail.qboxmail.delivery_account (state: enabled) or ask Qboxmail why it is blocked",
    "quota_exceeded": "the Delivery account has no messages left for this request: buy more or wait for the next "
                      "period; this answer is final, nothing of this request was queued",
    "rate_limited": "more than %d requests per second reached Qboxmail with this token, also after waiting as "
                    "Retry-After asked: another job may be sending with the same token" % RATE_PER_SECOND,
    "missing_bulk_substitutions": "a recipient lacks a substitution the template uses: add it, or set "
                                  "strict_substitutions: false to render missing ones empty",
    "payload_too_large": "the request is larger than the Send API accepts (%d bytes of JSON)" % MAX_BODY_BYTES,
}


def explain(err):
    """The hint for a failed Send or Management call (the two token kinds on 401, the meaning of a Send error)."""
    if err.status == 401:
        return TOKEN_HELP
    return ERROR_HINTS.get(err.error)


def with_hints(client):
    """Make every QboxmailError of `client` carry the explanation of `explain()`."""
    request = client.request

    def explained(*args, **kwargs):
        try:
            return request(*args, **kwargs)
        except QboxmailError as err:
            if not err.hint:
                err.hint = explain(err)
            raise
    client.request = explained
    return client


class Pacer:
    """At most `rate` HTTP requests in any `window` seconds, counted on every attempt (the client's retries too):
    a request starts `window` seconds after the answer to the request `rate` places before it (see RATE_WINDOW)."""

    def __init__(self, rate=RATE_PER_SECOND, window=RATE_WINDOW, clock=None, sleep=None):
        self.rate = rate
        self.window = window
        self.clock = clock or time.monotonic
        self.sleep = sleep      # None: the module's SLEEP at the time of the wait (tests patch it)
        self.answered = collections.deque(maxlen=rate)
        self.waited = 0.0

    def wait(self):
        if len(self.answered) == self.rate:
            delay = self.answered[0] + self.window - self.clock()
            if delay > 0:
                (self.sleep or SLEEP)(delay)
                self.waited += delay

    def done(self):
        self.answered.append(self.clock())

    def install(self, client):
        """Pace every HTTP attempt of `client` (its session's requests, so its own 429 retries count)."""
        send = client.session.request

        def paced(*args, **kwargs):
            self.wait()
            try:
                return send(*args, **kwargs)
            finally:
                self.done()
        client.session.request = paced
        return client


# ------------------------------------------------------------------------------------------ addresses
def split_addresses(text):
    """A comma-separated RFC 5322 address list split at the commas outside quotes and angle brackets."""
    parts, current, quoted, angled = [], [], False, False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "<" and not quoted:
            angled = True
        elif char == ">" and not quoted:
            angled = False
        if char == "," and not quoted and not angled:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def mailbox(value, where):
    """(the mailbox as sent, its bare address in lower case) of `Name <a@b>` or `a@b`; ValueError naming `where`."""
    text = str(value).strip()
    match = ANGLE_RE.match(text)
    bare = match.group(2).strip() if match else text
    if any(c in text for c in "\r\n") or match and any(c in match.group(1) for c in "<>"):
        raise ValueError("%s: %r is not a mailbox (write it as Name <address> or address)" % (where, value))
    try:
        address = email_address(bare)
    except ValueError:
        raise ValueError("%s: %r is not an e-mail address (use address@domain or Name <address@domain>)" % (where, value))
    return (text if match else bare), address


def address_list(values, where):
    """(the mailboxes as sent, their bare addresses) of a list option; a comma inside an item separates two."""
    sent, bare = [], []
    for index, value in enumerate(values or []):
        for part in split_addresses(str(value)):
            shown, address = mailbox(part, "%s[%d]" % (where, index))
            sent.append(shown)
            bare.append(address)
    return sent, bare


# ------------------------------------------------------------------------------------------ placeholders
def placeholders(value):
    """Names of the `{{name}}` placeholders in a string, or in the strings of a list or dict (values)."""
    if isinstance(value, str):
        return set(PLACEHOLDER_RE.findall(value))
    if isinstance(value, dict):
        return set().union(*[placeholders(v) for v in value.values()]) if value else set()
    if isinstance(value, list):
        return set().union(*[placeholders(v) for v in value]) if value else set()
    return set()


def template_variables(message):
    """Every placeholder a bulk message uses [DOC: subject, bodies, headers, metadata, tags, attachment file names and
    content IDs; the simulator also renders the address fields]."""
    found = set()
    for key in TEMPLATED:
        found |= placeholders(message.get(key))
    for item in message.get("attachments") or []:
        found |= placeholders(item.get("filename")) | placeholders(item.get("content_id"))
    return found


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def render(text, values):
    """A string with its placeholders replaced (missing ones empty), as the Send API renders a bulk message."""
    return PLACEHOLDER_RE.sub(lambda match: as_text(values.get(match.group(1))), text)


# ------------------------------------------------------------------------------------------ messages
def _json_size(obj):
    """Bytes of `obj` as requests sends it (json.dumps with its default separators, ASCII)."""
    return len(json.dumps(obj))


def _text(value, where, required=False):
    if value is None or (isinstance(value, str) and value == ""):
        if required:
            raise ValueError("%s is required" % where)
        return None
    if not isinstance(value, str):
        raise ValueError("%s must be a string" % where)
    return value


def check_headers(headers, where):
    if not isinstance(headers, dict):
        raise ValueError("%s must be a mapping of header names to values" % where)
    out = {}
    for name, value in headers.items():
        if not HEADER_NAME_RE.match(str(name)):
            raise ValueError("%s: %r is not a valid header name (printable ASCII without spaces or colons)" % (where, name))
        scalar = (str, int, float, bool)
        if not (isinstance(value, scalar) or isinstance(value, list) and all(isinstance(v, scalar) for v in value)):
            raise ValueError("%s.%s must be a string, number, boolean or a list of those" % (where, name))
        out[str(name)] = value
    return out


def check_metadata(metadata, where):
    """An object of string values (CONTRACT.md); numbers and booleans become their text."""
    if not isinstance(metadata, dict):
        raise ValueError("%s must be a mapping of names to strings" % where)
    out = {}
    for name, value in metadata.items():
        if isinstance(value, (dict, list)) or value is None:
            raise ValueError("%s.%s must be a string" % (where, name))
        out[str(name)] = as_text(value)
    return out


def check_tags(tags, where):
    if len(tags) > MAX_TAGS:
        raise ValueError("%s: at most %d tags are allowed (got %d)" % (where, MAX_TAGS, len(tags)))
    out = []
    for index, tag in enumerate(tags):
        text = as_text(tag).strip()
        if not text or len(text) > MAX_TAG_CHARS:
            raise ValueError("%s[%d] must be a non-empty string of at most %d characters" % (where, index, MAX_TAG_CHARS))
        out.append(text)
    return out


def b64_size(size):
    return 4 * ((size + 2) // 3)


def attachment(item, where):
    """One Attachment of the API [DOC] from the option: a file on this host (`path`) or base64 (`content`)."""
    path, content = item.get("path"), item.get("content")
    if (path is None) == (content is None):
        raise ValueError("%s: give exactly one of path (a file on the host the module runs on) or content (base64)" % where)
    filename = item.get("filename")
    if path is not None:
        path = os.path.abspath(os.path.expanduser(path))
        if not os.path.isfile(path):
            raise ValueError("%s.path: %s does not exist on the host the module runs on (or is not a file)" % (where, path))
        if not os.access(path, os.R_OK):
            raise ValueError("%s.path: %s is not readable by the user the module runs as" % (where, path))
        size = os.path.getsize(path)
        if b64_size(size) > MAX_BODY_BYTES:
            raise ValueError("%s.path: %s has %d bytes, %d in base64; a Send API request carries at most %d bytes"
                             % (where, path, size, b64_size(size), MAX_BODY_BYTES))
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except (IOError, OSError) as exc:
            raise ValueError("%s.path: cannot read %s: %s" % (where, path, exc.strerror or exc))
        content = base64.b64encode(data).decode("ascii")
        filename = filename or os.path.basename(path)
    else:
        content = "".join(str(content).split())
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError("%s.content must be base64-encoded (use path for a file, or the b64encode filter)" % where)
        if not content:
            raise ValueError("%s.content is empty" % where)
        if not filename:
            raise ValueError("%s.filename is required with content" % where)
    content_type = item.get("content_type") or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if not CONTENT_TYPE_RE.match(content_type.strip()):
        raise ValueError("%s.content_type: %r is not a media type like image/png" % (where, content_type))
    content_id = item.get("content_id")
    if content_id is not None and not str(content_id).strip():
        raise ValueError("%s.content_id must not be empty" % where)
    disposition = item.get("disposition") or ("inline" if content_id else "attachment")
    if content_id and disposition != "inline":
        raise ValueError("%s.disposition must be inline when content_id is set (an inline image)" % where)
    if disposition == "inline" and not content_id:
        raise ValueError("%s.content_id is required for an inline attachment (the cid: an HTML body refers to)" % where)
    out = {"filename": filename, "content_type": content_type.strip(), "content": content, "disposition": disposition}
    if content_id:
        out["content_id"] = str(content_id).strip()
    return out


def build_message(spec, where, bulk=False):
    """(the API message, its bare sender, its bare recipients) from a message's options; ValueError naming the option.

    In a bulk template (`bulk`) the fields with placeholders are checked after rendering (see `check_rendered`).
    """
    def name(key):
        return "%s.%s" % (where, key) if where else key

    message, sender, recipients = {}, None, []
    source = spec.get("from")
    if source is None or str(source).strip() == "":
        raise ValueError("%s is required (the sender, an address of a Delivery domain of the token's account)" % name("from"))
    if bulk and PLACEHOLDER_RE.search(str(source)):
        message["from"] = str(source).strip()
    else:
        message["from"], sender = mailbox(source, name("from"))
    for key in ADDRESS_LISTS:
        values = spec.get(key)
        if not values:
            continue
        if bulk and any(PLACEHOLDER_RE.search(str(v)) for v in values):
            message[key] = [str(v).strip() for v in values]
            continue
        sent, bare = address_list(values, name(key))
        message[key] = sent
        if key != "reply_to":
            recipients.extend(bare)
    message["subject"] = _text(spec.get("subject"), name("subject"), required=True)
    if not message["subject"].strip():
        raise ValueError("%s is required" % name("subject"))
    for key in ("text_body", "html_body"):
        text = _text(spec.get(key), name(key))
        if text is not None:
            message[key] = text
    if "text_body" not in message and "html_body" not in message:
        raise ValueError("%s or %s is required (at least one body)" % (name("text_body"), name("html_body")))
    if spec.get("headers"):
        message["headers"] = check_headers(spec["headers"], name("headers"))
    if spec.get("metadata"):
        message["metadata"] = check_metadata(spec["metadata"], name("metadata"))
    if spec.get("tags"):
        message["tags"] = check_tags(spec["tags"], name("tags"))
    if spec.get("attachments"):
        message["attachments"] = [attachment(item, "%s[%d]" % (name("attachments"), index))
                                  for index, item in enumerate(spec["attachments"])]
    recipients = list(collections.OrderedDict.fromkeys(recipients))
    if not bulk and not recipients:
        # GAP (delivery.md Q10): the schema makes `to` optional; a message needs at least one recipient.
        raise ValueError("%s: at least one recipient in to, cc or bcc is required" % (where or "the message"))
    return message, sender, recipients


def check_rendered(message, recipient, values, where):
    """The address fields of a bulk template with placeholders, rendered for one recipient and checked;
    (bare sender, bare cc/bcc recipients)."""
    sender = mailbox(render(message["from"], values), "%s (from, rendered for %s)" % (where, recipient))[1]
    extra = []
    for key in ("cc", "bcc", "reply_to"):
        for value in message.get(key) or []:
            rendered = render(value, values)
            if not rendered.strip():
                continue
            bare = address_list([rendered], "%s (%s, rendered for %s)" % (where, key, recipient))[1]
            if key != "reply_to":
                extra.extend(bare)
    return sender, extra


def read_recipients(path):
    """[(where, {email, substitutions})] of a recipients file on this host: a JSON list like the `recipients` option,
    or CSV text whose header line names the columns, `email` and one column per variable. ValueError naming the file."""
    option = "recipients_file"
    path = os.path.abspath(os.path.expanduser(path))
    if not os.path.isfile(path):
        raise ValueError("%s: %s does not exist on the host the module runs on (or is not a file)" % (option, path))
    try:
        with open(path, "rb") as handle:
            text = handle.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError("%s: %s is not UTF-8 text (byte %d)" % (option, path, exc.start))
    except (IOError, OSError) as exc:
        raise ValueError("%s: cannot read %s: %s" % (option, path, exc.strerror or exc))
    if text.lstrip().startswith("["):
        try:
            items = json.loads(text)
        except ValueError as exc:
            raise ValueError("%s: %s is not valid JSON: %s" % (option, path, exc))
        return [("%s item %d" % (option, index + 1), item) for index, item in enumerate(items)]
    reader = csv.reader(io.StringIO(text))
    header = [name.strip() for name in next(reader, [])]
    if "email" not in header or len(set(header)) != len(header) or not all(header):
        raise ValueError("%s: %s must be a JSON list, or CSV whose first line names the columns: email and one column "
                         "per template variable, each once" % (option, path))
    column = header.index("email")
    out = []
    for line, row in enumerate(reader, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise ValueError("%s: line %d has %d columns, the header %d" % (option, line, len(row), len(header)))
        subs = dict((name, cell) for name, cell in zip(header, row) if name != "email")
        out.append(("%s line %d" % (option, line), {"email": row[column], "substitutions": subs}))
    return out


def bulk_recipients(items, variables, strict):
    """[(recipient as sent, bare address, values)] of the recipients, given as [(where, item)] (`recipients[3]`, `file
    line 4`); with `strict` every variable must be supplied. ValueError naming the items and what is missing."""
    out, problems = [], []
    needed = variables - set(ALWAYS_AVAILABLE)
    keys = {"email", "substitutions"}
    for where, item in items:
        if not isinstance(item, dict):
            raise ValueError("%s must be a mapping with email and substitutions" % where)
        if not keys.issuperset(item):
            raise ValueError("%s: unknown key(s) %s (a recipient has email and substitutions)" % (
                where, ", ".join(sorted(set(item) - keys))))
        if not item.get("email"):
            raise ValueError("%s.email is required" % where)
        try:
            address = email_address(str(item["email"]).strip())
        except ValueError:
            raise ValueError("%s.email: %r is not an e-mail address" % (where, item["email"]))
        subs = item.get("substitutions") or {}
        if not isinstance(subs, dict):
            raise ValueError("%s.substitutions must be a mapping of variable names to values" % where)
        for key, value in subs.items():
            if isinstance(value, (dict, list)):
                raise ValueError("%s.substitutions.%s must be a string, number or boolean" % (where, key))
        if strict and not needed.issubset(subs):
            problems.append("%s (%s): %s" % (where, address, ", ".join(sorted(needed - set(subs)))))
        entry = {"email": str(item["email"]).strip(), "substitutions": subs}
        out.append((entry, address, dict(subs, email=address)))
    if problems:
        shown = "; ".join(problems[:5]) + ("; and %d more" % (len(problems) - 5) if len(problems) > 5 else "")
        raise ValueError("strict_substitutions: every recipient must supply every variable the template "
                         "uses (%s); missing: %s. Add them to substitutions, or set strict_substitutions: false to "
                         "render missing ones empty" % (", ".join(sorted(variables)), shown))
    return out


# ------------------------------------------------------------------------------------------ requests
def split(sizes, max_items, overhead, what):
    """[(start, end)] of the fewest contiguous requests holding items of `sizes` bytes: at most `max_items` items and
    `MAX_BODY_BYTES` bytes of JSON each (greedy filling is optimal for contiguous parts). ValueError when one item
    alone does not fit, naming it (`what(index)`)."""
    parts, start, total = [], 0, overhead
    for index, size in enumerate(sizes):
        if overhead + size > MAX_BODY_BYTES:
            raise ValueError("%s is %d bytes of JSON with its request; the Send API accepts at most %d bytes per request "
                             "(attachments count base64-encoded)" % (what(index), overhead + size, MAX_BODY_BYTES))
        extra = size + (2 if index > start else 0)     # ", " between items
        if index > start and (index - start >= max_items or total + extra > MAX_BODY_BYTES):
            parts.append((start, index))
            start, total, extra = index, overhead, size
        total += extra
    if sizes:
        parts.append((start, len(sizes)))
    return parts


def message_sizes(messages):
    return [_json_size(m) for m in messages]


def send_overhead():
    return _json_size({"messages": []})


def bulk_overhead(template, options):
    return _json_size({"message": template, "recipients": [], "options": options})


def summary(message, hide_bodies):
    """What check mode and failures show of a message: every field, attachment contents as sizes, bodies unless hidden."""
    out = {}
    for key, value in message.items():
        if key in ("text_body", "html_body") and hide_bodies:
            out[key] = "(%d characters, hidden)" % len(value)
        elif key == "attachments":
            out[key] = [dict((k, v) for k, v in item.items() if k != "content") for item in value]
            for shown, item in zip(out[key], value):
                shown["bytes"] = len(item["content"]) * 3 // 4 - item["content"][-2:].count("=")
        else:
            out[key] = value
    return out
