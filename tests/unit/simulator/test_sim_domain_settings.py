# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: trusted networks (admin only) and outbound limit options of domains and mailboxes."""
from __future__ import annotations

from tests.simulator.testing import CUSTOMER_TOKEN

OPTION_KEYS = {"id", "description", "rate", "period", "view", "scope", "discontinued", "domain_rate", "disabled", "pay", "included"}


def errors_of(reply):
    """``{field: description}`` of a 422 answer."""
    assert reply.status == 422, reply
    return {err["field"]: err["description"] for err in reply.body["errors"]}


def test_trusted_networks_replace_and_read(sim, make_domain):
    code = make_domain()
    path = "/api/domains/%s/settings/trusted_networks" % code
    reply = sim.api("GET", path)
    assert reply.status == 200 and reply.body["resources"] == [] and reply.body["pagination"]["total_records"] == 0
    networks = [{"ip": "192.0.2.0/24", "description": "office"}, {"ip": "2001:db8::1", "description": "vpn"},
                {"ip": "198.51.100.7", "description": "backup"}]
    reply = sim.api("PUT", path, {"trusted_networks": networks})
    assert (reply.status, reply.body) == (204, None)
    reply = sim.api("GET", path)
    assert reply.body["resources"] == networks, "kept in the given order"
    assert sim.api("GET", path + "?query=vpn").body["resources"] == [networks[1]]
    assert sim.api("PUT", path, {"trusted_networks": networks[2:]}).status == 204
    assert sim.api("GET", path).body["resources"] == networks[2:], "the list is replaced, not merged"
    assert sim.api("PUT", path, {}).status == 204
    assert sim.api("GET", path).body["resources"] == []
    assert "_trusted_networks" not in sim.resource("/api/domains/" + code)
    assert "trusted_networks" not in sim.resource("/api/domains/" + code)


def test_trusted_networks_are_admin_only(sim, make_domain):
    code = make_domain()
    path = "/api/domains/%s/settings/trusted_networks" % code
    forbidden = {"message": "Forbidden", "errors": []}
    assert (sim.api("GET", path, token=CUSTOMER_TOKEN).status, sim.api("GET", path, token=CUSTOMER_TOKEN).body) == (403, forbidden)
    reply = sim.api("PUT", path, {"trusted_networks": [{"ip": "10.0.0.0/8", "description": "x"}]}, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (403, forbidden)
    assert sim.api("GET", path).body["resources"] == []
    assert sim.api("GET", "/api/domains/D000000000/settings/trusted_networks").status == 404


def test_trusted_networks_validation(sim, make_domain):
    code = make_domain()
    path = "/api/domains/%s/settings/trusted_networks" % code
    body = {"trusted_networks": [
        {"ip": "10.0.0.0/33", "description": "bad mask"}, {"ip": "not-an-ip", "description": "x"},
        {"description": "no ip"}, {"ip": "10.1.2.3"}, "10.0.0.1", {"ip": "192.0.2.1", "description": "a"},
        {"ip": "192.0.2.1/32", "description": "same network"}, {"ip": "10.9.9.9/8", "description": 5},
    ]}
    assert errors_of(sim.api("PUT", path, body)) == {
        "trusted_networks[0].ip": "is not valid", "trusted_networks[1].ip": "is not valid",
        "trusted_networks[2].ip": "is required", "trusted_networks[3].description": "is required",
        "trusted_networks[4]": "is not valid", "trusted_networks[6].ip": "already exists",
        "trusted_networks[7].description": "is not valid",
    }
    assert errors_of(sim.api("PUT", path, {"trusted_networks": "10.0.0.0/8"})) == {"trusted_networks": "is not valid"}
    assert sim.api("GET", path).body["resources"] == []


def test_outbound_limit_options(sim, make_domain):
    code = make_domain()
    reply = sim.api("GET", "/api/domains/%s/outbound_limits" % code, token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body["pagination"] == {}
    options = reply.body["resources"]
    assert options and all(set(opt) == OPTION_KEYS for opt in options)
    assert all(isinstance(opt[key], int) and not isinstance(opt[key], bool) for opt in options
               for key in ("id", "rate", "period", "domain_rate"))
    assert all(isinstance(opt[key], bool) for opt in options for key in ("discontinued", "disabled", "pay", "included"))
    assert {opt["scope"] for opt in options} == {"domain"} and 0 not in [opt["id"] for opt in options]
    assert {opt["domain_rate"] for opt in options} == {0}
    chosen = options[1]
    sim.api("PUT", "/api/domains/" + code, {"outbound_limit": chosen["id"]})
    box = sim.api("POST", "/api/domains/%s/email_accounts" % code, {
        "name": "a", "firstname": "A", "password": "Secret123", "password_confirmation": "Secret123"}).body["resource_code"]
    reply = sim.api("GET", "/api/domains/%s/email_accounts/%s/outbound_limits" % (code, box), token=CUSTOMER_TOKEN)
    assert reply.status == 200 and reply.body["pagination"] == {}
    assert [opt["id"] for opt in reply.body["resources"]] == [opt["id"] for opt in options]
    assert {opt["scope"] for opt in reply.body["resources"]} == {"email_account"}
    assert {opt["domain_rate"] for opt in reply.body["resources"]} == {chosen["rate"]}


def test_outbound_limit_options_visibility(sim, make_domain):
    code = make_domain()
    other = sim.seed(domains=[{"name": "other.com", "customer_code": "C100000002"}])["domains"][0]
    assert sim.api("GET", "/api/domains/%s/outbound_limits" % other, token=CUSTOMER_TOKEN).status == 404
    postmaster = [box for box in sim.state("email_accounts") if box["domain_code"] == other][0]["code"]
    path = "/api/domains/%s/email_accounts/%s/outbound_limits" % (code, postmaster)
    assert sim.api("GET", path).status == 404, "a mailbox of another domain"
