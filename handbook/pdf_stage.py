"""The PDF stage of the build: the five booklets and the 35 flyers, rendered into the staged site.

Each PDF is keyed by a content hash of everything that goes into it (HTML or Markdown, data, labels, styles, fonts,
code); a PDF whose key did not change is copied from ``.cache/pdf/`` instead of being rendered again, so a rebuild
with nothing changed renders nothing, and changing one contact re-renders only the PDFs that show it.
Booklets render one process each, on all cores but one; the flyers take that one (a process of their own, waited
for by a thread of this one) and give it to the booklets when done (``handbook.booklet.build.booklet_order`` plans
for that). That thread then does what waits for the PDFs (the offline zips: prepared once no booklet is left to
start and a core is free, each finished as soon as its language's booklet is written).
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from pathlib import Path

from handbook import REPO_ROOT

CACHE_DIR = REPO_ROOT / ".cache" / "pdf"


def _log(message: str) -> None:
    print(message, flush=True)


def build_pdfs(site_dir: Path, jobs: int, cache_dir: Path | None = CACHE_DIR, pool=None,
               on_flyers: Callable[[], object] | None = None,
               on_ready: Callable[[str], object] | None = None) -> None:
    """Render site_dir/downloads/handbook-<lang>.pdf and site_dir/downloads/flyers/*.pdf.

    ``pool``: the PDF processes (``handbook.pdf_processes.PdfProcesses``) started beforehand, if any.
    ``on_flyers``: called once all flyers are written; ``on_ready``: with a language's code once its booklet (and
    all flyers) are written. Both in the thread that waits for the flyers, not the one that hands out booklets.
    Raises handbook.errors.HandbookError with every finding (file:line: what — what to do) when a PDF cannot be made.
    """
    from handbook.booklet import build_booklets
    from handbook.errors import HandbookError
    from handbook.flyers.pdf import build_flyers

    started = time.perf_counter()
    flyer_cache = cache_dir / "flyers" if cache_dir else None
    side_errors: list[BaseException] = []
    booklets_done: queue.Queue[str | None] = queue.Queue()
    if pool is None and jobs > 1:
        from handbook.pdf_processes import PdfProcesses

        pool = PdfProcesses(jobs)

    def attempt(step: Callable, *args) -> None:
        try:
            step(*args)
        except BaseException as error:  # handed to the main thread, which raises it
            side_errors.append(error)

    def side_work(workers: int, give_back: Callable[[], None] | None = None) -> None:
        """The flyers, ``on_flyers``, then ``on_ready`` for each language whose booklet is written, until the end."""
        if pool is not None:  # in a process of their own: this one stays small, and WeasyPrint is imported
            attempt(lambda: pool.call(build_flyers, site_dir, 1, flyer_cache, name="flyers"))
        else:
            attempt(lambda: build_flyers(site_dir, jobs=workers, cache_dir=flyer_cache, log=_log))
        if give_back is not None:
            give_back()  # the core goes back to the booklets
        if on_flyers is not None and not side_errors:
            if pool is not None:
                pool.idle_core.wait()  # not before a core is free: the booklets come first
            attempt(on_flyers)
        while (code := booklets_done.get()) is not None:
            if on_ready is not None and not side_errors:
                attempt(on_ready, code)

    # The flyers start at once on a core borrowed from the booklets (a thread waits for them). On two cores the
    # second booklet starts when they are done: out of step with the first, so that the two seldom wait for each
    # other at the write gate, and the core that started late takes two booklets where the other takes three.
    side = None
    if pool is not None:
        side = threading.Thread(target=side_work, args=(1, pool.borrow()), name="flyers", daemon=True)
        side.start()
    _log("==> Booklets: one PDF per language")
    booklet_error: HandbookError | None = None
    try:
        build_booklets(site_dir, jobs=jobs, cache_dir=cache_dir / "booklets" if cache_dir else None,
                       log=lambda message: _log(f"    {message}"), on_done=booklets_done.put, pool=pool)
    except HandbookError as error:
        booklet_error = error
    _log(f"==> Booklets done in {time.perf_counter() - started:.1f} s")
    booklets_done.put(None)
    if side is not None:
        side.join()
    else:
        side_work(jobs)
    findings = list(booklet_error.findings) if booklet_error else []
    for error in side_errors:
        if not isinstance(error, HandbookError):
            raise error
        findings += error.findings
    if findings:
        raise HandbookError(findings)
    _log(f"==> PDFs done in {time.perf_counter() - started:.1f} s")
