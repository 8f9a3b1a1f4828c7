"""Processes for the PDF work of the build: one fresh process per PDF job, forked from a server that imported
WeasyPrint once.

Why a process per job rather than a pool of long-lived workers: a booklet leaves 1.2 million objects in reference
cycles; a worker that goes on must collect them (over a second) and still keeps memory glibc will not give back,
while a process that exits gives everything back at once. Forked from the server (``forkserver``, Linux and macOS)
a process starts in milliseconds, with WeasyPrint already imported and nothing inherited from the build. Where there
is no fork server (Windows) processes are spawned and import WeasyPrint themselves.

    processes = PdfProcesses(jobs=2)            # early: the server imports WeasyPrint in the background
    processes.run(jobs, report)                 # up to ``jobs`` at once, in order; report() as each one ends
    give_back = processes.borrow()              # one core for other work (a thread that calls processes.call)
    processes.call(function, *args)             # one job in its own process, waited for (outside the count)
    processes.idle_core.wait()                  # until run() has started its last job and a core is free
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

# Imported once, in the fork server: WeasyPrint and what renders booklets and flyers.
PRELOAD = ["handbook.booklet.render", "handbook.flyers.pdf"]


@dataclass
class Job:
    name: str                      # shown if the process dies without a result
    function: Callable             # a module-level function (it is pickled)
    args: Sequence = field(default_factory=tuple)


class ProcessDied(Exception):
    """A job's process ended without sending a result (killed, out of memory, crashed in C code)."""

    def __init__(self, name: str, exitcode: int | None):
        self.name = name
        self.exitcode = exitcode
        super().__init__(f"{name}: the process stopped without a result (exit code {exitcode})")


def _context():
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class PdfProcesses:
    """Up to ``jobs`` processes at once, less the cores lent with ``borrow``."""

    def __init__(self, jobs: int):
        self.jobs = max(1, jobs)
        self.context = _context()
        if self.context.get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()  # returns at once; the server imports WeasyPrint in the background
        self.running: dict = {}
        self.lent = 0
        self._wake_reader, self._wake_writer = multiprocessing.Pipe(duplex=False)
        # set while ``run`` has nothing left to start and a core free (or is not running): work that can wait,
        # such as the offline zips, waits for it instead of taking a core from the jobs
        self.idle_core = threading.Event()
        self.idle_core.set()

    def borrow(self) -> Callable[[], None]:
        """Take one core away from ``run`` (for work in a thread of this process); call the function returned to
        give it back, and ``run`` starts a job in its place."""
        self.lent += 1
        returned = False

        def give_back() -> None:
            nonlocal returned
            if not returned:
                returned = True
                self.lent -= 1
                self._wake_writer.send_bytes(b"\0")

        return give_back

    def _start(self, job: Job):
        reader, writer = self.context.Pipe(duplex=False)
        process = self.context.Process(target=_child, args=(writer, job.function, tuple(job.args)), daemon=True,
                                       name=job.name)
        process.start()
        writer.close()
        return reader, process

    def run(self, jobs: Sequence[Job], report: Callable[[int, Job, object], None]) -> None:
        """Run ``jobs`` in order, as many at once as there are cores not lent; call ``report(index, job, result)``
        in this thread as each one ends (index counts from 1 in the order they end). An exception in a job is
        raised here, with the traceback of the process; a process that dies raises ProcessDied. Either way the
        jobs still running are stopped."""
        from multiprocessing.connection import wait

        pending = list(jobs)
        done = 0
        self.idle_core.clear()
        try:
            while pending or self.running:
                while pending and len(self.running) < max(1, self.jobs - self.lent):
                    job = pending.pop(0)
                    reader, process = self._start(job)
                    self.running[reader] = (process, job)
                if not pending and len(self.running) < self.jobs:
                    self.idle_core.set()
                for reader in wait([*self.running, self._wake_reader]):
                    if reader is self._wake_reader:
                        reader.recv_bytes()  # a core came back: the loop starts the next job
                        continue
                    process, job = self.running.pop(reader)
                    result = _outcome(reader, process, job)
                    done += 1
                    report(done, job, result)
        finally:
            self.shutdown()
            self.idle_core.set()

    def call(self, function: Callable, *args, name: str = "pdf job"):
        """Run one job in its own process and return its result (raise its exception). Safe from a thread."""
        job = Job(name, function, args)
        reader, process = self._start(job)
        return _outcome(reader, process, job)

    def shutdown(self) -> None:
        """Stop the jobs ``run`` still has running (after an error or an interrupt)."""
        for reader, (process, _) in list(self.running.items()):
            process.terminate()
            process.join()
            reader.close()
        self.running.clear()


def _outcome(reader, process, job: Job):
    try:
        status, value = reader.recv()
    except EOFError:
        process.join()
        raise ProcessDied(job.name, process.exitcode) from None
    finally:
        reader.close()
    process.join()
    if status == "raise":
        raise value
    return value


def _child(writer, function: Callable, args: tuple) -> None:
    """In the job's process: run, send the result, exit at once (no collection of the heap, no teardown)."""
    try:
        outcome = ("ok", function(*args))
    except BaseException as error:  # raised again in the build, with this traceback
        import traceback

        outcome = ("raise", _picklable(error, traceback.format_exc()))
    try:
        writer.send(outcome)
        writer.close()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


def _picklable(error: BaseException, trace: str) -> BaseException:
    import pickle

    try:
        pickle.loads(pickle.dumps(error))
    except Exception:
        return RuntimeError(f"a PDF process failed:\n{trace}")
    error.add_note(f"in the PDF process:\n{trace}")
    return error
