# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""domain_info returns each domain's dns_records exactly as domain does, so a read-only playbook can publish them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.qboxmail.qboxmail.plugins.modules import domain, domain_info

PASSWORD = "Postm4ster-secret"


def test_domain_info_gives_the_records_domain_gives(run_module, sim):
    made, failed = run_module(domain.main, dict(name="example.com", postmaster_password=PASSWORD, dkim="enabled",
                                                ownership_method="dns"))
    assert not failed, made
    purposes = sorted(r["purpose"] for r in made["dns_records"])
    assert purposes == ["dkim", "ownership"]
    sim.clear_requests()
    info, failed = run_module(domain_info.main, dict(name="example.com"))
    assert not failed and not info["changed"]
    [obj] = info["domains"]
    assert obj["dns_records"] == made["dns_records"]
    assert sim.requests(write=True) == []
    listed, failed = run_module(domain_info.main, dict())
    assert [d["dns_records"] for d in listed["domains"]] == [made["dns_records"]]


def test_a_verified_domain_lists_no_ownership_record(run_module, sim):
    sim.seed(domains=[{"name": "done.example.com", "customer_code": "C100000001", "status": "enabled"}])
    info, failed = run_module(domain_info.main, dict(name="done.example.com"))
    assert not failed and info["domains"][0]["dns_records"] == []
