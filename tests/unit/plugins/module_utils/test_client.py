# -*- coding: utf-8 -*-
# Copyright: (c) 2026, qboxmail.qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later
"""Client tests with scripted HTTP sequences: every answer the fake session gives is written out here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest
import requests

from ansible_collections.qboxmail.qboxmail.plugins.module_utils import _client
from ansible_collections.qboxmail.qboxmail.tests.unit.plugins.scripted_http import (
    FakeResponse, ScriptedSession, dropped, page, refused,
)
from ansible_collections.qboxmail.qboxmail.plugins.module_utils._client import (
    BILLING_HINT, Client, QboxmailError, QboxmailUncertainError, never_reached_server, parse_retry_after,
)


def make(script, family="management", **kwargs):
    sleeps = []
    session = ScriptedSession(script)
    client = Client("http://api.test", "secret-token", family=family, session=session, sleep=sleeps.append, **kwargs)
    return client, session, sleeps


# ----------------------------------------------------------------------------- auth and base URLs
def test_management_auth_header_and_tls():
    client, session, _sleeps = make([FakeResponse(200, {"resources": [], "pagination": {}})], validate_certs=False)
    client.get("/api/domains")
    assert session.headers["X-Api-Token"] == "secret-token"
    assert "Authorization" not in session.headers
    assert session.verify is False
    assert session.calls[0]["url"] == "http://api.test/api/domains"


def test_send_family_uses_bearer_and_strips_v1():
    session = ScriptedSession([FakeResponse(202, {"error_code": 0})])
    client = Client("https://send.test/v1/", "tok", family="send", session=session, ca_path="/ca.pem")
    client.post("/v1/send", {"messages": []})
    assert session.headers["Authorization"] == "Bearer tok"
    assert session.calls[0]["url"] == "https://send.test/v1/send"
    assert session.verify == "/ca.pem"


# ----------------------------------------------------------------------------- pagination
def test_paginate_uses_largest_page_and_follows_total_pages():
    first = [{"code": "D%09d" % i} for i in range(100)]
    second = [{"code": "D%09d" % i} for i in range(100, 130)]
    client, session, _sleeps = make([page(first, 1, 2), page(second, 2, 2)])
    items = list(client.paginate("/api/domains", {"status": "enabled"}))
    assert len(items) == 130
    assert [c["params"]["page"] for c in session.calls] == [1, 2]
    assert all(c["params"]["per"] == 100 and c["params"]["status"] == "enabled" for c in session.calls)


def test_paginate_without_total_pages_stops_on_short_page():
    client, session, _sleeps = make([FakeResponse(200, {"resources": [{"code": "a"}]})])
    assert list(client.paginate("/api/x")) == [{"code": "a"}]
    assert len(session.calls) == 1


def test_paginate_adds_customer_code_for_admin_tokens():
    client, session, _sleeps = make([page([], 1, 1)], customer_code="C1")
    list(client.paginate("/api/domains"))
    assert session.calls[0]["params"]["customer_code"] == "C1"


def test_find_filters_server_side_and_matches_exactly():
    client, session, _sleeps = make([page([{"name": "example.com", "code": "D1"}, {"name": "example.com.au", "code": "D2"},
                                     {"name": "my-example.com", "code": "D3"}], 1, 1)])
    found = client.find("/api/domains", "name", "Example.com")
    assert [f["code"] for f in found] == ["D1"]
    assert session.calls[0]["params"]["query"] == "Example.com"


# ----------------------------------------------------------------------------- retries
def test_get_retries_429_honouring_retry_after():
    client, session, sleeps = make([
        FakeResponse(429, {"message": "Too Many Requests", "errors": []}, {"Retry-After": "7"}),
        FakeResponse(503, {"message": "Service Unavailable", "errors": []}),
        FakeResponse(200, {"resources": [{"code": "D1"}], "pagination": {}}),
    ])
    assert client.get("/api/domains/D1").resources == [{"code": "D1"}]
    assert len(session.calls) == 3
    assert sleeps[0] == 7.0
    assert 0 < sleeps[1] <= 1.0  # backoff with jitter after attempt 1: 1.0 * [0.5, 1.0]


def test_retry_budget_is_respected():
    client, session, sleeps = make([FakeResponse(502, {"message": "Bad Gateway", "errors": []})] * 3, retries=2)
    with pytest.raises(QboxmailError) as err:
        client.get("/api/domains")
    assert err.value.status == 502
    assert len(session.calls) == 3 and len(sleeps) == 2


def test_retries_zero_disables_retries():
    client, session, _sleeps = make([FakeResponse(503, {"message": "x", "errors": []})], retries=0)
    with pytest.raises(QboxmailError):
        client.get("/api/domains")
    assert len(session.calls) == 1


def test_put_and_delete_are_retried_on_dropped_connection():
    client, session, _sleeps = make([dropped(), FakeResponse(204), dropped(), FakeResponse(204)])
    client.put("/api/domains/D1", {"antispam_level": 2})
    client.delete("/api/domains/D1")
    assert [c["method"] for c in session.calls] == ["PUT", "PUT", "DELETE", "DELETE"]


def test_create_is_not_retried_after_dropped_connection():
    client, session, _sleeps = make([dropped(), FakeResponse(200, {"resource_code": "D1"})])
    with pytest.raises(QboxmailUncertainError):
        client.post("/api/domains", {"name": "example.com"})
    assert len(session.calls) == 1


def test_create_is_not_retried_after_read_timeout():
    client, session, _sleeps = make([requests.exceptions.ReadTimeout("read timed out")])
    with pytest.raises(QboxmailUncertainError):
        client.post("/api/domains", {"name": "example.com"})
    assert len(session.calls) == 1


@pytest.mark.parametrize("status", [502, 504])
def test_create_gateway_error_is_uncertain_and_not_retried(status):
    client, session, _sleeps = make([FakeResponse(status, {"message": "gateway", "errors": []}),
                                     FakeResponse(200, {"resource_code": "D1"})])
    with pytest.raises(QboxmailUncertainError):
        client.post("/api/domains", {"name": "example.com"})
    assert len(session.calls) == 1


def test_create_is_retried_after_refused_connection():
    client, session, _sleeps = make([refused(), FakeResponse(200, {"resource_code": "D1"})])
    resp = client.post("/api/domains", {"name": "example.com"})
    assert Client.created_code(resp) == "D1"
    assert len(session.calls) == 2


def test_post_retried_on_rate_limit_but_never_on_quota_exceeded():
    limited = FakeResponse(429, {"error_code": 429, "message": "slow down", "error": "rate_limited",
                                 "request_id": "r1"}, {"Retry-After": "1"})
    client, session, sleeps = make([limited, FakeResponse(202, {"error_code": 0})], family="send")
    client.post("/v1/send", {"messages": [1]})
    assert len(session.calls) == 2 and sleeps == [1.0]
    quota = FakeResponse(429, {"error_code": 429, "message": "monthly quota exhausted", "error": "quota_exceeded",
                               "request_id": "r2"})
    client, session, _sleeps = make([quota, FakeResponse(202, {})], family="send")
    with pytest.raises(QboxmailError) as err:
        client.post("/v1/send", {"messages": [1]})
    assert len(session.calls) == 1
    assert err.value.error == "quota_exceeded" and err.value.request_id == "r2"


def test_retry_after_http_date_and_garbage():
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_huge_retry_after_is_capped():
    client, _session, sleeps = make([FakeResponse(429, {"message": "x", "errors": []}, {"Retry-After": "99999"}),
                                     FakeResponse(200, {"resources": []})])
    client.get("/api/domains")
    assert sleeps == [_client.RETRY_AFTER_CAP]


def test_never_reached_server_classification():
    assert never_reached_server(refused())
    assert not never_reached_server(dropped())
    assert never_reached_server(requests.exceptions.ConnectTimeout("connect timeout"))


# ----------------------------------------------------------------------------- errors
def test_error_mapping_management_422():
    body = {"message": "Validation failed", "errors": [{"field": "name", "description": "already exists"}]}
    client, _session, _sleeps = make([FakeResponse(422, body)])
    with pytest.raises(QboxmailError) as err:
        client.post("/api/domains", {"name": "example.com"})
    text = str(err.value)
    assert "HTTP 422" in text and "POST /api/domains" in text
    assert "Validation failed" in text and "name already exists" in text
    assert err.value.details()["errors"] == body["errors"]
    assert "secret-token" not in text


def test_error_mapping_send_api():
    body = {"error_code": 400, "message": "Request body must include a non-empty `messages` array.",
            "error": "missing_send_payload", "request_id": "f43eb659"}
    client, _session, _sleeps = make([FakeResponse(400, body)], family="send")
    with pytest.raises(QboxmailError) as err:
        client.post("/v1/send", {"messages": []})
    assert err.value.error == "missing_send_payload"
    assert "request_id=f43eb659" in str(err.value)


def test_error_map_of_field_messages_is_tolerated():
    client, _session, _sleeps = make([FakeResponse(422, {"message": "Validation failed", "errors": {"name": ["is not valid"]}})])
    with pytest.raises(QboxmailError) as err:
        client.put("/api/domains/D1", {})
    assert err.value.errors == [{"field": "name", "description": "is not valid"}]


def test_billing_403_on_billable_create_gets_the_hint():
    body = {"message": "Forbidden: complete the first order in the Qboxmail panel before creating paid resources "
                       "via API", "errors": []}
    client, _session, _sleeps = make([FakeResponse(403, body), FakeResponse(403, {"message": "Forbidden", "errors": []})])
    with pytest.raises(QboxmailError) as err:
        client.post("/api/domains", {}, billable=True)
    assert err.value.hint == BILLING_HINT and "complete the first order" in str(err.value)
    with pytest.raises(QboxmailError) as err:
        client.put("/api/domains/D1/status", {"status": "disabled"})
    assert err.value.hint is None


def test_get_one_returns_none_on_404():
    client, _session, _sleeps = make([FakeResponse(404, {"message": "Not found", "errors": []})])
    assert client.get_one("/api/domains/D1") is None


@pytest.mark.parametrize("resp,expected", [
    (FakeResponse(200, {"message": "created", "resource_code": "D123456789"}), "D123456789"),
    (FakeResponse(201, {"resources": [{"id": 42, "description": "x"}], "pagination": {}}), 42),
    (FakeResponse(202, None, {"Location": "/api/domains/D987654321"}), "D987654321"),
])
def test_created_code_tolerates_documented_variants(resp, expected):
    client, _session, _sleeps = make([resp])
    assert Client.created_code(client.post("/api/x", {}), "id") == expected


# ----------------------------------------------------------------------------- hostile input (reliability issue)
def test_a_token_with_a_trailing_newline_is_stripped_and_never_shown():
    client, session, _sleeps = make([FakeResponse(200, {"resources": [], "pagination": {}})])
    client = Client("http://api.test", "secret-token\n", session=session)
    assert session.headers["X-Api-Token"] == "secret-token"
    with pytest.raises(ValueError) as err:
        Client("http://api.test", "secret\ntoken", session=ScriptedSession([]))
    assert "secret" not in str(err.value).replace("api_token", "") and "line break" in str(err.value)


def test_invalid_header_is_caught_without_its_value():
    client, _session, _sleeps = make([requests.exceptions.InvalidHeader("Invalid leading whitespace in header value 'secret-token\\n'")])
    with pytest.raises(QboxmailError) as err:
        client.get("/api/domains")
    assert "secret-token" not in str(err.value) and "HTTP header" in str(err.value)


def test_tls_verification_failure_names_the_fix():
    import ssl
    cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed certificate")
    cause.verify_message = "self-signed certificate"
    wrapper = type("MaxRetryError", (Exception,), {})("Max retries exceeded")
    wrapper.reason = cause
    failure = requests.exceptions.SSLError(wrapper)
    client, _session, _sleeps = make([failure])
    with pytest.raises(QboxmailError) as err:
        client.get("/api/domains")
    text = str(err.value)
    assert "certificate verify failed for http://api.test: self-signed certificate" in text
    assert "set ca_path" in text and "validate_certs" in text


@pytest.mark.parametrize("kwargs,verify", [
    (dict(ca_path="/ca.pem"), "/ca.pem"), (dict(ca_path="/ca.pem", validate_certs=False), "/ca.pem"),
    (dict(validate_certs=False), False), (dict(), None),
])
def test_tls_settings_go_with_every_request_so_the_environment_cannot_override_them(kwargs, verify):
    client, session, _sleeps = make([FakeResponse(200, {"resources": []})], **kwargs)
    client.get("/api/x")
    assert session.calls[0].get("verify", None) == verify


def test_path_values_are_single_segments():
    assert _client.path("/api/domains/{code}", code="../delivery/accounts") == "/api/domains/..%2Fdelivery%2Faccounts"
    assert _client.path("/api/domains/{code}", code="..") == "/api/domains/%2E%2E"
    assert _client.path("/api/domains/{code}/x", code="D1?status=all") == "/api/domains/D1%3Fstatus%3Dall/x"


@pytest.mark.parametrize("url", ["ftp://api.test", "api.qboxmail.com", "https://", "https://h:99999", "https://h/?q=1", ""])
def test_malformed_base_urls_are_refused(url):
    with pytest.raises(ValueError) as err:
        _client.check_base_url(url, "api_url")
    assert "api_url" in str(err.value)


@pytest.mark.parametrize("path", ["/api/delivery/accounts/7/reset_password", "/api/domains/D1/email_ownership_check",
                                  "/api/domains/D1/dkim/reset", "/api/migrations/MG00000001", "/api/domains/D1/dns"])
def test_non_idempotent_puts_are_never_retried_after_an_ambiguous_failure(path):
    client, session, _sleeps = make([dropped()], retries=3)
    with pytest.raises(QboxmailUncertainError):
        client.put(path)
    assert len(session.calls) == 1


def test_idempotent_put_is_retried():
    client, session, _sleeps = make([dropped(), FakeResponse(204)], retries=3)
    client.put("/api/domains/D1")
    assert len(session.calls) == 2


def test_missing_permission_403_names_the_permission_and_how_to_grant_it():
    session = ScriptedSession([FakeResponse(403, {"message": "Forbidden: missing permission accounts_create", "errors": []})])
    client = Client("http://api.test", "tok", session=session, sleep=lambda s: None)
    with pytest.raises(QboxmailError) as err:
        client.request("POST", "/api/domains/D123456789/email_accounts", body={}, billable=True)
    assert "missing permission accounts_create" in str(err.value)
    assert "add accounts_create to its permissions with qboxmail.qboxmail.team_member" in str(err.value)
    assert err.value.hint != BILLING_HINT   # the permission, not the billing profile, is what is missing


# ----------------------------------------------------------------------------- 401 help
def test_management_401_names_the_token_header_variable_and_host():
    client, _session, _sleeps = make([FakeResponse(401, {"message": "Unauthorized"})])
    with pytest.raises(QboxmailError) as err:
        client.get("/api/domains")
    text = str(err.value)
    assert text.startswith("HTTP 401 on GET /api/domains: Unauthorized. ")
    for needed in ("api_token", "X-Api-Token", "QBOXMAIL_API_TOKEN", "http://api.test", "QBOXMAIL_API_URL",
                   "send_api_token"):
        assert needed in text, needed
    assert "secret-token" not in text


def test_list_unpaged_sends_no_parameters_but_the_admin_scope():
    client, session, _sleeps = make([FakeResponse(200, {"resources": [{"id": 1}], "pagination": {}})] * 2)
    assert client.list_unpaged("/api/delivery/accounts/7/api_tokens") == [{"id": 1}]
    assert not session.calls[0]["params"]
    admin, session, _sleeps = make([FakeResponse(200, {"resources": [], "pagination": {}})], customer_code="C1")
    assert admin.find("/api/delivery/accounts/7/api_tokens", "label", "ci", unpaged=True) == []
    assert session.calls[0]["params"] == {"customer_code": "C1"}
