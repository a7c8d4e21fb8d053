"""Reading fetched pages (parse + main text + extract) on every core.

Reading is pure Python and holds the GIL: about 5 ms of CPU a page, where
fetching it costs a fraction of that. A check of many sources therefore hands
pages to worker processes (one per core but one) and reads in this process too
whenever every worker already has a few pages waiting: this core fetches and
writes, and reads in the time that leaves. A check of a few sources reads them
all here (a worker takes a few tenths of a second to start).

Each worker gets its pages through a pipe of its own, written by the thread that
submits them and widened (on Linux) to hold a few dozen pages (compressed as they
are stored: a quarter of the bytes), so a worker finds its next page waiting
without any thread of this process having to run first, and this process reads a
page itself only when the worker is well behind. (Through a process pool, each
page waited for two helper threads to get the GIL, which this process holds while
it reads; the worker sat idle half the time.)

Workers are spawned, not forked: they import only the parser and the
extractor (~60 MB each, not a copy of this process and its threads), and
they live only as long as one check.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import multiprocessing
import os
import pickle
import time
import traceback
import zlib
from collections import deque
from collections.abc import Hashable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait

from watcher.model import Facts, WatchTarget

log = logging.getLogger(__name__)

POOL_FROM = 16  # pages that may change in one check before a pool is worth starting
MAX_PROCESSES = 4  # memory: each worker holds the name lists and up to its pipe's room of pages
HELD = 24  # pages sent to a worker and not yet read back, at most (the pipe's room bounds it too)
PIPE_BYTES = 1 << 20  # a worker's pipe of pages (Linux's default ceiling for unprivileged users)


@dataclass(frozen=True)
class Reading:
    """What reading one page gave: facts, or why there are none."""

    facts: Facts | None
    error: str | None = None
    text_hash: str | None = None
    seconds: float = 0.0


def read_page(body: bytes, content_type: str | None, url: str, target: WatchTarget) -> Reading:
    """Parse and extract one page; the same code in this process and in a worker.

    A page the extractor trips over fails that source only, with the reason,
    never the whole check.
    """
    from watcher.discover import text_hash
    from watcher.extract import extract
    from watcher.parse import NotAnArticle, parse_page

    started = time.perf_counter()
    try:
        article = parse_page(body, content_type, url)
        facts = extract(article, target)
    except NotAnArticle as exc:
        return Reading(None, str(exc))
    except Exception as exc:  # a bug on one odd page must not stop the others
        where = traceback.extract_tb(exc.__traceback__)[-1]
        return Reading(None, f"could not read the page ({type(exc).__name__}: {exc} at "
                             f"{os.path.basename(where.filename)}:{where.lineno}); please report it")
    return Reading(facts, None, text_hash(article.headline, article.paragraphs),
                   time.perf_counter() - started)


def _warm() -> None:
    """Load the extractor and its name lists before the first page."""
    from watcher.extract import cast, release  # noqa: F401
    from watcher.extract.names import first_names

    first_names()


def _read_packed(packed: bytes, content_type: str | None, url: str, target: WatchTarget) -> Reading:
    """read_page of a page compressed with zlib, as workers get them."""
    return read_page(zlib.decompress(packed), content_type, url, target)


def _serve(pages: Connection, readings: Connection) -> None:
    """A worker: one Reading back for each page sent, in order, until b"" or the pipe closes."""
    try:
        # The extractor's patterns and name lists live as long as the worker: collecting
        # cycles while they load only walks them again and again, and once frozen no
        # later collection walks them (3% of a worker's CPU).
        gc.disable()
        _warm()
        gc.freeze()
        gc.enable()
        while (task := pages.recv_bytes()) != b"":
            readings.send(_read_packed(*pickle.loads(task)))
    except (EOFError, KeyboardInterrupt, BrokenPipeError):
        pass  # the check ended, or stopped: nobody waits for more


def default_processes() -> int:
    """One per core but one: that core is this process's, fetching and writing (and reading)."""
    return max(0, min(MAX_PROCESSES, (os.cpu_count() or 1) - 1))


def _widen(pipe: Connection) -> int:
    """Let a pipe hold PIPE_BYTES where the system allows it (Linux); the bytes it holds."""
    try:
        import fcntl

        return int(fcntl.fcntl(pipe.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES))
    except (ImportError, AttributeError, OSError):
        return 64 * 1024  # what a pipe holds by default (Linux) or at most (macOS)


