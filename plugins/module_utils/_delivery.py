# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Private to qboxmail.qboxmail: Delivery helpers (DNS records, account and domain lookups, CSV, local files)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import csv
import io
import os
import re
import tempfile

from ansible_collections.qboxmail.qboxmail.plugins.module_utils._delivery_plans import PLAN_FIELDS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._refs import Ref
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._resource import WAIT_FIELDS
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._spec import Field, Option, status_state
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._task import ModuleFailure
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._validate import (
    domain_name, email_address, networks, non_negative, optional, text,
)

DOMAINS_PATH = "/api/delivery/domains"
ACCOUNTS_PATH = "/api/delivery/accounts"
TOKENS_PATH = "/api/delivery/accounts/{parent}/api_tokens"
SUPPRESSION_PATH = "/api/delivery/suppression_lists"

# GAP: the integer `status` of a Delivery account is undocumented; CONTRACT.md's [INF] mapping.
ACCOUNT_STATUS = {0: "enabled", 1: "disabled", 2: "wait_pay", 3: "blocked"}
# GAP: the create-token answer's field with the plain token is undocumented (Q7): `token` first, then the others.
PLAIN_TOKEN_KEYS = ("token", "plain_token", "api_token")
# GAP: CSV layout of suppression import is undocumented; CONTRACT.md / the task fix these columns.
CSV_COLUMNS = ("email", "reason", "accounts", "active")
SUPPRESSION_REASONS = ("bounce", "complaint")
_EMAIL_RE = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")
_TRUE = ("true", "1", "yes", "")
_FALSE = ("false", "0", "no")


# ------------------------------------------------------------------------------------- domains
def _check_ok(value):
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1", "ok")) or value == 1


def _cname_records(obj):
    """`cname_verification_records` as a list of {name, type, value}.

    GAP: the format is undocumented; CONTRACT.md fixes a list of {name, type, value}, and a string of
    `name value` lines is accepted too.
    """
    raw = obj.get("cname_verification_records")
    out = []
    if isinstance(raw, list):
        for rec in raw:
            if isinstance(rec, dict) and rec.get("name") and rec.get("value"):
                out.append({"name": rec["name"].rstrip("."), "type": (rec.get("type") or "CNAME").upper(),
                            "value": rec["value"].rstrip(".")})
    elif isinstance(raw, str):
        for line in raw.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                out.append({"name": parts[0].rstrip("."), "type": "CNAME", "value": parts[-1].rstrip(".")})
    return out


def dns_records(obj):
    """The records a Delivery domain needs, normalised for a DNS module: name, type, value, purpose, required, ok."""
    name = obj.get("name")
    if not name:
        return []
    records = []
    if obj.get("txt_spf_record"):
        records.append({"name": name, "type": "TXT", "value": obj["txt_spf_record"], "purpose": "spf",
                        "required": True, "ok": _check_ok(obj.get("spf_last_check_ok"))})
    selectors = {"dkim_transactional": (obj.get("dkim_selector_tr"), "dkim_tr_last_check_ok"),
                 "dkim_newsletter": (obj.get("dkim_selector_nl"), "dkim_nl_last_check_ok")}
    for rec in _cname_records(obj):
        purpose, check = "dkim", "dkim_last_check_ok"
        for candidate, (selector, field) in selectors.items():
            if selector and rec["name"].lower().startswith(str(selector).lower() + "."):
                purpose, check = candidate, field
        records.append(dict(rec, purpose=purpose, required=True, ok=_check_ok(obj.get(check))))
    if obj.get("suggested_dmarc_record"):
        records.append({"name": "_dmarc." + name, "type": "TXT", "value": obj["suggested_dmarc_record"],
                        "purpose": "dmarc", "required": False, "ok": None})
    return records


def missing_records(obj):
    """Required records that the last verification did not find (all of them before any verification)."""
    return [rec for rec in dns_records(obj) if rec["required"] and not rec["ok"]]


def public_records(records):
    """The records as modules return them: without the internal `ok` verdict."""
    return [dict((k, v) for k, v in rec.items() if k != "ok") for rec in records]


def describe_records(records):
    return ", ".join("%s %s %s" % (rec["name"], rec["type"], rec["value"]) for rec in records)


