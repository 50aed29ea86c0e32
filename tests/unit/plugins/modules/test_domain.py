# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""domain and domain_info module logic, run in-process against the threaded simulator."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.modules import domain, domain_info

PASSWORD = "Postm4ster-secret"


def create(run_module, **extra):
    args = dict(name="example.com", postmaster_password=PASSWORD)
    args.update(extra)
    return run_module(domain.main, args)


def test_check_mode_create_writes_nothing(run_module, sim):
    result, failed = run_module(domain.main, dict(name="example.com", postmaster_password=PASSWORD),
                                check_mode=True, diff=True)
    assert not failed and result["changed"]
    assert result["diff"]["after"]["postmaster_password"] == "********"
    assert sim.requests(write=True) == []
    assert [r["method"] for r in sim.requests()] == ["GET"]


def test_create_then_idempotent(run_module, sim):
    first, failed = create(run_module, default_quota="2G", allow_nets=["192.0.2.1"])
    assert not failed and first["changed"]
    assert first["domain"]["default_quota"] == 2147483648
    assert PASSWORD not in repr(first)
    second, _failed = create(run_module, default_quota="2048M", allow_nets=["192.0.2.1"])
    assert not second["changed"]
    # the no-op run read once (one filtered list call) and wrote nothing
    writes = sim.requests(write=True)
    assert [w["method"] for w in writes] == ["POST"]
    assert writes[0]["body"]["postmaster_password"] == "********"


def test_diff_shows_only_changed_keys(run_module, sim):
    create(run_module, antispam_level="standard", imap=True)
    args = dict(name="example.com", antispam_level="aggressive", imap=True, pop=True)
    result, _failed = run_module(domain.main, args, diff=True)
    assert result["changed"]
    assert result["diff"] == {"before": {"antispam_level": "standard"}, "after": {"antispam_level": "aggressive"}}


def test_bad_quota_fails_before_any_request(run_module, sim):
    result, failed = run_module(domain.main, dict(name="example.com", default_quota="3G3"))
    assert failed and "default_quota" in result["msg"]
    assert sim.requests() == []


def test_uncertain_create_is_looked_up_and_never_sent_twice(run_module, sim):
    sim.fault(method="POST", path="/api/domains", drop=True, count=1)
    result, failed = create(run_module)
    assert failed and result["changed"] and "it is not sent again" in result["msg"]
    methods = [(r["method"], r["path"]) for r in sim.requests()]
    post = ("POST", "/api/domains")
    assert methods.count(post) == 1
    assert ("GET", "/api/domains") in methods[methods.index(post) + 1:]
    again, failed = create(run_module)
    assert not failed and again["changed"]
    listed, _failed = run_module(domain_info.main, dict(query="example.com"))
    assert len(listed["domains"]) == 1


def test_a_create_processed_before_the_answer_was_lost_is_found(run_module, sim):
    sim.fault(method="POST", path="/api/domains", drop=True, after=True, count=1)
    result, failed = create(run_module)
    assert not failed and result["changed"] and any("failed in transit, but it exists" in w for w in result["warnings"])
    assert [r["method"] for r in sim.requests() if r["path"] == "/api/domains"].count("POST") == 1


def test_missing_token_fails_with_env_var_hint(run_module, sim):
    result, failed = run_module(domain_info.main, dict(name="example.com", api_token=None))
    assert failed and "QBOXMAIL_API_TOKEN" in result["msg"]


def test_info_reads_one_filtered_page(run_module, sim):
    create(run_module)
    before = len(sim.requests())
    result, failed = run_module(domain_info.main, dict(name="EXAMPLE.com"))
    assert not failed and [d["name"] for d in result["domains"]] == ["example.com"]
    calls = sim.requests()[before:]
    assert len(calls) == 1
    assert calls[0]["query"].get("query") == "example.com" and str(calls[0]["query"].get("per")) == "100"


def test_dkim_without_dkim_status_is_left_alone_with_a_warning(run_module, sim):
    """CONTRACT.md: has_dkim is 1 for enabled and for disabled DKIM; without dkim_status the state is unknown."""
    sim.seed(domains=[{"name": "example.com", "customer_code": "C100000001", "status": "enabled", "has_dkim": 1,
                       "dkim_status": "disabled", "dkim_selector": "qbx", "dkim_public_key": "v=DKIM1; p=abc"}])
    first, failed = run_module(domain.main, dict(name="example.com", dkim="disabled"))
    assert not failed and not first["changed"] and not first.get("warnings")
    sim.gaps(omit_dkim_status=True)
    assert "dkim_status" not in sim.api("GET", "/api/domains").body["resources"][0]
    since = sim.requests()[-1]["seq"]
    for want in ("disabled", "disabled", "enabled"):
        result, failed = run_module(domain.main, dict(name="example.com", dkim=want), check_mode=want == "enabled")
        assert not failed and not result["changed"], result
        assert any("without dkim_status" in w for w in result["warnings"])
    assert sim.requests(write=True, since=since) == []
    (item,) = run_module(domain_info.main, dict(name="example.com"))[0]["domains"]
    assert "dkim" not in item["options"], "the view does not guess the DKIM state"
