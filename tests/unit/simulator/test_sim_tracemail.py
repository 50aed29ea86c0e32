# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: TraceMail reads (mailouts, counters, dashboard, filter options, reports), dashboard alerts, /_sim/tracemail."""
from __future__ import annotations

import datetime
import urllib.parse

import pytest

from tests.simulator.testing import CUSTOMER_TOKEN, NOBILLING_TOKEN

ENTRY_FIELDS = {"message_id", "request_id", "account", "domain", "from", "to", "subject", "status", "collection",
                "error_category", "error_message", "auth_protocol", "submitted_at", "processed_at", "customer_code"}
SHOP, NEWS, OTHER = 1, 2, 3


@pytest.fixture(name="world")
def fixture_world(sim):
    """Three accounts (two of customer 1, one of customer 2) with their domains and a known mix of entries."""
    codes = sim.seed(delivery_domains=[{"name": "mail.example.com", "verified": True},
                                       {"name": "news.example.com", "verified": True},
                                       {"name": "other.example.net", "verified": True, "customer_code": "C100000002"}])
    mail, news, other = codes["delivery_domains"]
    sim.seed(delivery_accounts=[{"id": SHOP, "description": "Shop", "domain_codes": [mail]},
                                {"id": NEWS, "description": "News", "type": "newsletter", "domain_codes": [news]},
                                {"id": OTHER, "description": "Other", "domain_codes": [other], "customer_code": "C100000002"}])
    shop = {"account": SHOP, "from": "billing@mail.example.com"}
    entries = [
        dict(shop, to="a1@example.org", subject="Invoice 1", submitted_at="2026-03-10"),
        dict(shop, to="A2@Example.org", subject="Invoice 2", submitted_at="2026-03-10T08:00:00.000Z"),
        dict(shop, to="a3@example.org", subject="Receipt", submitted_at="2026-03-10T09:00:00.000Z"),
        dict(shop, to="b@bounce.test", subject="Invoice 3", status="bounce", submitted_at="2026-03-11"),
        dict(shop, to="s@example.org", subject="Invoice 4", status="suppressed", submitted_at="2026-03-11"),
        dict(shop, to="q@example.org", subject="Invoice 5", collection="queued", submitted_at="2026-03-12"),
        dict(shop, to="smtp@example.org", subject="Via SMTP", auth_protocol="smtp", submitted_at="2026-03-12"),
        dict(shop, collection="errors", error_category="auth", error_message="ip_not_allowed", submitted_at="2026-03-12"),
        dict(shop, collection="errors", error_category="limits", submitted_at="2026-03-12"),
        dict(shop, collection="errors", error_category="limits", submitted_at="2026-03-12"),
        {"account": NEWS, "to": "n1@example.org", "subject": "Newsletter", "submitted_at": "2026-03-11"},
        {"account": NEWS, "to": "n2@example.org", "subject": "Newsletter", "submitted_at": "2026-03-11"},
        {"account": OTHER, "to": "o1@example.org", "subject": "Theirs", "submitted_at": "2026-03-10"},
        {"account": OTHER, "to": "o2@bounce.test", "subject": "Theirs", "status": "bounce", "submitted_at": "2026-03-10"},
        dict(shop, to="old@example.org", subject="January", submitted_at="2026-01-05"),
        dict(shop, to="older@example.org", subject="September", submitted_at="2025-09-01"),
    ]
    ids = sim.control("POST", "tracemail", {"entries": entries})["entries"]
    assert len(ids) == len(entries)
    return {"mail": mail, "news": news, "other": other}


def get(sim, path, token=None, **query):
    suffix = "?" + urllib.parse.urlencode(query) if query else ""
    reply = sim.api("GET", path + suffix, token=token) if token else sim.api("GET", path + suffix)
    return reply


def mailouts(sim, token=None, **query):
    reply = get(sim, "/api/delivery/tracemail/mailouts", token, **query)
    assert reply.status == 200, reply
    return reply.body["resources"]


