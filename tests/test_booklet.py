"""The PDF booklets as a reader holds them: cover and contents, outline, page numbers that are right, the
page's language everywhere, embedded fonts, nothing off the page, footnotes at the foot of their page, and a
renderer that loads nothing from outside the site and gives the same bytes for the same commit.

Each booklet is rendered (or taken from the build) once per session; the PDF analysis runs once per language.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from handbook.booklet import booklet_fingerprint, booklet_inputs, booklet_path, build_booklets
from handbook.booklet.assemble import assemble_booklet, language_css
from handbook.booklet.collect import collect_language
from handbook.edition import commit_timestamp
from handbook.errors import HandbookError
from handbook.labels import label
from handbook.languages import default_language, language_codes, languages
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

CODES = list(language_codes())
MM = 72 / 25.4
LATIN = re.compile(r"[A-Za-z]")


# ---------------------------------------------------------------------------------------------------------------
# Fixtures: one booklet per language per session, analysed once


@pytest.fixture(scope="session")
def booklets(built_site, tmp_path_factory) -> dict[str, Path]:
    """The booklets the build shipped in the built site; those it did not make are rendered here, in parallel."""
    found = {code: booklet_path(built_site, code) for code in CODES}
    missing = [code for code, path in found.items() if not path.is_file()]
    if missing:  # through the command line, in a fresh interpreter (worker processes inherit its sys.path)
        out = tmp_path_factory.mktemp("booklets")
        command = [sys.executable, "-m", "handbook.booklet", str(built_site), "--out-dir", str(out)]
        for code in missing:
            command += ["--lang", code]
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
        for index, code in enumerate(missing, 1):
            assert re.search(rf"^\[\d/{len(missing)}\] handbook-{code}\.pdf rendered in [\d.]+ s, \d+ pages$",
                             result.stdout, re.MULTILINE), result.stdout
            found[code] = out / f"handbook-{code}.pdf"
    return found


def _outline(reader: PdfReader) -> list[tuple[str, int, int]]:
    """(title, level, 1-based page) of every outline item, in order."""
    items: list[tuple[str, int, int]] = []

    def walk(nodes, level: int) -> None:
        for node in nodes:
            if isinstance(node, list):
                walk(node, level + 1)
            else:
                items.append((" ".join(node.title.split()), level, reader.get_destination_page_number(node) + 1))

    walk(reader.outline, 1)
    return items


def analyse(path: str) -> dict:
    """What a reader sees on each page, reduced to what the tests check (runs in a worker process)."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            width, height = float(page.width), float(page.height)
            words = page.extract_words(extra_attrs=["size"], use_text_flow=False)
            outside = [
                (c["text"], round(c["x0"]), round(c["top"]))
                for c in page.chars
                if c["text"].strip() and (c["x0"] < 20 * MM or c["x1"] > width - 20 * MM
                                          or c["top"] < 10 * MM or c["bottom"] > height - 10 * MM)
            ]
            left = min((w["x0"] for w in words), default=0)
            markers = [w for w in words if re.fullmatch(r"\d+\.", w["text"]) and abs(w["size"] - 8.0) < 0.3
                       and w["x0"] <= left + 1.5 and w["top"] > height / 3
                       # a note's number starts a line of text; "11." alone ends a wrapped note ("Article\n11.")
                       and any(o["x0"] > w["x1"] and abs(o["top"] - w["top"]) < 1 for o in words)]
            # Notes on a page are numbered in sequence: "4. stav 1." in the middle of note 15 is not note 4.
            sequence = []
            for w in sorted(markers, key=lambda w: w["top"]):
                if not sequence or int(w["text"][:-1]) == int(sequence[-1]["text"][:-1]) + 1:
                    sequence.append(w)
            markers = sequence
            first_marker = min((w["top"] for w in markers), default=height)
            calls = {int(w["text"]) for w in words
                     if w["text"].isdigit() and w["size"] < 10 and w["bottom"] <= first_marker}
            lines: dict[int, list[str]] = {}
            for w in words:
                if 24 * MM < w["top"] < height - 26 * MM:
                    lines.setdefault(round(w["top"]), []).append(w["text"])
            pages.append({
                "number": number,
                "top": " ".join(w["text"] for w in words if w["bottom"] < 23 * MM),
                "bottom": " ".join(w["text"] for w in words if w["top"] > height - 25 * MM),
                "text": " ".join(w["text"] for w in words),
                "lines": [" ".join(texts) for _, texts in sorted(lines.items())],
                "outside": outside,
                "markers": [int(w["text"][:-1]) for w in markers],
                "calls": sorted(calls),
            })
    return {"pages": pages}


