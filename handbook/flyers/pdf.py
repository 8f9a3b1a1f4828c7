"""Print-ready flyers: ``downloads/flyers/flyer-<jurisdiction>-<lang>.pdf``, A5, two-sided, black-and-white safe.

All flyers are rendered in one process (WeasyPrint is imported once; with ``jobs > 1`` a small pool of forked
workers shares it). A flyer whose side does not fit its page fails the build with the flyer's name and by how much,
measured on WeasyPrint's layout. PDF dates come from the last commit, so unchanged inputs give identical bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import shutil
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handbook import REPO_ROOT
from handbook.edition import EDITION, commit_timestamp, edition_date, format_date
from handbook.errors import Finding, HandbookError, display_path
from handbook.flyers.config import (
    FLYERS_FILE,
    MKDOCS_FILE,
    PDF_DIR,
    all_flyers,
    flyer_config,
    flyer_name,
    page_url,
)
from handbook.flyers.contacts import data_file
from handbook.flyers.render import FlyerContent, PrintExtras, flyer_content, flyer_fragment
from handbook.flyers.text import text_path, text_source
from handbook.labels import LABELS_FILE, label
from handbook.languages import get_language

PRINT_CSS = Path(__file__).with_name("print.css")
CODE_FILES = tuple(sorted(Path(__file__).parent.glob("*.py")))
PX_PER_MM = 96 / 25.4
TOLERANCE_PX = 0.5  # sub-pixel rounding in layout is not an overflow
FONT_FAMILIES = ("Noto Sans", "Noto Sans:bold", "Noto Sans:italic", "DejaVu Sans", "DejaVu Sans:bold")


# --- Inputs (for caching) -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FlyerInputs:
    """What one flyer is made from: files (their bytes matter) and values that are not files."""

    files: tuple[Path, ...]
    values: tuple[tuple[str, str], ...]

    def fingerprint(self) -> str:
        digest = hashlib.sha256()
        for name, value in self.values:
            digest.update(f"{name}={value}\n".encode())
        for path in self.files:
            digest.update(display_path(path).encode() + b"\n")
            digest.update(path.read_bytes() if path.is_file() else b"<missing>")
            digest.update(b"\n")
        return digest.hexdigest()


def font_files() -> tuple[Path, ...]:
    """The font files fontconfig picks for the flyer's families (a font update changes the PDFs)."""
    import subprocess

    found = []
    for family in FONT_FAMILIES:
        try:
            out = subprocess.run(["fc-match", "-f", "%{file}", family], capture_output=True, text=True,
                                 check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            continue
        if out and Path(out).is_file() and Path(out) not in found:
            found.append(Path(out))
    return tuple(found)


def flyer_inputs(code: str, lang: str) -> FlyerInputs:
    """Inputs of one flyer: its language's text (or the English it falls back to, and the translation's place,
    so that adding it is a change), the jurisdiction's and neighbours' data, labels, flyer config, CSS, fonts, code."""
    import weasyprint

    source, _ = text_source(lang)
    files = {source, text_path(lang), data_file(code), FLYERS_FILE, LABELS_FILE, MKDOCS_FILE, PRINT_CSS,
             *(data_file(n) for n in flyer_config().neighbours[code]), *CODE_FILES, *font_files()}
    values = (("edition", EDITION), ("timestamp", str(commit_timestamp())), ("weasyprint", weasyprint.__version__),
              ("flyer", flyer_name(code, lang)))
    return FlyerInputs(tuple(sorted(files, key=str)), values)


def flyer_fingerprint(code: str, lang: str) -> str:
    return flyer_inputs(code, lang).fingerprint()


# --- One flyer ----------------------------------------------------------------------------------------------------

def qr_svg(url: str) -> str:
    """The QR code of ``url`` as inline SVG (black on white, quiet zone included), sized by the stylesheet."""
    import segno

    return segno.make_qr(url, error="m").svg_inline(dark="#000", light="#fff", border=2, omitsize=True,
                                                   title=None)


def _w3c(timestamp: int) -> str:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def print_document(content: FlyerContent) -> str:
    """The flyer as a complete HTML document for WeasyPrint."""
    lang = content.lang
    url = page_url(content.code, lang)
    edition = label("edition", lang, edition=EDITION, date=format_date(edition_date(), lang))
    extras = PrintExtras(url=url, qr_svg=qr_svg(url), edition=f"{label('site_title', lang)} · {edition}")
    stamp = _w3c(commit_timestamp())
    hyphenation = get_language(lang).hyphenation
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(content.title)}</title>"
        f'<meta name="description" content="{escape(label("flyer_tagline", lang))}">'
        f'<meta name="author" content="{escape(label("site_title", lang))}">'
        f'<meta name="dcterms.created" content="{stamp}"><meta name="dcterms.modified" content="{stamp}">'
        f'</head><body style="-weasy-lang: &quot;{hyphenation}&quot;">{flyer_fragment(content, extras)}</body></html>'
    )


