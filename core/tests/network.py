"""A fake network for tests of `core.fetch`: host names get the addresses a test chooses,
and connections, recorded, go to a local server. Nothing leaves the machine."""

import socket

from core import fetch

# Public addresses, never connected to: the fake connector hands a local socket instead.
PUBLIC = "93.184.215.14"


class FakeNetwork:
    """A resolver that answers `answers[host]` in turn (the last one repeats), and a
    connector that records the address asked for, then connects to the local server."""

    def __init__(self, monkeypatch, port: int, answers: dict[str, list[str]]):
        self.answers = {host: list(addresses) for host, addresses in answers.items()}
        self.lookups: list[str] = []
        self.connected_to: list[str] = []
        real_getaddrinfo = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kwargs):
            if host not in self.answers:
                return real_getaddrinfo(host, port, *args, **kwargs)
            self.lookups.append(host)
            queue = self.answers[host]
            address = queue.pop(0) if len(queue) > 1 else queue[0]
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            return [(family, socket.SOCK_STREAM, 6, "", (address, port))]

        def open_socket(family, sockaddr, timeout):
            self.connected_to.append(sockaddr[0])
            return socket.create_connection(("127.0.0.1", port), timeout)

        monkeypatch.setattr(fetch.socket, "getaddrinfo", getaddrinfo)
        monkeypatch.setattr(fetch, "_open_socket", open_socket)