@pytest.fixture(scope="session")
def seen(booklets) -> dict[str, dict]:
    """Per language: the pdfplumber analysis of every page, the outline and the document metadata."""
    with ProcessPoolExecutor(max_workers=min(len(CODES), os.cpu_count() or 1),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        analyses = dict(zip(CODES, pool.map(analyse, [str(booklets[code]) for code in CODES])))
    for code in CODES:
        reader = PdfReader(booklets[code])
        analyses[code]["outline"] = _outline(reader)
        analyses[code]["root"] = reader.trailer["/Root"]
        analyses[code]["info"] = reader.metadata
        analyses[code]["reader"] = reader
    return analyses


@lru_cache(maxsize=None)
def _chapters(site: Path, code: str):
    return collect_language(code, site).chapters


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split())


def _printed_title(site: Path, code: str, chapter) -> str:
    if chapter.url == next(lang for lang in languages() if lang.code == code).url_prefix:
        return label("booklet_introduction", code)
    return _norm(chapter.title)


# ---------------------------------------------------------------------------------------------------------------
# Metadata, outline, contents


@pytest.mark.parametrize("code", CODES)
def test_metadata_language_title_and_fixed_dates(seen, code):
    info, root = seen[code]["info"], seen[code]["root"]
    assert root["/Lang"] == code
    assert info["/Title"] == label("site_title", code)
    assert info["/Subject"] == label("handbook_title", code)
    assert info["/Author"] == label("booklet_author", code)
    stamp = dt.datetime.fromtimestamp(commit_timestamp(), tz=dt.timezone.utc).strftime("D:%Y%m%d%H%M%S")
    assert info["/CreationDate"].startswith(stamp) and info["/ModDate"].startswith(stamp)


