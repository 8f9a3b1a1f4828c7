"""The PDF stage of the build: booklets and flyers (wired in as those modules land)."""

from __future__ import annotations

from pathlib import Path


def build_pdfs(site_dir: Path, jobs: int) -> None:
    return None
