"""Render the booklets of several languages in parallel: one process per booklet (``handbook.pdf_processes``), in
the order that ends soonest, one progress line per booklet, all errors of all languages reported together."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from handbook.errors import Finding, HandbookError
from handbook.languages import language_codes
from handbook.pdf_processes import Job, PdfProcesses, ProcessDied

DOWNLOADS = "downloads"


def booklet_name(lang: str) -> str:
    return f"handbook-{lang}.pdf"


def booklet_path(site_dir: Path, lang: str) -> Path:
    """Where the booklet of ``lang`` lives in a built site: site/downloads/handbook-<lang>.pdf."""
    return Path(site_dir) / DOWNLOADS / booklet_name(lang)


def _init_worker() -> None:
    import handbook.booklet.render  # noqa: F401  (WeasyPrint: about a second)


def _booklet_job(lang: str, site_dir: str, target: str, cache_dir: str | None, write_gate=None):
    """In a booklet's own process, which exits next: nothing to collect or give back afterwards."""
    return _render_job(lang, site_dir, target, cache_dir, release=False, write_gate=write_gate)


def _render_job(lang: str, site_dir: str, target: str, cache_dir: str | None, release: bool = True,
                write_gate=None):
    """Render one booklet (or reuse a cached one); errors come back as findings.

    ``release``: hand the booklet's memory back afterwards (this process goes on); a booklet process exits instead.
    ``write_gate``: see ``handbook.booklet.render.write_pdf``.
    """
    from handbook.booklet.assemble import assemble_booklet
    from handbook.booklet.render import BookletResult, peak_rss_mb, render_booklet

    try:
        if cache_dir:
            from handbook.booklet.inputs import fingerprint_of

            started = time.perf_counter()
            booklet = assemble_booklet(lang, Path(site_dir))  # once: for the fingerprint, and to render
            fingerprint = fingerprint_of(booklet)
            cached = Path(cache_dir) / f"handbook-{lang}-{fingerprint[:32]}.pdf"
            pages = _cached_pages(cached) if cached.is_file() else None
            if pages is not None:
                from handbook.booklet.render import write_atomically

                write_atomically(Path(target), cached.read_bytes())
                return "ok", BookletResult(lang, Path(target), pages, time.perf_counter() - started, peak_rss_mb(),
                                           fingerprint, cached=True)
            result = render_booklet(lang, Path(site_dir), Path(target), booklet, release=release,
                                    write_gate=write_gate)
            result.fingerprint = fingerprint
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            for old in Path(cache_dir).glob(f"handbook-{lang}-*.*"):
                old.unlink()
            shutil.copyfile(target, cached)
            cached.with_suffix(".pages").write_text(str(result.pages))
            return "ok", result
        return "ok", render_booklet(lang, Path(site_dir), Path(target), release=release, write_gate=write_gate)
    except HandbookError as error:
        return "error", error.findings


def _cached_pages(pdf: Path) -> int | None:
    """The page count of a cached booklet, written beside it (the PDF's page tree is in a compressed object stream);
    None if it is not there (a cache from an older version: the booklet is rendered again)."""
    try:
        return int(pdf.with_suffix(".pages").read_text())
    except (OSError, ValueError):
        return None


def booklet_sizes(site_dir: Path, codes: Sequence[str]) -> dict[str, int]:
    """How much each language's booklet has to lay out: the characters of its built pages' articles (characters,
    not bytes: Cyrillic takes two bytes a character; the theme around the article is the same in every language)."""
    from handbook.booklet.collect import ARTICLE_START
    from handbook.languages import get_language

    prefixes = {get_language(code).url_prefix.strip("/") for code in language_codes()} - {""}

    def size(code: str) -> int:
        prefix = get_language(code).url_prefix.strip("/")
        root = Path(site_dir) / prefix if prefix else Path(site_dir)
        total = 0
        for page in root.rglob("index.html"):
            parts = page.relative_to(root).parts
            if not prefix and parts and parts[0] in prefixes:
                continue  # another language's folder inside the default language's root
            text = page.read_text(encoding="utf-8", errors="replace")
            start, end = text.find(ARTICLE_START), text.rfind("</article>")
            total += end - start if 0 <= start < end else len(text)
        return total

    return {code: size(code) for code in codes}


HEAD_START = 0.8  # what the flyers take before their core goes to the booklets, in booklets (35 flyers, cold)
WRITE_SHARE = 0.3  # the part of a booklet's time spent writing the laid-out PDF (behind the write gate)


