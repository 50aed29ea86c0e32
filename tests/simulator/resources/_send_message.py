# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Send API message model: addresses, validation of Message / BulkMessage fields, bulk templating.

Pure functions (no state). A problem raises ``MessageError(field, problem)``; the caller turns it into
400 ``invalid_message`` naming the message and the field, e.g. ``messages[0].attachments[1].content``.
Field rules [DOC: send and send-bulk reference pages] plus CONTRACT.md "Send message fields beyond the
stored copy" (``metadata`` object of strings, ``tags`` at most 10 strings of at most 64 characters).
"""
from __future__ import annotations

import base64
import binascii
import re

from ..common import is_email

ADDRESS_FIELDS = ("to", "cc", "bcc", "reply_to")
DISPOSITIONS = ("attachment", "inline")
MAX_TAGS = 10  # GAP: CONTRACT.md "Send message fields beyond the stored copy"
MAX_TAG_CHARS = 64  # GAP: same row
HEADER_NAME_RE = re.compile(r"^[!-9;-~]+$")  # printable ASCII without space and colon (RFC 5322 field name)
CONTENT_TYPE_RE = re.compile(r"^[A-Za-z0-9!#$&^_.+-]+/[A-Za-z0-9!#$&^_.+-]+(\s*;.*)?$")
ANGLE_RE = re.compile(r"<([^<>]*)>\s*$")
# Handlebars-style placeholder ``{{name}}`` (spaces inside the braces allowed) [DOC: send-bulk].
PLACEHOLDER_RE = re.compile(r"\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}")
ALWAYS_AVAILABLE = "email"  # [DOC] ``{{email}}`` is always the recipient's address


class MessageError(Exception):
    """An invalid field: ``field`` is the path inside the message, ``problem`` says why."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__("%s: %s" % (field, problem))
        self.field = field
        self.problem = problem


# ---------------------------------------------------------------------- addresses
def split_list(text: str) -> list:
    """Split a comma-separated RFC 5322 address list, ignoring commas inside quotes or angle brackets."""
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
    return parts


def mailbox(text: str) -> str | None:
    """The bare address of one mailbox string (``Name <a@b>`` or ``a@b``), lower-cased, or None when invalid."""
    text = text.strip()
    match = ANGLE_RE.search(text)
    addr = (match.group(1) if match else text).strip().lower()
    return addr if is_email(addr) else None


def address(value, field: str) -> str:
    """The bare address of an Address (mailbox string or ``{address, name}``); MessageError when invalid."""
    if isinstance(value, dict):
        if "name" in value and value["name"] is not None and not isinstance(value["name"], str):
            raise MessageError(field + ".name", "must be a string")
        if not isinstance(value.get("address"), str) or not value["address"].strip():
            raise MessageError(field + ".address", "is required")
        found = mailbox(value["address"])
        if found is None or "<" in value["address"]:
            raise MessageError(field + ".address", "is not a valid e-mail address")
        return found
    if not isinstance(value, str) or not value.strip():
        raise MessageError(field, "is required" if value in (None, "") else "must be an address string or object")
    if len(split_list(value)) > 1:
        raise MessageError(field, "must be a single address")
    found = mailbox(value)
    if found is None:
        raise MessageError(field, "is not a valid e-mail address")
    return found


