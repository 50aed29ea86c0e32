# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Deleting a mailbox after a suppression entry exists (its private id counter is no object): found by make examples."""
from __future__ import annotations

from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator


def test_mailbox_delete_with_a_suppression_entry_stored():
    with running_simulator() as sim:
        domain = sim.seed(domains=[{"name": "example.com", "status": "enabled", "customer_code": "C100000001"}])
        code = domain["domains"][0]
        sim.seed(email_accounts=[{"domain_code": code, "name": "alice", "firstname": "Alice"}])
        sim.seed(suppressions=[{"email": "angry@example.org", "reason": "complaint"}])
        box = next(b["code"] for b in sim.state("email_accounts") if b["name"] == "alice")
        reply = sim.api("DELETE", "/api/domains/%s/email_accounts/%s" % (code, box))
        assert reply.status < 300, reply
        assert all(b["code"] != box for b in sim.state("email_accounts"))
