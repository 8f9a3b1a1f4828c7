"""The PDF stage of the build: the five booklets and the 35 flyers, rendered into the staged site.

Each PDF is keyed by a content hash of everything that goes into it (HTML or Markdown, data, labels, styles, fonts,
code); a PDF whose key did not change is copied from ``.cache/pdf/`` instead of being rendered again, so a rebuild
with nothing changed renders nothing, and changing one contact re-renders only the PDFs that show it.
Booklets render first (they are the long jobs), on all cores; the flyers follow on the same number of workers.
"""

from __future__ import annotations

import time
from pathlib import Path

from handbook import REPO_ROOT

CACHE_DIR = REPO_ROOT / ".cache" / "pdf"


def _log(message: str) -> None:
    print(message, flush=True)


def build_pdfs(site_dir: Path, jobs: int, cache_dir: Path | None = CACHE_DIR) -> None:
    """Render site_dir/downloads/handbook-<lang>.pdf and site_dir/downloads/flyers/*.pdf.

    Raises handbook.errors.HandbookError with every finding (file:line: what — what to do) when a PDF cannot be made.
    """
    from handbook.booklet import build_booklets
    from handbook.flyers.pdf import build_flyers

    started = time.perf_counter()
    _log("==> Booklets: one PDF per language")
    build_booklets(site_dir, jobs=jobs, cache_dir=cache_dir / "booklets" if cache_dir else None,
                   log=lambda message: _log(f"    {message}"))
    _log(f"==> Booklets done in {time.perf_counter() - started:.1f} s")
    build_flyers(site_dir, jobs=jobs, cache_dir=cache_dir / "flyers" if cache_dir else None, log=_log)
    _log(f"==> PDFs done in {time.perf_counter() - started:.1f} s")
