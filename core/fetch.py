"""Fetching an address that a person typed in (a partner cluster's calendar feed, a
webhook), without letting it reach the server itself or the internal network.

The host name is resolved once per hop; every address it resolves to must be public, and
the connection is made to the address that was checked, never to the name again: a DNS
server that answers a public address to the check and `127.0.0.1` to the connection
(rebinding) gains nothing. Redirects are followed by hand, each hop checked and pinned the
same way. HTTPS still verifies the certificate and sends SNI for the host name, while the
socket goes to the pinned address.

Errors say what happened in generic words (status, content type, size), never what the
server sent: the message is shown to staff, and an internal endpoint's answer must not
travel through it.
"""

import http.client
import ipaddress
import re
import socket
import ssl
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

SCHEMES = ("http", "https")
REDIRECT_STATUSES = (301, 302, 303, 307, 308)
DEFAULT_MAX_REDIRECTS = 3
_CHUNK = 64 * 1024
# A media type as RFC 9110 writes it; anything else from the server is not repeated.
_MEDIA_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$")
# NAT64 carries an IPv4 address in its last 32 bits: that one decides.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Local-use NAT64 (RFC 8215) translates to whatever the network's operator chose, private
# addresses included: never global, though Python 3.11 counts it so.
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
# The deprecated IPv4-compatible form (::a.b.c.d), which Python also counts as global.
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


class FetchError(Exception):
    """The address could not be fetched; the message is generic and safe to show."""


@dataclass(frozen=True)
class FetchResult:
    url: str  # the last hop's address, after redirects
    status: int
    content_type: str  # the media type, lower-case; "" when missing or malformed
    body: bytes

    def describe(self) -> str:
        """What staff may be told of the answer: its status, type and size."""
        return describe_answer(
            status=self.status, content_type=self.content_type, size=len(self.body)
        )


def describe_answer(*, status: int, content_type: str, size: int) -> str:
    return gettext("HTTP %(status)s, %(content_type)s, %(size)s") % {
        "status": status,
        "content_type": content_type or gettext("no content type"),
        "size": filesizeformat(size),
    }


def address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in _NAT64_LOCAL:
            return False
        if ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        elif ip.sixtofour:  # 6to4 (2002::/16) carries one in bits 16 to 48
            ip = ip.sixtofour
        elif ip in _NAT64 or (ip in _IPV4_COMPATIBLE and int(ip) > 1):
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    # Not global: loopback, private, link-local (cloud metadata), reserved, shared, unspecified.
    return ip.is_global and not ip.is_multicast


def _resolve(host: str, port: int, *, allow_private: bool) -> list[tuple[int, tuple]]:
    """The (family, socket address) pairs to connect to, in the resolver's order, once
    every one of them was checked."""
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as error:
        raise FetchError(
            gettext("Unreachable: %(reason)s") % {"reason": gettext("unknown host name")}
        ) from error
    if not found:
        raise FetchError(
            gettext("Unreachable: %(reason)s") % {"reason": gettext("unknown host name")}
        )
    if not allow_private:
        # All of them: a name with one public and one private address must not get
        # through by the luck of the order.
        for *_rest, sockaddr in found:
            if not address_is_public(sockaddr[0]):
                raise FetchError(
                    gettext("%(host)s is an address of a private network: it is not fetched.")
                    % {"host": host}
                )
    addresses = []
    for family, _type, _proto, _name, sockaddr in found:
        if (family, sockaddr) not in addresses:
            addresses.append((family, sockaddr))
    return addresses


def _tls_context() -> ssl.SSLContext:
    # The system's trusted authorities, host name checked (tests swap in their own CA).
    return ssl.create_default_context()


