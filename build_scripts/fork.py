"""Work shared among forked worker processes, for the stages that are the same work many times
over (rendering and writing a page, say): each worker gets a copy of the parent's memory for
free, the linked model included, and hands back a small result through a pipe.

`jobs` says how many processes to use: a number given, else ARCHIVE_BUILD_JOBS, else one per
core; one (no fork at all) where the system has no `os.fork`. `run` forks them, each calling
`work(k, n)` for its own share k of n, and gives back their results in order of k, with what
each cost (`Worker`). A worker's exception is raised again in the parent; a worker that dies
without a result (killed, or `os._exit`) is an error too, and the other workers are then
stopped. Nothing else is shared: what a worker changes in memory stays in it.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import resource
import signal
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

ENV = "ARCHIVE_BUILD_JOBS"

T = TypeVar("T")


def parse(value: object, cores: int | None = None) -> int:
    """A number of processes as written in a setting: a whole number from 1 (one process does
    it all), or `auto` (absent or empty too) for one per core (`cores`, os.cpu_count() by
    default). Anything else is a ValueError saying what is allowed."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("", "auto")):
        return max(1, cores if cores is not None else os.cpu_count() or 1)
    number = value.strip() if isinstance(value, str) else value
    if isinstance(number, str) and number.isascii() and number.isdigit():
        number = int(number)
    if isinstance(number, bool) or not isinstance(number, int) or number < 1:
        raise ValueError(f"must be auto (one process per core) or a whole number of processes, 1 building one "
                         f"page at a time, not {value!r}")
    return number


def jobs(requested: int | None = None) -> int:
    """The number of processes to use: `requested`, else the ARCHIVE_BUILD_JOBS environment
    variable (`parse`: a ValueError names it), else one per core; 1 where processes cannot be
    forked."""
    if requested is None:
        try:
            requested = parse(os.environ.get(ENV))
        except ValueError as error:
            raise ValueError(f"{ENV} {error}") from None
    return max(1, requested) if hasattr(os, "fork") else 1


@dataclass(frozen=True)
class Worker:
    """What one worker process cost: its CPU time (user + system) and its peak resident set."""
    pid: int
    cpu_s: float
    peak_rss_bytes: int


class WorkerDied(ChildProcessError):
    """A worker ended without handing back a result."""


def _usage() -> tuple[float, int]:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, kilobytes on Linux
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss * scale


def _child(work: Callable[[int, int], T], k: int, n: int, fd: int) -> None:
    """A worker's whole life: do the work, send the outcome, exit without running the parent's
    clean-up (atexit handlers, a test runner's, buffered output: all the parent's to run)."""
    code = 0
    try:
        try:
            outcome = (True, work(k, n))
        except BaseException as error:  # every failure is the parent's to raise
            code = 1
            outcome = (False, (error, traceback.format_exc()))
        cpu, peak = _usage()
        try:
            payload = pickle.dumps((outcome, cpu, peak), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # an exception that cannot be pickled, say
            code = 1
            failure = RuntimeError(f"worker {k}: {outcome[1]!r}")
            payload = pickle.dumps(((False, (failure, traceback.format_exc())), cpu, peak))
        view = memoryview(payload)
        while view:
            view = view[os.write(fd, view):]
        os.close(fd)
    finally:
        os._exit(code)


def _read_all(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 20):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def run(work: Callable[[int, int], T], n: int,
        meanwhile: Callable[[], object] | None = None) -> tuple[list[T], list[Worker]]:
    """`work(k, n)` in n forked processes, k = 0 … n − 1: their results in order of k, and what
    each cost. The first worker that fails makes the others stop; its exception is raised here.
    `meanwhile`, if given, is called in this process while the workers run (an exception from it
    stops them too)."""
    for stream in (sys.stdout, sys.stderr):  # or their buffered text would be printed once per process
        stream.flush()
    children: list[tuple[int, int]] = []
    results: list[T] = []
    workers: list[Worker] = []
    try:
        for k in range(n):
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read)
                for other, _ in children:
                    os.close(other)
                _child(work, k, n, write)
            os.close(write)
            children.append((read, pid))
        if meanwhile is not None:
            meanwhile()
        while children:
            read, pid = children[0]
            payload = _read_all(read)
            _, status = os.waitpid(pid, 0)
            children.pop(0)
            if not payload:
                raise WorkerDied(f"worker {len(results)} (process {pid}) ended without a result: "
                                 f"{_exit_reason(status)}")
            (ok, value), cpu, peak = pickle.loads(payload)
            if not ok:
                error, trace = value
                if isinstance(error, BaseException):
                    error.add_note(f"in worker {len(results)} of {n} (process {pid}):\n{trace}")
                raise error
            results.append(value)
            workers.append(Worker(pid, round(cpu, 3), peak))
    finally:
        for read, pid in children:  # what is left after a failure: stopped, and waited for
            os.close(read)
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    return results, workers


def _exit_reason(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


__all__ = ["ENV", "Worker", "WorkerDied", "jobs", "run"]
