"""The flyers on the web: the ``flyer``, ``flyer-index`` and ``downloads`` directives.

``{{ flyer jurisdiction=al }}`` renders a whole flyer page in the page's language: the H1 (from labels), the
download link of its PDF, links to the same flyer in the other languages, then the flyer itself (the same HTML
fragment the PDF is printed from, see render.py). ``{{ flyer-index }}`` lists every flyer, grouped by jurisdiction,
with its PDF in each language; ``{{ downloads }}`` lists the booklets, the offline copies and the flyers.

Links are relative to the page, so the site works from any folder and offline. The page's address is taken from
the directive call when the hook provides it (``call.page_url``), else derived from the source path and
``use_directory_urls`` in mkdocs.yml.
"""

from __future__ import annotations

import os
import posixpath
import re
from functools import lru_cache
from html import escape

import yaml

from handbook.directives import Call, Param, directive
from handbook.flyers.config import MKDOCS_FILE, flyer_config, pdf_path
from handbook.flyers.render import flyer_content, flyer_fragment
from handbook.labels import label
from handbook.languages import get_language, languages


def _flyer_jurisdictions() -> list[str]:
    return list(flyer_config().jurisdictions)


# --- Addresses ----------------------------------------------------------------------------------------------------

def _directory_urls() -> bool:
    """mkdocs.yml's use_directory_urls: ``!ENV [HANDBOOK_DIRECTORY_URLS, true]`` (false in the offline build)."""
    value = os.environ.get("HANDBOOK_DIRECTORY_URLS")
    if value is not None:
        return value.strip().lower() not in ("false", "0", "no", "off")
    return _configured_directory_urls()


