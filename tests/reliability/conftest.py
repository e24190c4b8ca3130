"""Fixtures of the reliability tests: the contributions fixtures, and real faults (servers that
refuse, hang or come and go), each started and stopped by the test."""

import contextlib
import socket
import threading

import pytest

from tests.contributions.conftest import (  # noqa: F401 (fixtures)
    editor_a,
    empty_cache,
    group_a,
    groups_index,
    make_user,
    minutes_a,
    writer_a,
)


def free_port() -> int:
    """A TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SilentServer:
    """Accepts TCP connections and never answers: a hung mail relay (or database)."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(50)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while self.running:
            try:
                conn, _addr = self.listener.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def stop(self):
        self.running = False
        self.listener.close()
        for conn in self.accepted:
            conn.close()


def _shut(sock):
    """Shut a socket down, then close it. Closing alone does not wake a thread blocked in
    accept() or recv() on it: the kernel keeps the socket (listening, or connected upstream)
    until that call returns."""
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; `down()` closes every connection and refuses new
    ones, `hang()` accepts and forwards nothing, `up()` forwards again (same port)."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.mode = "down"
        self.listener = None
        self.connections = []
        self.lock = threading.Lock()

    def _listen(self):
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(50)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener):
        while True:
            try:
                client, _addr = listener.accept()
            except OSError:
                return
            if listener is not self.listener:  # accepted as the proxy went down: refuse it
                client.close()
                return
            with self.lock:
                self.connections.append(client)
            if self.mode == "hang":
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            with self.lock:
                self.connections.append(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                _shut(end)

    def _close_all(self):
        if self.listener is not None:
            listener, self.listener = self.listener, None
            _shut(listener)
        with self.lock:
            for conn in self.connections:
                _shut(conn)
            self.connections = []

    def up(self):
        self._close_all()
        self.mode = "up"
        self._listen()

    def hang(self):
        self._close_all()
        self.mode = "hang"
        self._listen()

    def down(self):
        self._close_all()
        self.mode = "down"


@pytest.fixture
def silent_server():
    server = SilentServer()
    yield server
    server.stop()