@pytest.mark.parametrize("code", CODES)
def test_pdf_is_tagged(seen, code):
    root = seen[code]["root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("code", CODES)
def test_outline_has_every_chapter_on_a_right_hand_page(built_site, seen, code):
    outline = seen[code]["outline"]
    titles: dict[str, int] = {}
    for title, _, page in outline:  # first occurrence: a chapter comes before a section of the same name
        titles.setdefault(title, page)
    assert label("booklet_contents", code) in titles
    for chapter in _chapters(built_site, code):
        title = _printed_title(built_site, code, chapter)
        assert title in titles, f"{code}: chapter {title!r} missing from the outline {sorted(titles)}"
        assert titles[title] % 2 == 1, f"{code}: {title!r} starts on page {titles[title]}, a left-hand page"
    parts = {c.part for c in _chapters(built_site, code) if c.part and not c.part_index}
    for part in parts:
        assert part in titles, f"{code}: part {part!r} has no outline entry"


@pytest.mark.parametrize("code", CODES)
def test_outline_skips_pages_that_make_no_sense_in_print(built_site, seen, code):
    printed = {c.url for c in _chapters(built_site, code)}
    prefix = next(lang.url_prefix for lang in languages() if lang.code == code)
    assert not any(url.startswith((prefix + "flyers/", prefix + "downloads/")) for url in printed)
    assert any(url.startswith(prefix + "chapters/") for url in printed)


def _contents_entries(pages: list[dict], first: int, last: int) -> list[tuple[str, int]]:
    """(text, page number) of every contents line; wrapped titles are joined to their numbered last line."""
    entries, pending = [], ""
    for page in pages[first - 1:last]:
        for line in page["lines"]:
            words = [w for w in line.split() if not re.fullmatch(r"[.\u2024\u2025…]+", w)]
            if not words:
                continue
            if re.fullmatch(r"\d+", words[-1]):
                text = _norm(" ".join([pending] + words[:-1]))
                entries.append((text.rstrip(". "), int(words[-1])))
                pending = ""
            else:
                pending = _norm(pending + " " + " ".join(words))
    return entries


@pytest.mark.parametrize("code", CODES)
def test_contents_page_numbers_are_the_real_pages_of_the_headings(built_site, seen, code):
    pages, outline = seen[code]["pages"], seen[code]["outline"]
    contents_page = next(page for title, _, page in outline if title == label("booklet_contents", code))
    first_chapter = min(page for title, _, page in outline if page > contents_page)
    entries = _contents_entries(pages, contents_page, first_chapter - 1)
    # The page's own title and the part titles ("Chapters", "Annexes") carry no page number: the line reader
    # joins them to the entry that follows.
    prefixes = [label("booklet_contents", code)] + sorted({c.part for c in _chapters(built_site, code) if c.part},
                                                          key=len, reverse=True)

    def strip_prefixes(text: str) -> str:
        for prefix in prefixes:
            text = text.removeprefix(prefix + " ")
        return text

    entries = [(strip_prefixes(text), number) for text, number in entries]
    assert len(entries) >= len(_chapters(built_site, code)), entries
    note = " " + label("booklet_in_english", code)
    pages_of: dict[str, set[int]] = {}
    for title, _, page in outline:
        pages_of.setdefault(_norm(title), set()).add(page)
    for text, number in entries:
        title = text.removesuffix(note)
        assert title in pages_of, f"{code}: contents entry {title!r} is not a heading of the booklet"
        assert number in pages_of[title], f"{code}: contents says {title!r} is on page {number}, " \
                                          f"the heading is on {sorted(pages_of[title])}"
    for chapter in _chapters(built_site, code):  # and the heading is really printed there
        title = _printed_title(built_site, code, chapter)
        number = next(n for t, n in entries if t.removesuffix(note) == title)
        start = " ".join(title.split()[:3])
        assert start in _norm(pages[number - 1]["text"]), f"{code}: {title!r} not found on page {number}"


def test_cross_references_print_the_page_of_their_target(built_site, seen):
    """The introduction links each chapter: 'Definitions and national frameworks (p. 9)'."""
    code = default_language().code
    pages, outline = seen[code]["pages"], seen[code]["outline"]
    page_of = {_norm(title): page for title, _, page in outline}
    intro = page_of[label("booklet_introduction", code)]
    text = _norm(" ".join(p["text"] for p in pages[intro - 1:intro + 1]))
    checked = 0
    for chapter in _chapters(built_site, code)[1:]:
        title = _norm(chapter.title)
        match = re.search(re.escape(title) + r" \(p\. (\d+)\)", text)
        if match:
            assert int(match.group(1)) == page_of[title], f"{title}: (p. {match.group(1)}), heading on {page_of[title]}"
            checked += 1
    assert checked >= 3, "the introduction should link at least three chapters with their page numbers"
    all_refs = [int(n) for p in pages for n in re.findall(r"\(p\. (\d+)\)", p["text"])]
    assert all_refs and all(1 <= n <= len(pages) for n in all_refs)


# ---------------------------------------------------------------------------------------------------------------
# What is on every page


@pytest.mark.parametrize("code", CODES)
def test_footer_says_page_n_of_total_in_the_booklet_language(seen, code):
    pages = seen[code]["pages"]
    total = len(pages)
    for page in pages[1:]:
        if not page["text"]:
            continue  # a blank page before a chapter
        expected = label("booklet_page_of", code, page=page["number"], pages=total)
        assert page["bottom"] == expected, f"{code} page {page['number']}: footer {page['bottom']!r}"
    assert expected not in pages[0]["text"], "the cover carries no page number"


def test_no_english_running_header_or_footer_in_the_macedonian_booklet(seen):
    mk = seen["mk"]["pages"]
    for page in mk[1:]:
        assert not LATIN.search(page["top"]), f"page {page['number']} header: {page['top']!r}"
        assert not LATIN.search(page["bottom"]), f"page {page['number']} footer: {page['bottom']!r}"
    assert any(page["top"] for page in mk), "the Macedonian booklet has no running headers at all"


def test_english_running_headers_name_the_chapter(built_site, seen):
    en = seen["en"]
    headers = {page["top"] for page in en["pages"]}
    assert label("site_title", "en") in headers
    chapter = next(c for c in _chapters(built_site, "en") if c.part and not c.fallback)
    assert any(_norm(chapter.title)[:30] in _norm(h) for h in headers), headers


@pytest.mark.parametrize("code", CODES)
def test_no_text_outside_the_page_or_into_the_margins(seen, code):
    offenders = [(page["number"], page["outside"][:5]) for page in seen[code]["pages"] if page["outside"]]
    assert not offenders, f"{code}: text beyond the page margins: {offenders[:5]}"


@pytest.mark.parametrize("code", CODES)
def test_footnotes_are_at_the_foot_of_the_page_of_their_call(seen, code):
    pages = seen[code]["pages"]
    notes = 0
    previous: set[int] = set()
    printed_before: set[int] = set()
    for page in pages:
        notes += len(page["markers"])
        stray = set(page["markers"]) - set(page["calls"])
        # WeasyPrint 70 carries a note to the next page when the page of its call is full (README, "PDF booklets");
        # a note anywhere else (an end note, a note two pages on) is a defect.
        far = stray - previous
        assert not far, f"{code} page {page['number']}: footnotes {sorted(far)} away from the page of their call"
        twice = stray & printed_before
        assert not twice, f"{code} page {page['number']}: footnotes {sorted(twice)} also printed on the page before"
        previous = set(page["calls"])
        printed_before = set(page["markers"])
    if code == default_language().code:
        assert notes, "the English booklet has no footnotes at the foot of any page"


@pytest.mark.parametrize("code", CODES)
def test_every_font_is_embedded(seen, code):
    reader = seen[code]["reader"]
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        descriptor = (font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                      if "/DescendantFonts" in font else font.get("/FontDescriptor"))
        assert descriptor is not None and any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")),\
            f"{code}: font {name} is not embedded"


def test_macedonian_text_is_cyrillic_and_fallback_pages_keep_their_notice(built_site, seen):
    chapters = _chapters(built_site, "mk")
    text = " ".join(page["text"] for page in seen["mk"]["pages"])
    assert re.search("[ѓќѕљњџ]", text), "no Macedonian letters in the Macedonian booklet"
    if any(chapter.fallback for chapter in chapters):
        notice = label("fallback_notice", "mk", language=next(l.name for l in languages() if l.code == "mk"))
        assert _norm(notice)[:40] in _norm(text), "the fallback notice is missing from the booklet"


# ---------------------------------------------------------------------------------------------------------------
# The document before WeasyPrint


def test_every_internal_link_has_a_target(built_site):
    for code in CODES:
        booklet = assemble_booklet(code, built_site)
        ids = set(re.findall(r'\sid="([^"]+)"', booklet.html))
        hrefs = re.findall(r'\shref="([^"]*)"', booklet.html)
        for href in hrefs:
            assert href.startswith(("#", "http://", "https://", "mailto:", "tel:")), f"{code}: link {href!r}"
            if href.startswith("#"):
                assert href[1:] in ids, f"{code}: link to missing anchor {href}"


def test_hyphenation_follows_the_language_list():
    css = language_css("mk")
    for lang in languages():
        assert f'[lang="{lang.code}"] {{ -weasy-lang: "{lang.hyphenation}"; }}' in css


def test_inputs_and_fingerprint(built_site):
    inputs = booklet_inputs("hr", built_site)
    names = {path.name for path in inputs}
    assert {"print.css", "labels.yaml"} <= names
    assert (built_site / "hr" / "index.html") in inputs
    assert any(path.suffix in (".ttf", ".otf") for path in inputs), "fonts are inputs too"
    assert not any(path.is_relative_to(built_site / "sq") for path in inputs), "another language's pages"
    assert booklet_fingerprint("hr", built_site) == booklet_fingerprint("hr", built_site)
    assert booklet_fingerprint("hr", built_site) != booklet_fingerprint("bs", built_site)


# ---------------------------------------------------------------------------------------------------------------
# Restricted file access


@pytest.fixture()
def fetcher(built_site):
    from handbook.booklet.render import RestrictedFetcher

    return RestrictedFetcher((built_site,), where="booklet xx")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.org/logo.png",
                                 "https://wb-cooperation-handbook.example.org/index.html", "ftp://example.org/x"])
