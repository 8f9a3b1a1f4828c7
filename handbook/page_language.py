"""Per-page language facts for the hooks: which language is being built, fallback pages, edit links."""

from __future__ import annotations

import re

from handbook.labels import label
from handbook.languages import get_language
from handbook.staging import source_path_for


def current_language(config) -> str:
    """The language mkdocs-static-i18n is building right now."""
    plugin = config.plugins.get("i18n")
    return plugin.current_language if plugin else "en"


def is_fallback(file_locale: str | None, building: str) -> bool:
    """A page built from the English file for another language is a fallback page."""
    return file_locale is not None and file_locale != building


def fallback_notice_markdown(building: str, english_url: str) -> str:
    """The translated notice put at the top of a fallback page, linking to the English original."""
    text = label("fallback_notice", building, language=get_language(building).name)
    return (
        f'<div class="admonition warning fallback-notice" lang="{building}" markdown="0">'
        f'<p class="admonition-title">{text}</p>'
        f'<p><a href="{english_url}" hreflang="en">English</a></p></div>\n\n'
    )


_FIRST_H1 = re.compile(r"\A(\s*(?:<!--.*?-->\s*)*#(?!#)[^\n]*\n)", re.S)


def insert_after_title(markdown: str, notice: str) -> str:
    """Put ``notice`` right after the page's "# Title" line (or at the top when there is none).

    MkDocs takes a page's title (navigation, <title>) from a level-1 heading only when it is the first element of
    the page, so a notice above it would turn "1. Definitions" into "1 definitions" in the menu.
    """
    match = _FIRST_H1.match(markdown)
    if match is None:
        return notice + markdown
    return markdown[:match.end()] + "\n" + notice + markdown[match.end():]


def edit_url(repo_url: str, edit_uri: str, src_uri: str) -> str:
    """The edit link for a staged page, pointing at its real folder (docs_hr/..., not docs/...)."""
    return repo_url.rstrip("/") + "/" + edit_uri.strip("/") + "/" + source_path_for(src_uri)


def english_relative_url(page_url: str, building: str) -> str:
    """Relative link from a page of language ``building`` to the same page in English.

    ``sq/chapters/1-definitions/`` -> ``../../../chapters/1-definitions/`` (works online and under file://).
    """
    prefix = f"{building}/"
    english = page_url[len(prefix):] if page_url.startswith(prefix) else page_url
    base = page_url if page_url.endswith("/") or not page_url else page_url.rsplit("/", 1)[0] + "/"
    depth = base.count("/")
    return "../" * depth + english if depth else english or "./"


def new_translation_url(repo_url: str, building: str, src_uri: str) -> str:
    """For a fallback page: the link that opens a new file at the translation's place (docs_sq/chapters/...)."""
    from handbook.languages import get_language

    folder = get_language(building).folder
    rest = src_uri.split("/", 1)[1]
    directory, _, name = rest.rpartition("/")
    target = f"{folder}/{directory}" if directory else folder
    return f"{repo_url.rstrip('/')}/new/main/{target}?filename={name}"


def handbook_context(lang: str, base_url: str) -> dict[str, str]:
    """Strings and links the theme overrides print: title, edition, downloads — in the page's language."""
    from handbook.edition import EDITION, edition_date, format_date

    root = (base_url or ".").rstrip("/")
    return {
        "lang": lang,
        "site_title": label("site_title", lang),
        "handbook_title": label("handbook_title", lang),
        "edition_text": label("edition", lang, edition=EDITION, date=format_date(edition_date(), lang)),
        "download_pdf": label("download_pdf", lang),
        "download_offline": label("download_offline", lang),
        "kosovo_note": label("kosovo_note", lang),
        "pdf_href": f"{root}/downloads/handbook-{lang}.pdf",
        "offline_href": f"{root}/downloads/handbook-{lang}-offline.zip",
    }