def tos(rows):
    return sorted(row["to"] for row in rows)


# ------------------------------------------------------------------------------------------ mailouts
@pytest.mark.usefixtures("world")
def test_mailouts_default_collection_scoping_and_shape(sim):
    everything = mailouts(sim)
    assert {row["collection"] for row in everything} == {"worked"} and len(everything) == 12
    assert all(set(row) == ENTRY_FIELDS for row in everything)
    assert [row["submitted_at"] for row in everything] == sorted((row["submitted_at"] for row in everything), reverse=True)
    mine = mailouts(sim, CUSTOMER_TOKEN)
    assert len(mine) == 10 and {row["customer_code"] for row in mine} == {"C100000001"}
    assert tos(mailouts(sim, customer_code="C100000002")) == ["o1@example.org", "o2@bounce.test"]
    assert tos(mailouts(sim, NOBILLING_TOKEN)) == ["o1@example.org", "o2@bounce.test"]  # customer C100000002
    assert mailouts(sim, CUSTOMER_TOKEN, customer_code="C100000002") == mine  # customer_code is for admins only
    assert mailouts(sim, CUSTOMER_TOKEN, account=OTHER) == []  # another customer's account: nothing, no error
    reply = get(sim, "/api/delivery/tracemail/mailouts", CUSTOMER_TOKEN)
    assert reply.body["pagination"]["per"] == 30 and reply.body["pagination"]["total_records"] == 10


def test_mailouts_every_filter(sim, world):
    def find(**query):
        return tos(mailouts(sim, CUSTOMER_TOKEN, **query))

    assert find(account=NEWS) == ["n1@example.org", "n2@example.org"]
    assert find(domain="news.example.com") == find(domain=world["news"]) == ["n1@example.org", "n2@example.org"]
    assert find(start_date="2026-03-11", end_date="2026-03-11") == ["b@bounce.test", "n1@example.org", "n2@example.org", "s@example.org"]
    assert find(start_date="2026-03-12") == ["smtp@example.org"]
    assert find(end_date="2026-01-31") == ["old@example.org", "older@example.org"]
    assert find(**{"from": "BILLING@mail.example.com", "start_date": "2026-03-10", "end_date": "2026-03-10"}) == [
        "A2@Example.org", "a1@example.org", "a3@example.org"]
    assert find(**{"from": "billing@mail"}) == []  # whole address, not a substring
    assert find(to="a2@example.ORG") == ["A2@Example.org"]
    assert find(subject="invoice") == ["A2@Example.org", "a1@example.org", "b@bounce.test", "s@example.org"]
    assert find(auth_protocol="smtp") == ["smtp@example.org"]
    assert len(find(auth_protocol="api")) == 9
    assert find(status="bounce") == ["b@bounce.test"] and find(status="suppressed") == ["s@example.org"]
    assert find(collection="queued") == ["q@example.org"]
    errors = mailouts(sim, CUSTOMER_TOKEN, collection="errors")
    assert sorted(row["error_category"] for row in errors) == ["auth", "limits", "limits"]
    limits = mailouts(sim, CUSTOMER_TOKEN, collection="errors", error_category="limits")
    assert len(limits) == 2 and all(row["status"] is None for row in limits)
    assert mailouts(sim, CUSTOMER_TOKEN, collection="errors", error_category="generic") == []
    status = get(sim, "/api/delivery/tracemail/mailouts", CUSTOMER_TOKEN, status="bounce").body["pagination"]["status"]
    assert status == "bounce"


@pytest.mark.parametrize("query, field", [
    ({"collection": "all"}, "collection"), ({"status": "deferred"}, "status"), ({"error_category": "dns"}, "error_category"),
    ({"auth_protocol": "imap"}, "auth_protocol"), ({"start_date": "10/03/2026"}, "start_date"), ({"end_date": "2026-02-30"}, "end_date"),
    ({"start_date": "2026-03-12", "end_date": "2026-03-10"}, "start_date"), ({"account": "Shop"}, "account"),
    ({"per": "0"}, "per"), ({"page": "x"}, "page"),
])
@pytest.mark.usefixtures("world")
def test_mailouts_invalid_filters(sim, query, field):
    reply = get(sim, "/api/delivery/tracemail/mailouts", CUSTOMER_TOKEN, **query)
    assert reply.status == 422 and reply.body["errors"][0]["field"] == field


