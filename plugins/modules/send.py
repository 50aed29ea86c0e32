#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: send
short_description: Send e-mail through the Qboxmail Delivery Send API
version_added: 0.2.0
description:
  - Send e-mail with Qboxmail Delivery, through the Send API, with the Send token of one Delivery account
    (O(send_api_token)). Three forms, one per task.
  - "One message: the message options (O(from), O(to), O(subject), O(text_body) ...) at the top level."
  - "A batch: O(messages), a list of messages; the top-level message options are the defaults of every item. Sent with
    C(POST /v1/send), at most 500 messages per request."
  - "Bulk: one template (O(template), or the top-level message options) rendered for each of O(recipients) (or the
    recipients of O(recipients_file)), with their substitutions for its C({{name}}) placeholders. Sent with
    C(POST /v1/send/bulk), at most 500 recipients per request."
  - Everything that can be checked is checked before the first request, and a failure names the option - addresses,
    at least one body, header names, metadata and tags, attachment files (readable, within the payload limit),
    base64 contents, and with O(strict_substitutions) that every recipient supplies every variable the template uses.
  - Lists larger than one request allows are split into the fewest requests (500 messages or recipients, and 52,428,800
    bytes of JSON, each) and sent at most 10 a second, the Send API's limit per token. An answer 429 C(rate_limited) is
    waited out as its C(Retry-After) asks (see O(retries)); C(quota_exceeded) is final.
  - A send is never repeated after an ambiguous failure (timeout, dropped connection, or an answer 500, 502, 503 or
    504, which may come after the Send API queued the messages). The other requests are still sent once; then the task
    fails with C(changed=true), names the requests that may have been accepted, and those that were accepted with their
    C(request_id) (RV(message_ids) holds the message ids known so far).
  - With O(wait_for) the module finds each message in TraceMail (with the Management token O(api_token)) and returns
    its status; O(fail_on) turns a bounce or a suppression into a failure.
  - Ansible templates C({{ }}) in task arguments before the module sees them, so a bulk placeholder written as is
    fails with C('first_name' is undefined). Mark the text C(!unsafe), or wrap it in C({% raw %}...{% endraw %}), as
    the examples do.
author:
  - Qboxmail collection maintainers (@qboxmail)
extends_documentation_fragment:
  - qboxmail.qboxmail.connection
attributes:
  check_mode:
    description: Can run in check_mode and return changed status prediction without modifying target.
    support: full
    details:
      - Check mode checks everything a real run checks before its first request, sends nothing and returns the
        requests a real run would make in RV(would_send) (counts, the messages without attachment contents, and without
        bodies with O(hide_bodies=true); never a token).
  diff_mode:
    description: Will return details on what has changed (or possibly needs changing in check_mode), when in diff mode.
    support: none
  idempotent:
    description:
      - When run twice in a row outside check mode, with the same arguments, the second invocation indicates no change.
    support: none
    details:
      - Sending is not idempotent. Every run sends its messages again and reports a change; guard the task with
        C(when) or tags when a play may run more than once.
  action_group:
    description: Use C(group/qboxmail.qboxmail.all) in C(module_defaults) to set defaults for this module.
    support: full
    membership:
      - qboxmail.qboxmail.all