def test_fetcher_refuses_anything_outside_the_site(fetcher, url):
    with pytest.raises(HandbookError) as error:
        fetcher.fetch(url)
    message = str(error.value)
    assert "refuses to load" in message and url[:40] in message and "booklet xx" in message


def test_fetcher_serves_site_files_but_not_symlinks_leaving_it(fetcher, built_site, tmp_path):
    response = fetcher.fetch((built_site / "index.html").as_uri())
    assert response.read(20).lstrip().lower().startswith(b"<!doctype html>")
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"
    from handbook.booklet.render import RestrictedFetcher

    site = tmp_path / "site"
    site.mkdir()
    (site / "passwd.png").symlink_to("/etc/passwd")
    with pytest.raises(HandbookError, match="outside the site"):
        RestrictedFetcher((site,)).fetch((site / "passwd.png").as_uri())


def test_render_stops_on_a_file_outside_the_site(built_site):
    """Even if a file reference reaches WeasyPrint, the render stops with the fetcher's message (no PDF)."""
    from handbook.booklet.render import write_pdf

    booklet = assemble_booklet("en", built_site)
    booklet.html = booklet.html.replace("</body>", '<img src="file:///etc/passwd"></body>')
    with pytest.raises(HandbookError, match="refuses to load 'file:///etc/passwd'"):
        write_pdf(booklet)


