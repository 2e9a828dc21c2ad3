"""Worker processes for parallel page building (build_scripts/publish/parallel.py), knowing
nothing of MkDocs: a fixed list of items is split into shards, one per worker, each worker a
forked copy of the building process, which works through its shard in order and sends back,
item by item, what `work` returned and what it logged; the parent asks for the results in any
order, reading all workers as it waits.

Forking shares everything the parent built so far (the configuration, the navigation, the
theme) without pickling any of it. Each worker's log records are kept, not printed, and handed
to the parent with the item they belong to, which logs them again through the same loggers:
MkDocs' handlers print and count them there (so `--strict` counts a worker's warnings). An
item whose work raises ends its worker, and the parent's `result` raises `WorkerFailed`
naming it; a worker that dies without a word (killed, out of memory) fails the first item of
its shard it did not report.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import selectors
import signal
import struct
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from build_scripts import collector

__all__ = ["Pool", "WorkerFailed", "WorkerStats", "can_fork", "shards"]

_FRAME = struct.Struct("!Q")  # the length of the pickled message that follows


class WorkerFailed(Exception):
    """An item could not be done in a worker: `item` is its index, `message` says why."""

    def __init__(self, item: int, message: str, trace: str = ""):
        super().__init__(message)
        self.item = item
        self.message = message
        self.trace = trace  # the worker's traceback, if it raised


@dataclass
class WorkerStats:
    """One worker's account, sent when its shard is done."""

    items: int = 0
    cpu_s: float = 0.0  # user + system time of the worker process
    final: Any = None  # what `finish` returned in the worker


def can_fork() -> bool:
    return hasattr(os, "fork")


def shards(count: int, jobs: int) -> list[list[int]]:
    """Item indexes 0..count-1 dealt round-robin to at most `jobs` workers: neighbouring items
    (pages of one kind, in path order) cost alike, so every worker gets its share of each kind."""
    jobs = max(1, min(jobs, count))
    return [list(range(k, count, jobs)) for k in range(jobs)] if count else []


# --- in the worker -------------------------------------------------------------------------------

class _Capture(logging.Handler):
    """Keeps the records a worker logs, as plain values that pickle."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[dict] = []
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record is self._last:  # reached through a second logger of its chain with handlers
            return
        self._last = record
        values = dict(record.__dict__)
        values["msg"], values["args"] = record.getMessage(), None
        if record.exc_info and not record.exc_text:
            values["exc_text"] = logging.Formatter().formatException(record.exc_info)
        values["exc_info"] = None
        self.records.append({k: v for k, v in values.items() if isinstance(v, str | int | float | bool | None)})

    def take(self) -> list[dict]:
        records, self.records = self.records, []
        return records


def _capture_logging() -> _Capture:
    """Every logger that had handlers gets the capture instead, and the root logger too: a
    record is kept once, where the parent's handlers would have seen it."""
    capture = _Capture()
    loggers = [logging.getLogger(), *(lg for lg in logging.root.manager.loggerDict.values()
                                     if isinstance(lg, logging.Logger) and lg.handlers)]
    for logger in loggers:
        logger.handlers = [capture]
    return capture


def _send(fd: int, message: tuple) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_FRAME.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view):]


def _work_through(fd: int, shard: Sequence[int], work: Callable[[int], Any], finish: Callable[[], Any]) -> int:
    """The worker's whole life after the fork; its exit status."""
    capture = _capture_logging()
    for item in shard:
        try:
            result = work(item)
        except BaseException as error:  # any failure is reported, with the item
            _send(fd, ("failed", item, f"{type(error).__name__}: {error}", traceback.format_exc(), capture.take()))
            return 1
        _send(fd, ("item", item, result, capture.take()))
    stats = WorkerStats(len(shard), time.process_time(), finish())
    _send(fd, ("done", stats, capture.take()))
    return 0


# --- in the parent ---------------------------------------------------------------------------------

@dataclass
class _Worker:
    pid: int
    fd: int
    shard: list[int]
    buffer: bytearray = field(default_factory=bytearray)
    stats: WorkerStats | None = None
    exit_status: int | None = None


