"""Render the booklets of several languages in parallel: a small pool of worker processes, WeasyPrint imported
once per worker, one progress line per booklet, all errors of all languages reported together."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from handbook.errors import Finding, HandbookError
from handbook.languages import language_codes

DOWNLOADS = "downloads"


def booklet_name(lang: str) -> str:
    return f"handbook-{lang}.pdf"


def booklet_path(site_dir: Path, lang: str) -> Path:
    """Where the booklet of ``lang`` lives in a built site: site/downloads/handbook-<lang>.pdf."""
    return Path(site_dir) / DOWNLOADS / booklet_name(lang)


def _init_worker() -> None:
    import handbook.booklet.render  # noqa: F401  (WeasyPrint: once per worker)


def _ready() -> None:
    """A no-op task: submitting one per worker starts the workers (and their imports) now."""


def start_workers(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` booklet workers, started now: they import WeasyPrint (about a second each) while the
    caller does something else, such as building the site. Pass it to ``build_booklets(pool=...)``; the caller
    shuts it down."""
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("spawn"),
                               initializer=_init_worker)
    for _ in range(jobs):
        pool.submit(_ready)
    return pool


def _render_job(lang: str, site_dir: str, target: str, cache_dir: str | None):
    """Runs in a worker: render one booklet (or reuse a cached one); errors come back as findings."""
    from handbook.booklet.assemble import assemble_booklet
    from handbook.booklet.render import BookletResult, peak_rss_mb, render_booklet

    try:
        if cache_dir:
            from handbook.booklet.inputs import fingerprint_of

            started = time.perf_counter()
            booklet = assemble_booklet(lang, Path(site_dir))  # once: for the fingerprint, and to render
            fingerprint = fingerprint_of(booklet)
            cached = Path(cache_dir) / f"handbook-{lang}-{fingerprint[:32]}.pdf"
            if cached.is_file():
                from handbook.booklet.render import write_atomically

                write_atomically(Path(target), cached.read_bytes())
                pages = _count_pages(cached)
                return "ok", BookletResult(lang, Path(target), pages, time.perf_counter() - started, peak_rss_mb(),
                                           fingerprint, cached=True)
            result = render_booklet(lang, Path(site_dir), Path(target), booklet)
            result.fingerprint = fingerprint
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            for old in Path(cache_dir).glob(f"handbook-{lang}-*.pdf"):
                old.unlink()
            shutil.copyfile(target, cached)
            return "ok", result
        return "ok", render_booklet(lang, Path(site_dir), Path(target))
    except HandbookError as error:
        return "error", error.findings


def _render_in(pool: ProcessPoolExecutor, args: list[tuple], report: Callable) -> None:
    futures = {pool.submit(_render_job, *arg): arg[0] for arg in args}
    for index, future in enumerate(as_completed(futures), 1):
        report(index, futures[future], *future.result())


def _count_pages(pdf: Path) -> int:
    """Page count of a PDF we wrote (WeasyPrint writes '/Type /Pages ... /Count N' once)."""
    import re

    counts = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf.read_bytes())
    return max((int(c) for c in counts), default=0)


def build_booklets(site_dir: Path, langs: Sequence[str] | None = None, jobs: int | None = None,
                   out_dir: Path | None = None, cache_dir: Path | None = None,
                   log: Callable[[str], None] | None = print,
                   on_worker_free: Callable[[], None] | None = None,
                   pool: ProcessPoolExecutor | None = None) -> list:
    """Render site/downloads/handbook-<lang>.pdf for each language (default: all, in mkdocs.yml order).

    ``jobs`` worker processes (default: the number of cores, at most one per language; 1 renders in this process).
    ``cache_dir``: reuse the PDF rendered last time for the same fingerprint (see handbook.booklet.inputs).
    ``on_worker_free``: called once, as soon as fewer booklets are left than workers (a core is free for other work).
    ``pool``: workers started beforehand (``start_workers``), used instead of starting ``jobs`` new ones.
    Raises HandbookError with the findings of every failed language; writes each PDF atomically.
    Returns one BookletResult per language, in the order of ``langs``.
    """
    site_dir = Path(site_dir).resolve()
    codes = list(langs) if langs else list(language_codes())
    unknown = [code for code in codes if code not in language_codes()]
    if unknown:
        raise HandbookError(Finding("mkdocs.yml", None, f"unknown language(s) for the booklets: {', '.join(unknown)}",
                                    f"use one of {', '.join(language_codes())}"))
    out = Path(out_dir) if out_dir else site_dir / DOWNLOADS
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(codes)))
    if pool is not None:
        jobs = max(1, min(pool._max_workers, len(codes)))
    say = log or (lambda message: None)
    results: dict[str, object] = {}
    findings: list[Finding] = []
    total = len(codes)

    freed = False

    def report(index: int, code: str, status: str, payload) -> None:
        nonlocal freed
        if on_worker_free is not None and not freed and total - index < jobs:
            freed = True
            on_worker_free()
        if status == "ok":
            results[code] = payload
            how = "reused (unchanged)" if payload.cached else "rendered"
            again = ""
            if payload.layouts > 1:
                again = f", laid out {payload.layouts} times (a page reference came out stale)"
            say(f"[{index}/{total}] {booklet_name(code)} {how} in {payload.seconds:.1f} s, "
                f"{payload.pages} pages{again}")
        else:
            findings.extend(payload)
            say(f"[{index}/{total}] {booklet_name(code)} failed")

    args = [(code, str(site_dir), str(out / booklet_name(code)), str(cache_dir) if cache_dir else None)
            for code in codes]
    if pool is not None:
        _render_in(pool, args, report)
    elif jobs == 1:
        _init_worker()
        for index, arg in enumerate(args, 1):
            report(index, arg[0], *_render_job(*arg))
    else:
        with start_workers(jobs) as own:  # spawned: clean workers, no state inherited from the caller
            _render_in(own, args, report)
    if findings:
        raise HandbookError(findings)
    return [results[code] for code in codes]
