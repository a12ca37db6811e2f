"""A hostile HTTP server on 127.0.0.1 for the tests: each test scripts what it answers, byte by byte."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Script = Callable[[socket.socket, int], None]  # (connection, index of the request on this server)


@contextmanager
def hostile_server(script: Script) -> Iterator[tuple[int, list[bytes]]]:
    """Serve `script` on a free loopback port; yield (port, raw requests received)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    received: list[bytes] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(5)
                try:
                    received.append(conn.recv(65536))
                    script(conn, len(received) - 1)
                except OSError:
                    pass  # the client gave up: that is what the tests want to see

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], received
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def head(status: str = "200 OK", **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status}", "Connection: close", *(f"{k.replace('_', '-')}: {v}" for k, v in headers.items())]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def trickle(body: bytes, every: float) -> Script:
    """Headers at once, then the body one byte at a time (slow-loris)."""

    def script(conn: socket.socket, _index: int) -> None:
        conn.sendall(head(Content_Type="application/json", Content_Length=str(len(body))))
        for byte in body:
            conn.sendall(bytes([byte]))
            time.sleep(every)

    return script
