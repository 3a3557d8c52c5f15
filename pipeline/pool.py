"""Worker processes that each run one task at a time, with a time budget per task.

:class:`~pipeline.workers.LocalExecutor` runs its tasks here. Unlike the standard
library's process pool, this pool knows which task each worker is running and since
when, so it can stop one task without losing the others:

- a task that runs longer than the budget has its worker killed (whatever it is stuck
  in: a regular expression, the XSLT processor), and a new worker takes its place;
- a worker that dies (a crash in native code, the kernel's out-of-memory killer) costs
  only the task it was running.

Either way that task's result is ``lost(task, reason)``, made in the client, and the
run goes on. Results come back in task order.

Each worker is started with ``spawn`` and runs ``initializer`` once before its first
task (where stylesheets are compiled); its clock starts only after that. A worker gets
its next task only when it has sent the result of the last one, so neither side ever
waits to send while the other waits to send too (large tasks and results are safe),
and a thread of the client does the sending and receiving, so the workers are fed while
the caller is busy with the results.

Example::

    for result in run_pool(render, tasks, workers=2, initializer=warm_up, budget=300,
                           lost=lambda task, why: failed(task, why)):
        ...
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

__all__ = ["run_pool"]


# Math libraries start a thread per core in every process; the pool already runs one
# worker per core, and more threads than cores made the embedding aligner 4× slower.
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def _worker_main(conn: Connection, initializer: Callable[[], None] | None) -> None:
    """A worker: run the initializer, say so, then run tasks until told to stop."""
    for name in _ONE_THREAD:  # (before numpy is imported; a value the user set stays)
        os.environ.setdefault(name, "1")
    if initializer is not None:
        initializer()
    conn.send((None, "ready", None))
    while True:
        try:
            message = conn.recv()
        except EOFError:  # the client has gone
            return
        if message is None:
            return
        index, fn, task = message
        try:
            reply = (index, "ok", fn(task))
        except BaseException as exc:  # the client re-raises it
            reply = (index, "error", exc)
        try:
            conn.send(reply)
        except Exception as exc:  # an unpicklable result or exception
            conn.send((index, "error", RuntimeError(f"cannot send the result back: {exc!r}")))


_DIED = "its worker process ended (exit code {code}): a crash, or out of memory"


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    running: tuple[int, float] | None = None  # (task index, started at)


@dataclass
class _State:
    """What the client's thread and the caller share (under ``lock``)."""

    lock: threading.Condition = field(default_factory=threading.Condition)
    todo: deque = field(default_factory=deque)  # (index, fn, task) not yet sent
    results: dict = field(default_factory=dict)  # index → (kind, value)
    failure: BaseException | None = None
    stopping: bool = False