# ------------------------------------------------------------------------------------- accounts
def account_status(value):
    """The status name of an account (`enabled` ...) from the API's integer or name."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return ACCOUNT_STATUS.get(value, str(value))
    if isinstance(value, str) and value.isdigit():
        return ACCOUNT_STATUS.get(int(value), value)
    return value


def with_status_name(obj):
    """The account with `status_name` added (the API's `status` is an integer)."""
    if obj is None:
        return None
    return dict(obj, status_name=account_status(obj.get("status")))


def is_account_id(ref):
    return isinstance(ref, int) and not isinstance(ref, bool) or isinstance(ref, str) and ref.strip().isdigit()


def account_key(value):
    """An account reference: an id (digits) or a description (stripped, not empty)."""
    text = str(value).strip()
    if not text:
        raise ValueError("a Delivery account is named by its description or id; got an empty value")
    return text


# A Delivery account by description or id (digits are taken as the id); one scheduled for deletion counts as absent.
ACCOUNT_REF = Ref("Delivery account", "create it with qboxmail.qboxmail.delivery_account first", ACCOUNTS_PATH,
                  "description", code_field="id", to_key=account_key, is_id=is_account_id,
                  item_path=ACCOUNTS_PATH + "/{id}", live=lambda obj: not obj.get("delete_on"))
DELIVERY_DOMAIN_REF = Ref("Delivery domain", "create it with qboxmail.qboxmail.delivery_domain first", DOMAINS_PATH,
                          "name", to_key=domain_name)

# The options of `delivery_domain` (beside `verify`), `suppression` and `delivery_api_token`, also the `options` view of their
# `_info` modules.
DELIVERY_DOMAIN_OPTIONS = dict(
    name=Field(required=True, create_only=True, to_api=domain_name),
    state=Option(default="present", choices=["present", "absent", "enabled", "disabled"],
                 read=lambda obj: status_state({"status": obj.get("display_status")})),
)
API_TOKEN_OPTIONS = dict(
    account=Option(required=True),
    label=Field(required=True, create_only=True, to_api=text(max_length=255, allow_empty=False)),
    allow_nets=Field("list", elements="str", compare="set", to_api=networks, update_only=True),
    state=Option(default="present", choices=["present", "absent"], read=lambda obj: "present"),
    regenerate=Option("bool", default=False),
    token_file=Option("path"),
)


def domain_names_of(account):
    """Names of an account's domains as it shows them (`domains`: {code, name} objects); None when one has no name."""
    domains = account.get("domains")
    if not isinstance(domains, list) or not all(isinstance(d, dict) and d.get("name") for d in domains):
        return None
    return sorted(d["name"] for d in domains)


# The options of `delivery_account`, also the `options` view of `delivery_account_info` (ACCOUNT_VIEW).
DELIVERY_ACCOUNT_OPTIONS = dict(
    description=Field(to_api=text(allow_empty=False)),
    id=Option("int", read=lambda obj: obj.get("id")),
    type=Field(create_only=True, choices=["transactional", "newsletter"]),
    domains=Field("list", elements="str", api="domain_codes", compare=None, ref=DELIVERY_DOMAIN_REF, update_only=True,
                  read=domain_names_of),
    allow_nets=Field("list", elements="str", compare="set", to_api=networks),
    bounce_notification=Field(to_api=optional(email_address), update_only=True),
    bounce_notification_to_sender=Field("bool", update_only=True),
    ignore_suppression_list=Field("bool"),
    # [DOC] update fields, admin only (delivery.md 4.4); never defaulted, never in the view (below).
    num_messages=Field("int", to_api=non_negative, update_only=True),
    # GAP: the account shows no override flag, so it is never compared: it goes with a num_messages change only.
    override_plan_num_messages=Field("bool", compare=None, update_only=True),
    state=Option(default="present", choices=["present", "absent", "enabled", "disabled"],
                 read=lambda obj: status_state({"status": obj.get("status_name")})),
    delete_after_billing=Option("bool", default=False),
    reset_password=Option("bool", default=False),
    **dict(WAIT_FIELDS, **PLAN_FIELDS)
)
# Fed back, a message count read earlier would pin the account's count (an admin-only write): left out of the view.
ACCOUNT_VIEW = dict((k, v) for k, v in DELIVERY_ACCOUNT_OPTIONS.items() if k not in ("num_messages", "override_plan_num_messages"))


# ------------------------------------------------------------------------------------- suppression CSV
def parse_active(value):
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("active must be true or false (got %r)" % value)


# Spreadsheets run a cell that starts with one of these as a formula: exported cells get a leading `'`.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A cell safe to open in a spreadsheet (a leading `'` before a formula character)."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def suppression_address(value):
    """An address for the suppression list: a valid e-mail address that no spreadsheet reads as a formula (the list
    is exported as CSV, and Qboxmail's own export may not escape it)."""
    text = str(value)
    if text.lstrip(" ").startswith(FORMULA_STARTS):
        raise ValueError("%r starts with %r, which spreadsheets read as a formula: suppression addresses may not start "
                         "with = + - @, a tab or a carriage return" % (value, text.lstrip(" ")[:1]))
    return email_address(value)


SUPPRESSION_OPTIONS = dict(
    email=Field(create_only=True, to_api=suppression_address, item_required=True),
    reason=Field(choices=list(SUPPRESSION_REASONS)),
    accounts=Field("list", elements="str", compare="set", ref=ACCOUNT_REF),
    active=Field("bool"),
    state=Option(default="present", choices=["present", "absent"], item=True, read=lambda obj: "present"),
    import_csv=Option("path"),
    export_csv=Option("path"),
)


def csv_value(cell):
    """The value of a cell written by csv_cell (the escape removed), so that the round trip is exact."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def parse_suppression_csv(text, source="the CSV", user_input=True):
    """Rows {email, reason, accounts (ints), active} of a suppression CSV; ValueError naming the bad lines. In a
    user's file (`user_input`) an address that starts like a formula is refused, escaped or not."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or tuple(col.strip().lower() for col in header) != CSV_COLUMNS:
        raise ValueError("%s must start with the header line %s" % (source, ",".join(CSV_COLUMNS)))
    rows, problems, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        if not row or all(not cell.strip() for cell in row):
            continue
        if len(row) > 4:
            problems.append("line %d: %d columns instead of 4" % (line, len(row)))
            continue
        email, reason, accounts, active = [csv_value(cell.strip()) for cell in (row + [""] * 4)[:4]]
        email = email.lower()
        if user_input and (email.startswith(FORMULA_STARTS) or row[0].lstrip(" ").startswith(FORMULA_STARTS)):
            problems.append("line %d: %r starts like a spreadsheet formula (= + - @, tab, CR): refused" % (line, email))
        elif not _EMAIL_RE.match(email):
            problems.append("line %d: %r is not an e-mail address" % (line, email))
        if reason not in SUPPRESSION_REASONS:
            problems.append("line %d: reason must be bounce or complaint" % line)
        ids = [part.strip() for part in accounts.split(";") if part.strip()]
        if not all(part.isdigit() for part in ids):
            problems.append("line %d: accounts must be account ids separated by ;" % line)
        try:
            flag = parse_active(active)
        except ValueError:
            problems.append("line %d: active must be true or false" % line)
            flag = True
        if email in seen:
            problems.append("line %d: %s is already on line %d" % (line, email, seen[email]))
        seen[email] = line
        rows.append({"email": email, "reason": reason, "accounts": sorted(set(int(i) for i in ids if i.isdigit())),
                     "active": flag})
        if len(problems) >= 10:
            break
    if problems:
        raise ValueError("%s has invalid lines: %s" % (source, "; ".join(problems)))
    return rows


def suppression_csv(rows, spreadsheet_safe=False):
    """CSV text (header + rows in the given order) in the import/export layout; `spreadsheet_safe` escapes formula
    cells (for files people open; Qboxmail's import gets the values as they are)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row["email"]) if spreadsheet_safe else row["email"], row["reason"], ";".join(str(i) for i in row.get("accounts") or []),
                         "true" if row.get("active", True) else "false"])
    return out.getvalue()


def entry_accounts(entry):
    """Account ids of an API suppression entry (ints; the API may show strings)."""
    out = []
    for value in entry.get("accounts") or []:
        if isinstance(value, dict):
            value = value.get("id")
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return sorted(set(out))


ROW_FIELDS = ("reason", "accounts", "active")


def row_of(entry):
    """An API suppression entry in the CSV row form: {email, reason, accounts (sorted ids), active}."""
    return {"email": str(entry.get("email") or "").lower(), "reason": entry.get("reason"),
            "accounts": entry_accounts(entry), "active": bool(entry.get("active", True))}


def settings(row):
    return dict((k, row[k]) for k in ROW_FIELDS)


def scoped(ctx, body):
    """An admin token names the customer in every suppression call [DOC: customer_code]."""
    return dict(body, customer_code=ctx.params["customer_code"]) if ctx.params.get("customer_code") else body


# ------------------------------------------------------------------------------------- local files
def write_private_file(path, content):
    """Write `content` to `path` atomically (temp file in the same directory, then rename), mode 0600."""
    path = os.path.abspath(os.path.expanduser(path))
    directory = os.path.dirname(path)
    if not os.path.isdir(directory):
        raise ModuleFailure("the directory of %s does not exist" % path)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=".qboxmail-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content if isinstance(content, bytes) else content.encode("utf-8"))
        os.rename(tmp, path)
    except Exception:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def read_text(path, option="path"):
    """The file's text (UTF-8, with or without the byte-order mark Excel writes), or None when it does not exist."""
    path = os.path.abspath(os.path.expanduser(path))
    if not os.path.exists(path):
        return None
    if os.path.isdir(path):
        raise ModuleFailure("%s: %s is a directory, not a file" % (option, path))
    try:
        with open(path, "rb") as handle:
            return handle.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ModuleFailure("%s: %s is not UTF-8 text (byte %d): save it as UTF-8 (CSV UTF-8 in Excel)" % (
            option, path, exc.start))
    except (IOError, OSError) as exc:
        raise ModuleFailure("%s: cannot read %s: %s" % (option, path, exc.strerror or exc))
