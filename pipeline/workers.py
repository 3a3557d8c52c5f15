"""Fanning per-document work out to workers, and showing its progress.

The per-document steps are pure functions of picklable tasks (bytes in, bytes out), so
they can run in this process or in others. :func:`run_tasks` runs them and yields the
results **in task order**, whatever order the workers finish in, so that a corpus
built with any number of workers gives byte-identical files. At most a few tasks per
worker are in flight at once, so memory stays flat however long the corpus is.

Two executors run them (:func:`make_executor` picks one):

- :class:`LocalExecutor`: processes on this machine, started with ``spawn`` (safe
  beside threads, and the same on every platform).
- :class:`DaskExecutor`: the workers of a Dask distributed cluster, on other machines.
  Tasks travel to them and results come back; only this process (the client) reads
  sources and writes outputs, so the workers need the same version of the package
  but no shared filesystem. Dask is optional (``pip install 'tei-edition[dask]'``)
  and imported only when this executor is made.

Either way each worker runs ``initializer`` once, before its first task, which is
where stylesheets are compiled (compiled saxonche executables cannot be pickled or
shared).

Example::

    for result in run_tasks(render_task, tasks, jobs=2, initializer=warm_up):
        write(result)

    with make_executor("dask", scheduler="tcp://10.0.0.5:8786") as executor:
        for result in run_tasks(render_task, tasks, initializer=warm_up, executor=executor):
            write(result)
"""

from __future__ import annotations

import itertools
import os
import pickle
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from typing import IO, Any, Protocol, TypeVar

from .errors import EditionError

__all__ = [
    "EXECUTORS", "DaskExecutor", "Executor", "ExecutorError", "LocalExecutor", "ProgressBar",
    "default_jobs", "make_executor", "run_tasks", "within_budget",
]

T = TypeVar("T")
R = TypeVar("R")
IN_FLIGHT_PER_WORKER = 4
# Local workers get more at once: results wait in task order, so a slow document holds
# back the others' results, and a worker idles once the window behind it is done.
# Their tasks and results are small (the workers write the outputs themselves).
LOCAL_IN_FLIGHT_PER_WORKER = 16
EXECUTORS = ("local", "dask")
# Seconds to wait for a Dask scheduler to answer, and then for its first worker.
CONNECT_TIMEOUT = 5
# What of this process's environment the Dask workers take on for each task, so that
# they write what a local build would (the PDFs' dates; see pipeline/render/pdf.py).
FORWARDED_ENV = ("SOURCE_DATE_EPOCH",)


class ExecutorError(EditionError):
    """The workers cannot be used: Dask is not installed, the scheduler cannot be
    reached, it has no workers, or they run another version of the package.

    ``path`` names the scheduler's address (or the executor asked for).
    """

    kind = "cannot run the workers"


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
    its first task. ``fn`` and ``initializer`` are module-level functions (workers
    import them by name); tasks and results are picklable bytes-and-strings records;
    only the caller (the client) reads and writes files.

    Attributes:
        workers: how many tasks run at once.
        remote: whether the workers may be on other machines, i.e. cannot read this
            machine's files; a task must then carry everything its function reads.
    """

    workers: int
    remote: bool

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *,
            initializer: Callable[[], None] | None = None, budget: float | None = None,
            lost: Callable[[T, str], R] | None = None) -> Iterator[R]: ...

    def close(self) -> None: ...


def make_executor(kind: str = "local", jobs: int = 1, scheduler: str | None = None, *,
                  timeout: float | None = None) -> LocalExecutor | DaskExecutor:
    """The executor ``kind`` names (one of :data:`EXECUTORS`), ready to map tasks.

    Args:
        kind: ``local`` (processes on this machine) or ``dask`` (a Dask cluster).
        jobs: worker processes of a local executor (1: this process).
        scheduler: the Dask scheduler's address, e.g. ``tcp://10.0.0.5:8786``.
        timeout: seconds to wait for the scheduler (default :data:`CONNECT_TIMEOUT`).

    Returns:
        An executor; use it as a context manager (or call ``close``) to let go of a
        Dask cluster's connection.

    Raises:
        ExecutorError: an unknown kind, no scheduler address, Dask not installed, the
            scheduler unreachable or without workers.
    """
    if kind == "local":
        return LocalExecutor(jobs)
    if kind != "dask":
        raise ExecutorError(kind, [f"unknown executor (known: {', '.join(EXECUTORS)})"])
    if not scheduler:
        raise ExecutorError("dask", ["no scheduler address: give --scheduler tcp://HOST:8786 "
                                     "or set [build] scheduler in edition.toml"])
    return DaskExecutor(scheduler, timeout=CONNECT_TIMEOUT if timeout is None else timeout)


class LocalExecutor:
    """Worker processes on this machine (``spawn``); ``jobs`` 1 runs in this process."""

    remote = False

    def __init__(self, jobs: int = 1):
        self.workers = max(1, jobs)

    def __enter__(self) -> LocalExecutor:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Nothing to let go of: each ``map`` starts and ends its own processes."""

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *,
            initializer: Callable[[], None] | None = None, budget: float | None = None,
            lost: Callable[[T, str], R] | None = None) -> Iterator[R]:
        """See :class:`Executor`. ``budget``: seconds one task may take; a task over it
        gives ``lost(task, reason)``. In worker processes (see :mod:`pipeline.pool`) it
        is stopped wherever it is stuck, and so is a worker that dies; in this process
        (one job) it is stopped when it next runs Python code (not inside a regular
        expression or the XSLT processor)."""
        if self.workers <= 1:
            if initializer is not None:
                initializer()
            for task in tasks:
                yield within_budget(budget, fn, task, lost)
            return
        from .pool import run_pool

        yield from run_pool(fn, tasks, self.workers, initializer=initializer, budget=budget,
                            lost=lost, in_flight=LOCAL_IN_FLIGHT_PER_WORKER)