@pytest.mark.usefixtures("world")
def test_mailouts_paging(sim):
    sim.control("POST", "tracemail", {"entries": [{"account": NEWS, "to": "p%02d@example.org" % i, "subject": "Paged",
                                                   "submitted_at": "2026-04-01T10:%02d:00.000Z" % i} for i in range(35)]})
    first = get(sim, "/api/delivery/tracemail/mailouts", CUSTOMER_TOKEN, subject="Paged").body
    assert len(first["resources"]) == 30
    assert {k: first["pagination"][k] for k in ("per", "page", "total_pages", "total_records")} == {
        "per": 30, "page": 1, "total_pages": 2, "total_records": 35}
    assert first["resources"][0]["to"] == "p34@example.org"  # newest first
    second = get(sim, "/api/delivery/tracemail/mailouts", CUSTOMER_TOKEN, subject="Paged", page=2).body
    assert tos(second["resources"]) == ["p%02d@example.org" % i for i in range(5)]
    clamped = get(sim, "/api/delivery/tracemail/mailouts", CUSTOMER_TOKEN, per=500).body
    assert clamped["pagination"]["per"] == 100 and len(clamped["resources"]) == 45
    small = get(sim, "/api/delivery/tracemail/mailouts", CUSTOMER_TOKEN, subject="Paged", per=10, page=4).body
    assert len(small["resources"]) == 5 and small["pagination"]["total_pages"] == 4


# ------------------------------------------------------------------------------------------ counters
@pytest.mark.usefixtures("world")
def test_counters(sim):
    def counters(token=None, **query):
        reply = get(sim, "/api/delivery/tracemail/counters", token, **query)
        assert reply.status == 200 and reply.body["pagination"] == {}
        return reply.body["resources"][0]

    mine = counters(CUSTOMER_TOKEN)
    assert mine == {"all": 11, "delivered": 8, "suppressed": 1, "bounce": 1, "queued": 1, "errors": 3,
                    "authErrors": 1, "limitsErrors": 2, "genericErrors": 0}
    assert counters()["all"] == 13 and counters()["bounce"] == 2
    assert counters(customer_code="C100000002") == {"all": 2, "delivered": 1, "suppressed": 0, "bounce": 1, "queued": 0,
                                                    "errors": 0, "authErrors": 0, "limitsErrors": 0, "genericErrors": 0}
    assert counters(CUSTOMER_TOKEN, account=NEWS)["all"] == 2
    march = counters(CUSTOMER_TOKEN, start_date="2026-03-01", end_date="2026-03-31", auth_protocol="api")
    assert (march["all"], march["delivered"], march["errors"]) == (8, 5, 3)
    assert counters(CUSTOMER_TOKEN, subject="invoice", to="b@bounce.test")["bounce"] == 1
    assert counters(CUSTOMER_TOKEN, **{"from": "nobody@example.org"})["all"] == 0
    assert get(sim, "/api/delivery/tracemail/counters", CUSTOMER_TOKEN, auth_protocol="pop3").status == 422


