"""Fanning per-document work out to worker processes, and showing its progress.

The per-document steps are pure functions of picklable tasks (bytes in, bytes out), so
they can run in this process or in others. :func:`run_tasks` runs them and yields the
results **in task order**, whatever order the workers finish in, so that a corpus
built with any number of workers gives byte-identical files. At most a few tasks per
worker are in flight at once, so memory stays flat however long the corpus is.

Workers are started with ``spawn`` (safe beside threads, and the same on every
platform); each runs ``initializer`` once, which is where stylesheets are compiled
(compiled saxonche executables cannot be pickled or shared).

Example::

    for result in run_tasks(render_task, tasks, jobs=2, initializer=warm_up):
        write(result)
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import IO, Protocol, TypeVar

__all__ = ["Executor", "LocalExecutor", "ProgressBar", "default_jobs", "run_tasks"]

T = TypeVar("T")
R = TypeVar("R")
IN_FLIGHT_PER_WORKER = 4


def default_jobs(configured: int = 0) -> int:
    """The number of workers: ``configured`` when positive, else the machine's cores."""
    if configured > 0:
        return configured
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Executor(Protocol):
    """Where per-document tasks run: anything that maps a function over tasks in order.

    ``map`` must yield ``fn(task)`` for every task **in task order**, consume ``tasks``
    lazily (a bounded number in flight) and run ``initializer`` once per worker before
    its first task. Tasks and results are picklable bytes-and-strings records; only the
    caller (the client) reads and writes files.
    """

    workers: int

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *,
            initializer: Callable[[], None] | None = None) -> Iterator[R]: ...


class LocalExecutor:
    """Worker processes on this machine (``spawn``); ``jobs`` 1 runs in this process."""

    def __init__(self, jobs: int = 1):
        self.workers = max(1, jobs)

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *,
            initializer: Callable[[], None] | None = None) -> Iterator[R]:
        if self.workers <= 1:
            if initializer is not None:
                initializer()
            yield from map(fn, tasks)
            return
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=self.workers, mp_context=context,
                                 initializer=initializer) as pool:
            pending: deque[Future] = deque()
            for task in tasks:
                pending.append(pool.submit(fn, task))
                if len(pending) >= self.workers * IN_FLIGHT_PER_WORKER:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()


def run_tasks(fn: Callable[[T], R], tasks: Iterable[T], jobs: int = 1, *,
              initializer: Callable[[], None] | None = None,
              executor: Executor | None = None) -> Iterator[R]:
    """``fn(task)`` for every task, yielded in task order.

    Args:
        fn: a module-level function (workers import it by name).
        tasks: consumed lazily; only ``jobs * 4`` are held at once.
        jobs: 1 runs everything here, in this process; more start that many workers.
        initializer: run once in each worker (and here, when ``jobs`` is 1) before any task.
        executor: run the tasks there instead (``jobs`` is then ignored).
    """
    yield from (executor or LocalExecutor(jobs)).map(fn, tasks, initializer=initializer)


class ProgressBar:
    """A one-line progress bar on a terminal: done/total, rate, ETA; silent elsewhere.

    Args:
        total: how many items the work has.
        label: what is counted ("render").
        stream: where to draw (stderr); nothing is drawn unless it is a terminal.
        enabled: False silences it (``--quiet``).
    """

    def __init__(self, total: int, label: str, *, stream: IO[str] | None = None, enabled: bool = True):
        self.total, self.label = total, label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled and total > 0 and _is_tty(self.stream)
        self.done = 0
        self.started = time.monotonic()
        self._drawn = 0.0

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if self.enabled and (now - self._drawn > 0.1 or self.done >= self.total):
            self._drawn = now
            self.stream.write("\r" + self.line(now))
            self.stream.flush()

    def line(self, now: float | None = None) -> str:
        """``render  120/1000 [###-------]  48.2/s  ETA 0:18``."""
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        rate = self.done / elapsed
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        left = (self.total - self.done) / rate if rate > 0 else 0
        eta = f"{int(left // 60)}:{int(left % 60):02d}"
        return (f"{self.label:>8} {self.done:>{len(str(self.total))}}/{self.total} "
                f"[{'#' * filled}{'-' * (width - filled)}] {rate:6.1f}/s  ETA {eta}")

    def close(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 78 + "\r")
            self.stream.flush()


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
