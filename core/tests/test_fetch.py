"""The fetcher of addresses typed in by people: pinned to the address it checked, on every
hop, with TLS checked against the host name, a size cap, a deadline and few redirects.

The servers run on 127.0.0.1. Tests of the private-network refusal give the host names
public addresses through a fake resolver, and record where the fetcher connects, then hand
it a socket to the local server: nothing leaves the machine.
"""

import datetime
import re
import socket
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from core import fetch
from core.tests.network import PUBLIC, FakeNetwork

PUBLIC_2 = "151.101.1.69"


class Server:
    """Serves `routes[path] = (status, body, headers)` on 127.0.0.1, over TLS if asked."""

    def __init__(self, tls_context: ssl.SSLContext | None = None):
        self.routes: dict[str, tuple[int, bytes, dict]] = {}
        self.seen: list[tuple[str, str]] = []  # (Host header, path)
        routes, seen = self.routes, self.seen

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                seen.append((self.headers.get("Host"), self.path))
                status, body, headers = routes.get(self.path, (404, b"not found", {}))
                if callable(body):
                    body = body()
                pieces = None if isinstance(body, bytes) else body
                if pieces is not None:
                    body = b""
                self.send_response(status)
                for name, value in {"Content-Type": "text/plain", **headers}.items():
                    self.send_header(name, value)
                if "Content-Length" not in headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                for piece in pieces or [body]:
                    self.wfile.write(piece)
                    self.wfile.flush()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        if tls_context is not None:
            self.server.socket = tls_context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def server():
    running = Server()
    yield running
    running.close()


def _get(url, **kwargs):
    kwargs = {"max_bytes": 1024 * 1024, "timeout": 5, **kwargs}
    with translation.override("en"):
        return fetch.fetch_public_url(url, **kwargs)


def _refused(url, **kwargs) -> str:
    with pytest.raises(fetch.FetchError) as caught:
        _get(url, **kwargs)
    return str(caught.value)


def test_a_public_address_is_fetched_with_its_host_name(server, monkeypatch):
    server.routes["/feed.ics"] = (200, b"BEGIN:VCALENDAR", {"Content-Type": "text/calendar"})
    network = FakeNetwork(monkeypatch, server.port, {"partner.test": [PUBLIC]})

    answer = _get(f"http://partner.test:{server.port}/feed.ics")

    assert answer.body == b"BEGIN:VCALENDAR"
    assert answer.status == 200
    assert answer.content_type == "text/calendar"
    assert network.connected_to == [PUBLIC]
    assert server.seen == [(f"partner.test:{server.port}", "/feed.ics")]


def test_a_resolver_that_changes_its_answer_gets_the_address_it_gave_first(server, monkeypatch):
    """DNS rebinding: a public address for the check, 127.0.0.1 for the connection."""
    server.routes["/feed.ics"] = (200, b"BEGIN:VCALENDAR", {})
    network = FakeNetwork(monkeypatch, server.port, {"partner.test": [PUBLIC, "127.0.0.1"]})

    _get(f"http://partner.test:{server.port}/feed.ics")

    assert network.lookups == ["partner.test"]  # resolved once, for the check
    assert network.connected_to == [PUBLIC]  # and connected to what was checked


@pytest.mark.parametrize(
    "private",
    ["127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::ffff:192.168.0.1", "64:ff9b::a00:1"],
)
def test_a_name_resolving_to_a_private_address_is_never_connected_to(server, monkeypatch, private):
    network = FakeNetwork(monkeypatch, server.port, {"partner.test": [private]})

    message = _refused(f"http://partner.test:{server.port}/feed.ics")

    assert "partner.test is an address of a private network" in message
    assert network.connected_to == []


def test_the_next_checked_address_is_tried_when_one_does_not_answer(server, monkeypatch):
    server.routes["/feed.ics"] = (200, b"BEGIN:VCALENDAR", {})
    network = FakeNetwork(monkeypatch, server.port, {})
    unreachable = "2606:4700::6810:84e5"

    real_getaddrinfo = socket.getaddrinfo  # the local server's address goes through it

    def two_addresses(host, port, *args, **kwargs):
        if host != "partner.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        network.lookups.append(host)
        return [
            (socket.AF_INET6, socket.SOCK_STREAM, 6, "", (unreachable, port, 0, 0)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
        ]

    recording_open = fetch._open_socket

    def first_fails(family, sockaddr, timeout):
        if sockaddr[0] == unreachable:
            network.connected_to.append(unreachable)
            raise OSError("Network is unreachable")
        return recording_open(family, sockaddr, timeout)

    monkeypatch.setattr(fetch.socket, "getaddrinfo", two_addresses)
    monkeypatch.setattr(fetch, "_open_socket", first_fails)

    assert _get(f"http://partner.test:{server.port}/feed.ics").body == b"BEGIN:VCALENDAR"
    assert network.lookups == ["partner.test"]
    assert network.connected_to == [unreachable, PUBLIC]


def test_every_address_of_a_name_must_be_public(server, monkeypatch):
    network = FakeNetwork(monkeypatch, server.port, {})

    real_getaddrinfo = socket.getaddrinfo

    def two_addresses(host, port, *args, **kwargs):
        if host != "partner.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        network.lookups.append(host)
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", (PUBLIC, port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
        ]

    monkeypatch.setattr(fetch.socket, "getaddrinfo", two_addresses)

    assert "private network" in _refused(f"http://partner.test:{server.port}/x")
    assert network.connected_to == []


