"""`population fetch` is bounded: one deadline for the whole fetch, bounded JSON bodies.

Servers on 127.0.0.1 that drip their answer a byte at a time, or answer with JSON nested a
hundred thousand levels deep; every loop here is bounded in count and time.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from helpers import DataCopy, run

from statsbidrag_cli.errors import ScbError
from statsbidrag_cli.files.scb.api import ScbClient

Serve = Callable[[socket.socket], None]


@pytest.fixture
def server() -> Iterator[Callable[[Serve], str]]:
    """Start a one-connection-at-a-time server that runs ``serve`` per connection."""
    stops: list[threading.Event] = []
    listeners: list[socket.socket] = []

    def start(serve: Serve) -> str:
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.settimeout(0.2)
        stop = threading.Event()

        def loop() -> None:
            deadline = time.monotonic() + 20
            while not stop.is_set() and time.monotonic() < deadline:
                try:
                    connection, _address = listener.accept()
                except OSError:
                    continue
                with connection:
                    connection.settimeout(2)
                    try:
                        connection.recv(65536)  # the request
                        serve(connection)
                    except OSError:
                        pass

        threading.Thread(target=loop, daemon=True).start()
        stops.append(stop)
        listeners.append(listener)
        return f"http://127.0.0.1:{listener.getsockname()[1]}/api/v2"

    yield start
    for stop in stops:
        stop.set()
    for listener in listeners:
        listener.close()


def _drip(connection: socket.socket, data: bytes, seconds: float = 10) -> None:
    """Send ``data`` then dots, a byte every 50 ms, for at most ``seconds``."""
    end = time.monotonic() + seconds
    stream = iter(data)
    while time.monotonic() < end:
        byte = next(stream, ord("."))
        connection.sendall(bytes([byte]))
        time.sleep(0.05)


def _timed(client: ScbClient) -> tuple[ScbError, float]:
    start = time.monotonic()
    with pytest.raises(ScbError) as caught:
        client.population(dt.date(2024, 12, 31), ["01"])
    return caught.value, time.monotonic() - start


def test_a_server_that_drips_its_headers_is_cut_off_at_the_deadline(
    server: Callable[[Serve], str],
) -> None:
    url = server(lambda c: _drip(c, b"HTTP/1.1 200 OK\r\nX-Slow: "))
    error, seconds = _timed(ScbClient(url, timeout=5, deadline_seconds=1.0))
    assert seconds < 4, seconds  # not the 5 s per-read timeout, nor forever
    assert "within 1 s" in str(error)


def test_a_server_that_drips_its_body_is_cut_off_at_the_deadline(
    server: Callable[[Serve], str],
) -> None:
    head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
    url = server(lambda c: _drip(c, head + b'{"label": "'))
    error, seconds = _timed(ScbClient(url, timeout=5, deadline_seconds=1.0))
    assert seconds < 4, seconds
    assert "within 1 s" in str(error)


def _answer(body: bytes) -> Serve:
    def serve(connection: socket.socket) -> None:
        head = (
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
            b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n"
        )
        connection.sendall(head + body)

    return serve


def test_deeply_nested_table_info_is_a_clear_error(
    server: Callable[[Serve], str], data: DataCopy
) -> None:
    url = server(_answer(b"[" * 100_000 + b"]" * 100_000))
    result = run("population", "fetch", "--base-url", url, "--date", "2024-12-31", "--level",
                 "lan", "--population-dir", str(data.population))  # fmt: skip
    assert result.exit_code == 2
    assert "not JSON" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_the_bounded_reader_refuses_depth_and_size() -> None:
    from statsbidrag_cli.files.local.jsontext import MAX_DEPTH, JsonBoundError, loads_bounded

    assert loads_bounded('{"a": [[1]], "b": "[[[[["}', 100) == {"a": [[1]], "b": "[[[[["}
    with pytest.raises(JsonBoundError, match="nested deeper"):
        loads_bounded("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1), 10_000)
    assert loads_bounded("[" * MAX_DEPTH + "]" * MAX_DEPTH, 10_000) is not None
    with pytest.raises(JsonBoundError, match="larger than"):
        loads_bounded("[1, 2, 3]", 5)
