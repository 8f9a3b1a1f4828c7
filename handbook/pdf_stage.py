"""The PDF stage of the build: the five booklets and the 35 flyers, rendered into the staged site.

Each PDF is keyed by a content hash of everything that goes into it (HTML or Markdown, data, labels, styles, fonts,
code); a PDF whose key did not change is copied from ``.cache/pdf/`` instead of being rendered again, so a rebuild
with nothing changed renders nothing, and changing one contact re-renders only the PDFs that show it.
Booklets render first (they are the long jobs), on all cores. Five booklets on two cores leave one core idle
while the last booklet renders: the flyers start on it then (in a thread of this process), and whatever is left of
them after the booklets continues there.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from handbook import REPO_ROOT

CACHE_DIR = REPO_ROOT / ".cache" / "pdf"


def _log(message: str) -> None:
    print(message, flush=True)


def build_pdfs(site_dir: Path, jobs: int, cache_dir: Path | None = CACHE_DIR, pool=None) -> None:
    """Render site_dir/downloads/handbook-<lang>.pdf and site_dir/downloads/flyers/*.pdf.

    ``pool``: booklet workers started beforehand (``handbook.booklet.build.start_workers``), if any.
    Raises handbook.errors.HandbookError with every finding (file:line: what — what to do) when a PDF cannot be made.
    """
    from handbook.booklet import build_booklets
    from handbook.errors import HandbookError
    from handbook.flyers.pdf import build_flyers

    started = time.perf_counter()
    flyer_cache = cache_dir / "flyers" if cache_dir else None
    flyer_errors: list[BaseException] = []

    def flyers(workers: int) -> None:
        try:
            build_flyers(site_dir, jobs=workers, cache_dir=flyer_cache, log=_log)
        except BaseException as error:  # handed to the main thread, which raises it
            flyer_errors.append(error)

    # One core free while the last booklets render: the flyers take it, in this process (no fork from a thread).
    early = threading.Thread(target=flyers, args=(1,), name="flyers", daemon=True)
    _log("==> Booklets: one PDF per language")
    booklet_error: HandbookError | None = None
    try:
        build_booklets(site_dir, jobs=jobs, cache_dir=cache_dir / "booklets" if cache_dir else None,
                       log=lambda message: _log(f"    {message}"), on_worker_free=early.start if jobs > 1 else None,
                       pool=pool)
    except HandbookError as error:
        booklet_error = error
    _log(f"==> Booklets done in {time.perf_counter() - started:.1f} s")
    if early.ident is not None:  # started while the last booklets rendered
        early.join()
    else:
        flyers(jobs)
    findings = list(booklet_error.findings) if booklet_error else []
    for error in flyer_errors:
        if not isinstance(error, HandbookError):
            raise error
        findings += error.findings
    if findings:
        raise HandbookError(findings)
    _log(f"==> PDFs done in {time.perf_counter() - started:.1f} s")
