# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""TLS: the simulator serves HTTPS with a throwaway CA. Defaults refuse it with a clear message; ca_path accepts it;
validate_certs=false accepts it; each with and without REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE pointing at another
bundle (which must not win over ca_path or validate_certs=false)."""
from __future__ import annotations

import warnings

import pytest

from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator
from ansible_collections.qboxmail.qboxmail.tests.simulator.tls import make_test_pki
from ansible_collections.qboxmail.qboxmail.tests.sweeps.conftest import COUNTS, Runner

ENVIRONMENTS = {"plain": {}, "REQUESTS_CA_BUNDLE": "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE": "CURL_CA_BUNDLE"}


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    ours = make_test_pki(str(tmp_path_factory.mktemp("pki")))
    other = make_test_pki(str(tmp_path_factory.mktemp("other")))
    with running_simulator(async_delay=0, tls_cert=ours.cert, tls_key=ours.key, cafile=ours.ca) as sim:
        yield sim, ours, other


@pytest.mark.parametrize("environment", sorted(ENVIRONMENTS))
@pytest.mark.parametrize("setting", ["default", "ca_path", "validate_certs_false"])
def test_tls_settings(pki, monkeypatch, tmp_path, environment, setting):
    sim, ours, other = pki
    for var in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(var, raising=False)
    if environment != "plain":
        monkeypatch.setenv(environment, other.ca)   # a bundle that does not sign the simulator's certificate
    connection = {"default": {}, "ca_path": {"ca_path": ours.ca}, "validate_certs_false": {"validate_certs": False}}[setting]
    runner = Runner(sim, monkeypatch, tmp_path)
    sim.reset(async_delay=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")   # urllib3's InsecureRequestWarning for validate_certs=false, which is the point
        result, failed = runner.run("domain_info", {"query": "example"}, **connection)
    if setting == "default":
        assert failed, "an unknown CA was accepted"
        assert "certificate verify failed for %s" % sim.url in result["msg"], result["msg"]
        assert "set ca_path" in result["msg"] and "validate_certs" in result["msg"]
        assert "Traceback" not in result["msg"]
    else:
        assert not failed, "%s with %s refused: %s" % (setting, environment, result.get("msg"))
    COUNTS["tls: settings x environments"] += 1


def test_the_environment_bundle_applies_when_nothing_else_is_set(pki, monkeypatch, tmp_path):
    sim, ours, _other = pki
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", ours.ca)
    result, failed = Runner(sim, monkeypatch, tmp_path).run("domain_info", {"query": "example"})
    assert not failed, result.get("msg")
    COUNTS["tls: settings x environments"] += 1