class RepositoryOnlyFetcher:
    """WeasyPrint URL fetcher: no network, no file outside the repository; anything else stops the rendering."""

    def __new__(cls, flyer: str):
        from weasyprint.urls import FatalURLFetchingError, URLFetcher

        class _Fetcher(URLFetcher):
            def fetch(self, url, headers=None):
                parts = urlsplit(url)
                if parts.scheme == "data":
                    return super().fetch(url, headers)
                if parts.scheme == "file":
                    path = Path(unquote(parts.path)).resolve()
                    if path.is_relative_to(REPO_ROOT):
                        return super().fetch(url, headers)
                raise FatalURLFetchingError(f"{flyer}: refers to {url}, which is outside the repository — "
                                            "flyers may only use files of the repository (no web addresses)")

        return _Fetcher(allowed_protocols=("file", "data"), timeout=5)


def _page_geometry(page) -> tuple[float, float, float, float]:
    box = page._page_box
    top = box.content_box_y()
    left = box.content_box_x()
    return left, top, left + box.width, top + box.height


def _flow_boxes(page):
    """Every box of the page's content (not the margin boxes with the running footer)."""
    from weasyprint.formatting_structure.boxes import MarginBox

    for child in page._page_box.children:
        if isinstance(child, MarginBox):
            continue
        yield child
        yield from child.descendants() if hasattr(child, "descendants") else ()


def _mm(px: float) -> int:
    return max(1, round(px / PX_PER_MM))


def check_fit(document, name: str, content: FlyerContent) -> tuple[list[Finding], dict[str, int]]:
    """Each side on its own page, nothing below the bottom or right of the printable area.

    Returns findings naming the flyer, the side, and by how much (pages and millimetres) it is too long, and
    the free space left at the bottom of each side, in millimetres (for translators: how much room is left).
    """
    findings: list[Finding] = []
    sides = {"flyer-front": "front", "flyer-back": "back"}
    expected_page = {"front": 0, "back": 1}
    where: dict[str, dict[int, float]] = {"front": {}, "back": {}}  # side -> page index -> bottom of its box
    worst_bottom: dict[int, float] = {}
    worst_right: dict[int, tuple[float, str]] = {}
    for index, page in enumerate(document.pages):
        left, top, right, bottom = _page_geometry(page)
        for box in _flow_boxes(page):
            element = getattr(box, "element", None)
            element_id = element.get("id") if element is not None else None
            if element_id in sides and box.element_tag == "section":
                side = sides[element_id]
                where[side][index] = max(where[side].get(index, top), box.position_y + box.margin_height())
            if not hasattr(box, "position_y") or box.height is None or box.width is None:
                continue
            box_bottom = box.position_y + box.margin_height()
            if box_bottom > bottom + TOLERANCE_PX:
                worst_bottom[index] = max(worst_bottom.get(index, 0), box_bottom - bottom)
            box_right = box.position_x + box.margin_width()
            if box_right > right + TOLERANCE_PX and box_right - right > worst_right.get(index, (0, ""))[0]:
                text = getattr(box, "text", None) or (element.text if element is not None else "") or ""
                worst_right[index] = (box_right - right, " ".join(str(text).split())[:40])
    page_height = _page_geometry(document.pages[0])[3] - _page_geometry(document.pages[0])[1]
    text_file = content.text.path
    shorten = f"shorten {display_path(text_file)}"
    if content.fallback:
        shorten += f" (the English text this flyer uses until {display_path(text_path(content.lang))} exists)"
    free: dict[str, int] = {}
    for side, pages in where.items():
        first = min(pages, default=expected_page[side])  # the back starts late when the front overflows
        extra = sorted(i for i in pages if i > first)
        if first in pages:
            free[side] = int((_page_geometry(document.pages[first])[3] - pages[first]) / PX_PER_MM)
        line = content.text.front["front-tip-vs-som"].line if side == "front" else content.text.back.line
        if extra:
            last = extra[-1]
            _, top, _, _ = _page_geometry(document.pages[last])
            over = (len(extra) - 1) * page_height + (pages[last] - top)
            plural = "s" if len(extra) > 1 else ""
            findings.append(Finding(text_file, line, f"{name}: {side} side overflows by {len(extra)} page{plural} / "
                                    f"{_mm(over)} mm", shorten))
        elif first in worst_bottom:
            findings.append(Finding(text_file, line, f"{name}: {side} side overflows the bottom margin by "
                                    f"{_mm(worst_bottom[first])} mm", shorten))
        if first in worst_right:
            amount, text = worst_right[first]
            findings.append(Finding(text_file, line, f"{name}: {side} side is {_mm(amount)} mm too wide at "
                                    f"'{text}'", "break the long word or number, or shorten the line"))
    return findings, free


@dataclass(frozen=True)
class RenderedFlyer:
    pdf: bytes
    free_mm: dict[str, int]  # free space at the bottom of each side