class Pool:
    """Workers forked now, one per shard, each running `work(item)` for the items of its shard
    in order and `finish()` at the end (what it returns comes back in the worker's
    `WorkerStats.final`)."""

    def __init__(self, item_shards: Sequence[Sequence[int]], work: Callable[[int], Any],
                 finish: Callable[[], Any] = lambda: None):
        self._results: dict[int, tuple[Any, list[dict]]] = {}
        self._failure: WorkerFailed | None = None
        self._selector = selectors.DefaultSelector()
        self.workers: list[_Worker] = []
        with collector.frozen():  # objects the workers share stay shared: the collector does not touch them
            try:
                for shard in item_shards:
                    self._fork(list(shard), work, finish)
            except BaseException:
                self.stop()
                raise

    def _fork(self, shard: list[int], work: Callable[[int], Any], finish: Callable[[], Any]) -> None:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the worker: never returns into the caller's code
            status = 1
            try:
                os.close(read)
                for worker in self.workers:  # the other workers' pipes are not this one's
                    os.close(worker.fd)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                status = _work_through(write, shard, work, finish)
            finally:
                os._exit(status)
        os.close(write)
        worker = _Worker(pid, read, shard)
        self.workers.append(worker)
        self._selector.register(read, selectors.EVENT_READ, worker)

    def result(self, item: int) -> tuple[Any, list[dict]]:
        """What `work(item)` returned, and the records it logged (for `emit`); waits for it.
        Raises `WorkerFailed` as soon as any worker has failed."""
        while item not in self._results:
            if self._failure:
                raise self._failure
            self._read()
        if self._failure:
            raise self._failure
        return self._results.pop(item)

    def finish(self) -> list[WorkerStats]:
        """Waits for every worker to end; each one's account. Raises `WorkerFailed` if one failed,
        once the others are ended: no worker outlives the pool either way."""
        try:
            while any(w.stats is None for w in self.workers):
                if self._failure:
                    raise self._failure
                self._read()
            if self._failure:
                raise self._failure
        finally:
            self.stop()
        return [w.stats for w in self.workers]

    def stop(self) -> None:
        """Ends the workers still running (after a failure) and reaps them all."""
        for worker in self.workers:
            if worker.exit_status is None:
                if worker.stats is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(worker.pid, signal.SIGTERM)
                _, status = os.waitpid(worker.pid, 0)
                worker.exit_status = os.waitstatus_to_exitcode(status)
            if worker.fd in self._selector.get_map():
                self._selector.unregister(worker.fd)
                os.close(worker.fd)

    def _read(self) -> None:
        if not self._selector.get_map():
            raise WorkerFailed(-1, "no worker is left to wait for")
        for key, _ in self._selector.select():
            worker: _Worker = key.data
            chunk = os.read(worker.fd, 1 << 20)
            if not chunk:
                self._selector.unregister(worker.fd)
                os.close(worker.fd)
                if worker.stats is None and not self._failure:
                    missing = [i for i in worker.shard if i not in self._results]
                    _, status = os.waitpid(worker.pid, 0)
                    worker.exit_status = os.waitstatus_to_exitcode(status)
                    self._failure = WorkerFailed(missing[0] if missing else -1,
                                                 f"the worker process ended without a word (exit status "
                                                 f"{worker.exit_status})")
                continue
            worker.buffer += chunk
            self._unpack(worker)

    def _unpack(self, worker: _Worker) -> None:
        buffer = worker.buffer
        start = 0
        while len(buffer) - start >= _FRAME.size:
            (length,) = _FRAME.unpack_from(buffer, start)
            if len(buffer) - start - _FRAME.size < length:
                break
            body = start + _FRAME.size
            message = pickle.loads(buffer[body:body + length])
            start = body + length
            kind = message[0]
            if kind == "item":
                self._results[message[1]] = (message[2], message[3])
            elif kind == "failed":
                _, item, what, trace, records = message
                emit(records)
                self._failure = self._failure or WorkerFailed(item, what, trace)
            else:  # "done"
                worker.stats = message[1]
                emit(message[2])
        del buffer[:start]


def emit(records: Sequence[dict]) -> None:
    """Logs a worker's records in this process, through the loggers that made them."""
    for values in records:
        record = logging.makeLogRecord(values)
        logging.getLogger(record.name).handle(record)