def _open_socket(family: int, sockaddr: tuple, timeout: float) -> socket.socket:
    """A TCP socket connected to `sockaddr`, an address, never a name."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to `host` whose socket goes to the address already checked."""

    def __init__(self, host, port, *, addresses, tls: bool, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.pinned_sock = None
        self.addresses = addresses
        self.tls = tls
        # The Host header leaves out the scheme's own port.
        self.default_port = 443 if tls else 80

    def connect(self):
        # Each checked address in turn, as a browser would (an IPv6 address first on a
        # machine without IPv6, say); never a fresh lookup.
        for family, sockaddr in self.addresses:
            try:
                sock = _open_socket(family, sockaddr, self.timeout)
                break
            except OSError as error:
                last_error = error
        else:
            raise last_error
        if self.tls:
            try:
                sock = _tls_context().wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
        # http.client lets go of `self.sock` once the response is read to its close; the
        # body's reads still need their deadline.
        self.sock = self.pinned_sock = sock


def _connection_error(error: BaseException) -> FetchError:
    if isinstance(error, TimeoutError | socket.timeout):
        reason = gettext("the server did not answer in time")
    elif isinstance(error, ssl.SSLCertVerificationError):
        reason = gettext("its certificate is not valid for this address")
    elif isinstance(error, ssl.SSLError):
        reason = gettext("the secure connection failed")
    elif isinstance(error, ConnectionRefusedError):
        reason = gettext("connection refused")
    elif isinstance(error, http.client.HTTPException):
        reason = gettext("the answer is not valid HTTP")
    else:
        reason = gettext("the connection failed")
    return FetchError(gettext("Unreachable: %(reason)s") % {"reason": reason})


def _content_type(response) -> str:
    value = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
    return value if _MEDIA_TYPE.match(value) else ""


def _read_capped(response, *, sock, max_bytes: int, deadline: float) -> bytes:
    declared = response.getheader("Content-Length") or ""
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(_too_large(max_bytes))
    chunks, total = [], 0
    while not response.isclosed():
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(
                gettext("Unreachable: %(reason)s")
                % {"reason": gettext("the server did not answer in time")}
            )
        # A server that trickles a byte at a time must not hold the worker past the
        # deadline: one receive at a time, each given what is left of it.
        sock.settimeout(remaining)
        chunk = response.read1(min(_CHUNK, max_bytes + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > max_bytes:
            raise FetchError(_too_large(max_bytes))
    return b"".join(chunks)


def _too_large(max_bytes: int) -> str:
    return gettext("The answer is larger than %(size)s.") % {"size": filesizeformat(max_bytes)}


def _pinned_connection(
    url: str, *, allow_private: bool, deadline: float
) -> tuple[_PinnedConnection, str]:
    """A connection to `url`'s host, its name resolved once and every address checked, and
    the request target (path and query)."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        raise FetchError(gettext("Only http:// and https:// addresses can be fetched."))
    try:
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise FetchError(gettext("The address has no host name.")) from error
    if not host:
        raise FetchError(gettext("The address has no host name."))
    tls = parts.scheme == "https"
    port = port or (443 if tls else 80)
    addresses = _resolve(host, port, allow_private=allow_private)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise _connection_error(TimeoutError())
    connection = _PinnedConnection(host, port, addresses=addresses, tls=tls, timeout=remaining)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return connection, target


def _user_agent() -> str:
    return f"cluster-portal ({settings.SITE_URL})"


def fetch_public_url(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    allow_private: bool = False,
    accept: str = "*/*",
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
) -> FetchResult:
    """GET `url` and return the answer of the last hop, a 2xx, or raise FetchError.

    `timeout` bounds the whole fetch, redirects included; the body is read up to
    `max_bytes`. `allow_private` lets private addresses through (a test server, an
    intranet deployment); the connection is pinned to the checked address all the same.
    """
    deadline = time.monotonic() + timeout
    for _hop in range(max_redirects + 1):
        connection, target = _pinned_connection(url, allow_private=allow_private, deadline=deadline)
        try:
            connection.request(
                "GET",
                target,
                headers={
                    "Accept": accept,
                    "User-Agent": _user_agent(),
                    "Connection": "close",
                },
            )
            response = connection.getresponse()
            if response.status in REDIRECT_STATUSES:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(
                        gettext("The server answered HTTP %(code)s.") % {"code": response.status}
                    )
                next_url = urljoin(url, location.strip())
                if urlsplit(next_url).scheme not in SCHEMES:
                    raise FetchError(gettext("Redirected to a non-web address."))
                url = next_url
                continue
            if not 200 <= response.status < 300:
                raise FetchError(
                    gettext("The server answered HTTP %(code)s.") % {"code": response.status}
                )
            body = _read_capped(
                response, sock=connection.pinned_sock, max_bytes=max_bytes, deadline=deadline
            )
            return FetchResult(
                url=url, status=response.status, content_type=_content_type(response), body=body
            )
        except FetchError:
            raise
        except (OSError, UnicodeError, http.client.HTTPException) as error:
            raise _connection_error(error) from error
        finally:
            connection.close()
    raise FetchError(gettext("Too many redirects."))


@dataclass(frozen=True)
class PostAnswer:
    status: int
    content_type: str
    size: int  # bytes read of the body, at most the cap

    @property
    def is_success(self) -> bool:
        return 200 <= self.status < 300

    def describe(self) -> str:
        return describe_answer(status=self.status, content_type=self.content_type, size=self.size)


POST_ANSWER_READ_BYTES = 64 * 1024


def post_to_public_url(
    url: str,
    *,
    body: bytes,
    headers: dict[str, str],
    timeout: float,
    allow_private: bool = False,
) -> PostAnswer:
    """POST `body` to `url` with the same checks as a fetch (resolved once, every address
    public unless `allow_private`, the socket pinned to the checked address) and return the
    answer's status, whatever it is: a redirect is not followed, the caller decides what
    counts as success. At most POST_ANSWER_READ_BYTES of the answer are read, then dropped.
    Raises FetchError when no HTTP answer came within `timeout`."""
    deadline = time.monotonic() + timeout
    connection, target = _pinned_connection(url, allow_private=allow_private, deadline=deadline)
    try:
        connection.request(
            "POST",
            target,
            body=body,
            headers={"User-Agent": _user_agent(), "Connection": "close", **headers},
        )
        response = connection.getresponse()
        try:
            size = len(
                _read_capped(
                    response,
                    sock=connection.pinned_sock,
                    max_bytes=POST_ANSWER_READ_BYTES,
                    deadline=deadline,
                )
            )
        except FetchError:
            # An answer too large or too slow to read: its status already says enough.
            size = POST_ANSWER_READ_BYTES
        return PostAnswer(status=response.status, content_type=_content_type(response), size=size)
    except FetchError:
        raise
    except (OSError, UnicodeError, http.client.HTTPException) as error:
        raise _connection_error(error) from error
    finally:
        connection.close()


def public_url_check(url: str, *, allow_private: bool = False) -> None:
    """Raise FetchError unless `url` is a web address whose host name resolves, to public
    addresses only unless `allow_private`: what a fetch or a POST would check, told when
    staff save the address rather than at its first use. Nothing is connected to."""
    connection, _target = _pinned_connection(
        url, allow_private=allow_private, deadline=time.monotonic() + 60
    )
    connection.close()
