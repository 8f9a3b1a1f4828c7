"""The processes of the PDF stage (handbook/pdf_processes.py) and the plan of the booklets
(handbook/booklet/build.py): jobs run in fresh processes, as many at once as there are cores not lent, errors come
back with their traceback, a process that dies is reported, and the booklet order leaves no core with three long
booklets."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from handbook.booklet.build import booklet_order, planned_end
from handbook.errors import Finding, HandbookError
from handbook.pdf_processes import Job, PdfProcesses, ProcessDied


def spans(seconds: float) -> tuple[int, float, float]:
    """A job: its process id and when it ran."""
    started = time.time()
    time.sleep(seconds)
    return os.getpid(), started, time.time()


def fails(message: str) -> None:
    raise ValueError(message)


def bad_input() -> None:
    raise HandbookError(Finding("docs/x.md", 3, "a problem", "what to do"))


def dies() -> None:
    os._exit(3)


def most_at_once(results: list[tuple[int, float, float]]) -> int:
    events = sorted([(start, 1) for _, start, _ in results] + [(end, -1) for _, _, end in results])
    running = most = 0
    for _, step in events:
        running += step
        most = max(most, running)
    return most


@pytest.fixture(scope="module")
def processes():
    return PdfProcesses(2)


def test_jobs_run_in_fresh_processes_two_at_a_time(processes):
    reported: list[tuple[int, str, tuple]] = []
    jobs = [Job(f"job {n}", spans, (0.3,)) for n in range(5)]
    processes.run(jobs, lambda index, job, result: reported.append((index, job.name, result)))
    assert [index for index, _, _ in reported] == [1, 2, 3, 4, 5]
    assert sorted(name for _, name, _ in reported) == [f"job {n}" for n in range(5)]
    results = [result for _, _, result in reported]
    assert len({pid for pid, _, _ in results}) == 5 and os.getpid() not in {pid for pid, _, _ in results}
    assert most_at_once(results) == 2


def test_a_lent_core_runs_no_job_until_it_is_given_back(processes):
    give_back = processes.borrow()
    threading.Timer(1.0, give_back).start()
    results: list[tuple] = []
    processes.run([Job(f"job {n}", spans, (0.4,)) for n in range(4)], lambda i, job, result: results.append(result))
    first_second = [r for r in results if r[1] < results[0][1] + 0.9]
    assert most_at_once(first_second) == 1  # one core lent: one job at a time
    assert most_at_once(results) == 2  # given back after a second: two at a time again
    assert processes.lent == 0


def test_call_runs_one_job_and_returns_its_result(processes):
    pid, _, _ = processes.call(spans, 0.0, name="one job")
    assert pid != os.getpid()


def test_an_error_comes_back_with_the_traceback_of_its_process(processes):
    with pytest.raises(ValueError, match="broken") as error:
        processes.run([Job("bad job", fails, ("broken",))], lambda *args: None)
    assert any("in the PDF process" in note and "fails" in note for note in error.value.__notes__)
    with pytest.raises(HandbookError) as error:
        processes.call(bad_input)
    assert error.value.findings == [Finding("docs/x.md", 3, "a problem", "what to do")]


def test_a_process_that_dies_is_reported_and_the_others_are_stopped(processes):
    with pytest.raises(ProcessDied) as died:
        processes.run([Job("dying job", dies), Job("long job", spans, (30,))], lambda *args: None)
    assert died.value.name == "dying job" and died.value.exitcode == 3
    assert not processes.running


# The plan: five booklets on two cores, one of them rendering the flyers first

SIZES = {"en": 970, "sq": 1022, "bs": 986, "hr": 989, "mk": 1008}


def cores_of(order: list[str], sizes: dict[str, int], starts: list[float]) -> list[list[str]]:
    free, cores = list(starts), [[] for _ in starts]
    for code in order:
        core = free.index(min(free))
        cores[core].append(code)
        free[core] += sizes[code]
    return cores


def test_the_core_that_renders_the_flyers_first_gets_two_booklets_and_the_plan_beats_longest_first():
    order = booklet_order(SIZES, jobs=2, lent=1)
    starts = [0, 0.8 * 995]
    first, late = cores_of(order, SIZES, starts)
    assert len(first) == 3 and len(late) == 2
    longest_first = sorted(SIZES, key=lambda code: -SIZES[code])
    assert planned_end(order, SIZES, starts, writers=1) < planned_end(longest_first, SIZES, starts, writers=1)


def test_without_a_lent_core_the_plan_is_a_balanced_one():
    order = booklet_order(SIZES, jobs=2)
    assert sorted(order) == sorted(SIZES)
    assert planned_end(order, SIZES, [0, 0], writers=1) <= 3 * max(SIZES.values())


def test_the_plan_counts_the_wait_for_the_write_gate():
    sizes = {"a": 100, "b": 100}
    # two equal booklets started together: the second waits for the first to finish writing (30 % of its time)
    assert planned_end(["a", "b"], sizes, [0, 0], writers=1) == pytest.approx(130)
    assert planned_end(["a", "b"], sizes, [0, 0], writers=2) == pytest.approx(100)


def test_a_booklet_waits_at_the_write_gate(tmp_path):
    """write_pdf holds the gate while it writes; a gate taken by another booklet makes it wait, and it says so."""
    from handbook.booklet.assemble import Booklet
    from handbook.booklet.render import write_pdf

    html = '<html lang="en"><head><title>t</title></head><body><h1>Title</h1><p>Text.</p></body></html>'
    booklet = Booklet("en", html, "@page { size: A5 }", tmp_path.as_uri() + "/", tmp_path)
    gate = threading.Semaphore(1)
    gate.acquire()
    threading.Timer(0.5, gate.release).start()
    data, pages, layouts, waited = write_pdf(booklet, gate)
    assert data.startswith(b"%PDF") and pages == 1 and layouts == 1
    assert waited >= 0.4
    assert gate.acquire(blocking=False), "the gate was not given back"
    assert Path(tmp_path).is_dir()
