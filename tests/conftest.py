"""Every test runs offline: connecting anywhere but loopback (127.0.0.0/8, ::1, localhost) or a unix
socket fails the test. PostgreSQL, Redis and the fake Google server on 127.0.0.1 keep working."""
from __future__ import annotations

import ipaddress
import socket

import pytest

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def _is_loopback(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _check(address: object) -> None:
    # Unix sockets take a path (str/bytes); inet sockets a (host, port, ...) tuple.
    if isinstance(address, tuple) and not _is_loopback(address[0]):
        pytest.fail(f"network access blocked in tests: {address!r} is not loopback", pytrace=False)


@pytest.fixture(autouse=True, scope="session")
def _block_network():
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create_connection, real_getaddrinfo = socket.create_connection, socket.getaddrinfo

    def connect(self, address):
        _check(address)
        return real_connect(self, address)

    def connect_ex(self, address):
        _check(address)
        return real_connect_ex(self, address)

    def create_connection(address, *args, **kwargs):
        _check(address)
        return real_create_connection(address, *args, **kwargs)

    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "", "0.0.0.0", "::"):  # the unspecified addresses are for binding
            _check((host,))
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect, socket.socket.connect_ex = connect, connect_ex
    socket.create_connection, socket.getaddrinfo = create_connection, getaddrinfo
    yield
    socket.socket.connect, socket.socket.connect_ex = real_connect, real_connect_ex
    socket.create_connection, socket.getaddrinfo = real_create_connection, real_getaddrinfo
