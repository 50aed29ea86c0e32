# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: postmasters, domains without a manager, domains without a customization (paged, scoped)."""
from __future__ import annotations

import re

import pytest

from tests.simulator.app import make_app
from tests.simulator.testing import CUSTOMER_TOKEN, NOBILLING_TOKEN

LISTS = ("/api/domains/without_manager", "/api/domains/without_customization")


def names(reply):
    """The ``name`` of each listed resource (asserting a list envelope)."""
    assert reply.status == 200, reply
    assert set(reply.body) == {"resources", "pagination"}
    return [item["name"] for item in reply.body["resources"]]


@pytest.mark.parametrize("path", LISTS)
def test_fixed_paths_are_not_taken_for_a_domain_code(sim, path):
    reply = sim.api("GET", path)
    assert reply.status == 200 and reply.body["pagination"]["total_records"] == 0
    assert sim.api("PUT", path, {}).status == 404, "PUT /api/domains/{code} with code = without_..."


def test_without_manager(sim):
    sim.seed(domains=[
        {"name": "a.com", "status": "enabled"}, {"name": "b.com", "manager_code": "MN12345678"},
        {"name": "c.com"}, {"name": "d.com", "customer_code": "C100000002"},
    ])
    assert names(sim.api("GET", LISTS[0], token=CUSTOMER_TOKEN)) == ["a.com", "c.com"]
    assert names(sim.api("GET", LISTS[0], token=NOBILLING_TOKEN)) == ["d.com"]
    assert names(sim.api("GET", LISTS[0])) == ["a.com", "c.com", "d.com"]
    assert names(sim.api("GET", LISTS[0] + "?customer_code=C100000002")) == ["d.com"]
    assert names(sim.api("GET", LISTS[0] + "?query=c.")) == ["c.com"]


def test_without_customization(sim):
    sim.seed(domains=[
        {"name": "a.com", "status": "enabled"}, {"name": "b.com", "status": "enabled", "customization": "CU1"},
        {"name": "c.com"}, {"name": "d.com", "status": "disabled"},
    ])
    assert names(sim.api("GET", LISTS[1], token=CUSTOMER_TOKEN)) == ["a.com", "d.com"]
    assert sim.resource("/api/domains/" + sim.state("domains")[0]["code"])["customization"] is None


def test_paging(sim):
    sim.seed(domains=[{"name": "d%03d.com" % index, "status": "enabled"} for index in range(130)])
    for path in LISTS + ("/api/postmasters",):
        first = sim.api("GET", path + "?per=500")
        assert first.body["pagination"]["per"] == 100 and first.body["pagination"]["total_pages"] == 2
        second = sim.api("GET", path + "?per=100&page=2")
        assert len(first.body["resources"]) + len(second.body["resources"]) == 130
        assert first.body["pagination"]["total_records"] == 130


def test_postmasters(sim, make_domain):
    make_domain("a.com")
    make_domain("b.com")
    sim.seed(domains=[{"name": "z.com", "customer_code": "C100000002"}])
    code = sim.state("domains")[0]["code"]
    sim.api("POST", "/api/domains/%s/email_accounts" % code,
            {"name": "user", "firstname": "U", "password": "Secret123", "password_confirmation": "Secret123"})
    reply = sim.api("GET", "/api/postmasters", token=CUSTOMER_TOKEN)
    boxes = reply.body["resources"]
    assert [box["email_address"] for box in boxes] == ["postmaster@a.com", "postmaster@b.com"]
    assert all(re.fullmatch(r"P\d{9}", box["code"]) and box["is_postmaster"] for box in boxes)
    assert "_password" not in boxes[0]
    admin = sim.api("GET", "/api/postmasters").body["resources"]
    assert [box["email_address"] for box in admin] == ["postmaster@a.com", "postmaster@b.com", "postmaster@z.com"]
    assert [box["email_address"] for box in sim.api("GET", "/api/postmasters?query=b.com").body["resources"]] == ["postmaster@b.com"]
    assert sim.api("GET", "/api/postmasters", token=None).status == 401


def test_fixed_paths_register_before_the_domain_code_route():
    """Older aiohttp matches routes in registration order: the fixed paths must come first."""
    order = [resource.canonical for resource in make_app().router.resources()]
    for path in LISTS:
        assert order.index(path) < order.index("/api/domains/{code}")