options:
  from:
    description:
      - The sender, C(address) or C(Name <address>). Its domain must be a verified Delivery domain assigned to the token's
        account. Required for every message (at the top level, or in each item or the template).
    type: str
  to:
    description:
      - Recipients, each C(address) or C(Name <address>). A message needs at least one recipient in O(to), O(cc) or
        O(bcc). Not with O(recipients) (each recipient is the To of its own message).
    type: list
    elements: str
  cc:
    description: Carbon-copy recipients, as O(to).
    type: list
    elements: str
  bcc:
    description: Blind carbon-copy recipients, as O(to).
    type: list
    elements: str
  reply_to:
    description: Reply-To addresses, as O(to).
    type: list
    elements: str
  subject:
    description: The subject. Required.
    type: str
  text_body:
    description: The plain-text body. At least one of O(text_body) and O(html_body) is required.
    type: str
  html_body:
    description: The HTML body. Refer to an inline image as C(cid:<content_id>).
    type: str
  headers:
    description: Custom headers, name to value (a string, number, boolean or a list of those).
    type: dict
  metadata:
    description: Your own data kept with the message, name to string value.
    type: dict
  tags:
    description: Labels of the message, at most 10 of at most 64 characters.
    type: list
    elements: str
  attachments:
    description:
      - Files attached to the message, each from a file on the host the module runs on (O(attachments[].path)) or given
        inline as base64 (O(attachments[].content)). Inline images have a O(attachments[].content_id).
    type: list
    elements: dict
    suboptions:
      path:
        description: A file on the host the module runs on; read and base64-encoded by the module.
        type: path
      content:
        description: The content, base64-encoded (for example with the C(b64encode) filter).
        type: str
      filename:
        description: The file name shown to the recipient. Default the base name of O(attachments[].path); required
          with O(attachments[].content).
        type: str
      content_type:
        description: The media type, such as C(application/pdf). Default guessed from the file name.
        type: str
      disposition:
        description: V(inline) for an image the HTML body shows, else V(attachment). Default V(inline) with
          O(attachments[].content_id), else V(attachment).
        type: str
        choices: [attachment, inline]
      content_id:
        description: The Content-ID of an inline image, which the HTML body refers to as C(cid:<content_id>).
        type: str
  messages:
    description:
      - A batch of messages, each with the message options; an option an item leaves unset takes its top-level value.
      - Split into requests of at most 500 messages.
    type: list
    elements: dict
    suboptions:
      from:
        description: As O(from).
        type: str
      to:
        description: As O(to).
        type: list
        elements: str
      cc:
        description: As O(cc).
        type: list
        elements: str
      bcc:
        description: As O(bcc).
        type: list
        elements: str
      reply_to:
        description: As O(reply_to).
        type: list
        elements: str
      subject:
        description: As O(subject).
        type: str
      text_body:
        description: As O(text_body).
        type: str
      html_body:
        description: As O(html_body).
        type: str
      headers:
        description: As O(headers).
        type: dict
      metadata:
        description: As O(metadata).
        type: dict
      tags:
        description: As O(tags).
        type: list
        elements: str
      attachments:
        description: As O(attachments).
        type: list
        elements: dict
        suboptions:
          path:
            description: As O(attachments[].path).
            type: path
          content:
            description: As O(attachments[].content).
            type: str
          filename:
            description: As O(attachments[].filename).
            type: str
          content_type:
            description: As O(attachments[].content_type).
            type: str
          disposition:
            description: As O(attachments[].disposition).
            type: str
            choices: [attachment, inline]
          content_id:
            description: As O(attachments[].content_id).
            type: str
  template:
    description:
      - The bulk message, rendered for each of O(recipients). The message options without O(to); an option it leaves
        unset takes its top-level value, so the top-level options alone can be the template.
      - "Placeholders C({{name}}) may appear in the subject, bodies, headers, metadata, tags, the address fields and the
        attachment file names and content IDs; C({{email}}) is always the recipient's address. Remember C(!unsafe) or
        C({% raw %}) (see the description)."
    type: dict
    suboptions:
      from:
        description: As O(from).
        type: str
      cc:
        description: As O(cc).
        type: list
        elements: str
      bcc:
        description: As O(bcc).
        type: list
        elements: str
      reply_to:
        description: As O(reply_to).
        type: list
        elements: str
      subject:
        description: As O(subject).
        type: str
      text_body:
        description: As O(text_body).
        type: str
      html_body:
        description: As O(html_body).
        type: str
      headers:
        description: As O(headers).
        type: dict
      metadata:
        description: As O(metadata).
        type: dict
      tags:
        description: As O(tags).
        type: list
        elements: str
      attachments:
        description: As O(attachments).
        type: list
        elements: dict
        suboptions:
          path:
            description: As O(attachments[].path).
            type: path
          content:
            description: As O(attachments[].content).
            type: str
          filename:
            description: As O(attachments[].filename).
            type: str
          content_type:
            description: As O(attachments[].content_type).
            type: str
          disposition:
            description: As O(attachments[].disposition).
            type: str
            choices: [attachment, inline]
          content_id:
            description: As O(attachments[].content_id).
            type: str
  recipients:
    description:
      - The recipients of a bulk send, each a mapping with C(email) (the address; the To of its message) and
        C(substitutions) (the values of the template's placeholders, name to string, number or boolean).
      - Split into requests of at most 500 recipients. The items are checked by the module (not by Ansible's option
        validation, which would be slow for lists of tens of thousands).
    type: list
    elements: dict
  recipients_file:
    description:
      - The recipients of a bulk send from a file on the host the module runs on, instead of O(recipients) - for long
        lists, which Ansible is slow to template as variables.
      - A JSON list like O(recipients), or CSV (UTF-8) whose first line names the columns - C(email) and one column per
        template variable, for example C(email,first_name,code).
    type: path
  strict_substitutions:
    description:
      - With O(recipients), whether every recipient must supply every placeholder the template uses. Checked before the
        first request; with V(false) a missing value renders empty.
    type: bool
    default: true
  wait_for:
    description:
      - Find each sent message in TraceMail, with the Management token O(api_token), and wait until it is V(accepted)
        (visible, queued or processed) or V(final) (processed, with its final status C(delivered), C(bounce) or
        C(suppressed)). Unset, the module returns right after the Send API accepted the messages (202).
      - TraceMail has no message id filter; the module filters by sender, date and (when shared) subject and recipient,
        reads every page at the largest size and matches the message ids itself.
    type: str
    choices: [accepted, final]
  wait_timeout:
    description: Seconds to wait with O(wait_for). The module polls with backoff.
    type: int
    default: 300
  fail_on:
    description:
      - Fail the task (after sending) when a message reaches one of these statuses - V(bounce) (needs
        O(wait_for=final)), V(suppressed) (also known from the Send API's suppression summary without waiting).
      - By default bounces and suppressions are reported in RV(messages) and do not fail the task.
    type: list
    elements: str
    choices: [bounce, suppressed]
    default: []
  hide_bodies:
    description:
      - Keep the message bodies, inline attachment contents and bulk substitutions out of the task's output (check
        mode's RV(would_send) and the module arguments Ansible shows at higher verbosity). Use C(no_log) to hide the
        addresses too.
    type: bool
    default: false
notes:
  - The Send token belongs to one Delivery account; create it with M(qboxmail.qboxmail.delivery_api_token). A Send token
    and a Management token cannot be told apart by their form; on a 401 the module says which option takes which.
  - The Send API is not available in the Qboxmail sandbox.
seealso:
  - module: qboxmail.qboxmail.tracemail_info
  - plugin: qboxmail.qboxmail.tracemail
    plugin_type: lookup
  - module: qboxmail.qboxmail.delivery_api_token
"""

EXAMPLES = r"""
- name: Send one message and wait for its final status
  qboxmail.qboxmail.send:
    send_api_token: "{{ lookup('file', '/etc/shop/qboxmail-send-token') }}"
    from: Shop <orders@mail.example.com>
    to: [john@example.org]
    subject: Your order 1234
    text_body: Thank you for your order.
    html_body: <p>Thank you for your order.</p><img src="cid:logo">
    attachments:
      - path: files/invoice-1234.pdf
      - path: files/logo.png
        content_id: logo
    tags: [orders]
    metadata: {order: "1234"}
    wait_for: final
    fail_on: [bounce]
  register: sent

- name: Send a batch; options set at the top are the defaults of every message
  qboxmail.qboxmail.send:
    from: Shop <orders@mail.example.com>
    subject: Your order has shipped
    messages:
      - to: [ann@example.org]
        text_body: Order 1 is on its way.
      - to: [bob@example.org]
        cc: [office@example.org]
        text_body: Order 2 is on its way.

- name: Bulk newsletter - the placeholders are marked !unsafe so that Ansible leaves them to Qboxmail
  qboxmail.qboxmail.send:
    template:
      from: News <news@mail.example.com>
      subject: !unsafe "Hello {{first_name}}"
      html_body: !unsafe "<p>Dear {{first_name}}, your code is {{code}}.</p><p>Sent to {{email}}</p>"
    recipients:
      - email: ann@example.org
        substitutions: {first_name: Ann, code: A-1}
      - email: bob@example.org
        substitutions: {first_name: Bob, code: B-2}
    hide_bodies: true

- name: The same with raw blocks, the recipients from a variable
  qboxmail.qboxmail.send:
    from: News <news@mail.example.com>
    subject: "{% raw %}Hello {{first_name}}{% endraw %}"
    text_body: "{% raw %}Dear {{first_name}}{% endraw %}"
    recipients: "{{ subscribers }}"
    strict_substitutions: false

- name: Inline attachment given as base64
  qboxmail.qboxmail.send:
    from: reports@mail.example.com
    to: [ops@example.org]
    subject: Daily report
    text_body: See the attachment.
    attachments:
      - filename: report.csv
        content: "{{ report_csv | b64encode }}"
        content_type: text/csv
"""

RETURN = r"""
request_ids:
  description: The C(request_id) of each request the Send API accepted, in order.
  returned: success, and on failure after a send
  type: list
  elements: str
message_ids:
  description: The C(message_id) of each accepted message (in bulk, one per recipient), in order.
  returned: success, and on failure after a send
  type: list
  elements: str
queued_messages:
  description: How many messages the Send API queued (its C(queued_messages), summed over the requests).
  returned: success, and on failure after a send
  type: int
suppression_summary:
  description:
    - The Send API's suppression pre-check, summed over the requests - C(status) (C(checked) or C(ignored)),
      C(accepted), C(suppressed) and C(suppressed_recipients).
  returned: success, and on failure after a send
  type: dict
  sample: {status: checked, accepted: 2, suppressed: 1, suppressed_recipients: [gone@example.org]}
messages:
  description:
    - Per accepted message - C(index) (in O(messages) or O(recipients), 1-based), C(message_id), C(request_id), C(to),
      C(submitted_at), its C(status) (C(delivered), C(bounce), C(suppressed), C(queued), C(mixed) when its recipients
      differ, or C(not_found)) and C(recipients) (per recipient C(to), C(state), C(status), C(collection),
      C(error_message), C(processed_at)).
    - Without O(wait_for) there is no status to report; RV(message_ids) lists the messages in the order of
      O(messages) or O(recipients).
  returned: with O(wait_for)
  type: list
  elements: dict
requests:
  description:
    - Per request - C(index), C(path), C(items) (the range of O(messages) or O(recipients) it carries, 1-based),
      C(count), C(bytes), C(state) (C(accepted), C(unknown) when no answer arrived, C(failed), C(not_sent), or
      C(planned) in check mode) and C(request_id) when accepted.
  returned: always
  type: list
  elements: dict
summary:
  description: C(messages) (in bulk, recipients), C(requests), and C(paced_seconds), the time spent keeping under the
    rate limit.
  returned: always
  type: dict
would_send:
  description: In check mode, the requests a real run would make, with their messages (no attachment contents).
  returned: check mode
  type: list
  elements: dict
"""

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._action import Action, Call
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import QboxmailError
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._common import client_settings
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._send import (
    BULK_PATH, MAX_MESSAGES, MAX_RECIPIENTS, MESSAGE_OPTIONS, PLACEHOLDER_RE, SEND_PATH, Pacer, build_message,
    bulk_overhead, bulk_recipients, check_rendered, message_sizes, read_recipients, render, send_overhead, split,
    summary, template_variables, with_hints,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Option
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._tracemail import Tracker

ATTACHMENT = dict(path=Option("path"), content=Option(), filename=Option(), content_type=Option(),
                  disposition=Option(choices=["attachment", "inline"]), content_id=Option())
MESSAGE = {"from": Option(), "to": Option("list", elements="str"), "cc": Option("list", elements="str"),
           "bcc": Option("list", elements="str"), "reply_to": Option("list", elements="str"), "subject": Option(),
           "text_body": Option(), "html_body": Option(), "headers": Option("dict"), "metadata": Option("dict"),
           "tags": Option("list", elements="str"),
           "attachments": Option("list", elements="dict", options=ATTACHMENT)}
TEMPLATE = dict((k, v) for k, v in MESSAGE.items() if k != "to")
HIDDEN = "(hidden: hide_bodies)"


class Send(Action):
    name = "send"
    check_with = "qboxmail.qboxmail.tracemail_info or the tracemail lookup (by sender, subject and date)"
    fields = dict(
        MESSAGE,
        messages=Option("list", elements="dict", options=MESSAGE),
        template=Option("dict", options=TEMPLATE),
        recipients=Option("list", elements="dict"),
        recipients_file=Option("path"),
        strict_substitutions=Option("bool", default=True),
        wait_for=Option(choices=["accepted", "final"]),
        wait_timeout=Option("int", default=300),
        fail_on=Option("list", elements="str", choices=["bounce", "suppressed"], default=[]),
        hide_bodies=Option("bool", default=False),
    )
    module_kwargs = dict(mutually_exclusive=[("messages", "recipients", "recipients_file"), ("messages", "template"),
                                             ("to", "recipients", "recipients_file")])

    # ------------------------------------------------------------------ before any request
    def validate(self):
        params = self.params
        try:
            client_settings(params, "send_api_token", "QBOXMAIL_SEND_API_TOKEN", "send_api_url")
            if params.get("wait_for"):
                client_settings(params, "api_token", "QBOXMAIL_API_TOKEN", "api_url")
            if params["wait_timeout"] < 1:
                raise ValueError("wait_timeout must be 1 second or more")
            if params.get("template") is not None and params.get("recipients") is None and not params.get(
                    "recipients_file"):
                raise ValueError("template needs recipients or recipients_file")
            if params.get("recipients") is not None or params.get("recipients_file"):
                self.plan_bulk()
            else:
                self.plan_batch()
        except ValueError as exc:
            text = str(exc)
            if "api_token is required" in text and params.get("wait_for"):
                text += " (wait_for reads TraceMail with the Management token)"
            raise ModuleFailure(text)
        if "bounce" in params["fail_on"] and params.get("wait_for") != "final":
            self.ctx.warn("fail_on: bounce is only known with wait_for: final; without it no bounce can fail the task")
        self.outcome = {}         # request index -> the 202 body
        self.failed = None
        self.tracker = None
        if params["hide_bodies"]:
            self.hide()

    def merged(self, item, keys):
        """A message's options: the item's, and the top-level value where the item leaves one unset."""
        return dict((k, item.get(k) if item.get(k) is not None else self.params.get(k)) for k in keys)

    def plan_batch(self):
        items = self.params.get("messages")
        if items is None:
            specs, wheres = [self.merged({}, MESSAGE_OPTIONS)], [""]
        elif not items:
            raise ValueError("messages is empty: give at least one message")
        else:
            specs = [self.merged(item, MESSAGE_OPTIONS) for item in items]
            wheres = ["messages[%d]" % index for index in range(len(items))]
        built = [build_message(spec, where) for spec, where in zip(specs, wheres)]
        self.bulk = False
        self.messages = [m for m, _s, _r in built]
        self.track = [(sender, m["subject"], rcpts) for m, sender, rcpts in built]
        sizes = message_sizes(self.messages)
        parts = split(sizes, MAX_MESSAGES, send_overhead(), lambda i: wheres[i] or "the message")
        self.requests = [self.request(n, len(parts), SEND_PATH, start, end, {"messages": self.messages[start:end]},
                                      sum(sizes[start:end]) + 2 * (end - start - 1) + send_overhead())
                         for n, (start, end) in enumerate(parts)]

    def plan_bulk(self):
        params = self.params
        if params.get("recipients_file"):
            items = read_recipients(params["recipients_file"])
        else:
            items = [("recipients[%d]" % index, item) for index, item in enumerate(params["recipients"])]
        if not items:
            raise ValueError("%s is empty: give at least one recipient" % (
                "recipients_file" if params.get("recipients_file") else "recipients"))
        spec = self.merged(params.get("template") or {}, [k for k in MESSAGE_OPTIONS if k != "to"])
        template, sender, extra = build_message(spec, "template" if params.get("template") else "", bulk=True)
        variables = template_variables(template)
        people = bulk_recipients(items, variables, params["strict_substitutions"])
        templated = [k for k in ("from", "cc", "bcc", "reply_to") if PLACEHOLDER_RE.search(str(template.get(k) or ""))]
        self.bulk = True
        self.template = template
        self.track = []
        for entry, address, values in people:
            who, more = (sender, extra) if not templated else check_rendered(template, address, values, "template")
            self.track.append((who, values, [address] + [a for a in more if a != address]))
        options = {"strict_substitutions": params["strict_substitutions"]}
        overhead = bulk_overhead(template, options)
        entries = [entry for entry, _a, _v in people]
        sizes = message_sizes(entries)
        parts = split(sizes, MAX_RECIPIENTS, overhead, lambda i: "%s with the template" % items[i][0])
        self.requests = [self.request(n, len(parts), BULK_PATH, start, end,
                                      {"message": template, "recipients": entries[start:end], "options": options},
                                      sum(sizes[start:end]) + 2 * (end - start - 1) + overhead)
                         for n, (start, end) in enumerate(parts)]

    def request(self, number, total, path, start, end, body, size):
        what = "recipients" if path == BULK_PATH else "messages"
        return {"index": number + 1, "path": path, "items": "%d-%d" % (start + 1, end), "count": end - start,
                "bytes": size, "start": start, "end": end, "body": body,
                "label": "request %d of %d (POST %s, %s %d-%d)" % (number + 1, total, path, what, start + 1, end)}

    def hide(self):
        """hide_bodies: the bodies, inline contents and substitutions leave the module's arguments (its output)."""
        def scrub_message(spec):
            for key in ("text_body", "html_body"):
                if spec.get(key) is not None:
                    spec[key] = HIDDEN
            for item in spec.get("attachments") or []:
                if item.get("content") is not None:
                    item["content"] = HIDDEN
        scrub_message(self.params)
        for spec in (self.params.get("messages") or []) + [self.params.get("template") or {}]:
            scrub_message(spec)
        for item in self.params.get("recipients") or []:
            if isinstance(item, dict) and item.get("substitutions"):
                item["substitutions"] = HIDDEN

    # ------------------------------------------------------------------ the requests
    def prepare(self):
        if self.ctx.check_mode:
            return
        self.pacer = Pacer()
        self.pacer.install(with_hints(self.ctx.send))
        if self.params.get("wait_for"):
            with_hints(self.ctx.client)

    def calls(self):
        hide = self.params["hide_bodies"]
        out = []
        for req in self.requests:
            shown = {"items": req["items"], "count": req["count"], "bytes": req["bytes"]}
            if self.bulk:
                shown["message"] = summary(self.template, hide)
                shown["strict_substitutions"] = self.params["strict_substitutions"]
            else:
                shown["messages"] = [summary(m, hide) for m in req["body"]["messages"]]
            call = Call("POST", req["path"], body=req["body"], label=req["label"], family="send", shown=shown)
            call.index = req["index"]
            out.append(call)
        return out

    def accepted(self, call, resp):
        self.outcome[call.index] = resp.body if isinstance(resp.body, dict) else {}

    def failure(self, error, call):
        if call is not None:
            self.failed = call.index
        parts = []
        if error is not None:
            parts.append("%s failed: %s" % (call.label, error))
        if self.unknown:
            many = len(self.unknown) > 1
            parts.append("%d request(s) got no answer (or a server error after reaching the Send API), so %s may have "
                         "been accepted; %s not repeated: %s. "
                         "Before sending %s messages again, look for them in TraceMail with %s" % (
                             len(self.unknown), "they" if many else "it", "they are" if many else "it is",
                             "; ".join("%s: %s" % (c.label, e) for c, e in self.unknown), "their" if many else "its",
                             self.check_with))
        if self.sent:
            parts.append("accepted: %s (their %d message ids are in message_ids)" % ("; ".join("%s request_id=%s" % (
                c.label, self.outcome.get(c.index, {}).get("request_id")) for c, _r in self.sent), len(self.rows())))
        if self.not_sent:
            parts.append("not sent: %s" % "; ".join(c.label for c in self.not_sent))
        return ". ".join(parts)

    # ------------------------------------------------------------------ after the requests
    def rows(self):
        """One row per accepted message, from the 202 answers, with what the wait needs to find it."""
        out = []
        for req in self.requests:
            body = self.outcome.get(req["index"])
            if body is None:
                continue
            for offset, item in enumerate(body.get("messages") or []):
                index = req["start"] + offset
                if index >= req["end"] or not isinstance(item, dict):
                    break
                row = {"index": index + 1, "message_id": item.get("message_id"),
                       "request_id": item.get("request_id") or body.get("request_id"), "to": item.get("to"),
                       "submitted_at": item.get("submitted_at")}
                if item.get("error_code"):
                    row["error"] = "%s %s" % (item.get("error_code"), item.get("message"))
                out.append(row)
        return out

    def tracked(self, rows):
        out = []
        for row in rows:
            if row.get("error"):
                continue
            sender, subject, rcpts = self.track[row["index"] - 1]
            if self.bulk:
                subject = render(self.template["subject"], subject)   # the recipient's values
            out.append({"message_id": row["message_id"], "sender": sender, "subject": subject,
                        "submitted_at": row["submitted_at"], "recipients": rcpts})
        return out

    def wait(self):
        stage = self.params.get("wait_for")
        if stage:
            self.tracker = Tracker(self.ctx.client, self.tracked(self.rows()))
            what = "the sent messages to %s" % (
                "reach a final status in TraceMail" if stage == "final" else "appear in TraceMail")
            try:
                self.poller().wait(lambda: self.tracker.read(stage), lambda t: t.done(stage), lambda t: t.describe(stage),
                                   what, details=lambda t: self.result())
            except QboxmailError as err:
                raise ModuleFailure("the messages were sent (%s), but reading TraceMail failed: %s" % (
                    ", ".join("request_id=%s" % r for r in self.result()["request_ids"]), err),
                    **dict(err.details(), **self.result()))
        self.judge()

    def judge(self):
        """fail_on: bounces and suppressions fail the task only when asked."""
        fail_on = self.params["fail_on"]
        result = self.result()
        problems, named = [], set()
        for row in result.get("messages") or []:
            for rcpt in row.get("recipients") or []:
                if rcpt["state"] in fail_on:
                    named.add(rcpt["to"])
                    problems.append("%s to %s: %s%s" % (row["message_id"], rcpt["to"], rcpt["state"],
                                                        " (%s)" % rcpt["error_message"] if rcpt.get("error_message") else ""))
        if "suppressed" in fail_on:
            problems.extend("%s: suppressed (the Send API's pre-check)" % address
                            for address in result["suppression_summary"]["suppressed_recipients"] if address not in named)
        if problems:
            raise ModuleFailure("%d recipient(s) reached a status that fail_on names (the messages were sent): %s" % (
                len(problems), "; ".join(problems[:10]) + ("; and %d more" % (len(problems) - 10) if len(problems) > 10
                                                           else "")), **result)

    def result(self):
        sent = set(c.index for c, _r in self.sent)
        unknown = set(c.index for c, _e in self.unknown)
        skipped = set(c.index for c in self.not_sent)
        requests = []
        for req in self.requests:
            index = req["index"]
            state = "accepted" if index in sent else "unknown" if index in unknown else "not_sent" if index in skipped \
                else "failed" if index == self.failed else "planned"
            row = dict((k, req[k]) for k in ("index", "path", "items", "count", "bytes"))
            row["state"] = state
            if index in sent:
                row["request_id"] = self.outcome[index].get("request_id")
            requests.append(row)
        out = {"requests": requests, "summary": {"messages": sum(r["count"] for r in self.requests),
                                                 "requests": len(self.requests),
                                                 "paced_seconds": round(getattr(self, "pacer", Pacer()).waited, 2)}}
        if self.ctx.check_mode:
            return out
        if self.tracker is not None:
            rows = self.rows()
            for row in rows:
                row.update(self.tracker.report(row))
            out["messages"] = rows
        bodies = [self.outcome[r["index"]] for r in self.requests if r["index"] in self.outcome]
        summaries = [b.get("suppression_summary") for b in bodies if isinstance(b.get("suppression_summary"), dict)]
        statuses = sorted(set(s.get("status") for s in summaries if s.get("status")))
        out.update(
            request_ids=[b.get("request_id") for b in bodies],
            message_ids=[item.get("message_id") for body in bodies for item in body.get("messages") or []
                         if isinstance(item, dict)],
            queued_messages=sum(int(b.get("queued_messages") or 0) for b in bodies),
            suppression_summary={"status": statuses[0] if len(statuses) == 1 else ("mixed" if statuses else None),
                                 "accepted": sum(int(s.get("accepted") or 0) for s in summaries),
                                 "suppressed": sum(int(s.get("suppressed") or 0) for s in summaries),
                                 "suppressed_recipients": [a for s in summaries for a in s.get("suppressed_recipients") or []]})
        return out


def main():
    Send.run()


if __name__ == "__main__":
    main()