@lru_cache(maxsize=1)
def _configured_directory_urls() -> bool:
    from handbook.languages import _TolerantLoader

    config = yaml.load(MKDOCS_FILE.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    value = config.get("use_directory_urls", True)
    return value if isinstance(value, bool) else True


def page_address(doc_path: str, lang: str, directory_urls: bool | None = None) -> str:
    """Site address of the page ``doc_path`` (relative to a language folder, e.g. ``flyers/al.md``) in ``lang``:
    ``sq/flyers/al/`` (or ``sq/flyers/al.html`` without directory URLs)."""
    directory_urls = _directory_urls() if directory_urls is None else directory_urls
    stem = doc_path[:-3] if doc_path.endswith(".md") else doc_path
    prefix = get_language(lang).url_prefix
    if stem == "index" or stem.endswith("/index"):
        base = stem[:-len("index")]
        return prefix + (base if directory_urls else base + "index.html")
    return prefix + (stem + "/" if directory_urls else stem + ".html")


def call_page_url(call: Call) -> str:
    """The address of the page the directive is on, relative to the site root."""
    given = getattr(call, "page_url", None)
    if given is not None:
        return given
    path = call.src_path
    for lang in sorted(languages(), key=lambda lang: -len(lang.folder)):
        if path.startswith(lang.folder + "/"):
            path = path[len(lang.folder) + 1:]
            break
    return page_address(path, call.lang)


def _directory_mode(call: Call) -> bool:
    given = getattr(call, "page_url", None)
    if given is not None:
        return not given.endswith(".html")
    return _directory_urls()


def relative_url(from_page: str, target: str) -> str:
    """Link from the page at site address ``from_page`` to the site address ``target``."""
    base = from_page if from_page.endswith("/") or not from_page else posixpath.dirname(from_page) + "/"
    rel = posixpath.relpath(target or ".", base.rstrip("/") or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


def _flyer_page(code: str, lang: str, directory_urls: bool) -> str:
    return page_address(f"flyers/{code}.md", lang, directory_urls)


# --- Markup helpers -----------------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def markdown_text(text: str) -> str:
    """Plain text made safe for a Markdown heading ('Kosovo*' must not start emphasis)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _one_block(html: str) -> str:
    """Raw HTML as one Markdown block: no blank line may end it early."""
    return re.sub(r"\n\s*\n+", "\n", html).strip()


def _pdf_link(call: Call, code: str, lang: str, text: str, css: str = "") -> str:
    href = escape(relative_url(call_page_url(call), pdf_path(code, lang)))
    language = get_language(lang)
    css_attr = f' class="{css}"' if css else ""
    return (f'<a{css_attr} href="{href}" type="application/pdf" hreflang="{lang}" '
            f'data-flyer="{code}-{lang}">{escape(text or language.name)}</a>')


# --- {{ flyer jurisdiction=<code> }} -------------------------------------------------------------------------------

@directive("flyer", block=True, params={
    "jurisdiction": Param(choices=_flyer_jurisdictions, required=True, noun="jurisdiction"),
})
def flyer(call: Call) -> str:
    code = call.params["jurisdiction"]
    lang = call.lang
    content = flyer_content(code, lang)
    here = call_page_url(call)
    directory_urls = _directory_mode(call)
    others = []
    for other in languages():
        if other.code == lang:
            continue
        href = escape(relative_url(here, _flyer_page(code, other.code, directory_urls)))
        others.append(f'<a href="{href}" hreflang="{other.code}" lang="{other.code}">{escape(other.name)}</a>')
    html = (
        f'<div class="wbch-flyer-page">'
        f'<p class="wbch-flyer-page__tagline">{escape(label("flyer_tagline", lang))}</p>'
        f'<p class="wbch-flyer-page__actions">'
        f'{_pdf_link(call, code, lang, label("flyer_pdf", lang), "md-button md-button--primary")}</p>'
        f'<p class="wbch-flyer-page__hint">{escape(label("flyer_print_hint", lang))}</p>'
        f'<p class="wbch-flyer-page__languages">{escape(label("flyer_other_languages", lang))}: '
        f'{" · ".join(others)}</p>'
        f'{flyer_fragment(content)}'
        f'</div>'
    )
    return f"# {markdown_text(content.title)}\n\n{_one_block(html)}"


# --- {{ flyer-index }} ---------------------------------------------------------------------------------------------

def flyer_cards(call: Call) -> str:
    """One card per jurisdiction: its online flyer in the page's language and its PDF in every language."""
    lang = call.lang
    here = call_page_url(call)
    directory_urls = _directory_mode(call)
    cards = []
    names_kosovo = False
    for code in flyer_config().jurisdictions:
        name = label(f"jurisdiction_{code}", lang)
        names_kosovo = names_kosovo or code == "xk"
        online = escape(relative_url(here, _flyer_page(code, lang, directory_urls)))
        pdfs = "".join(
            f'<li>{_pdf_link(call, code, other.code, other.name)} '
            f'<span class="wbch-flyer-index__format">PDF</span></li>'
            for other in languages())
        cards.append(
            f'<div class="wbch-flyer-index__card" data-jurisdiction="{code}">'
            f'<p class="wbch-flyer-index__name"><a href="{online}">{escape(name)}</a></p>'
            f'<p class="wbch-flyer-index__label">{escape(label("flyer_pdf", lang))}</p>'
            f'<ul class="wbch-flyer-index__pdfs">{pdfs}</ul></div>')
    note = ""
    if names_kosovo and "kosovo_note" not in call.page.flags:
        call.page.flags.add("kosovo_note")
        note = f'<p class="data-footnote wbch-flyer-index__note">{escape(label("kosovo_note", lang))}</p>'
    return f'<div class="wbch-flyer-index">{"".join(cards)}</div>{note}'


@directive("flyer-index", block=True)
def flyer_index(call: Call) -> str:
    return _one_block(flyer_cards(call))


# --- {{ downloads }} -----------------------------------------------------------------------------------------------

def booklet_path(lang: str) -> str:
    return f"downloads/handbook-{lang}.pdf"


def offline_path(lang: str) -> str:
    return f"downloads/handbook-{lang}-offline.zip"


@directive("downloads", block=True)
def downloads(call: Call) -> str:
    """The booklet and the offline copy in every language, then every flyer."""
    lang = call.lang
    here = call_page_url(call)
    col_language = escape(label("downloads_col_language", lang))
    col_booklet = escape(label("downloads_booklet", lang))
    col_offline = escape(label("download_offline", lang))
    rows = []
    for other in languages():
        booklet = escape(relative_url(here, booklet_path(other.code)))
        offline = escape(relative_url(here, offline_path(other.code)))
        rows.append(
            f'<tr><td data-label="{col_language}" lang="{other.code}">{escape(other.name)}</td>'
            f'<td data-label="{col_booklet}"><a href="{booklet}" type="application/pdf" hreflang="{other.code}">'
            f'handbook-{other.code}.pdf</a></td>'
            f'<td data-label="{col_offline}"><a href="{offline}" type="application/zip" hreflang="{other.code}">'
            f'handbook-{other.code}-offline.zip</a></td></tr>')
    table = (f'<table class="data-table wbch-downloads"><thead><tr><th scope="col">{col_language}</th>'
             f'<th scope="col">{col_booklet}</th><th scope="col">{col_offline}</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    flyers = (f'<p class="wbch-downloads__flyers-title"><strong>{escape(label("downloads_flyers", lang))}</strong>'
              f' — {escape(label("flyer_print_hint", lang))}</p>{flyer_cards(call)}')
    return _one_block(f'<div class="wbch-downloads-list">{table}{flyers}</div>')