# ------------------------------------------------------------------------------------------ dashboard and reports
@pytest.mark.usefixtures("world")
def test_dashboard(sim):
    reply = get(sim, "/api/delivery/tracemail/dashboard", CUSTOMER_TOKEN, start_date="2026-03-01", end_date="2026-03-31")
    assert reply.status == 200
    board = reply.body["resources"][0]
    assert (board["start_date"], board["end_date"]) == ("2026-03-01", "2026-03-31")
    assert board["totals"]["all"] == 9 and board["totals"]["errors"] == 3
    # worked in March: 6 delivered, 1 bounce, 1 suppressed
    assert (board["bounce_rate"], board["bounce_rate_status"]) == (12.5, "critical")
    assert (board["suppressed_rate"], board["suppressed_rate_status"]) == (12.5, "at_risk")
    assert board["monthly_totals"] == [
        {"month": "2025-10", "all": 0, "delivered": 0, "bounce": 0, "suppressed": 0},
        {"month": "2025-11", "all": 0, "delivered": 0, "bounce": 0, "suppressed": 0},
        {"month": "2025-12", "all": 0, "delivered": 0, "bounce": 0, "suppressed": 0},
        {"month": "2026-01", "all": 1, "delivered": 1, "bounce": 0, "suppressed": 0},
        {"month": "2026-02", "all": 0, "delivered": 0, "bounce": 0, "suppressed": 0},
        {"month": "2026-03", "all": 9, "delivered": 6, "bounce": 1, "suppressed": 1},
    ]
    assert board["usage"] == {"messages": 6000, "used": 0, "remaining": 6000, "percent": 0.0}
    assert [(row["id"], row["name"], row["all"]) for row in board["top_accounts"]] == [(SHOP, "Shop", 7), (NEWS, "News", 2)]
    sim.control("PUT", "send_limits", {"quotas": {str(NEWS): 1500}})
    news = get(sim, "/api/delivery/tracemail/dashboard", CUSTOMER_TOKEN, account=NEWS, end_date="2026-03-31").body["resources"][0]
    assert news["usage"] == {"messages": 3000, "used": 1500, "remaining": 1500, "percent": 50.0}
    assert (news["bounce_rate"], news["bounce_rate_status"], news["suppressed_rate_status"]) == (0.0, "good", "stable")
    assert news["start_date"] == "2026-03-02"  # 30 days up to the end date by default
    admin = get(sim, "/api/delivery/tracemail/dashboard", end_date="2026-03-31").body["resources"][0]
    assert admin["totals"]["all"] == 11 and len(admin["top_accounts"]) == 3


@pytest.mark.usefixtures("world")
def test_rate_bands_at_their_boundaries(sim):
    def rates(**query):
        board = get(sim, "/api/delivery/tracemail/dashboard", customer_code="C100000002", start_date="2026-05-01",
                    end_date="2026-05-31", **query).body["resources"][0]
        return board["bounce_rate"], board["bounce_rate_status"], board["suppressed_rate"], board["suppressed_rate_status"]

    day = {"account": OTHER, "submitted_at": "2026-05-10"}
    sim.control("POST", "tracemail", {"entries": [day] * 199 + [dict(day, status="bounce")]})
    assert rates() == (0.5, "watch", 0.0, "stable")  # 1 of 200
    sim.control("POST", "tracemail", {"entries": [dict(day, status="suppressed")] * 2})
    assert rates() == (0.5, "good", 0.99, "increasing")  # 1 and 2 of 202: 0.495 % shows as 0.5 but is below the band
    sim.control("POST", "tracemail", {"entries": [dict(day, status="bounce"), dict(day, status="suppressed")]})
    assert rates() == (0.98, "watch", 1.47, "at_risk")  # 2 and 3 of 204
    sim.control("POST", "tracemail", {"entries": [dict(day, status="bounce")]})
    assert rates() == (1.46, "critical", 1.46, "at_risk")  # 3 and 3 of 205
    sim.control("POST", "tracemail", {"entries": [day] * 395})
    assert rates() == (0.5, "watch", 0.5, "increasing")  # 3 and 3 of 600: 0.5 % is in the middle band
    sim.control("POST", "tracemail", {"entries": [day] * 100})
    assert rates() == (0.43, "good", 0.43, "stable")  # 3 and 3 of 700