class _OverBudget(Exception):
    pass


def _alarm(signum, frame):
    raise _OverBudget


def within_budget(budget: float | None, fn: Callable[[T], R], task: T,
                  lost: Callable[[T, str], R] | None) -> R:
    """``fn(task)`` in this process, stopped (with SIGALRM) after ``budget`` seconds:
    then ``lost(task, reason)``. It stops at the task's next Python step, not inside a
    call into native code (a regular expression, the XSLT processor); only in the main
    thread, and without a budget or ``lost`` it just calls ``fn``."""
    import signal

    if not budget or lost is None or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "setitimer"):
        return fn(task)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    try:
        return fn(task)
    except _OverBudget:
        return lost(task, f"took more than the time budget of {budget:g} s and was stopped")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class DaskExecutor:
    """The workers of a Dask distributed cluster; this process is the client.

    Each task is pickled here and sent with its function's name; the worker runs the
    initializer the first time that process meets it (so stylesheets are compiled once
    per worker, not per task, and stay compiled for the next build on the same
    cluster), then the function, and sends the result back. Workers need the same
    version of the package (checked when connecting) and the fonts the PDFs use, but
    no copy of the edition.

    Args:
        scheduler: the scheduler's address, e.g. ``tcp://10.0.0.5:8786``.
        client: a ``distributed.Client`` to use instead of connecting (left open by
            :meth:`close`).
        timeout: seconds to wait for the scheduler, then for at least one worker.

    Raises:
        ExecutorError: Dask is not installed, the scheduler does not answer, no worker
            joins it, or a worker cannot import this package's version.
    """

    remote = True

    def __init__(self, scheduler: str | None = None, *, client: Any = None,
                 timeout: float = CONNECT_TIMEOUT):
        distributed = _import_distributed(scheduler)
        self._own = client is None
        if client is None:
            client = _connect(distributed, scheduler, timeout)
        self.client = client
        self.address = scheduler or client.scheduler.address
        try:
            self._check_workers(timeout)
        except BaseException:
            self.close()
            raise

    @property
    def workers(self) -> int:
        """The cluster's worker threads now (workers may come and go)."""
        return max(1, sum(self.client.nthreads().values()))

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def close(self) -> None:
        """Disconnect from the scheduler (a client given to the constructor stays open)."""
        if self._own:
            self.client.close()

    def map(self, fn: Callable[[T], R], tasks: Iterable[T], *,
            initializer: Callable[[], None] | None = None, budget: float | None = None,
            lost: Callable[[T, str], R] | None = None) -> Iterator[R]:
        """See :class:`Executor`. ``budget`` and ``lost`` are not applied: Dask cannot
        stop a running task (its workers' own limits apply)."""
        env = {name: os.environ.get(name) for name in FORWARDED_ENV}
        limit = self.workers * IN_FLIGHT_PER_WORKER
        prefix = f"{getattr(fn, '__name__', 'task')}-{uuid.uuid4().hex[:8]}"
        pending: deque = deque()
        try:
            for number, task in enumerate(tasks):
                # Pickled here: Dask would otherwise look inside tuples and dataclasses
                # for graph keys, and a tuple starting with a function reads as a task.
                payload = pickle.dumps(task, protocol=pickle.HIGHEST_PROTOCOL)
                pending.append(self.client.submit(_run_on_worker, fn, payload, initializer, env,
                                                  key=f"{prefix}-{number}"))
                if len(pending) >= limit:
                    yield self._result(pending.popleft())
            while pending:
                yield self._result(pending.popleft())
        finally:
            if pending:
                self.client.cancel(list(pending))

    def _result(self, future):
        """The task's result; the function's own exceptions pass through unchanged."""
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as exc:
            raise ExecutorError(self.address, [
                f"a task ended the worker processes that ran it (out of memory? see the "
                f"workers' logs): {exc}"]) from exc
        except CancelledError as exc:
            raise ExecutorError(self.address, [
                "the connection to the scheduler was lost, or the cluster cancelled the work"]) from exc

    def _check_workers(self, timeout: float) -> None:
        """At least one worker, and every worker running this version of the package."""
        try:
            self.client.wait_for_workers(1, timeout=timeout)
        except TimeoutError as exc:
            raise ExecutorError(self.address, [
                f"no worker joined the scheduler within {timeout:g} s: start some with "
                f"'dask worker {self.address} --nthreads 1'"]) from exc
        from . import __version__

        problems = []
        for worker, version in sorted(self.client.run(_worker_version, on_error="return").items()):
            if isinstance(version, BaseException):
                problems.append(f"worker {worker} cannot run the pipeline ({version}): "
                                f"install tei-edition[dask]=={__version__} there")
            elif version != __version__:
                problems.append(f"worker {worker} has tei-edition {version}, this machine "
                                f"{__version__}: install the same version on every worker")
        if problems:
            raise ExecutorError(self.address, problems)