@pytest.mark.parametrize(
    ("location", "answers"),
    [
        ("http://internal.test/admin/", {"internal.test": ["10.0.0.5"]}),
        ("http://127.0.0.1:{port}/secret", {}),
        ("http://[::1]:{port}/secret", {}),
        ("http://rebind.test:{port}/secret", {"rebind.test": ["192.168.1.1"]}),
    ],
)
def test_a_redirect_to_a_private_address_is_refused(server, monkeypatch, location, answers):
    location = location.format(port=server.port)
    server.routes["/feed.ics"] = (302, b"", {"Location": location})
    server.routes["/secret"] = (200, b"internal", {})
    network = FakeNetwork(monkeypatch, server.port, {"partner.test": [PUBLIC], **answers})

    message = _refused(f"http://partner.test:{server.port}/feed.ics")

    assert "is an address of a private network" in message
    assert network.connected_to == [PUBLIC]  # the first hop only
    assert [path for _host, path in server.seen] == ["/feed.ics"]


def test_each_redirect_hop_is_resolved_checked_and_pinned(server, monkeypatch):
    server.routes["/old.ics"] = (301, b"", {"Location": f"http://cdn.test:{server.port}/new.ics"})
    server.routes["/new.ics"] = (200, b"BEGIN:VCALENDAR", {})
    network = FakeNetwork(
        monkeypatch,
        server.port,
        {"partner.test": [PUBLIC, "127.0.0.1"], "cdn.test": [PUBLIC_2, "127.0.0.1"]},
    )

    answer = _get(f"http://partner.test:{server.port}/old.ics")

    assert answer.url == f"http://cdn.test:{server.port}/new.ics"
    assert network.lookups == ["partner.test", "cdn.test"]
    assert network.connected_to == [PUBLIC, PUBLIC_2]
    assert server.seen[-1] == (f"cdn.test:{server.port}", "/new.ics")


def test_redirects_are_limited(server, settings):
    server.routes["/loop"] = (302, b"", {"Location": "/loop"})
    message = _refused(f"http://127.0.0.1:{server.port}/loop", allow_private=True)
    assert "Too many redirects" in message
    assert len(server.seen) == fetch.DEFAULT_MAX_REDIRECTS + 1


def test_a_redirect_to_another_scheme_is_refused(server):
    server.routes["/x"] = (302, b"", {"Location": "file:///etc/passwd"})
    assert "non-web" in _refused(f"http://127.0.0.1:{server.port}/x", allow_private=True)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://partner.test/x", "gopher://x/"])
def test_only_web_addresses_are_fetched(url):
    assert "http" in _refused(url)


def test_an_answer_larger_than_the_cap_is_refused_whether_announced_or_not(server):
    server.routes["/big"] = (200, b"x" * 5000, {})
    server.routes["/unannounced"] = (200, b"x" * 5000, {"Content-Length": "10"})
    server.routes["/lying"] = (200, b"x" * 50, {"Content-Length": "999999"})
    base = f"http://127.0.0.1:{server.port}"
    assert "larger than" in _refused(f"{base}/big", max_bytes=1000, allow_private=True)
    assert "larger than" in _refused(f"{base}/lying", max_bytes=1000, allow_private=True)
    # A server that sends more than it announced is cut at what it announced.
    assert len(_get(f"{base}/unannounced", max_bytes=1000, allow_private=True).body) == 10


def test_a_slow_server_runs_into_the_deadline(server):
    def slowly():
        time.sleep(2)
        return b"late"

    server.routes["/slow"] = (200, slowly, {})
    started = time.monotonic()
    message = _refused(f"http://127.0.0.1:{server.port}/slow", timeout=0.5, allow_private=True)
    assert "did not answer in time" in message
    assert time.monotonic() - started < 1.5


def test_a_server_that_trickles_its_body_runs_into_the_deadline(server):
    def trickle():
        for _ in range(20):
            time.sleep(0.2)
            yield b"x"

    server.routes["/trickle"] = (200, trickle, {"Content-Length": "20"})
    started = time.monotonic()
    message = _refused(f"http://127.0.0.1:{server.port}/trickle", timeout=1, allow_private=True)
    assert "did not answer in time" in message
    assert time.monotonic() - started < 2


