# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: ownership by an HTML file on the website (domains and alias domains) and ``/_sim/website``."""
from __future__ import annotations

from tests.simulator.testing import CUSTOMER_TOKEN


def publish(sim, **body):
    """PUT /_sim/website."""
    return sim.control("PUT", "website", body)


def status_of(sim, path):
    """(status, status_detail) of a domain or alias domain."""
    obj = sim.resource(path)
    return obj["status"], obj["status_detail"]


def test_generate_file_is_stable(sim, make_domain):
    code = make_domain("html.com")
    reply = sim.api("GET", "/api/domains/%s/html_ownership_check" % code, token=CUSTOMER_TOKEN)
    assert reply.status == 200
    info = reply.body
    assert set(info) == {"file_name", "file_content", "url"}
    assert info["file_name"].endswith(".html") and info["url"] == "http://html.com/" + info["file_name"]
    assert info["file_content"]
    assert sim.api("GET", "/api/domains/%s/html_ownership_check" % code).body == info
    other = make_domain("other.com")
    assert sim.api("GET", "/api/domains/%s/html_ownership_check" % other).body["file_content"] != info["file_content"]


def test_verify_then_activation_is_queued(sim, make_domain):
    code = make_domain("html.com")
    path = "/api/domains/%s/html_ownership_check" % code
    info = sim.api("GET", path).body
    reply = sim.api("PUT", path, token=CUSTOMER_TOKEN)
    assert reply.status == 422
    assert reply.body["errors"] == [{"field": "url", "description": "file not found at %s" % info["url"]}]
    assert status_of(sim, "/api/domains/" + code) == ("ownership_check", "ownership_check_failed")
    publish(sim, url=info["url"], file_content="something else")
    assert sim.api("PUT", path).body["errors"] == [{"field": "file_content", "description": "does not match"}]
    publish(sim, domain="www.html.com", file_name=info["file_name"], file_content=info["file_content"] + "\n")
    reply = sim.api("PUT", path, token=CUSTOMER_TOKEN)
    assert (reply.status, reply.body) == (204, None)
    assert status_of(sim, "/api/domains/" + code) == ("updating", "queued")
    sim.wait_until(lambda: status_of(sim, "/api/domains/" + code) == ("enabled", "ok"))
    domain = sim.resource("/api/domains/" + code)
    assert domain["is_healthy"] is True and domain["activated_at"]
    assert sim.api("PUT", path).status == 204, "nothing left to verify"
    assert status_of(sim, "/api/domains/" + code) == ("enabled", "ok")


def test_https_url_counts(sim, make_domain):
    code = make_domain("tls.com")
    info = sim.api("GET", "/api/domains/%s/html_ownership_check" % code).body
    publish(sim, url=info["url"].replace("http://", "https://"), file_content=info["file_content"])
    assert sim.api("PUT", "/api/domains/%s/html_ownership_check" % code).status == 204


def test_alias_domain_variant(sim, make_domain):
    code = make_domain("main.com")
    alias = sim.api("POST", "/api/domains/%s/aliases" % code, {"name": "alias.org"}).body["resource_code"]
    path = "/api/domains/%s/aliases/%s/html_ownership_check" % (code, alias)
    info = sim.api("GET", path).body
    assert info["url"].startswith("http://alias.org/")
    assert sim.api("PUT", path).status == 422
    publish(sim, url=info["url"], file_content=info["file_content"])
    assert sim.api("PUT", path).status == 204
    alias_path = "/api/domains/%s/aliases/%s" % (code, alias)
    assert status_of(sim, alias_path) == ("updating", "queued")
    sim.wait_until(lambda: status_of(sim, alias_path) == ("enabled", "ok"))
    assert status_of(sim, "/api/domains/" + code)[0] == "ownership_check", "only the alias domain was proven"


def test_visibility(sim, make_domain):
    code = sim.seed(domains=[{"name": "theirs.com", "customer_code": "C100000002"}])["domains"][0]
    assert sim.api("GET", "/api/domains/%s/html_ownership_check" % code, token=CUSTOMER_TOKEN).status == 404
    assert sim.api("PUT", "/api/domains/%s/html_ownership_check" % code, token=CUSTOMER_TOKEN).status == 404
    mine = make_domain("mine.com")
    assert sim.api("GET", "/api/domains/%s/aliases/AD00000000/html_ownership_check" % mine).status == 404


def test_sim_website_control(sim):
    assert sim.control("GET", "website") == {"files": []}
    publish(sim, url="http://a.com/x.html", file_content="x")
    publish(sim, domain="b.com", file_name="/y.html", file_content="y")
    assert [item["key"] for item in sim.control("GET", "website")["files"]] == ["a.com/x.html", "b.com/y.html"]
    assert sim.control("DELETE", "website", {"url": "https://www.a.com/x.html"})["files"][0]["key"] == "b.com/y.html"
    assert sim.call("PUT", "/_sim/website", {"url": "http://a.com/x"}).status == 400
    assert sim.call("PUT", "/_sim/website", {"file_content": "x"}).status == 400
    assert sim.control("DELETE", "website") == {"files": []}
    publish(sim, url="http://a.com/x.html", file_content="x")
    sim.reset()
    assert sim.control("GET", "website") == {"files": []}