class _Worker:
    """One reader process, the pipes to and from it, and the pages it holds, oldest first."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        their_pages, self.pages = context.Pipe(duplex=False)
        self.readings, their_readings = context.Pipe(duplex=False)
        self.room = _widen(self.pages)
        self.process = context.Process(target=_serve, args=(their_pages, their_readings),
                                       name="watcher-reader", daemon=True)
        self.process.start()
        their_pages.close()  # its ends: a worker that dies closes the pipes (EOF, EPIPE here)
        their_readings.close()
        self.held: deque[tuple[Hashable, tuple, int]] = deque()  # key, arguments, bytes sent
        self.bytes_held = 0

    def takes(self, size: int) -> bool:
        """An idle worker takes any page; a busy one as many as fit its pipe, up to HELD."""
        return not self.held or (len(self.held) < HELD and self.bytes_held + size <= self.room)

    def full(self) -> bool:
        """HELD pages already: no need to compress one for it."""
        return len(self.held) >= HELD

    def send(self, key: Hashable, args: tuple, data: bytes) -> None:
        self.pages.send_bytes(data)
        self.held.append((key, args, len(data)))
        self.bytes_held += len(data)

    def receive(self) -> tuple[Hashable, Reading]:
        reading = self.readings.recv()
        key, _, size = self.held.popleft()
        self.bytes_held -= size
        return key, reading

    def stop(self, wait: bool) -> None:
        """End it once it has read what it holds (wait), or now."""
        if wait:
            with contextlib.suppress(OSError):
                self.pages.send_bytes(b"")
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.pages.close()
        self.readings.close()


class Readers:
    """Pages in, (key, Reading) out, in the order they finish.

    processes 0 reads in this process. Otherwise worker processes start with
    the first page, each takes pages while it has room, and the rest are read
    here. If a worker dies, the pages it held are read here (a warning says so).
    """

    def __init__(self, processes: int) -> None:
        self._processes = processes
        self._workers: list[_Worker] | None = None  # None: not started yet
        self._done: list[tuple[Hashable, Reading]] = []

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the workers now, not with the first page: they load the extractor meanwhile."""
        if self._workers is None:
            self._workers = [_Worker() for _ in range(self._processes)]

    def submit(self, key: Hashable, body: bytes, content_type: str | None, url: str,
               target: WatchTarget, packed: Future[bytes] | None = None) -> None:
        """Read a page. packed: the page compressed with zlib level 1, as it is stored; a worker
        gets that (a quarter of the bytes, so its pipe holds a few dozen pages, not six)."""
        self.start()
        assert self._workers is not None
        self._collect()
        worker = min(self._workers, key=lambda w: len(w.held), default=None)
        if worker is not None and not worker.full():
            args = (packed.result() if packed is not None else zlib.compress(body, 1),
                    content_type, url, target)
            data = pickle.dumps(args, pickle.HIGHEST_PROTOCOL)
            if worker.takes(len(data)):
                try:
                    worker.send(key, args, data)
                    return
                except OSError:
                    self._lost(worker)
        # every worker has enough to do: read it here
        self._done.append((key, read_page(body, content_type, url, target)))

    def ready(self) -> Iterator[tuple[Hashable, Reading]]:
        """The pages read so far (without waiting)."""
        self._collect()
        done, self._done = self._done, []
        yield from done

    def finish(self) -> Iterator[tuple[Hashable, Reading]]:
        """Every page still in flight, as it is read."""
        while busy := [w.readings for w in self._workers or () if w.held]:
            wait(busy)
            yield from self.ready()
        yield from self.ready()

    def pids(self) -> list[int]:
        """The worker processes' ids (none before the first page)."""
        return [w.process.pid for w in self._workers or () if w.process.pid is not None]

    def abandon(self) -> None:
        """Stop now: pages in flight are dropped (their sources go back unread)."""
        self._done.clear()
        for worker in self._workers or ():
            worker.stop(wait=False)
        self._workers = []

    def close(self) -> None:
        """End the workers; pages still in flight (an error ended the check) are dropped."""
        for worker in self._workers or ():
            worker.stop(wait=not worker.held)
        self._workers = []

    def _collect(self) -> None:
        for worker in list(self._workers or ()):
            try:
                while worker.held and worker.readings.poll():
                    self._done.append(worker.receive())
            except (EOFError, OSError):
                self._lost(worker)

    def _lost(self, worker: _Worker) -> None:
        """A worker died (killed, out of memory): the pages it held are read here."""
        log.warning("a page reader process died; reading its pages in this process")
        assert self._workers is not None
        self._workers.remove(worker)
        held, worker.held = list(worker.held), deque()
        worker.stop(wait=False)
        self._done.extend((key, _read_packed(*args)) for key, args, _ in held)