def writers_at_once(jobs: int) -> int:
    """How many booklets may write at once (the write gate, see ``handbook.booklet.render.write_pdf``)."""
    return max(1, jobs // 2)


def planned_end(order: Sequence[str], sizes: dict[str, int], starts: Sequence[float], writers: int) -> float:
    """When the last booklet would end, each booklet handed to the first core free, in ``order``: a booklet lays out
    for (1 - WRITE_SHARE) of its size, then writes, no more than ``writers`` at once."""
    free = list(starts)
    writes: list[tuple[float, float]] = []
    for code in order:
        core = free.index(min(free))
        write = sizes[code] * WRITE_SHARE
        begin = free[core] + sizes[code] - write
        for _ in range(len(writes) + 1):  # wait for the gate: move past the writes it would overlap
            overlapping = [end for start, end in writes if start < begin + write and begin < end]
            if len(overlapping) < writers:
                break
            begin = min(overlapping)
        writes.append((begin, begin + write))
        free[core] = begin + write
    return max(free)


def booklet_order(sizes: dict[str, int], jobs: int, lent: int = 0) -> list[str]:
    """The order to hand booklets to ``jobs`` cores, ``lent`` of which start late (they render the flyers first,
    for about ``HEAD_START`` of a booklet): of all orders, the one that ends soonest by ``planned_end``, a
    booklet's time estimated by its size, waits at the write gate included. On two cores it puts three booklets on
    the core that starts at once and two after the flyers, in an order in which no booklet waits to write (in a
    cold build "longest first" made booklets wait 2-3 s at the gate; the plan gives up a little balance instead)."""
    import itertools

    codes = sorted(sizes, key=lambda code: (-sizes[code], code))
    if len(codes) > 8 or jobs < 2:  # too many orders to try: longest first
        return codes
    mean = sum(sizes.values()) / max(1, len(sizes))
    late = min(lent, jobs - 1)
    starts = [0.0] * (jobs - late) + [HEAD_START * mean] * late
    best, best_end = codes, float("inf")
    for order in itertools.permutations(codes):
        end = planned_end(order, sizes, starts, writers_at_once(jobs))
        if end < best_end - 1e-9 * mean:
            best, best_end = list(order), end
    return best


def build_booklets(site_dir: Path, langs: Sequence[str] | None = None, jobs: int | None = None,
                   out_dir: Path | None = None, cache_dir: Path | None = None,
                   log: Callable[[str], None] | None = print,
                   on_done: Callable[[str], None] | None = None,
                   pool: PdfProcesses | None = None) -> list:
    """Render site/downloads/handbook-<lang>.pdf for each language (default: all).

    ``jobs`` booklets at once, each in its own process (default: the number of cores, at most one per language;
    1 renders in this process), in the order that ends soonest (``booklet_order``).
    ``cache_dir``: reuse the PDF rendered last time for the same fingerprint (see handbook.booklet.inputs).
    ``on_done``: called with a language's code when its booklet is written.
    ``pool``: processes started beforehand (``PdfProcesses``), used instead of starting ``jobs`` new ones; a core
    the caller borrowed from them (``PdfProcesses.borrow``) renders no booklet until it is given back.
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
    jobs = max(1, min(pool.jobs if pool is not None else (jobs or os.cpu_count() or 1), len(codes)))
    say = log or (lambda message: None)
    results: dict[str, object] = {}
    findings: list[Finding] = []
    total = len(codes)

    def report(index: int, code: str, status: str, payload) -> None:
        if status == "ok":
            results[code] = payload
            how = "reused (unchanged)" if payload.cached else "rendered"
            again = ""
            if payload.layouts > 1:
                again = f", laid out {payload.layouts} times (a page reference came out stale)"
            if payload.waited >= 0.1:
                again += f", of which {payload.waited:.1f} s waiting for another booklet to be written"
            say(f"[{index}/{total}] {booklet_name(code)} {how} in {payload.seconds:.1f} s, "
                f"{payload.pages} pages{again}")
            if on_done is not None:
                on_done(code)
        else:
            findings.extend(payload)
            say(f"[{index}/{total}] {booklet_name(code)} failed")

    order = booklet_order(booklet_sizes(site_dir, codes), jobs, pool.lent if pool is not None else 0) \
        if jobs > 1 else codes
    args = [(code, str(site_dir), str(out / booklet_name(code)), str(cache_dir) if cache_dir else None)
            for code in order]
    if jobs == 1 and pool is None:
        _init_worker()
        for index, arg in enumerate(args, 1):
            report(index, arg[0], *_render_job(*arg))
    else:
        processes = pool or PdfProcesses(jobs)
        # half the booklets at most (one of two) write at once: see write_pdf; in the usual build the flyers put the
        # two booklet processes out of step, and the gate seldom makes one wait
        gate = processes.context.Semaphore(writers_at_once(jobs))
        try:
            processes.run([Job(f"booklet {arg[0]}", _booklet_job, (*arg, gate)) for arg in args],
                          lambda index, job, outcome: report(index, job.args[0], *outcome))
        except ProcessDied as died:
            findings.append(Finding(
                died.name, None, f"the process rendering this booklet stopped without a result "
                f"(exit code {died.exitcode})",
                f"run python -m handbook.booklet SITE --lang {died.name.split()[-1]} --jobs 1 to see why; if the "
                "machine ran out of memory, build with fewer --jobs"))
    if findings:
        raise HandbookError(findings)
    return [results[code] for code in codes]
