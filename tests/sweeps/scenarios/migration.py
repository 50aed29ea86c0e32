# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sweep scenario of qboxmail.qboxmail.migration (remote passwords travel inside the CSV contents)."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.sweeps.scenario import Bad, Op, Scenario

DOMAIN = "D100000201"
SECRET = "Sw33p;mig-pw-1"          # distinctive; `;` makes the CSV quote it, so a leaked CSV still contains it
SECRET2 = "Sw33p-mig-pw-2\n"       # a trailing newline, as a vaulted value may carry
ADMIN = dict(api_token="qbx-admin-dev-token", customer_code="C100000001")
ROWS = [dict(local_email="alice@example.com", remote_username="alice", remote_password=SECRET),
        dict(local_email="bob@example.com", remote_username="bob@old.example", remote_password=SECRET2)]
LATER = [dict(local_email="carol@example.com", remote_username="carol", remote_password=SECRET)]
CREATE = dict(rows=ROWS, remote_server="imap.old.example", preset="standard_ssl", execute_now=True, wait_for="completed")

SCENARIO = Scenario(
    name="migration",
    kind="action",
    seed={"domains": [{"code": DOMAIN, "name": "example.com", "customer_code": "C100000001", "status": "enabled"}],
          "email_accounts": [{"domain_code": DOMAIN, "name": name} for name in ("alice", "bob", "carol", "dan")]},
    files={"migration.csv": 'dan@example.com;dan;"%s";imap.old.example\n' % SECRET,
           "bad.csv": "dan@example.com;dan;%s\nnot-an-address;x;%s;imap.old.example\n" % (SECRET2.strip(), SECRET2.strip())},
    steps={
        "create": CREATE,
        "schedule": dict(rows=LATER, remote_server="imap.old.example", preset="gmail",
                         first_execution_date="2099-01-01T00:00:00Z", second_execution_date="2099-01-02T00:00:00Z",
                         wait_for="scheduled"),
        "execute": dict(ADMIN, rows=LATER, remote_server="imap.old.example", execute="first"),
        "from_file": dict(csv_file="{files}/migration.csv", preset="standard_ssl", execute_now=True),
        "delete": dict(rows=ROWS, remote_server="imap.old.example", state="absent"),
    },
    ops=[
        Op("find", "create", "GET", "/api/migrations"),
        Op("presets", "create", "GET", "/api/migrations/presets"),
        Op("domains", "create", "GET", "/api/domains"),
        Op("create", "create", "POST", "/api/migrations", write=True, idempotent=False),
        Op("wait", "create", "GET", "/api/migrations/MG*"),
        Op("stats", "create", "GET", "/api/migrations/*/stats"),
        Op("execute", "execute", "PUT", "/api/migrations/*", write=True, idempotent=False),
        Op("delete", "delete", "DELETE", "/api/migrations/*", write=True),
    ],
    secrets=[SECRET, SECRET2],
    bad=[
        Bad(dict(rows=ROWS + [dict(ROWS[0], local_email="not-an-address")]), "rows", base="create"),
        Bad(dict(rows=ROWS + [dict(ROWS[0], remote_username="again")]), "rows", base="create", note="duplicate row"),
        Bad(dict(rows=ROWS + [dict(ROWS[0], local_email="x@elsewhere.example")]), "rows", base="create", reads=True),
        Bad(dict(rows=[dict(ROWS[0], remote_password="")]), "rows", base="create"),
        Bad(dict(rows=ROWS, remote_server="imap old"), "remote_server", base="create"),
        Bad(dict(preset="imap_magic"), "preset", base="create", reads=True),
        Bad(dict(preset=None), "preset", base="create"),
        Bad(dict(execute_now=False), "first_execution_date", base="create"),
        Bad(dict(first_execution_date="next week", execute_now=False), "first_execution_date", base="create"),
        Bad(dict(wait_for="completed"), "wait_for", base="schedule", note="a first run in the future"),
        Bad(dict(second_execution_date="2098-01-01T00:00:00Z"), "second_execution_date", base="schedule"),
        Bad(dict(custom_from_date="2024-01-01"), "custom_from_date", base="create"),
        Bad(dict(state="absent"), "execute", base="execute"),
        Bad(dict(code="MG123", rows=None), "code", base="execute"),
        Bad(dict(execute="second"), "execute", base="execute", reads=True, note="the first run has not run yet"),
        Bad(dict(csv_file="{files}/missing.csv"), "csv_file", base="from_file"),
        Bad(dict(csv_file="{files}/bad.csv"), "csv_file", base="from_file", note="rows 1 and 2 named"),
    ],
    valid=[
        dict(base="create", remote_server="imap.old.example:993"),
        dict(base="create", rows=[dict(ROWS[0], local_email="ALICE@Example.com")]),
        dict(base="create", date_filter_preset="custom", custom_from_date="2024-01-01"),
        dict(base="schedule", first_execution_date="2099-01-01 23:00+01:00", second_execution_date=None),
    ],
    count=lambda sim: len(sim.state("migrations")),
    notes="Partial failure: PUT /_sim/migration_failures {addresses: [bob@example.com]} before `create` "
          "(completed_with_errors, failed_resources with logs). The secret sweep also reads the request log: "
          "csv_file_content is masked there.",
)
