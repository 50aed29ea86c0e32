# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.send."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

SEND_TOKEN = "qbxs-Sw33p-send-token-5e1d\n"     # distinctive; the trailing newline is part of the secret sweep
SENDER = "Sweep <news@mail.example.com>"
MESSAGE = {"from": SENDER, "subject": "Sweep", "text_body": "Sweep body"}
RECIPIENTS = [{"email": "r%d@example.org" % i, "substitutions": {"name": "R%d" % i}} for i in range(3)]

SCENARIO = Scenario(
    name="send",
    kind="action",
    connection="send",
    seed={"delivery_domains": [{"name": "mail.example.com", "code": "dlv-sweep", "verified": True}],
          "delivery_accounts": [{"id": 801, "description": "Sweep", "domain_codes": ["dlv-sweep"]}],
          "send_tokens": [{"account_id": 801, "label": "sweep", "token": SEND_TOKEN.strip()}]},
    steps={
        "single": dict(MESSAGE, send_api_token=SEND_TOKEN, to=["john@example.org"],
                       attachments=[{"content": "U3dlZXA=", "filename": "sweep.txt"}]),
        "batch": dict(MESSAGE, send_api_token=SEND_TOKEN, messages=[{"to": ["b%d@example.org" % i]} for i in range(3)]),
        "bulk": dict(send_api_token=SEND_TOKEN, template=dict(MESSAGE, subject="Hi {{name}}"), recipients=RECIPIENTS),
        "wait": dict(MESSAGE, send_api_token=SEND_TOKEN, to=["w@example.org", "x@bounce.test"], wait_for="final"),
    },
    ops=[
        Op("send", "single", "POST", "/v1/send", write=True, idempotent=False),
        Op("send", "batch", "POST", "/v1/send", write=True, idempotent=False),
        Op("bulk_send", "bulk", "POST", "/v1/send/bulk", write=True, idempotent=False),
        Op("send", "wait", "POST", "/v1/send", write=True, idempotent=False),
        Op("paging", "wait", "GET", "/api/delivery/tracemail/mailouts"),
    ],
    secrets=[SEND_TOKEN],
    bad=[
        Bad({"from": "not-an-address"}, "from", base="single"),
        Bad({"from": None}, "from", base="single"),
        Bad(dict(to=["x@"]), "to", base="single"),
        Bad(dict(to=None), "to", base="single", note="no recipient at all"),
        Bad(dict(subject=" "), "subject", base="single"),
        Bad(dict(text_body=None), "text_body", base="single", note="no body"),
        Bad(dict(headers={"Bad Name": "x"}), "headers", base="single"),
        Bad(dict(metadata={"k": ["list"]}), "metadata", base="single"),
        Bad(dict(tags=["t%d" % i for i in range(11)]), "tags", base="single"),
        Bad(dict(attachments=[{"path": "/nonexistent/sweep.pdf"}]), "attachments[0].path", base="single"),
        Bad(dict(attachments=[{"content": "***", "filename": "a.bin"}]), "attachments[0].content", base="single"),
        Bad(dict(attachments=[{"content": "YQ==", "filename": "a.png", "disposition": "inline"}]),
            "attachments[0].content_id", base="single"),
        Bad(dict(messages=[{"to": ["ok@example.org"]}, {"to": ["bad@"]}]), "messages[1].to", base="batch"),
        Bad(dict(messages=[]), "messages", base="batch"),
        Bad(dict(recipients=RECIPIENTS + [{"email": "late@example.org"}]), "recipients[3]", base="bulk",
            note="strict_substitutions: a variable missing, caught before any request"),
        Bad(dict(recipients=[{"email": "nope"}]), "recipients[0].email", base="bulk"),
        Bad(dict(recipients=[]), "recipients", base="bulk"),
        Bad(dict(send_api_token=None), "send_api_token", base="single"),
        Bad(dict(wait_timeout=0), "wait_timeout", base="wait"),
        Bad(dict(api_token=None), "api_token", base="wait", note="wait_for reads TraceMail with the Management token"),
    ],
    valid=[
        dict(base="single", to=['"Doe, John" <j@example.org>', "k@example.org, l@example.org"]),
        dict(base="single", metadata={"order": 1234, "vip": True}, tags=["x" * 64], headers={"X-Count": 3}),
        dict(base="bulk", strict_substitutions=False, recipients=RECIPIENTS + [{"email": "late@example.org"}]),
        dict(base="bulk", template=dict(MESSAGE, cc=["{{email}}"])),
        dict(base="single", hide_bodies=True, fail_on=["suppressed"]),
    ],
    count=lambda sim: len(sim.state("tracemail")),
    notes="Give send_api_url the simulator's URL as api_url. A send is not idempotent (no second-run check; a "
          "processed-then-dropped send must be reported, never repeated: `count` is the number of TraceMail entries, "
          "one per recipient of each accepted message).",
)