def test_filter_options(sim, world):
    def options(kind, token=None, **query):
        reply = get(sim, "/api/delivery/tracemail/" + kind, token, **query)
        assert reply.status == 200 and reply.body["pagination"] == {}
        return reply.body["resources"]

    assert options("accounts", CUSTOMER_TOKEN) == [{"id": NEWS, "name": "News"}, {"id": SHOP, "name": "Shop"}]
    assert options("accounts", NOBILLING_TOKEN) == [{"id": OTHER, "name": "Other"}]
    assert len(options("accounts")) == 3 and options("accounts", customer_code="C100000002") == [{"id": OTHER, "name": "Other"}]
    assert options("domains", CUSTOMER_TOKEN) == [{"id": world["mail"], "name": "mail.example.com"},
                                                  {"id": world["news"], "name": "news.example.com"}]
    assert options("domains", CUSTOMER_TOKEN, account=NEWS) == [{"id": world["news"], "name": "news.example.com"}]
    assert options("domains", CUSTOMER_TOKEN, account=OTHER) == []
    sim.api("DELETE", "/api/delivery/accounts/%d?delete_after_billing=true" % NEWS, token=CUSTOMER_TOKEN)
    assert options("accounts", CUSTOMER_TOKEN) == [{"id": SHOP, "name": "Shop"}]  # queued for deletion: absent


@pytest.mark.usefixtures("world")
def test_daily_statistics_and_domain_ranking(sim):
    reply = get(sim, "/api/delivery/tracemail/daily_statistics", CUSTOMER_TOKEN, start_date="2026-03-09", end_date="2026-03-13")
    assert reply.status == 200 and reply.body["pagination"] == {}
    assert reply.body["resources"] == [
        {"date": "2026-03-09", "all": 0, "delivered": 0, "bounce": 0, "suppressed": 0, "queued": 0, "errors": 0},
        {"date": "2026-03-10", "all": 3, "delivered": 3, "bounce": 0, "suppressed": 0, "queued": 0, "errors": 0},
        {"date": "2026-03-11", "all": 4, "delivered": 2, "bounce": 1, "suppressed": 1, "queued": 0, "errors": 0},
        {"date": "2026-03-12", "all": 2, "delivered": 1, "bounce": 0, "suppressed": 0, "queued": 1, "errors": 3},
        {"date": "2026-03-13", "all": 0, "delivered": 0, "bounce": 0, "suppressed": 0, "queued": 0, "errors": 0},
    ]
    shop = get(sim, "/api/delivery/tracemail/daily_statistics", CUSTOMER_TOKEN, account=NEWS, start_date="2026-03-11",
               end_date="2026-03-11").body["resources"]
    assert shop == [{"date": "2026-03-11", "all": 2, "delivered": 2, "bounce": 0, "suppressed": 0, "queued": 0, "errors": 0}]
    default = get(sim, "/api/delivery/tracemail/daily_statistics", CUSTOMER_TOKEN).body["resources"]
    today = datetime.datetime.now(datetime.timezone.utc).date()
    assert len(default) == 30 and default[-1]["date"] == today.isoformat()
    too_long = get(sim, "/api/delivery/tracemail/daily_statistics", CUSTOMER_TOKEN, start_date="2025-01-01", end_date="2026-03-01")
    assert too_long.status == 422
    ranking = get(sim, "/api/delivery/tracemail/domain_ranking", start_date="2026-03-01", end_date="2026-03-31").body["resources"]
    assert ranking == [
        {"domain": "mail.example.com", "all": 7, "delivered": 4, "bounce": 1, "suppressed": 1},
        {"domain": "news.example.com", "all": 2, "delivered": 2, "bounce": 0, "suppressed": 0},
        {"domain": "other.example.net", "all": 2, "delivered": 1, "bounce": 1, "suppressed": 0},
    ]
    mine = get(sim, "/api/delivery/tracemail/domain_ranking", CUSTOMER_TOKEN, account=NEWS, start_date="2026-03-01",
               end_date="2026-03-31").body["resources"]
    assert [row["domain"] for row in mine] == ["news.example.com"]
    assert get(sim, "/api/delivery/tracemail/domain_ranking", CUSTOMER_TOKEN).body["resources"] == []  # nothing in the last 30 days


