# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""playbooks/delivery_report.yml run by ansible-playbook against an in-thread simulator (make report).

Four customers of one simulator, each with a known mix of TraceMail outcomes seeded through /_sim/tracemail, one
playbook run each (in turn, so that each run's requests can be told apart in the request log):

- mixed: 1,000 processed messages over 7 days (plus queued, refused and out-of-window entries), bounce rate exactly
  1 % (watch, upper bound) and suppressed rate exactly 0.5 % (increasing, lower bound), a hostile recipient address;
- clean: the account and sender domain filters (noise in another domain and another account), 5 bounces of 1,001
  processed (0.4995 %: good, shown as 0.49 %) and no suppressed message (stable);
- critical: 10 bounces and 20 suppressed of 999 (just above 1 % and 2 %: critical, at risk), a hostile bounce domain,
  the top-N limit;
- empty: no message at all, default window (30 days up to today): every rate n/a.

The HTML is parsed with html.parser; numbers are read from the data attributes the template promises.
"""
from __future__ import annotations

import datetime
import html.parser
import json
import os
import pathlib
import re
import subprocess
import sys
import time

import pytest

from ansible_collections.qboxmail.qboxmail.tests.simulator.testing import running_simulator

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLAYBOOK = ROOT / "playbooks" / "delivery_report.yml"
COLLECTIONS_PATH = os.environ.get("ANSIBLE_COLLECTIONS_PATH") or str(ROOT.parents[2])
BIN = os.path.dirname(os.path.abspath(sys.executable))

END = datetime.date(2026, 3, 15)                  # delivery_report_end_date of the seeded scenarios
DATES = [(END - datetime.timedelta(days=6 - i)).isoformat() for i in range(7)]
HOSTILE_ADDRESS = '<script>alert("x")</script>@evil.example'
HOSTILE_DOMAIN = "<img src=x onerror=alert(1)>.example"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# mixed: per day processed, bounced, suppressed (1,000 / 10 / 5); 10 queued on the last day, 3 refused on day 3.
MIXED_PROCESSED = [120, 135, 150, 160, 140, 145, 150]
MIXED_BOUNCE = [1, 2, 1, 3, 1, 1, 1]
MIXED_SUPPRESSED = [0, 1, 1, 0, 2, 1, 0]
MIXED_BOUNCE_TO = ["a@example.net", "B@Example.NET", "c@example.net", "d@example.net", "e@alpha.example",
                   "f@alpha.example", "g@alpha.example", "h@zeta.example", "i@zeta.example", "j@zeta.example"]
# (day index, time, recipient): 5 suppressed messages, 4 recipients (dup@ twice)
MIXED_SUPPRESSED_TO = [(1, "08:00", "old@example.org"), (2, "09:00", "dup@example.org"), (4, "10:00", HOSTILE_ADDRESS),
                       (4, "15:30", "dup@example.org"), (5, "07:45", "new@example.org")]
# clean (filtered: account "Clean main", sender domain clean.example): 143 a day, bounces on 5 days
CLEAN_BOUNCE = [1, 0, 1, 0, 1, 1, 1]
# critical: 999 processed, 10 bounced (5 big, 3 hostile, 2 small), 20 suppressed
CRITICAL_PROCESSED = [143, 143, 143, 143, 143, 142, 142]
CRITICAL_BOUNCE_TO = ["x@big.example"] * 5 + ["y@" + HOSTILE_DOMAIN] * 3 + ["z@small.example"] * 2

CUSTOMERS = {"mixed": "C200000001", "clean": "C200000002", "critical": "C200000003", "empty": "C200000004"}


def token(name):
    return "report-%s-T0ken" % name


def entry(customer, account, day, status="delivered", to="rcpt@example.org", sender="no-reply@shop.example",
          at="12:00", **extra):
    return dict({"customer_code": customer, "account": account, "from": sender, "to": to, "status": status,
                 "submitted_at": "%sT%s:00.000Z" % (day, at)}, **extra)


def day_mix(customer, account, day, processed, bounce_to, suppressed_to, sender="no-reply@shop.example"):
    """`processed` worked entries of one day: the bounces and suppressed ones given, the rest delivered."""
    out = [entry(customer, account, day, "bounce", to, sender, error_message="550 5.1.1 user unknown") for to in bounce_to]
    out += [entry(customer, account, day, "suppressed", to, sender, at, error_message="Recipient is on the suppression "
                  "list (bounce)") for at, to in suppressed_to]
    out += [entry(customer, account, day, sender=sender, to="user%d@example.com" % i)
            for i in range(processed - len(out))]
    return out


def mixed_entries(account):
    customer, out, bounces = CUSTOMERS["mixed"], [], list(MIXED_BOUNCE_TO)
    for index, day in enumerate(DATES):
        bounce_to = [bounces.pop(0) for _i in range(MIXED_BOUNCE[index])]
        suppressed_to = [(at, to) for d, at, to in MIXED_SUPPRESSED_TO if d == index]
        sender = "no-reply@shop.example" if index % 2 == 0 else "news@news.example"
        out += day_mix(customer, account, day, MIXED_PROCESSED[index], bounce_to, suppressed_to, sender)
    out += [entry(customer, account, DATES[-1], collection="queued", status=None) for _i in range(10)]
    out += [entry(customer, account, DATES[3], collection="errors", status=None, error_category=category)
            for category in ("auth", "limits", "limits")]
    before, after = (END - datetime.timedelta(days=7)).isoformat(), (END + datetime.timedelta(days=1)).isoformat()
    out += [entry(customer, account, before, "bounce", "o%d@outside.example" % i) for i in range(20)]
    out += [entry(customer, account, before, "suppressed", "o%d@outside.example" % i) for i in range(20)]
    out += [entry(customer, account, after, "bounce", "late@outside.example") for _i in range(5)]
    return out


def clean_entries(main, other):
    customer, out = CUSTOMERS["clean"], []
    for index, day in enumerate(DATES):
        out += day_mix(customer, main, day, 143, ["r%d@gmail.example" % index] * CLEAN_BOUNCE[index], [],
                       "hello@clean.example")
        # noise the filters must leave out: another sender domain of the account, and another account
        out += day_mix(customer, main, day, 10, ["n@noise.example"] * 5, [("11:00", "s@noise.example")],
                       "hello@other.example")
        out += day_mix(customer, other, day, 10, ["m@noise.example"] * 4, [("11:00", "t@noise.example")] * 3,
                       "hello@clean.example")
    return out


def critical_entries(account):
    customer, out, bounces = CUSTOMERS["critical"], [], list(CRITICAL_BOUNCE_TO)
    for index, day in enumerate(DATES):
        bounce_to = [bounces.pop(0) for _i in range(2 if index < 3 else 1)] if bounces else []
        suppressed_to = [("%02d:00" % (8 + k), "s%d.%d@example.org" % (index, k)) for k in range(3 if index < 6 else 2)]
        out += day_mix(customer, account, day, CRITICAL_PROCESSED[index], bounce_to, suppressed_to)
    assert not bounces
    return out


# ------------------------------------------------------------------------------------------------ the HTML
class Node:
    def __init__(self, tag, attrs, parent=None):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        for child in self.children:
            if isinstance(child, Node):
                yield child
                yield from child.walk()

    def find_all(self, tag=None, **attrs):
        return [n for n in self.walk() if (tag is None or n.tag == tag)
                and all(n.attrs.get(k.replace("_", "-")) == v for k, v in attrs.items())]

    def find(self, tag=None, **attrs):
        found = self.find_all(tag, **attrs)
        assert len(found) == 1, "expected one <%s %s>, found %d" % (tag, attrs, len(found))
        return found[0]


class Tree(html.parser.HTMLParser):
    """A small DOM: every element with its attributes, children and text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#document", {})
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, attrs, self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


class Report:
    """What a test reads from one generated report."""

    def __init__(self, text, requests, run):
        self.raw, self.requests, self.run = text, requests, run
        self.doc = Tree(text).root

    def metric(self, name):
        node = self.doc.find(data_metric=name)
        return int(node.attrs["data-value"]) if "data-value" in node.attrs else node.text().strip()

    def rate(self, name):
        node = self.doc.find(data_metric=name + "_rate")
        return node.text().strip(), int(node.attrs["data-count"]), int(node.attrs["data-of"])

    def band(self, name):
        return self.doc.find("span", data_band=name).text().strip()

    def series(self):
        """{name: (values from data-values, number of points)} of the chart's polylines."""
        svg = self.doc.find("svg", id="daily-chart")
        out = {}
        for line in svg.find_all("polyline"):
            values = [int(v) for v in line.attrs["data-values"].split(",") if v != ""]
            out[line.attrs["data-series"]] = (values, len(line.attrs["points"].split()))
        return out

    def rows(self, table_id):
        table = self.doc.find("table", id=table_id)
        return [[td.text().strip() for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


# ------------------------------------------------------------------------------------------------ the runs
def run_playbook(sim, name, tmp_path, **extra_vars):
    out = tmp_path / ("%s.html" % name)
    variables = dict({"delivery_report_file": str(out)}, **extra_vars)
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=COLLECTIONS_PATH, ANSIBLE_COLLECTIONS_SCAN_SYS_PATH="false",
               ANSIBLE_NOCOLOR="1", ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false",
               QBOXMAIL_API_URL=sim.url, QBOXMAIL_API_TOKEN=token(name), PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    env.pop("QBOXMAIL_CUSTOMER_CODE", None)
    since = max([r["seq"] for r in sim.requests()] + [0])
    done = subprocess.run(["ansible-playbook", str(PLAYBOOK), "-e", json.dumps(variables)], capture_output=True,
                          text=True, env=env, cwd=str(tmp_path), check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    assert oct(out.stat().st_mode & 0o777) == "0o644"
    return Report(out.read_text(), sim.requests(since=since), done)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """{scenario: Report} of the four runs, plus the timing."""
    tmp_path = tmp_path_factory.mktemp("report")
    started = time.monotonic()
    with running_simulator(mode="production", async_delay=0) as sim:
        sim.seed(customers=[{"code": code} for code in CUSTOMERS.values()],
                 tokens=[{"token": token(n), "role": "customer", "customer_code": c} for n, c in CUSTOMERS.items()])
        domains = sim.seed(delivery_domains=[
            {"name": name, "customer_code": CUSTOMERS[who], "verified": True}
            for who, name in (("mixed", "shop.example"), ("clean", "clean.example"), ("clean", "other.example"),
                              ("critical", "shop.example"))])["delivery_domains"]
        accounts = sim.seed(delivery_accounts=[
            {"description": "Mixed shop", "customer_code": CUSTOMERS["mixed"], "domain_codes": [domains[0]]},
            {"description": "Clean main", "customer_code": CUSTOMERS["clean"], "domain_codes": domains[1:3]},
            {"description": "Clean other", "customer_code": CUSTOMERS["clean"], "domain_codes": [domains[1]]},
            {"description": "Critical shop", "customer_code": CUSTOMERS["critical"], "domain_codes": [domains[3]]},
            {"description": "Empty shop", "customer_code": CUSTOMERS["empty"]}])["delivery_accounts"]
        seeded = mixed_entries(accounts[0]) + clean_entries(accounts[1], accounts[2]) + critical_entries(accounts[3])
        assert len(sim.control("POST", "tracemail", {"entries": seeded})["entries"]) == len(seeded)
        sim.clear_requests()
        window = {"delivery_report_end_date": END.isoformat(), "delivery_report_days": 7}
        today_before = datetime.datetime.now(datetime.timezone.utc).date()
        out = {
            "mixed": run_playbook(sim, "mixed", tmp_path, delivery_report_recent=3, **window),
            "clean": run_playbook(sim, "clean", tmp_path, delivery_report_account="Clean main",
                                  delivery_report_domain="clean.example", **window),
            "critical": run_playbook(sim, "critical", tmp_path, delivery_report_top=2, **window),
            "empty": run_playbook(sim, "empty", tmp_path),
        }
        out["today"] = {today_before, datetime.datetime.now(datetime.timezone.utc).date()}
        out["all_requests"] = sim.requests()
    print("\ndelivery report: 4 playbook runs in %.1f s" % (time.monotonic() - started))
    return out


def test_mixed_counters_rates_and_bands_at_the_bounds(reports):
    report = reports["mixed"]
    assert {k: report.metric(k) for k in ("total", "processed", "delivered", "bounce", "suppressed", "queued", "errors")} \
        == {"total": 1010, "processed": 1000, "delivered": 985, "bounce": 10, "suppressed": 5, "queued": 10, "errors": 3}
    assert report.rate("bounce") == ("1.00 %", 10, 1000)       # exactly 1 %: still watch
    assert report.band("bounce") == "watch"
    assert report.rate("suppressed") == ("0.50 %", 5, 1000)    # exactly 0.5 %: already increasing
    assert report.band("suppressed") == "increasing"
    assert "auth 1" in report.raw and "limits 2" in report.raw
    window = report.doc.find(id="window")
    assert (window.attrs["data-start"], window.attrs["data-end"], window.attrs["data-days"]) == (DATES[0], DATES[-1], "7")


def test_mixed_daily_series(reports):
    report = reports["mixed"]
    series = report.series()
    assert sorted(series) == ["bounce", "delivered", "suppressed", "total"]
    assert all(points == 7 for _values, points in series.values())
    assert series["total"][0] == MIXED_PROCESSED[:-1] + [MIXED_PROCESSED[-1] + 10]   # the queued ones count in total
    assert series["bounce"][0] == MIXED_BOUNCE
    assert series["suppressed"][0] == MIXED_SUPPRESSED
    assert series["delivered"][0] == [p - b - s for p, b, s in zip(MIXED_PROCESSED, MIXED_BOUNCE, MIXED_SUPPRESSED)]
    svg = report.doc.find("svg", id="daily-chart")
    assert svg.attrs["data-dates"].split(",") == DATES
    assert [t.text() for t in svg.find_all("text") if re.match(r"^\d\d-\d\d$", t.text())] == [d[5:] for d in DATES]
    rows = report.rows("daily-table")
    assert [r[0] for r in rows] == DATES
    assert rows[3] == [DATES[3], "160", "157", "3", "0", "0", "3"]
    assert rows[6][1] == "160" and rows[6][5] == "10"


def test_mixed_top_bounce_domains_and_recently_suppressed(reports):
    report = reports["mixed"]
    assert report.rows("bounce-domains") == [["1", "example.net", "4", "40.0 %"], ["2", "alpha.example", "3", "30.0 %"],
                                             ["3", "zeta.example", "3", "30.0 %"]]
    rows = report.rows("suppressed-recipients")
    assert [(r[0], r[1]) for r in rows] == [("new@example.org", "%s 07:45" % DATES[5]), ("dup@example.org", "%s 15:30" % DATES[4]),
                                            (HOSTILE_ADDRESS, "%s 10:00" % DATES[4])]    # newest first, one per recipient, 3
    # sender domains (even days shop.example, odd days news.example): total, delivered, bounced, suppressed
    assert report.rows("sender-domains") == [["shop.example", "570", "553", "4", "3"], ["news.example", "440", "432", "6", "2"]]


def test_hostile_values_are_escaped(reports):
    for name in ("mixed", "critical"):
        report = reports[name]
        assert not report.doc.find_all("script") and not report.doc.find_all("img")
        assert "<script" not in report.raw and "<img" not in report.raw
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;@evil.example" in reports["mixed"].raw
    assert reports["critical"].rows("bounce-domains")[1][1] == HOSTILE_DOMAIN


def test_self_contained(reports):
    for name in ("mixed", "clean", "critical", "empty"):
        report = reports[name]
        assert not report.doc.find_all("script") and not report.doc.find_all("link") and not report.doc.find_all("iframe")
        for node in report.doc.walk():
            for attr in ("src", "href", "xlink:href", "srcset", "action"):
                assert attr not in node.attrs, (name, node.tag, attr)
            assert not any(k.startswith("on") for k in node.attrs), (name, node.tag)
        for forbidden in ("http://", "https://", "url(", "@import", "@font-face", "javascript:"):
            assert forbidden not in report.raw, (name, forbidden)
        csp = [m for m in report.doc.find_all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"]
        assert csp and "default-src 'none'" in csp[0].attrs["content"]


def test_filters_good_and_stable_just_below_the_bound(reports):
    report = reports["clean"]
    assert report.doc.find(id="filter-account").text() == "Clean main"
    assert report.doc.find(id="filter-domain").text() == "clean.example"
    assert report.metric("processed") == 1001 and report.metric("bounce") == 5 and report.metric("suppressed") == 0
    assert report.rate("bounce") == ("0.49 %", 5, 1001)        # 0.4995 %: good, never shown as 0.50 %
    assert report.band("bounce") == "good"
    assert report.rate("suppressed") == ("0.00 %", 0, 1001)
    assert report.band("suppressed") == "stable"
    series = report.series()                                    # per-day counters of the sender domain
    assert series["total"] == ([143] * 7, 7) and series["bounce"][0] == CLEAN_BOUNCE
    assert report.rows("bounce-domains") == [["1", "gmail.example", "5", "100.0 %"]]
    assert report.doc.find(id="suppressed-empty") and not report.doc.find_all("table", id="sender-domains")


def test_critical_and_at_risk_just_above_the_bound_and_top_limit(reports):
    report = reports["critical"]
    assert report.rate("bounce") == ("1.01 %", 10, 999)        # 1.001 %: critical, never shown as 1.00 %
    assert report.band("bounce") == "critical"
    assert report.rate("suppressed") == ("2.01 %", 20, 999)
    assert report.band("suppressed") == "at risk"
    assert [r[1:3] for r in report.rows("bounce-domains")] == [["big.example", "5"], [HOSTILE_DOMAIN, "3"]]
    assert len(report.rows("suppressed-recipients")) == 20


def test_empty_account_is_n_a(reports):
    report = reports["empty"]
    assert report.rate("bounce") == ("n/a", 0, 0) and report.rate("suppressed") == ("n/a", 0, 0)
    assert report.band("bounce") == "n/a" and report.band("suppressed") == "n/a"
    assert all(report.metric(k) == 0 for k in ("total", "processed", "bounce", "suppressed", "queued", "errors"))
    series = report.series()
    assert all(values == [0] * 30 and points == 30 for values, points in series.values())
    assert report.doc.find(id="window").attrs["data-days"] == "30"
    assert datetime.date.fromisoformat(report.doc.find(id="window").attrs["data-end"]) in reports["today"]
    assert report.doc.find(id="trend-empty") and report.doc.find(id="bounce-domains-empty")


def test_only_reads_and_few_requests(reports):
    assert reports["all_requests"] and all(r["method"] == "GET" and not r["write"] for r in reports["all_requests"])
    paths = [(r["path"], r["query"].get("status")) for r in reports["mixed"].requests]
    assert sorted(paths) == sorted([
        ("/api/delivery/tracemail/counters", None), ("/api/delivery/tracemail/daily_statistics", None),
        ("/api/delivery/tracemail/domain_ranking", None), ("/api/delivery/tracemail/mailouts", "bounce"),
        ("/api/delivery/tracemail/mailouts", "suppressed")])
    # nothing to list: no mailouts read for the empty account
    assert not [r for r in reports["empty"].requests if r["path"].endswith("/mailouts")]
    # the clean run: the account looked up, no suppressed read, one counters read per day of the domain filter
    clean = [r["path"].rsplit("/", 1)[-1] for r in reports["clean"].requests]
    assert clean.count("counters") == 1 + 7 and "daily_statistics" in clean
    assert not [r for r in reports["clean"].requests if r["query"].get("status") == "suppressed"]
