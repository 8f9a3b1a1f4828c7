"""Render one booklet with WeasyPrint: restricted file access, fixed dates, tagged PDF, atomic output.

This module imports WeasyPrint (about a second): the parallel build imports it once per worker process.
"""

from __future__ import annotations

import gc
import os
import resource
import time
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from handbook import REPO_ROOT
from handbook.booklet.assemble import Booklet, assemble_booklet
from handbook.booklet.collect import guess_type
from handbook.booklet.page_references import anchor_pages, fill_page_references, numbered_css, stale_references
from handbook.errors import Finding, HandbookError
from handbook.booklet import weasyprint_fixes

weasyprint_fixes.install()  # a carried footnote printed once, the PDF written faster (see the package)

# Tagged PDF (PDF/UA-1: structure tree, /Lang, /MarkInfo, document title shown): WeasyPrint 70 supports it.
PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_identifier": True}


@dataclass
class BookletResult:
    lang: str
    path: Path
    pages: int
    seconds: float
    peak_rss_mb: float
    fingerprint: str = ""
    cached: bool = False
    layouts: int = 1  # 2 when a page reference came out stale and the booklet was laid out again
    waited: float = 0.0  # seconds waited for another booklet to finish writing (the write gate)


class RestrictedFetcher(URLFetcher):
    """Serves only files inside the allowed folders (the site, the repository) and data: URLs.

    Anything else (http(s)://, file:///etc/passwd, a symlink leaving the site, a missing file) raises a
    HandbookError naming the page that asked for it; with ``fail_on_errors`` WeasyPrint stops the render instead of
    printing the booklet with a hole in it.
    """

    def __init__(self, roots: tuple[Path, ...], where: str = "booklet", pages_by_url: dict[str, str] | None = None):
        super().__init__(fail_on_errors=True)
        self.roots = tuple(Path(root).resolve() for root in roots)
        self.where = where
        self.pages_by_url = pages_by_url or {}

    def _refuse(self, url: str, why: str) -> HandbookError:
        page = self.pages_by_url.get(url.split("#", 1)[0])
        shown = url if len(url) < 120 else url[:117] + "..."
        return HandbookError(Finding(
            page or self.where, None, f"the booklet refuses to load '{shown}': {why}",
            "a booklet prints only files of the built site (images under the language's assets/); "
            "remove the reference or copy the file into the docs folder"))

    def fetch(self, url: str, headers=None):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise self._refuse(url, "only local files inside the site are allowed, not remote or other URLs")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            raise self._refuse(url, "only local files inside the site are allowed")
        path = Path(url2pathname(unquote(parts.path)))
        try:
            real = path.resolve(strict=True)
        except (OSError, RuntimeError):
            raise self._refuse(url, "no such file") from None
        if not any(real.is_relative_to(root) for root in self.roots):
            raise self._refuse(url, "the file is outside the site and the repository")
        if not real.is_file():
            raise self._refuse(url, "not a file")
        return URLFetcherResponse(url, body=real.read_bytes(), headers={"Content-Type": guess_type(real)})


def fetcher_for(booklet: Booklet) -> RestrictedFetcher:
    return RestrictedFetcher((booklet.site_dir, REPO_ROOT), where=f"booklet {booklet.lang}",
                             pages_by_url=booklet.resource_pages)


def write_pdf(booklet: Booklet, write_gate=None) -> tuple[bytes, int, int, float]:
    """The PDF bytes, page count, number of layouts and seconds waited at ``write_gate``, of an assembled booklet.

    One layout, then the page numbers are written into the references' blank slots
    (``handbook.booklet.page_references``). Should that not be possible, or a printed number come out wrong, the
    booklet is laid out again with the numbers in the stylesheet, so a reader never gets a wrong reference.

    ``write_gate``: a semaphore shared by the booklets rendering at once, held while the laid-out booklet is
    written. Writing adds a quarter to a booklet's memory (the PDF's objects beside the layout, ~500 MB at the
    peak); booklets that write one at a time never reach that peak together."""
    fetcher = fetcher_for(booklet)
    fonts = FontConfiguration()
    try:
        html = HTML(string=booklet.html, base_url=booklet.base_url, url_fetcher=fetcher)
        stylesheet = CSS(string=booklet.css, base_url=booklet.base_url, url_fetcher=fetcher, font_config=fonts)
        document = html.render(stylesheets=[stylesheet], font_config=fonts)
        layouts = 1
        pages = anchor_pages(document)
        problems = fill_page_references(document, pages)
        if problems or stale_references(document, pages):
            numbered = CSS(string=numbered_css(booklet.html, booklet.lang, pages), font_config=fonts)
            document = html.render(stylesheets=[stylesheet, numbered], font_config=fonts)
            layouts = 2
            if anchor_pages(document) != pages or stale_references(document, pages):
                raise HandbookError(Finding(
                    f"booklet {booklet.lang}", None,
                    "the page numbers of the references changed the layout again: "
                    + ("; ".join(problems[:3]) or "a printed page number is not the page of its target"),
                    "check that the booklet fonts (Noto Sans, Noto Serif) are installed: scripts/build.sh "
                    "installs them"))
        waited = time.perf_counter()
        with write_gate if write_gate is not None else nullcontext():
            waited = time.perf_counter() - waited
            data = document.write_pdf(**PDF_OPTIONS)
    except FatalURLFetchingError as error:
        cause = error.__cause__
        if isinstance(cause, HandbookError):
            raise cause from None
        raise HandbookError(Finding(f"booklet {booklet.lang}", None, f"could not load a file: {cause or error}",
                                    "check the images of the pages of this language")) from None
    return data, len(document.pages), layouts, waited


def write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def no_cycle_collection(release: bool = True):
    """Python's cycle collector off while a booklet is laid out and written; after, one collection and the freed
    memory handed back (``release_memory``), unless ``release`` is false: the process exits next, and the
    collection would walk every object of the booklet (a second or more) for nothing.

    Laying out a booklet creates millions of objects that live until it is written; the collector kept walking
    them (15 full collections per booklet, about 15 % of the time) and found little. They become garbage all at
    once when the booklet is written, 1.2 million objects in reference cycles: one collection frees them (about a
    second). Peak memory grows by about 15 MB."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if release:  # otherwise the collector stays off: the process exits without walking the booklet's objects
            if was_enabled:
                gc.enable()
            release_memory()


def release_memory() -> None:
    """Collect, and hand the freed memory back to the system (glibc keeps it otherwise): a worker waiting for its
    next booklet, or done, then holds tens of MB instead of the last booklet's 500."""
    gc.collect()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim


def render_booklet(code: str, site_dir: Path, target: Path, booklet: Booklet | None = None,
                   release: bool = True, write_gate=None) -> BookletResult:
    """Render the booklet of language ``code`` from the built site ``site_dir`` into ``target`` (atomically).

    ``booklet``: the booklet already assembled (the build assembles it once, for its fingerprint and to render).
    ``release``: collect and hand the memory back afterwards; false in a process that exits next.
    ``write_gate``: see ``write_pdf``."""
    started = time.perf_counter()
    booklet = booklet or assemble_booklet(code, Path(site_dir))
    gc.collect()  # the pages' parse trees (reference cycles): a few hundredths of a second, 10-15 MB less at the peak
    with no_cycle_collection(release):
        data, pages, layouts, waited = write_pdf(booklet, write_gate)
    write_atomically(Path(target), data)
    return BookletResult(code, Path(target), pages, time.perf_counter() - started, peak_rss_mb(), layouts=layouts,
                         waited=waited)