def render_flyer(code: str, lang: str, output: Path | None = None, text_file: Path | None = None,
                 check: bool = True) -> RenderedFlyer:
    """Render one flyer; raise HandbookError if it does not fit (unless ``check`` is false: for looking at a flyer
    that is too long). Write it to ``output`` when given."""
    from weasyprint import CSS, HTML

    name = flyer_name(code, lang)
    content = flyer_content(code, lang, text_file)
    html = print_document(content)
    fetcher = RepositoryOnlyFetcher(name)
    base = content.text.path.parent.resolve().as_uri() + "/"
    document = HTML(string=html, base_url=base, url_fetcher=fetcher).render(
        stylesheets=[CSS(filename=str(PRINT_CSS), url_fetcher=fetcher)])
    findings, free = check_fit(document, name, content)
    if findings and check:
        raise HandbookError(findings)
    pdf = document.write_pdf(pdf_identifier=True)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        tmp = output.with_name(output.name + ".tmp")
        tmp.write_bytes(pdf)
        tmp.replace(output)
    return RenderedFlyer(pdf, free)


# --- All flyers ---------------------------------------------------------------------------------------------------

def _render_job(code: str, lang: str, output: str) -> tuple[str, float, list[Finding], dict[str, int]]:
    started = time.perf_counter()
    try:
        rendered = render_flyer(code, lang, Path(output))
        return flyer_name(code, lang), time.perf_counter() - started, [], rendered.free_mm
    except HandbookError as error:
        return flyer_name(code, lang), time.perf_counter() - started, error.findings, {}


def _log(message: str) -> None:
    print(message, flush=True)


def build_flyers(site_dir: Path, jobs: int = 2, cache_dir: Path | None = None, log=_log) -> list[Path]:
    """Render every flyer into ``site_dir/downloads/flyers/``; return the PDF paths (index order).

    ``jobs``: worker processes (2 is plenty for 35 small PDFs). ``cache_dir``: where finished PDFs are kept with
    their inputs' fingerprint; a flyer whose inputs did not change is copied from there instead of rendered.
    Raises HandbookError with one finding per flyer that does not fit (all of them, not just the first).
    """
    import weasyprint  # noqa: F401  imported once here; forked workers inherit it

    started = time.perf_counter()
    out_dir = Path(site_dir) / PDF_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    pairs = all_flyers()
    # Check every input first (texts, data, labels), so that editors see all problems at once, before rendering.
    findings: list[Finding] = []
    for code, lang in pairs:
        try:
            flyer_content(code, lang)
        except HandbookError as error:
            findings.extend(f for f in error.findings if str(f) not in {str(x) for x in findings})
    if findings:
        raise HandbookError(findings)

    outputs = [out_dir / f"{flyer_name(code, lang)}.pdf" for code, lang in pairs]
    todo: list[tuple[str, str, Path]] = []
    keys: dict[Path, str] = {}
    cached = 0
    for (code, lang), output in zip(pairs, outputs):
        if cache_dir is not None:
            key = flyer_fingerprint(code, lang)
            keys[output] = key
            hit = Path(cache_dir) / output.name
            if hit.is_file() and hit.with_suffix(".key").is_file() and hit.with_suffix(".key").read_text() == key:
                shutil.copyfile(hit, output)
                cached += 1
                continue
        todo.append((code, lang, output))

    workers = max(1, min(jobs, len(todo)))
    log(f"==> Flyers: rendering {len(todo)} of {len(pairs)}"
        + (f" ({cached} unchanged, from the cache)" if cached else "")
        + (f" with {workers} workers" if workers > 1 else ""))
    results = []
    if workers == 1:
        results = (_render_job(code, lang, str(output)) for code, lang, output in todo)
        results = _report(results, len(todo), log)
    else:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            futures = [pool.submit(_render_job, code, lang, str(output)) for code, lang, output in todo]
            results = _report((f.result() for f in as_completed(futures)), len(todo), log)
    failures = [finding for _, _, found, _ in results for finding in found]
    if failures:
        raise HandbookError(sorted(failures, key=str))
    if cache_dir is not None:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        for _, _, output in todo:
            shutil.copyfile(output, Path(cache_dir) / output.name)
            (Path(cache_dir) / output.name).with_suffix(".key").write_text(keys[output])
    log(f"==> Flyers: {len(pairs)} PDFs in {time.perf_counter() - started:.1f} s")
    return outputs


def _report(results, total: int, log) -> list:
    done = []
    for number, (name, seconds, found, free) in enumerate(results, start=1):
        if found:
            status = "DOES NOT FIT"
        else:
            status = f"{seconds:.2f} s, free space: front {free.get('front', 0)} mm, back {free.get('back', 0)} mm"
        log(f"    [{number:>2}/{total}] {name}.pdf  {status}")
        done.append((name, seconds, found, free))
    return done


def main(argv: list[str] | None = None) -> int:
    """``python -m handbook.flyers.pdf SITE_DIR [JOBS]``: render the flyers alone (for working on them)."""
    argv = sys.argv[1:] if argv is None else argv
    site = Path(argv[0]) if argv else REPO_ROOT / "site"
    jobs = int(argv[1]) if len(argv) > 1 else 2
    try:
        build_flyers(site, jobs)
    except HandbookError as error:
        for finding in error.findings:
            print(finding, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
