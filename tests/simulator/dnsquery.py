# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Look records up on a real DNS server: what verifications read with ``--dns-server`` instead of ``/_sim/dns``.

``lookup("127.0.0.1:5353", "x.example.com", "TXT")`` returns the values in the form ``/_sim/dns`` keeps them:
A/AAAA the address, TXT the text (its strings joined), CNAME the target (with its trailing dot), MX
``<preference> <exchange>``, other types their zone-file text. NXDOMAIN and an answer without such records give
``[]`` (not published), and so does a server that fails, refuses or does not answer within ``TIMEOUT`` (with a
line on stderr saying why, since a verification then fails for a reason that is not the zone).

dnspython is imported on first use: the simulator needs it only when this option is set.
"""
from __future__ import annotations

import ipaddress
import re
import socket
import sys

TIMEOUT = 2.0  # seconds a lookup may take (UDP, then TCP when the answer is truncated)
DEFAULT_PORT = 53
SERVER_RE = re.compile(r"^(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<host>[^\s:\[\]]+))(?::(?P<port>\d{1,5}))?$")


def parse_server(text: str) -> tuple:
    """``HOST[:PORT]`` or ``[IPv6][:PORT]`` -> ``(host, port)`` (port 53 by default); ValueError when malformed."""
    match = SERVER_RE.match(str(text).strip())
    port = int(match.group("port") or DEFAULT_PORT) if match else 0
    if not match or not 0 < port < 65536:
        raise ValueError("%r is not HOST:PORT" % text)
    return match.group("ipv6") or match.group("host"), port


def server_address(host: str) -> str:
    """The IP address to send queries to (a host name is resolved through the system once per lookup)."""
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return socket.getaddrinfo(host, None, type=socket.SOCK_DGRAM)[0][4][0]


def rdata_value(rdata) -> str:
    """One answer record in the ``/_sim/dns`` value form."""
    import dns.rdatatype  # pylint: disable=import-outside-toplevel  # optional dependency, see the module docstring

    rtype = rdata.rdtype
    if rtype in (dns.rdatatype.A, dns.rdatatype.AAAA):
        return rdata.address
    if rtype == dns.rdatatype.TXT:
        return b"".join(rdata.strings).decode("utf-8", "replace")
    if rtype == dns.rdatatype.CNAME:
        return rdata.target.to_text()
    if rtype == dns.rdatatype.MX:
        return "%d %s" % (rdata.preference, rdata.exchange.to_text())
    return rdata.to_text()


def warn(server: str, name: str, rtype: str, problem: str) -> None:
    """Say on stderr why a lookup found nothing for a reason other than the zone."""
    print("simulator: DNS lookup %s %s on %s: %s (taken as not published)" % (name, rtype, server, problem),
          file=sys.stderr, flush=True)


def lookup(server: str, name: str, rtype: str, timeout: float = TIMEOUT) -> list:
    """Values of the ``rtype`` records of ``name`` that ``server`` (``HOST:PORT``) answers; ``[]`` when there are none."""
    import dns.exception  # pylint: disable=import-outside-toplevel  # optional dependency
    import dns.message  # pylint: disable=import-outside-toplevel
    import dns.query  # pylint: disable=import-outside-toplevel
    import dns.rcode  # pylint: disable=import-outside-toplevel
    import dns.rdatatype  # pylint: disable=import-outside-toplevel

    host, port = parse_server(server)
    try:
        wanted = dns.rdatatype.from_text(rtype)
        query = dns.message.make_query(name.rstrip(".") + ".", wanted)
        answer, _used_tcp = dns.query.udp_with_fallback(query, server_address(host), timeout=timeout, port=port)
    except dns.exception.Timeout:
        warn(server, name, rtype, "no answer within %g s" % timeout)
        return []
    except (OSError, ValueError, dns.exception.DNSException) as exc:
        warn(server, name, rtype, "%s: %s" % (type(exc).__name__, exc))
        return []
    rcode = answer.rcode()
    if rcode == dns.rcode.NXDOMAIN:
        return []
    if rcode != dns.rcode.NOERROR:
        warn(server, name, rtype, "answer %s" % dns.rcode.to_text(rcode))
        return []
    return [rdata_value(rdata) for rrset in answer.answer if rrset.rdtype == wanted for rdata in rrset]