def address_list(value, field: str) -> list:
    """Every bare address of an AddressList (string, comma-separated string, object, or array of those)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [address(part, field) for part in split_list(value)]
    if isinstance(value, dict):
        return [address(value, field)]
    if not isinstance(value, list):
        raise MessageError(field, "must be an address string, an address object or an array of them")
    out = []
    for index, item in enumerate(value):
        where = "%s[%d]" % (field, index)
        if isinstance(item, str):
            out.extend(address(part, where) for part in split_list(item))
        elif isinstance(item, dict):
            out.append(address(item, where))
        else:
            raise MessageError(where, "must be an address string or object")
    return out


def recipients(message: dict) -> list:
    """The distinct recipients (``to``, ``cc``, ``bcc``) of a validated message, in order."""
    found = []
    for field in ("to", "cc", "bcc"):
        found.extend(address_list(message.get(field), field))
    return list(dict.fromkeys(found))


# ---------------------------------------------------------------------- field checks
def is_scalar(value) -> bool:
    """A JSON string, number or boolean (not null, not a container)."""
    return isinstance(value, (str, int, float, bool))


def check_headers(value) -> None:
    """``headers``: object; values string, number, boolean or arrays of those [DOC]."""
    if not isinstance(value, dict):
        raise MessageError("headers", "must be an object")
    for name, item in value.items():
        if not HEADER_NAME_RE.match(name):
            raise MessageError("headers", "%r is not a valid header name" % name)
        if not (is_scalar(item) or (isinstance(item, list) and all(is_scalar(part) for part in item))):
            raise MessageError("headers.%s" % name, "must be a string, number, boolean or an array of those")


def check_attachment(item, where: str, check_content: bool) -> None:
    """One Attachment: ``filename``, ``content_type``, base64 ``content``, ``disposition``/``content_id`` rules [DOC]."""
    if not isinstance(item, dict):
        raise MessageError(where, "must be an object")
    for field in ("filename", "content_type", "content"):
        if not isinstance(item.get(field), str) or not item[field].strip():
            raise MessageError("%s.%s" % (where, field), "is required")
    if not CONTENT_TYPE_RE.match(item["content_type"].strip()):
        raise MessageError(where + ".content_type", "is not a valid media type")
    if check_content:
        try:
            base64.b64decode("".join(item["content"].split()), validate=True)
        except (binascii.Error, ValueError):
            raise MessageError(where + ".content", "must be base64-encoded") from None
    content_id = item.get("content_id")
    if content_id is not None and (not isinstance(content_id, str) or not content_id.strip()):
        raise MessageError(where + ".content_id", "must be a non-empty string")
    disposition = item.get("disposition")
    if disposition is not None and disposition not in DISPOSITIONS:
        raise MessageError(where + ".disposition", "must be attachment or inline")
    disposition = disposition or ("inline" if content_id else "attachment")
    if content_id and disposition != "inline":
        raise MessageError(where + ".disposition", "must be inline when content_id is set")
    if disposition == "inline" and not content_id:
        raise MessageError(where + ".content_id", "is required for inline attachments")


def check_message(message, bulk: bool = False, check_content: bool = True) -> list:
    """Validate a Message (or a rendered BulkMessage); return its distinct recipients.

    ``check_content=False`` skips decoding attachment contents (already checked on the bulk template).
    GAP (delivery.md Q10): a message needs at least one recipient in ``to``, ``cc`` or ``bcc``.
    """
    if not isinstance(message, dict):
        raise MessageError("", "must be an object")
    address(message.get("from"), "from")
    for field in ADDRESS_FIELDS:
        address_list(message.get(field), field)
    if not isinstance(message.get("subject"), str) or not message["subject"].strip():
        raise MessageError("subject", "is required")
    for field in ("text_body", "html_body"):
        if message.get(field) is not None and not isinstance(message[field], str):
            raise MessageError(field, "must be a string")
    if not message.get("text_body") and not message.get("html_body"):
        raise MessageError("text_body", "is required when html_body is absent")
    if message.get("headers") is not None:
        check_headers(message["headers"])
    attachments = message.get("attachments")
    if attachments is not None:
        if not isinstance(attachments, list):
            raise MessageError("attachments", "must be an array")
        for index, item in enumerate(attachments):
            check_attachment(item, "attachments[%d]" % index, check_content)
    metadata = message.get("metadata")
    if metadata is not None:
        if not isinstance(metadata, dict):
            raise MessageError("metadata", "must be an object")
        for name, value in metadata.items():
            if not isinstance(value, str):
                raise MessageError("metadata.%s" % name, "must be a string")
    tags = message.get("tags")
    if tags is not None:
        if not isinstance(tags, list) or len(tags) > MAX_TAGS:
            raise MessageError("tags", "must be an array of at most %d strings" % MAX_TAGS)
        for index, tag in enumerate(tags):
            if not isinstance(tag, str) or not tag.strip() or len(tag) > MAX_TAG_CHARS:
                raise MessageError("tags[%d]" % index, "must be a non-empty string of at most %d characters" % MAX_TAG_CHARS)
    found = recipients(message)
    if not found and not bulk:
        raise MessageError("to", "at least one recipient (to, cc or bcc) is required")
    return found


# ---------------------------------------------------------------------- bulk templating
def _templated(message: dict):
    """Yield ``(container, key)`` for every templated string slot of a BulkMessage.

    [DOC] subject, text_body, html_body, headers, metadata, tags, attachment filenames and content IDs;
    the address fields ``from``, ``cc``, ``bcc``, ``reply_to`` are rendered per recipient as well.
    """
    def walk(container, key):
        value = container[key]
        if isinstance(value, str):
            yield container, key
        elif isinstance(value, list):
            for index in range(len(value)):
                yield from walk(value, index)
        elif isinstance(value, dict):
            for name in value:
                yield from walk(value, name)

    for field in ("subject", "text_body", "html_body", "headers", "metadata", "tags", "from", "cc", "bcc", "reply_to"):
        if field in message:
            yield from walk(message, field)
    for item in message.get("attachments") or []:
        if isinstance(item, dict):
            for field in ("filename", "content_id"):
                if field in item:
                    yield from walk(item, field)


def variables(message: dict) -> set:
    """Names of the placeholders used by a BulkMessage."""
    found = set()
    for container, key in _templated(message):
        found.update(PLACEHOLDER_RE.findall(container[key]))
    return found


def as_text(value) -> str:
    """A substitution value as text: strings as is, booleans ``true``/``false``, null empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def copy_message(message: dict) -> dict:
    """A copy deep enough to render into (attachment contents are shared, never templated)."""
    def copy(value):
        if isinstance(value, dict):
            return {key: copy(item) for key, item in value.items()}
        if isinstance(value, list):
            return [copy(item) for item in value]
        return value
    return copy(message)


def render(message: dict, values: dict) -> dict:
    """The message for one recipient: every placeholder replaced (unknown names render empty).

    GAP: values are inserted as is (no HTML escaping in ``html_body``).
    """
    out = copy_message(message)
    for container, key in list(_templated(out)):
        container[key] = PLACEHOLDER_RE.sub(lambda match: as_text(values.get(match.group(1))), container[key])
    return out
