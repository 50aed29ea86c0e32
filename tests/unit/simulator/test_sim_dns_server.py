# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Simulator: verifications through a DNS server (``--dns-server`` / ``dns_server`` setting, ``dnsquery``).

A tiny authoritative responder built on dnspython (UDP and TCP on one port of 127.0.0.1) stands in for the DNS
server; ``make dns-chain`` runs the same path against BIND 9.
"""
from __future__ import annotations

import socket
import struct
import threading
import time

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset
import pytest

from tests.simulator import dnsquery
from tests.simulator.__main__ import run_parser, serve_parser
from tests.simulator.testing import CUSTOMER_TOKEN


class Responder:
    """Answers from ``records`` (``{(name, TYPE): [zone-file values]}``); every other name is NXDOMAIN.

    ``truncate``: names whose UDP answers carry TC (the client must ask again over TCP); ``silent``: answer nothing;
    ``rcode``: answer every query with this rcode. ``queries`` logs ``(transport, name, TYPE)``.
    """

    def __init__(self) -> None:
        self.records: dict = {}
        self.truncate: set = set()
        self.silent = False
        self.rcode = None
        self.queries: list = []
        self.stop = threading.Event()
        self.udp, self.tcp = self.bind()
        self.port = self.udp.getsockname()[1]
        self.server = "127.0.0.1:%d" % self.port
        self.threads = [threading.Thread(target=target, daemon=True) for target in (self.serve_udp, self.serve_tcp)]

    @staticmethod
    def bind() -> tuple:
        """A UDP and a TCP socket on the same free port."""
        for _attempt in range(20):
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            udp.bind(("127.0.0.1", 0))
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            try:
                tcp.bind(("127.0.0.1", udp.getsockname()[1]))
            except OSError:
                udp.close()
                tcp.close()
                continue
            tcp.listen(8)
            udp.settimeout(0.05)
            tcp.settimeout(0.05)
            return udp, tcp
        raise RuntimeError("no free port for UDP and TCP")

    def add(self, name: str, rtype: str, *values: str) -> None:
        self.records.setdefault((name.rstrip(".").lower() + ".", rtype), []).extend(values)

    def answer(self, wire: bytes, transport: str) -> bytes | None:
        query = dns.message.from_wire(wire)
        question = query.question[0]
        name, rtype = question.name.to_text().lower(), dns.rdatatype.to_text(question.rdtype)
        self.queries.append((transport, name, rtype))
        if self.silent:
            return None
        response = dns.message.make_response(query)
        response.flags |= dns.flags.AA
        if self.rcode is not None:
            response.set_rcode(self.rcode)
        elif (name, rtype) in self.records:
            response.answer.append(dns.rrset.from_text_list(question.name, 300, dns.rdataclass.IN, rtype, self.records[(name, rtype)],
                                                            origin=dns.name.root, relativize=False))
        elif not any(key[0] == name for key in self.records):
            response.set_rcode(dns.rcode.NXDOMAIN)
        if transport == "udp" and name in self.truncate:
            response.answer = []
            response.flags |= dns.flags.TC
        return response.to_wire()

    def serve_udp(self) -> None:
        while not self.stop.is_set():
            try:
                wire, peer = self.udp.recvfrom(65535)
            except (socket.timeout, OSError):
                continue
            reply = self.answer(wire, "udp")
            if reply is not None:
                self.udp.sendto(reply, peer)

    def serve_tcp(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _peer = self.tcp.accept()
            except (socket.timeout, OSError):
                continue
            with conn:
                conn.settimeout(2)
                size = struct.unpack("!H", conn.recv(2))[0]
                wire = b""
                while len(wire) < size:
                    wire += conn.recv(size - len(wire))
                reply = self.answer(wire, "tcp")
                if reply is not None:
                    conn.sendall(struct.pack("!H", len(reply)) + reply)

    def __enter__(self) -> Responder:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(2)
        self.udp.close()
        self.tcp.close()


@pytest.fixture
def responder():
    with Responder() as server:
        yield server


@pytest.fixture
def via_dns(sim, responder):
    """The session simulator, reset, with verifications going to the responder."""
    assert sim.config(dns_server=responder.server)["dns_server"] == responder.server
    return responder


# ------------------------------------------------------------------------------------------ dnsquery
def test_lookup_each_type(responder):
    responder.add("a.example.com", "A", "192.0.2.1", "192.0.2.2")
    responder.add("t.example.com", "TXT", '"v=DKIM1; k=rsa; " "p=ABC"', '"second"')
    responder.add("c.example.com", "CNAME", "target.example.net.")
    responder.add("example.com", "MX", "10 mx01.qboxmail.com.", "20 mx02.qboxmail.com.")
    server = responder.server
    assert sorted(dnsquery.lookup(server, "a.example.com", "A")) == ["192.0.2.1", "192.0.2.2"]
    assert sorted(dnsquery.lookup(server, "T.Example.com.", "txt")) == ["second", "v=DKIM1; k=rsa; p=ABC"]
    assert dnsquery.lookup(server, "c.example.com", "CNAME") == ["target.example.net."]
    assert sorted(dnsquery.lookup(server, "example.com", "MX")) == ["10 mx01.qboxmail.com.", "20 mx02.qboxmail.com."]
    assert dnsquery.lookup(server, "a.example.com", "TXT") == []  # the name exists, no such record
    assert dnsquery.lookup(server, "missing.example.com", "A") == []  # NXDOMAIN
    assert [query[0] for query in responder.queries] == ["udp"] * 6


def test_lookup_falls_back_to_tcp_when_truncated(responder):
    long_key = "v=DKIM1; k=rsa; p=" + "A" * 600
    responder.add("sel._domainkey.example.com", "TXT", " ".join('"%s"' % long_key[i:i + 255] for i in range(0, len(long_key), 255)))
    responder.truncate.add("sel._domainkey.example.com.")
    assert dnsquery.lookup(responder.server, "sel._domainkey.example.com", "TXT") == [long_key]
    assert [query[0] for query in responder.queries] == ["udp", "tcp"]


def test_lookup_failures_count_as_not_published(responder, capfd):
    responder.add("a.example.com", "A", "192.0.2.1")
    responder.rcode = dns.rcode.REFUSED
    assert dnsquery.lookup(responder.server, "a.example.com", "A") == []
    assert "answer REFUSED (taken as not published)" in capfd.readouterr().err
    responder.rcode, responder.silent = None, True
    start = time.monotonic()
    assert dnsquery.lookup(responder.server, "a.example.com", "A", timeout=0.3) == []
    assert time.monotonic() - start < 2
    assert "no answer within 0.3 s" in capfd.readouterr().err
    assert dnsquery.lookup(responder.server, "a.example.com", "BOGUS") == []
    assert "BOGUS" in capfd.readouterr().err


def test_parse_server():
    assert dnsquery.parse_server("127.0.0.1:5353") == ("127.0.0.1", 5353)
    assert dnsquery.parse_server("localhost") == ("localhost", 53)
    assert dnsquery.parse_server("[::1]:53") == ("::1", 53)
    for bad in ("", "127.0.0.1:0", "127.0.0.1:70000", "a b:53", "::1:53", "host:port"):
        with pytest.raises(ValueError):
            dnsquery.parse_server(bad)


def test_host_names_resolve(responder):
    responder.add("a.example.com", "A", "192.0.2.1")
    assert dnsquery.lookup("localhost:%d" % responder.port, "a.example.com", "A") == ["192.0.2.1"]


# ------------------------------------------------------------------------------------------ setting
def test_dns_server_setting(sim):
    assert sim.config()["dns_server"] is None
    assert sim.config(dns_server="127.0.0.1:5353")["dns_server"] == "127.0.0.1:5353"
    assert sim.control("PUT", "config", {"mode": "sandbox"}) == {
        "mode": "sandbox", "async_delay": 0.2, "latency_ms": 0, "dns_server": "127.0.0.1:5353"}
    for bad in ({"dns_server": "nohost:99999"}, {"dns_server": 5}, {"dns_server": "a b"}):
        assert sim.call("PUT", "/_sim/config", bad).status == 400
        assert sim.call("POST", "/_sim/reset", bad).status == 400
    assert sim.control("PUT", "config", {"dns_server": None})["dns_server"] is None
    sim.config(dns_server="127.0.0.1:5353")
    assert sim.control("PUT", "config", {"dns_server": ""})["dns_server"] is None
    sim.config(dns_server="127.0.0.1:5353")
    assert sim.reset()["config"]["dns_server"] is None  # back to the start-up value
    assert sim.reset(dns_server="[::1]:53")["config"]["dns_server"] == "[::1]:53"


def test_command_line_option(monkeypatch, capsys):
    monkeypatch.setenv("SIM_DNS_SERVER", "127.0.0.1:5300")
    assert serve_parser().parse_args([]).dns_server == "127.0.0.1:5300"
    assert serve_parser().parse_args(["--dns-server", "10.0.0.1:53"]).dns_server == "10.0.0.1:53"
    assert run_parser().parse_args([]).dns_server is None  # run ignores the environment
    assert run_parser().parse_args(["--dns-server", "127.0.0.1:53"]).dns_server == "127.0.0.1:53"
    monkeypatch.setenv("SIM_DNS_SERVER", "")
    assert serve_parser().parse_args([]).dns_server is None
    with pytest.raises(SystemExit):
        run_parser().parse_args(["--dns-server", "not a server"])
    assert "is not HOST:PORT" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------ verifications
def test_ownership_reads_the_dns_server_not_the_simulated_zone(sim, make_domain, via_dns):
    code = make_domain("own.example.com")
    record = "%s.own.example.com" % sim.resource("/api/domains/" + code)["possession_a_record"]
    path = "/api/domains/%s/dns_ownership_check/sync" % code
    sim.publish_dns([{"name": record, "type": "A", "value": "185.97.217.16"}])  # ignored now
    answer = sim.api("PUT", path).body
    assert (answer["verified"], answer["resolved_ip"]) == (False, None)
    via_dns.add(record, "A", "192.0.2.9")
    assert sim.api("PUT", path).body["resolved_ip"] == "192.0.2.9"
    via_dns.add(record, "A", "185.97.217.16")
    answer = sim.api("PUT", path).body
    assert (answer["verified"], answer["activation_queued"], answer["resolved_ip"]) == (True, True, "185.97.217.16")
    assert ("udp", record + ".", "A") in via_dns.queries


def test_dkim_txt_in_several_strings_over_tcp(sim, make_domain, via_dns):
    code = make_domain("dkim.example.com")
    setup = sim.api("POST", "/api/domains/%s/dkim" % code).body["resources"][0]
    assert sim.api("PUT", "/api/domains/%s/dkim/verify" % code).status == 422
    key = setup["txt_record"]
    via_dns.add(setup["name"], "TXT", '"%s" "%s"' % (key[:100], key[100:]))
    via_dns.truncate.add(setup["name"].lower() + ".")
    assert sim.api("PUT", "/api/domains/%s/dkim/verify" % code).status == 204
    assert ("tcp", setup["name"].lower() + ".", "TXT") in via_dns.queries


def test_mx_check(sim, make_domain, via_dns):
    code = make_domain("mx.example.com")

    def checked(expected):
        assert sim.api("PUT", "/api/domains/%s/dns" % code).status == 204
        return sim.wait_until(lambda: sim.resource("/api/domains/" + code).get("mx_last_check_ok") is expected)

    checked(False)
    via_dns.add("mx.example.com", "MX", "10 mx01.qboxmail.com.", "20 MX02.qboxmail.com.")
    checked(True)


def test_delivery_spf_and_dkim_cnames(sim, via_dns):
    domain = sim.api("POST", "/api/delivery/domains", {"name": "send.example.com"}, token=CUSTOMER_TOKEN).body["resources"][0]
    path = "/api/delivery/domains/%s/verify" % domain["code"]
    first, second = domain["cname_verification_records"]
    via_dns.add("send.example.com", "TXT", '"%s"' % domain["txt_spf_record"], '"google-site-verification=x"')
    via_dns.add(first["name"], "CNAME", first["value"])
    after = sim.api("PUT", path, token=CUSTOMER_TOKEN).body["resources"][0]
    assert (after["spf_last_check_ok"], after["dkim_tr_last_check_ok"], after["dkim_nl_last_check_ok"]) == (True, True, False)
    via_dns.add(second["name"], "CNAME", second["value"].rstrip(".").upper() + ".")
    after = sim.api("PUT", path, token=CUSTOMER_TOKEN).body["resources"][0]
    assert after["dns_verification_status"] == "verified"
