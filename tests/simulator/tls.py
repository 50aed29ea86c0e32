# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""A throwaway PKI for HTTPS tests: a CA and a server certificate for 127.0.0.1, ::1 and localhost.

    pki = make_test_pki(tmp_path)     # Pki(ca=".../ca.pem", cert=".../server.pem", key=".../server-key.pem")
    python -m tests.simulator run --tls-cert pki.cert --tls-key pki.key -- CMD   # SIM_URL=https://127.0.0.1:PORT

Clients trust ``pki.ca`` (``requests``: ``verify=pki.ca``; the collection's modules: ``ca_path: pki.ca``; or
``REQUESTS_CA_BUNDLE``). ``python -m tests.simulator.tls DIR`` writes the three files and prints their paths.
Uses the ``cryptography`` package (a dependency of ansible-core, so present in every test venv).
"""
from __future__ import annotations

import collections
import datetime
import ipaddress
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

Pki = collections.namedtuple("Pki", "ca cert key")
DNS_NAMES = ("localhost",)
IP_ADDRESSES = ("127.0.0.1", "::1")
VALID_DAYS = 7


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Qboxmail simulator tests"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _write(path: str, data: bytes, private: bool = False) -> str:
    """Write ``data`` to ``path`` (mode 0600 for a private key) and return the path."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    return path


def make_test_pki(directory, dns_names=DNS_NAMES, ip_addresses=IP_ADDRESSES, days: int = VALID_DAYS) -> Pki:
    """Create ``ca.pem``, ``server.pem`` and ``server-key.pem`` in ``directory``; returns their paths."""
    directory = os.fspath(directory)
    os.makedirs(directory, exist_ok=True)
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=5)
    until = now + datetime.timedelta(days=days)

    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_ski = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca_cert = (
        x509.CertificateBuilder().subject_name(_name("Qboxmail simulator test CA")).issuer_name(_name("Qboxmail simulator test CA"))
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ca_ski, critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName(name) for name in dns_names] + [x509.IPAddress(ipaddress.ip_address(ip)) for ip in ip_addresses]
    cert = (
        x509.CertificateBuilder().subject_name(_name(dns_names[0] if dns_names else ip_addresses[0])).issuer_name(ca_cert.subject)
        .public_key(key.public_key()).serial_number(x509.random_serial_number()).not_valid_before(now).not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski), critical=False)
        .sign(ca_key, hashes.SHA256())
    )

    pem = serialization.Encoding.PEM
    return Pki(
        ca=_write(os.path.join(directory, "ca.pem"), ca_cert.public_bytes(pem)),
        cert=_write(os.path.join(directory, "server.pem"), cert.public_bytes(pem)),
        key=_write(os.path.join(directory, "server-key.pem"), key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()), private=True),
    )


def main(argv: list | None = None) -> int:
    """``python -m tests.simulator.tls DIR``: write the PKI into DIR, print ``SIM_TLS_CA=``/``SIM_TLS_CERT=``/``SIM_TLS_KEY=`` lines."""
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m tests.simulator.tls DIR", file=sys.stderr)
        return 2
    pki = make_test_pki(argv[0])
    print("SIM_TLS_CA=%s\nSIM_TLS_CERT=%s\nSIM_TLS_KEY=%s" % pki)
    return 0


if __name__ == "__main__":
    sys.exit(main())