SIMPLE_SELECTORS = ["a.footnote-backref", "div.footnote", "article.md-content__inner", ".fallback-notice",
                    "sup[id^='fnref'], sup.footnote-ref", "input[type=checkbox]", "li[id]", 'link[rel="canonical"]',
                    "nav.md-nav--primary", "a.headerlink, a.md-content__button, .md-source-file, script", "table"]


def test_simple_selectors_find_what_cssselect2_finds(built_site):
    """collect.select_all matches simple selectors on the tree itself; on real pages it finds the same elements,
    in the same order, as cssselect2 (used for the rest)."""
    from handbook.booklet.collect import _simple_matcher, parse_html, select_all, select_all_cssselect2

    pages = [built_site / "index.html", *sorted(built_site.glob("chapters/*/index.html")),
             *sorted(built_site.glob("mk/annexes/*/index.html"))]
    assert len(pages) > 10
    found = 0
    for page in pages:
        root = parse_html(page)
        for selector in SIMPLE_SELECTORS:
            assert _simple_matcher(selector) is not None, selector
            fast = select_all(root, selector)
            assert fast == select_all_cssselect2(root, selector), (page, selector)
            found += len(fast)
    assert found > 100
    assert _simple_matcher("form input:not([type=checkbox])") is None  # left to cssselect2


@pytest.fixture()
def site_copy(built_site, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy, ignore=shutil.ignore_patterns("*.pdf", "*.zip", "search"))
    return copy


@pytest.mark.parametrize("src", ["http://tracker.example.org/pixel.png", "file:///etc/passwd",
                                 "../../../../../../../../etc/passwd"])
def test_a_page_loading_a_file_from_outside_fails_naming_the_page(site_copy, src):
    page = site_copy / "chapters" / "3-mutual-legal-assistance" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("</h1>", f'</h1><p><img src="{src}" alt="x"></p>', 1), encoding="utf-8")
    with pytest.raises(HandbookError) as error:
        assemble_booklet("en", site_copy)
    message = str(error.value)
    assert "3-mutual-legal-assistance" in message and src in message


# ---------------------------------------------------------------------------------------------------------------
# Reproducible and atomic


def test_same_commit_gives_byte_identical_booklets(built_site, booklets, tmp_path):
    code = "mk"
    results = build_booklets(built_site, [code], jobs=1, out_dir=tmp_path, log=None)
    assert results[0].path.read_bytes() == booklets[code].read_bytes()
    assert not list(tmp_path.glob(".*tmp*")), "temporary file left behind"


def test_unknown_language_is_refused(built_site, tmp_path):
    with pytest.raises(HandbookError, match="unknown language"):
        build_booklets(built_site, ["xx"], out_dir=tmp_path, log=None)