def _import_distributed(scheduler: str | None):
    """``dask.distributed``, or an error saying how to install it."""
    try:
        import distributed
    except ImportError as exc:
        raise ExecutorError(scheduler or "dask", [
            f"Dask is not installed ({exc}): pip install 'tei-edition[dask]' here and on "
            "the workers, or build with --executor local"]) from exc
    return distributed


def _connect(distributed, scheduler: str | None, timeout: float):
    """A client of the scheduler at ``scheduler``, or an error naming the address."""
    if not scheduler:
        raise ExecutorError("dask", ["no scheduler address given"])
    try:
        return distributed.Client(scheduler, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise ExecutorError(scheduler, [
            f"cannot reach the Dask scheduler ({exc}); is 'dask scheduler' running there, "
            "and the address right?"]) from exc


# On a Dask worker: the initializers this process has run, by qualified name.
_initialized: set[str] = set()
_initializing = threading.Lock()


def _run_on_worker(fn: Callable[[Any], R], payload: bytes, initializer: Callable[[], None] | None,
                   env: dict[str, str | None]) -> R:
    """One task on a Dask worker: the client's environment, the initializer once per
    process, then ``fn``."""
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        elif os.environ.get(name) != value:
            os.environ[name] = value
    if initializer is not None:
        _initialize_once(initializer)
    return fn(pickle.loads(payload))


def _initialize_once(initializer: Callable[[], None]) -> None:
    """Run ``initializer`` unless this process has (a worker may run several threads)."""
    name = f"{initializer.__module__}.{initializer.__qualname__}"
    if name in _initialized:
        return
    with _initializing:
        if name not in _initialized:
            initializer()
            _initialized.add(name)


def _worker_version() -> str:
    """The package's version where this runs (asked of every Dask worker)."""
    from . import __version__

    return __version__


def run_tasks(fn: Callable[[T], R], tasks: Iterable[T], jobs: int = 1, *,
              initializer: Callable[[], None] | None = None,
              executor: Executor | None = None, inline_upto: int = 0,
              budget: float | None = None, lost: Callable[[T, str], R] | None = None) -> Iterator[R]:
    """``fn(task)`` for every task, yielded in task order.

    Args:
        fn: a module-level function (workers import it by name).
        tasks: consumed lazily; only a few per worker are held at once.
        jobs: 1 runs everything here, in this process; more start that many workers.
        initializer: a module-level function run once in each worker (and here, when
            the tasks run here) before any task.
        executor: run the tasks there instead (``jobs`` is then ignored), e.g. a
            :class:`DaskExecutor`.
        inline_upto: when there are no more tasks than this, run them here even with
            ``jobs`` above 1: starting workers and compiling their stylesheets costs
            more than a few tasks take (an editor's build after one correction). The
            first ``inline_upto + 1`` tasks are taken to find out.
        budget: seconds one task may take; a task over it (or whose worker dies) gives
            ``lost(task, reason)`` and the others go on (see :meth:`LocalExecutor.map`).
    """
    executor = executor or LocalExecutor(jobs)
    if isinstance(executor, LocalExecutor) and executor.workers > 1 and inline_upto > 0:
        tasks = iter(tasks)
        first = list(itertools.islice(tasks, inline_upto + 1))
        if len(first) <= inline_upto:
            executor = LocalExecutor(1)
        tasks = itertools.chain(first, tasks)
    yield from executor.map(fn, tasks, initializer=initializer, budget=budget, lost=lost)


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