def test_an_error_status_says_the_status_and_nothing_of_the_body(server):
    server.routes["/secret"] = (500, b'{"token": "s3cr3t-internal"}', {})
    message = _refused(f"http://127.0.0.1:{server.port}/secret", allow_private=True)
    assert message == "The server answered HTTP 500."


def test_the_content_type_is_repeated_only_when_it_is_a_media_type(server):
    server.routes["/odd"] = (200, b"x", {"Content-Type": "text/html; s3cr3t=1"})
    server.routes["/junk"] = (200, b"x", {"Content-Type": "s3cr3t internal value"})
    base = f"http://127.0.0.1:{server.port}"
    assert _get(f"{base}/odd", allow_private=True).content_type == "text/html"
    answer = _get(f"{base}/junk", allow_private=True)
    assert answer.content_type == ""
    with translation.override("en"):
        assert "s3cr3t" not in answer.describe()
        assert answer.describe() == "HTTP 200, no content type, 1\xa0byte"


def test_nothing_listening_is_unreachable():
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    assert "Unreachable" in _refused(f"http://127.0.0.1:{port}/", allow_private=True)


# HTTPS: the certificate is checked against the host name, the socket goes to the pinned
# address.


@pytest.fixture
def tls_server(tmp_path, monkeypatch):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    def name(common_name):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])

    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(name("Test CA"))
        .issuer_name(name("Test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name("partner.test"))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("partner.test")]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = (tmp_path / n for n in ("ca.pem", "cert.pem", "key.pem"))
    ca_file.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    sni_seen = []
    server_context.sni_callback = lambda sock, server_name, context: sni_seen.append(server_name)
    # The fetcher trusts the system's authorities; here, the test's own.
    monkeypatch.setattr(fetch, "_tls_context", lambda: ssl.create_default_context(cafile=ca_file))
    running = Server(tls_context=server_context)
    running.sni_seen = sni_seen
    yield running
    running.close()


def test_https_checks_the_certificate_of_the_host_name_on_the_pinned_address(
    tls_server, monkeypatch
):
    tls_server.routes["/feed.ics"] = (200, b"BEGIN:VCALENDAR", {})
    network = FakeNetwork(monkeypatch, tls_server.port, {"partner.test": [PUBLIC, "127.0.0.1"]})

    answer = _get(f"https://partner.test:{tls_server.port}/feed.ics")

    assert answer.body == b"BEGIN:VCALENDAR"
    assert network.connected_to == [PUBLIC]
    assert tls_server.sni_seen == ["partner.test"]


def test_https_refuses_a_certificate_of_another_name(tls_server, monkeypatch):
    tls_server.routes["/feed.ics"] = (200, b"BEGIN:VCALENDAR", {})
    FakeNetwork(monkeypatch, tls_server.port, {"other.test": [PUBLIC]})

    message = _refused(f"https://other.test:{tls_server.port}/feed.ics")

    assert "certificate is not valid" in message
    assert tls_server.seen == []


def test_the_address_check_knows_public_from_private():
    assert fetch.address_is_public(PUBLIC)
    assert fetch.address_is_public("2606:4700::1111")
    assert fetch.address_is_public("2002:808:808::1")  # 6to4 of a public address
    for address in (
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "::1",
        "fe80::1",
        "fc00::1",
        "::ffff:10.0.0.1",
        "64:ff9b::7f00:1",
        "224.0.0.1",
        # IPv6 forms that carry a private IPv4 address, or lead to one.
        "::127.0.0.1",
        "::10.0.0.1",
        "2002:7f00:1::1",
        "2002:a9fe:a9fe::1",
        "64:ff9b:1::a00:1",
    ):
        assert not fetch.address_is_public(address), address


# One way out: any other code that opens outbound connections bypasses the checks above.
OUTBOUND = re.compile(
    r"\burllib\.request\b|\burlopen\(|\bhttp\.client\b|\brequests\.(get|post|request|Session)\b"
    r"|\bhttpx\b|\burllib3\b|\baiohttp\b|socket\.create_connection|\bgetaddrinfo\("
)


def test_no_code_but_the_fetcher_opens_outbound_connections():
    root = Path(settings.BASE_DIR)
    offenders = []
    for path in root.rglob("*.py"):
        relative = path.relative_to(root)
        if relative.parts[0].startswith(".") or "tests" in relative.parts:
            continue
        if relative == Path("core/fetch.py") or "site-packages" in relative.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if OUTBOUND.search(line):
                offenders.append(f"{relative}:{number}: {line.strip()}")
    assert not offenders, "fetch addresses through core.fetch:\n" + "\n".join(offenders)


def test_the_outbound_pattern_sees_what_it_looks_for():
    for line in ("urllib.request.urlopen(url)", "import http.client", "requests.get(url)"):
        assert OUTBOUND.search(line)
    assert not OUTBOUND.search("from core.fetch import fetch_public_url")
