"""One HTML document per language: cover, inside page (legal notice, how to cite), contents, then the chapters.

Python prepares semantic HTML and the few per-language strings of the page design (labels, hyphenation); the page
design itself is ``print.css``.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from handbook.booklet.collect import Chapter, SiteLanguage, about_sections, add_class, collect_language, \
    select_one, text_of, to_html
from handbook.booklet.page_references import blank_css, css_content, css_string, reserve_slots
from handbook.edition import EDITION, commit_timestamp, edition_date, format_date
from handbook.labels import label
from handbook.languages import default_language, get_language, languages

PRINT_CSS = Path(__file__).with_name("print.css")
RUNNING_TITLE_MAX = 60  # characters of a chapter title in the running header; longer titles are shortened


@dataclass
class Booklet:
    """Everything WeasyPrint needs for one language, and what went into it (for the fingerprint)."""

    lang: str
    html: str  # the whole document
    css: str  # print.css followed by the per-language rules
    base_url: str  # the site folder, as a file URL ending with '/'
    site_dir: Path
    resources: list[Path] = field(default_factory=list)  # files the document fetches (images)
    pages: list[Path] = field(default_factory=list)  # the built HTML pages it was made from
    # each resource's file URL -> the page that shows it (named when the file cannot be loaded); the chapters
    # themselves are not kept: their trees are garbage once the document is written out
    resource_pages: dict[str, str] = field(default_factory=dict)


def shorten(text: str, limit: int = RUNNING_TITLE_MAX) -> str:
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:–-")
    return cut + "…"


def language_css(code: str) -> str:
    """The per-language part of the design: hyphenation dictionaries, running title and footer.

    The page references ("p. 57", the contents' numbers): ``handbook.booklet.page_references``."""
    rules = [f"/* generated for the {code} booklet by handbook/booklet/assemble.py */"]
    for lang in languages():  # fallback pages hold English text inside a booklet of another language
        rules.append(f'[lang="{lang.code}"] {{ -weasy-lang: {css_string(lang.hyphenation)}; }}')
    page_of = css_content(label("booklet_page_of", code), {"page": "counter(page)", "pages": "counter(pages)"})
    title = css_string(label("site_title", code))
    rules += [
        f"@page :left {{ @top-left {{ content: {title}; }} @bottom-left {{ content: {page_of}; }} }}",
        f"@page :right {{ @bottom-right {{ content: {page_of}; }} }}",
        f"@page front:left {{ @top-left {{ content: none; }} }}",
    ]
    return "\n".join(rules) + "\n"


def _w3c_datetime(timestamp: int) -> str:
    return dt.datetime.fromtimestamp(timestamp, tz=dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _el(tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.Element(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attributes.items()})
    element.text = text
    return element


def _cover(code: str, online_url: str) -> ET.Element:
    lang = get_language(code)
    cover = _el("section", class_="cover")
    cover.append(_el("p", label("site_title", code), class_="cover-site-title"))
    cover.append(_el("h1", label("handbook_title", code), class_="cover-title"))
    edition = label("edition", code, edition=EDITION, date=format_date(edition_date(), code))
    cover.append(_el("p", edition, class_="cover-edition"))
    cover.append(_el("p", lang.name, class_="cover-language"))
    if online_url:
        cover.append(_el("p", online_url, class_="cover-url"))
    return cover


def _inside_page(site: SiteLanguage) -> ET.Element:
    code = site.lang.code
    inside = _el("section", class_="inside", id=site.about.page_id if site.about else "about")
    inside.append(_el("p", label("site_title", code), class_="inside-title"))
    inside.append(_el("p", label("handbook_title", code), class_="inside-subtitle"))
    for section in about_sections(site.about):
        if site.about.fallback and code != default_language().code:
            section.set("lang", default_language().code)
        inside.append(section)
    edition = label("edition", code, edition=EDITION, date=format_date(edition_date(), code))
    this_edition = _el("p", class_="inside-edition")
    text = label("booklet_this_edition", code, edition=edition, url="\0")
    before, _, after = text.partition("\0")
    this_edition.text = before
    if site.home_url:
        link = _el("a", site.home_url, href=site.home_url, class_="ext bare")
        link.tail = after
        this_edition.append(link)
    else:
        this_edition.text = before.rstrip(": ") + after
    inside.append(this_edition)
    return inside


def _toc_link(chapter: Chapter, code: str, title: str | None = None) -> ET.Element:
    link = _el("a", href=f"#{chapter.page_id}")
    if chapter.fallback and code != default_language().code:
        title_span = _el("span", title or chapter.title, lang=default_language().code)
        title_span.tail = " "
        link.append(title_span)
        link.append(_el("span", label("booklet_in_english", code), class_="toc-note"))
    else:
        link.text = title or chapter.title
    return link


def _toc_entry(chapter: Chapter, code: str, titles: dict[str, str], with_sections: bool = True) -> ET.Element:
    entry = _el("li", class_="toc-chapter")
    entry.append(_toc_link(chapter, code, titles.get(chapter.page_id)))
    if with_sections and chapter.sections:
        sections = _el("ul")
        for section_id, section_title in chapter.sections:
            item = _el("li", class_="toc-section")
            item.append(_el("a", section_title, href=f"#{section_id}",
                            **({"lang": default_language().code} if chapter.fallback else {})))
            sections.append(item)
        entry.append(sections)
    return entry


def _contents(site: SiteLanguage, titles: dict[str, str]) -> ET.Element:
    """Chapters with their sections, grouped under the nav's top-level sections (parts)."""
    code = site.lang.code
    nav = _el("nav", class_="contents", id="contents")
    nav.append(_el("h1", label("booklet_contents", code), class_="contents-title"))
    top = _el("ul", class_="toc")
    nav.append(top)
    part_lists: dict[str, ET.Element] = {}
    for chapter in site.chapters:
        if chapter.part is None:
            top.append(_toc_entry(chapter, code, titles))
            continue
        if chapter.part not in part_lists:
            part = _el("li", class_="toc-part")
            if chapter.part_index:  # the section's own page: the part title links to it
                part.append(_toc_link(chapter, code, titles.get(chapter.page_id)))
            else:
                part.append(_el("span", chapter.part, class_="toc-part-title"))
            part_lists[chapter.part] = _el("ul")
            part.append(part_lists[chapter.part])
            top.append(part)
            if chapter.part_index:
                continue
        part_lists[chapter.part].append(_toc_entry(chapter, code, titles))
    for part in top.findall("li"):
        sub = part.find("ul")
        if sub is not None and not len(sub) and "toc-part" in part.get("class", ""):
            part.remove(sub)
    return nav


def _chapter_section(chapter: Chapter, code: str, first_of_part: bool, titles: dict[str, str]) -> ET.Element:
    level = 1 if chapter.part is None or chapter.part_index else 2
    section = _el("section", class_=f"chapter level-{level}", id=chapter.page_id)
    section.set("data-source", chapter.source)
    if chapter.fallback and code != default_language().code:
        add_class(section, "fallback")
        section.set("lang", default_language().code)
    if first_of_part and not chapter.part_index:
        section.append(_el("div", class_="part-marker", data_title=chapter.part or ""))
    content = copy.deepcopy(chapter.content)
    h1 = next(content.iter("h1"), None)
    if h1 is None:
        h1 = _el("h1", chapter.title)
        content.insert(0, h1)
    if chapter.page_id in titles:  # the home page prints as the introduction
        for child in list(h1):
            h1.remove(child)
        h1.text = titles[chapter.page_id]
    if chapter.fallback and code != default_language().code:
        running = label("site_title", code)  # never an English running header in another language's booklet
        notice = select_one(content, ".fallback-notice")
        if notice is not None:  # the notice follows the chapter title in print
            _move_after(content, notice, h1)
    else:
        running = text_of(h1)
    h1.set("data-running", shorten(running))
    add_class(h1, "chapter-title")
    section.append(content)
    return section


def _move_after(root: ET.Element, element: ET.Element, anchor: ET.Element) -> None:
    parents = {child: parent for parent in root.iter() for child in parent}
    parent = parents[element]
    parent.remove(element)
    element.tail = "\n"
    anchor_parent = parents[anchor]
    anchor_parent.insert(list(anchor_parent).index(anchor) + 1, element)


def assemble(site: SiteLanguage) -> Booklet:
    """The booklet document of one collected language."""
    code = site.lang.code
    titles: dict[str, str] = {}
    if site.chapters and site.chapters[0].url == site.lang.url_prefix:  # the home page: print as "Introduction"
        titles[site.chapters[0].page_id] = label("booklet_introduction", code)
    timestamp = _w3c_datetime(commit_timestamp())
    head = (
        '<meta charset="utf-8">'
        f"<title>{html.escape(label('site_title', code))}</title>"
        f'<meta name="description" content="{html.escape(label("handbook_title", code))}">'
        f'<meta name="author" content="{html.escape(label("booklet_author", code))}">'
        f'<meta name="dcterms.created" content="{timestamp}">'
        f'<meta name="dcterms.modified" content="{timestamp}">'
    )
    body = [_cover(code, site.home_url), _inside_page(site), _contents(site, titles)]
    seen_parts: set[str] = set()
    for chapter in site.chapters:
        first_of_part = chapter.part is not None and chapter.part not in seen_parts
        if chapter.part:
            seen_parts.add(chapter.part)
        body.append(_chapter_section(chapter, code, first_of_part, titles))
    document = reserve_slots(
        f'<!DOCTYPE html>\n<html lang="{code}">\n<head>{head}</head>\n<body>\n'
        + "\n".join(to_html(element) for element in body)
        + "\n</body>\n</html>\n"
    )
    css = PRINT_CSS.read_text(encoding="utf-8") + "\n" + language_css(code) + blank_css(code)
    resources = sorted({path for chapter in site.chapters for path in chapter.resources}
                       | set(site.about.resources if site.about else []))
    pages = [site.site_dir / site.lang.url_prefix / "index.html"] + [c.html_path for c in site.chapters]
    if site.about:
        pages.append(site.about.html_path)
    resource_pages = {path.resolve().as_uri(): chapter.source for chapter in site.chapters
                      for path in chapter.resources}
    return Booklet(code, document, css, site.site_dir.as_uri() + "/", site.site_dir, resources, pages,
                   resource_pages)


def assemble_booklet(code: str, site_dir: Path) -> Booklet:
    """Collect and assemble the booklet of language ``code`` from the built site in ``site_dir``."""
    return assemble(collect_language(code, site_dir))