@pytest.mark.usefixtures("world")
def test_dashboard_alerts(sim):
    def alerts(token=CUSTOMER_TOKEN, **query):
        reply = get(sim, "/api/delivery/dashboard/alerts", token, start_date="2026-03-01", end_date="2026-03-31", **query)
        assert reply.status == 200, reply
        return [(row["code"], row["severity"], row["account"]) for row in reply.body["resources"]]

    assert alerts() == [("bounce_rate", "critical", SHOP), ("suppressed_rate", "critical", SHOP)]
    sim.control("PUT", "send_limits", {"quotas": {str(SHOP): 0, str(NEWS): 500}})
    assert alerts() == [("bounce_rate", "critical", SHOP), ("quota_usage", "critical", SHOP),
                        ("suppressed_rate", "critical", SHOP), ("quota_usage", "warning", NEWS)]
    assert alerts(code="quota_usage") == [("quota_usage", "critical", SHOP), ("quota_usage", "warning", NEWS)]
    assert alerts(severity="warning") == [("quota_usage", "warning", NEWS)]
    assert alerts(account=NEWS) == [("quota_usage", "warning", NEWS)]
    sim.control("PUT", "send_limits", {"quotas": {str(NEWS): 1400}})
    assert alerts(account=NEWS) == [("quota_usage", "info", NEWS)]
    reply = get(sim, "/api/delivery/dashboard/alerts", CUSTOMER_TOKEN, account=SHOP, code="bounce_rate",
                start_date="2026-03-01", end_date="2026-03-31")
    assert reply.body["resources"] == [{
        "id": "bounce_rate:%d" % SHOP, "code": "bounce_rate", "severity": "critical", "account": SHOP, "account_name": "Shop",
        "value": 16.67, "band": "critical", "message": "bounce rate 16.67 % (critical)", "start_date": "2026-03-01",
        "end_date": "2026-03-31"}]
    assert alerts(NOBILLING_TOKEN) == [("bounce_rate", "critical", OTHER)]
    assert ("bounce_rate", "critical", OTHER) in alerts(None)
    for query in ({"code": "spam_rate"}, {"severity": "high"}):
        assert get(sim, "/api/delivery/dashboard/alerts", CUSTOMER_TOKEN, **query).status == 422


# ------------------------------------------------------------------------------------------ /_sim/tracemail
@pytest.mark.usefixtures("world")
def test_sim_tracemail_control(sim):
    state = sim.control("GET", "tracemail")
    assert state["worked_delay"] is None and len(state["entries"]) == 16
    seeded = sim.control("POST", "tracemail", {"entries": [{"account": SHOP}]})["entries"][0]
    entry = mailouts(sim, CUSTOMER_TOKEN, to="rcpt@example.org")[0]
    assert entry["message_id"] == seeded and seeded.endswith("@mail.example.com")
    assert (entry["from"], entry["domain"], entry["subject"], entry["status"], entry["auth_protocol"]) == (
        "sender@mail.example.com", "mail.example.com", "Seeded", "delivered", "api")
    assert entry["processed_at"] == entry["submitted_at"]
    assert sim.seed(tracemail=[{"account": NEWS, "to": "via-seed@example.org"}])["tracemail"][0].endswith("@news.example.com")
    assert tos(mailouts(sim, CUSTOMER_TOKEN, to="via-seed@example.org")) == ["via-seed@example.org"]
    for body in ({"entries": [{"collection": "later"}]}, {"entries": [{"status": "lost"}]}, {"entries": {}},
                 {"entries": [{"collection": "errors", "error_category": "dns"}]}):
        assert sim.call("POST", "/_sim/tracemail", body).status == 400
    for body in ({"worked_delay": -1}, {"worked_delay": "1"}, {}):
        assert sim.call("PUT", "/_sim/tracemail", body).status == 400
    assert sim.control("PUT", "tracemail", {"worked_delay": 0.5})["worked_delay"] == 0.5
    sim.reset()
    assert sim.control("GET", "tracemail") == {"worked_delay": None, "entries": []}