class _Dispatcher(threading.Thread):
    """The client's side: sends tasks to idle workers, takes their results, stops tasks
    over budget and replaces workers that died."""

    def __init__(self, workers: int, initializer, budget: float | None, state: _State):
        super().__init__(name="tei-edition-pool", daemon=True)
        self.size, self.initializer, self.budget, self.state = workers, initializer, budget, state
        self.context = multiprocessing.get_context("spawn")
        self.wake_r, self.wake_w = os.pipe()
        self.workers: list[_Worker] = []

    # -- the caller's side

    def submit(self, index: int, fn, task) -> None:
        with self.state.lock:
            self.state.todo.append((index, fn, task))
        os.write(self.wake_w, b"x")

    def stop(self) -> None:
        with self.state.lock:
            self.state.stopping = True
        os.write(self.wake_w, b"x")
        self.join(timeout=30)
        for worker in self.workers:  # (all asked first: they end at once, not in turn)
            self._ask_end(worker)
        for worker in self.workers:
            self._end(worker)
        os.close(self.wake_r)
        os.close(self.wake_w)

    # -- the thread

    def run(self) -> None:
        try:
            self.workers = [self._start() for _ in range(self.size)]
            while not self.state.stopping:
                self._feed()
                self._wait()
        except BaseException as exc:  # handed to the caller
            with self.state.lock:
                self.state.failure = exc
                self.state.lock.notify_all()

    def _start(self) -> _Worker:
        mine, theirs = self.context.Pipe()
        process = self.context.Process(target=_worker_main, args=(theirs, self.initializer),
                                       daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, mine)

    def _feed(self) -> None:
        for worker in self.workers:
            if worker.ready and worker.running is None:
                with self.state.lock:
                    if not self.state.todo:
                        return
                    index, fn, task = self.state.todo.popleft()
                worker.running = (index, time.monotonic())
                worker.conn.send((index, fn, task))

    def _wait(self) -> None:
        now = time.monotonic()
        timeout = None
        if self.budget is not None:
            ends = [w.running[1] + self.budget - now for w in self.workers if w.running]
            timeout = max(0.0, min(ends)) if ends else None
        watched = [self.wake_r] + [w.conn for w in self.workers] + [w.process.sentinel
                                                                    for w in self.workers]
        ready = set(wait(watched, timeout))
        if self.wake_r in ready:
            os.read(self.wake_r, 4096)
        for worker in list(self.workers):
            if worker.conn in ready:
                self._receive(worker)
            elif worker.process.sentinel in ready:
                self._replace(worker, _DIED)
        if self.budget is not None:
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.running and now - worker.running[1] > self.budget:
                    self._replace(worker, f"took more than the time budget of {self.budget:g} s "
                                          "and was stopped")

    def _receive(self, worker: _Worker) -> None:
        try:
            index, kind, value = worker.conn.recv()
        except (EOFError, OSError):
            self._replace(worker, _DIED)
            return
        if kind == "ready":
            worker.ready = True
            return
        worker.running = None
        self._settle(index, kind, value)

    def _settle(self, index: int, kind: str, value) -> None:
        with self.state.lock:
            self.state.results[index] = (kind, value)
            self.state.lock.notify_all()

    def _replace(self, worker: _Worker, reason: str) -> None:
        """End a worker (stuck or dead): its task is lost, a new worker takes its place.
        ``{code}`` in the reason is the ended process's exit code."""
        self._ask_end(worker)
        self._end(worker)
        reason = reason.replace("{code}", str(worker.process.exitcode))
        self.workers[self.workers.index(worker)] = self._start()
        if worker.running is not None:
            self._settle(worker.running[0], "lost", reason)
        elif not worker.ready:  # died before its first task: starting workers fails
            raise RuntimeError(f"a worker process could not start: {reason}")

    @staticmethod
    def _ask_end(worker: _Worker) -> None:
        """Ask a worker to end (it does when it is idle)."""
        if worker.process.is_alive():
            with contextlib.suppress(OSError):
                worker.conn.send(None)

    @staticmethod
    def _end(worker: _Worker) -> None:
        """Stop a worker asked to end (:meth:`_ask_end`): let it end when idle, kill it
        when busy or deaf; reaped either way."""
        if worker.process.is_alive():
            worker.process.join(0.5 if worker.running is None else 0)
            if worker.process.is_alive():
                worker.process.kill()
        worker.process.join(5)
        worker.conn.close()


def run_pool(fn: Callable[[T], R], tasks: Iterable[T], workers: int, *,
             initializer: Callable[[], None] | None = None, budget: float | None = None,
             lost: Callable[[T, str], R] | None = None, in_flight: int = 16) -> Iterator[R]:
    """``fn(task)`` for every task in ``workers`` processes, yielded in task order.

    Args:
        fn, initializer: module-level functions (workers import them by name).
        tasks: consumed lazily; at most ``workers * in_flight`` are held at once.
        budget: seconds one task may take (None: no limit).
        lost: the result of a task stopped over budget or whose worker died, from the
            task and the reason; None: such a task raises RuntimeError.

    The function's own exceptions are raised here, when their task's turn comes.
    """
    state = _State()
    dispatcher = _Dispatcher(workers, initializer, budget, state)
    dispatcher.start()
    held: dict[int, T] = {}
    window = max(1, workers * in_flight)
    source = iter(tasks)
    sent = done = 0
    exhausted = False
    try:
        while True:
            while not exhausted and sent - done < window:
                try:
                    task = next(source)
                except StopIteration:
                    exhausted = True
                    break
                held[sent] = task
                dispatcher.submit(sent, fn, task)
                sent += 1
            if exhausted and done == sent:
                return
            with state.lock:
                while done not in state.results and state.failure is None:
                    state.lock.wait()
                if state.failure is not None:
                    raise state.failure
                kind, value = state.results.pop(done)
            task = held.pop(done)
            done += 1
            if kind == "ok":
                yield value
            elif kind == "error":
                raise value
            elif lost is not None:
                yield lost(task, value)
            else:
                raise RuntimeError(f"task {done - 1}: {value}")
    finally:
        dispatcher.stop()
