"""The suite-wide guard (tests/conftest.py): loopback and unix sockets only."""
from __future__ import annotations

import socket

import pytest

blocked = pytest.raises(pytest.fail.Exception, match="network access blocked")


def test_it_blocks_a_connection_to_a_non_loopback_host():
    with blocked:
        socket.create_connection(("192.0.2.1", 443), timeout=0.1)
    with blocked, socket.socket() as sock:
        sock.connect(("8.8.8.8", 53))
    with blocked, socket.socket(socket.AF_INET6) as sock:
        sock.connect_ex(("2001:db8::1", 443, 0, 0))


def test_it_blocks_name_lookups_of_other_hosts():
    with blocked:
        socket.getaddrinfo("oauth2.googleapis.com", 443)


def test_it_blocks_the_google_client_before_any_packet_leaves():
    import httplib2

    with blocked:
        httplib2.Http(timeout=1).request("https://www.googleapis.com/calendar/v3/calendars/x/events")


def test_it_lets_loopback_and_unix_sockets_through(tmp_path):
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        socket.create_connection(("localhost", server.getsockname()[1]), timeout=1).close()
        socket.create_connection(("127.0.0.1", server.getsockname()[1]), timeout=1).close()
    assert socket.getaddrinfo("localhost", 80)
    path = str(tmp_path / "s.sock")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen()
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(path)
