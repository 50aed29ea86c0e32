# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: DKIM generate, verify, recheck, enable, disable, remove, reset."""
from __future__ import annotations

import re
import time


def dkim_errors(reply):
    """The description of the ``dkim`` field error of a 422."""
    assert reply.status == 422, reply
    return [err["description"] for err in reply.body["errors"] if err["field"] == "dkim"][0]


def test_full_dkim_lifecycle(sim, make_domain):
    code = make_domain("dkim.com")
    base = "/api/domains/%s/dkim" % code

    def domain():
        return sim.resource("/api/domains/" + code)

    assert dkim_errors(sim.api("PUT", base + "/verify")) == "has not been generated"
    reply = sim.api("POST", base)
    assert reply.status == 200
    assert reply.body["pagination"] == {}
    setup = reply.body["resources"][0]
    assert set(setup) == {"dkim_selector", "name", "type", "txt_record", "dkim_status"}
    assert re.fullmatch(r"qbm\d{10}", setup["dkim_selector"])
    assert setup["name"] == setup["dkim_selector"] + "._domainkey.dkim.com"
    assert setup["type"] == "TXT" and setup["dkim_status"] == "pending_dns"
    assert re.fullmatch(r"v=DKIM1; k=rsa; p=[A-Za-z0-9+/=]{150,}", setup["txt_record"])
    assert sim.api("POST", base).body["resources"][0] == setup
    current = domain()
    assert (current["dkim_selector"], current["dkim_public_key"], current["has_dkim"]) == (setup["dkim_selector"], setup["txt_record"], 0)

    assert dkim_errors(sim.api("PUT", base + "/recheck")) == "is not verified"
    assert dkim_errors(sim.api("PUT", base + "/verify")) == "TXT record not found"
    assert domain()["dkim_last_check_ok"] is False
    sim.publish_dns([{"name": setup["name"], "type": "TXT", "value": setup["txt_record"] + "x"}])
    assert dkim_errors(sim.api("PUT", base + "/verify")) == "TXT record not found"
    sim.publish_dns([{"name": setup["name"], "type": "TXT", "value": setup["txt_record"]}])
    assert sim.api("PUT", base + "/verify").status == 204
    current = domain()
    assert current["dkim_last_check_ok"] is True and current["dkim_last_checked_at"]
    assert current["dkim_status"] == "updating"
    sim.wait_until(lambda: domain()["dkim_status"] == "enabled")
    assert domain()["has_dkim"] == 1

    assert dkim_errors(sim.api("PUT", base + "/enable")).startswith("is enabled")
    assert dkim_errors(sim.api("PUT", base + "/reset")).startswith("is enabled")
    assert sim.api("PUT", base + "/disable").status == 204
    assert domain()["dkim_status"] == "updating"
    sim.wait_until(lambda: domain()["dkim_status"] == "disabled")
    assert (domain()["has_dkim"], domain()["dkim_selector"]) == (1, setup["dkim_selector"])
    assert sim.api("PUT", base + "/disable").status == 422
    assert sim.api("PUT", base + "/enable").status == 204
    sim.wait_until(lambda: domain()["dkim_status"] == "enabled")

    sim.unpublish_dns()
    checked = domain()["dkim_last_checked_at"]
    assert sim.api("PUT", base + "/recheck").status == 204
    assert domain()["dkim_last_check_ok"] is True, "the recheck result is queued"
    sim.wait_until(lambda: domain()["dkim_last_check_ok"] is False)
    assert domain()["dkim_last_checked_at"] >= checked
    assert domain()["dkim_status"] == "enabled"

    assert sim.api("DELETE", base).status == 204
    current = domain()
    assert (current["dkim_selector"], current["dkim_public_key"], current["dkim_status"], current["has_dkim"]) == (None, None, None, 0)
    assert sim.api("PUT", base + "/enable").status == 422


def test_reset_only_before_verification(sim, make_domain):
    code = make_domain("reset.com")
    base = "/api/domains/%s/dkim" % code
    assert dkim_errors(sim.api("PUT", base + "/reset")) == "has not been generated"
    first = sim.api("POST", base).body["resources"][0]
    assert sim.api("PUT", base + "/reset").status == 204
    assert sim.resource("/api/domains/" + code)["dkim_status"] is None
    second = sim.api("POST", base).body["resources"][0]
    assert second["dkim_selector"] != first["dkim_selector"]


def test_quoted_and_split_txt_values_match(sim, make_domain):
    code = make_domain("split.com")
    setup = sim.api("POST", "/api/domains/%s/dkim" % code).body["resources"][0]
    key = setup["txt_record"]
    sim.publish_dns([{"name": setup["name"], "type": "TXT", "value": '"%s" "%s"' % (key[:100], key[100:])}])
    assert sim.api("PUT", "/api/domains/%s/dkim/verify" % code).status == 204


def test_remove_while_pending_cancels_the_transition(sim, make_domain):
    sim.reset(async_delay=0.2)
    code = make_domain("cancel.com")
    setup = sim.api("POST", "/api/domains/%s/dkim" % code).body["resources"][0]
    sim.publish_dns([{"name": setup["name"], "type": "TXT", "value": setup["txt_record"]}])
    sim.api("PUT", "/api/domains/%s/dkim/verify" % code)
    assert sim.api("DELETE", "/api/domains/%s/dkim" % code).status == 204
    time.sleep(0.3)
    domain = sim.resource("/api/domains/" + code)
    assert (domain["dkim_status"], domain["has_dkim"]) == (None, 0)
