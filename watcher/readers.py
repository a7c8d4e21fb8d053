"""Reading fetched pages (parse + main text + extract) on every core.

Reading is pure Python and holds the GIL: about 10 ms of CPU a page, where
fetching it costs a fraction of that. A check of many sources therefore hands
the pages to a small pool of worker processes while this process goes on
fetching and writing; a check of a few reads them here (a worker takes a few
tenths of a second to start).

Workers are spawned, not forked: they import only the parser and the
extractor (~60 MB each, not a copy of this process and its threads), and
the pool lives only as long as one check.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
import traceback
from collections import deque
from collections.abc import Hashable, Iterator
from concurrent.futures import FIRST_COMPLETED, CancelledError, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from watcher.model import Facts, WatchTarget

log = logging.getLogger(__name__)

POOL_FROM = 16  # pages that may change in one check before a pool is worth starting
MAX_PROCESSES = 4  # memory: each worker holds the name lists and a page or two


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
    """Load the extractor and its name lists while the first pages are still being fetched."""
    from watcher.extract import cast, release  # noqa: F401
    from watcher.extract.names import first_names

    first_names()


def default_processes() -> int:
    """One per core but one: that core is this process's, fetching and writing meanwhile."""
    return max(0, min(MAX_PROCESSES, (os.cpu_count() or 1) - 1))


class Readers:
    """Pages in, (key, Reading) out, in the order they finish.

    processes 0 reads in this process. Otherwise pages go to a spawned
    pool, with at most a few per worker in flight so bodies do not pile up in
    memory; if the pool breaks (a worker killed), the rest are read here.
    """

    def __init__(self, processes: int) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if processes > 0:
            self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_warm)
        self._limit = 3 * max(1, processes)
        self._pending: deque[tuple[Hashable, Future[Reading], tuple]] = deque()
        self._done: list[tuple[Hashable, Reading]] = []

    def __enter__(self) -> Readers:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def submit(self, key: Hashable, body: bytes, content_type: str | None, url: str,
               target: WatchTarget) -> None:
        args = (body, content_type, url, target)
        if self._pool is None:
            self._done.append((key, read_page(*args)))
            return
        try:
            self._pending.append((key, self._pool.submit(read_page, *args), args))
        except (BrokenProcessPool, RuntimeError):
            self._broken()
            self._done.append((key, read_page(*args)))
        while len(self._pending) > self._limit:
            wait([self._pending[0][1]])
            self._collect()

    def ready(self) -> Iterator[tuple[Hashable, Reading]]:
        """The pages read so far (without waiting)."""
        self._collect()
        done, self._done = self._done, []
        yield from done

    def finish(self) -> Iterator[tuple[Hashable, Reading]]:
        """Every page still in flight, as it is read."""
        while self._pending:
            wait([f for _, f, _ in self._pending], return_when=FIRST_COMPLETED)
            yield from self.ready()
        yield from self.ready()

    def abandon(self) -> None:
        """Stop now: pages in flight are dropped (their sources go back unread)."""
        self._pending.clear()
        self._done.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def _collect(self) -> None:
        still: deque[tuple[Hashable, Future[Reading], tuple]] = deque()
        for key, future, args in self._pending:
            if not future.done():
                still.append((key, future, args))
                continue
            try:
                self._done.append((key, future.result()))
            except (BrokenProcessPool, CancelledError):
                self._broken()
                self._done.append((key, read_page(*args)))
        self._pending = still

    def _broken(self) -> None:
        if self._pool is not None:
            log.warning("the page readers stopped (a worker process died); reading in this process")
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
