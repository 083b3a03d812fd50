"""A fault-injecting HTTP/1.1 proxy on loopback, between township PCs and a county server process.

Each request through it meets one fault, drawn by `choose` (a seeded schedule in the tests):
pass, drop (closed before any answer), delay, cut mid-request (half the body reaches the county),
cut mid-response (the county answered; a few bytes reach the PC), truncate (the answer minus its
tail, with a matching length header), 500 (the county did the work, the answer replaced), 503 (not
forwarded), restart (the county process is killed while the request is in flight).
"""

from __future__ import annotations

import asyncio
import random
import threading
from collections import Counter
from collections.abc import Callable

FAULTS = ("drop", "delay", "cut_request", "cut_response", "truncate", "http500", "http503", "restart")


class FaultProxy:
    def __init__(self, upstream_port: int, *, on_restart: Callable[[], None] | None = None) -> None:
        self.upstream_port = upstream_port
        self.on_restart = on_restart
        self.choose: Callable[[], str] = lambda: "pass"
        self.counts: Counter[str] = Counter()
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        self._ready.wait(10)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def seeded(self, seed: int, rate: float, faults: tuple[str, ...] = FAULTS) -> None:
        rng = random.Random(seed)
        self.choose = lambda: rng.choice(faults) if rng.random() < rate else "pass"

    def only(self, fault: str) -> None:
        self.choose = lambda: fault

    def close(self) -> None:
        """Stop serving. Connections still open (a PC's keep-alive one, say) are cancelled while the
        loop still runs, so their sockets close now instead of in a coroutine finalised later on a
        loop that is gone ("Event loop is closed" warnings at the end of the run)."""
        async def cancel_connections() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        try:
            asyncio.run_coroutine_threadsafe(cancel_connections(), self._loop).result(5)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(5)

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(asyncio.start_server(self._client, "127.0.0.1", 0))
        self.port = server.sockets[0].getsockname()[1]
        self._ready.set()
        self._loop.run_forever()

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
        try:
            while True:
                request = await _read_message(reader)
                if request is None:
                    return
                fault = self.choose()
                self.counts[fault] += 1
                if fault == "drop":
                    return
                if fault == "http503":
                    writer.write(b"HTTP/1.1 503 Service Unavailable\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                    await writer.drain()
                    return
                if fault == "delay":
                    await asyncio.sleep(0.3)
                if upstream is None:
                    try:
                        upstream = await asyncio.open_connection("127.0.0.1", self.upstream_port)
                    except OSError:
                        return  # the county is down: the PC sees a closed connection
                up_reader, up_writer = upstream
                if fault == "cut_request":
                    up_writer.write(request[: len(request) - max(1, (len(request) - request.index(b"\r\n\r\n")) // 2)])
                    await up_writer.drain()
                    return
                up_writer.write(request)
                await up_writer.drain()
                if fault == "restart" and self.on_restart:
                    await asyncio.to_thread(self.on_restart)
                    return
                response = await _read_message(up_reader)
                if response is None:
                    return
                head, _, body = response.partition(b"\r\n\r\n")
                if fault == "cut_response":
                    writer.write(response[: min(len(response) - 1, len(head) + 4 + len(body) // 3)])
                elif fault == "truncate":
                    short = body[: len(body) * 2 // 3]
                    writer.write(_with_length(head, len(short)) + b"\r\n\r\n" + short)
                elif fault == "http500":
                    writer.write(b"HTTP/1.1 500 Internal Server Error\r\ncontent-type: text/plain\r\n"
                                 b"content-length: 21\r\n\r\nInternal Server Error")
                else:
                    writer.write(response)
                await writer.drain()
                if fault in ("cut_response", "truncate"):
                    return
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            return
        finally:
            for w in (writer, upstream[1] if upstream else None):
                if w is not None:
                    w.close()


async def _read_message(reader: asyncio.StreamReader) -> bytes | None:
    """One HTTP/1.1 message with a content-length body (all the county and httpx send here)."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        return None
    length = 0
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    body = await reader.readexactly(length) if length else b""
    return head + body


def _with_length(head: bytes, length: int) -> bytes:
    lines = [line for line in head.split(b"\r\n") if not line.lower().startswith(b"content-length:")]
    return b"\r\n".join(lines + [f"content-length: {length}".encode()])
