"""The analyse endpoints' bounded worker pool.

Analysing one long article holds a CPU core and hundreds of megabytes for seconds, so
the server never runs more than ``workers`` analyses at once and lets at most ``queue``
more wait; anything beyond that is refused at once (``AnalyseBusy``, answered 503 with
``Retry-After``) instead of piling up until the machine runs out of memory.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from claimledger.errors import AnalyseBusy

T = TypeVar("T")

DEFAULT_WORKERS = 2
DEFAULT_QUEUE = 2


class AnalysePool:
    """At most ``workers`` running and ``queue`` waiting jobs; the rest are refused."""

    def __init__(self, workers: int = DEFAULT_WORKERS, queue: int = DEFAULT_QUEUE) -> None:
        if workers < 1 or queue < 0:
            raise ValueError("an analyse pool needs at least one worker and a queue >= 0")
        self.capacity = workers + queue
        self._executor = ThreadPoolExecutor(max_workers=workers,
                                            thread_name_prefix="claimledger-analyse")
        self._lock = threading.Lock()
        self._taken = 0

    @property
    def in_use(self) -> int:
        """Jobs running or waiting now."""
        with self._lock:
            return self._taken

    def submit(self, work: Callable[[], T]) -> Future[T]:
        with self._lock:
            if self._taken >= self.capacity:
                raise AnalyseBusy("every analyse worker is busy")
            self._taken += 1
        try:
            future = self._executor.submit(work)
        except BaseException:
            self._release()
            raise
        # The slot is freed when the work ends, not when the client stops waiting: a
        # client that disconnects does not stop the analysis it started.
        future.add_done_callback(lambda _: self._release())
        return future

    async def run(self, work: Callable[[], T]) -> T:
        return await asyncio.wrap_future(self.submit(work))

    def _release(self) -> None:
        with self._lock:
            self._taken -= 1

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
