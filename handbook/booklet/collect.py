"""Read one language of the BUILT site as a booklet's chapters: nav order, article content, links made printable.

The built HTML is the source (not the Markdown): the booklet shows exactly what the site shows, data directives
and fallback notices included. The nav order is read from the primary navigation of the language's home page,
the one place the site itself takes it from.

Every page becomes a ``Chapter`` whose content is an ElementTree fragment, rewritten for print:

- ids are prefixed with the page id (``chapters-3-mutual-legal-assistance--dual-criminality``), so that anchors
  of different pages cannot collide; links between printed pages become in-document links (``#<page-id>`` or
  ``#<page-id>--<anchor>``, class ``xref``: the stylesheet adds "(p. 57)");
- links to pages that are not printed (flyers, downloads), to other languages and to files become absolute links
  to the published site (class ``ext``: the stylesheet prints the address);
- footnotes become ``<span class="footnote">`` at the place of their call (the stylesheet floats them to the foot
  of the page); the footnote list at the end of the page is dropped;
- screen-only parts go: permalinks, page action buttons, form buttons, ``.wbch-no-print``;
- images are checked to be files inside the site and referenced relative to the site folder.
"""

from __future__ import annotations

import copy
import functools
import mimetypes
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import cssselect2
import tinyhtml5

from handbook import REPO_ROOT
from handbook.booklet.table_columns import set_column_widths
from handbook.errors import Finding, HandbookError
from handbook.languages import Language, default_language, get_language, languages

# Pages that make no sense on paper, by their path inside a language (prefix match). Flyers have their own PDFs,
# the downloads page lists files, the translation status is for translators. Everything else in the nav is printed.
SKIPPED_PAGES = ("flyers/", "downloads/", "translation-status/")
# The about page is not printed as a chapter: its legal notice and "how to cite" open the booklet (inside page).
ABOUT_PAGE = "about/"
ABOUT_SECTIONS = ("legal-notice", "how-to-cite")

# Elements removed from the article before printing.
SCREEN_ONLY = (
    "a.headerlink, a.md-content__button, .md-source-file, .md-content__button, .wbch-no-print, "
    "script, noscript, style, template, iframe, button, select, textarea, form input:not([type=checkbox]), "
    "input:not([type=checkbox]), nav, .md-dialog, .md-top"
)
# Attributes whose values are fetched when the page is printed: each must name a file inside the site.
RESOURCE_ATTRIBUTES = {"img": ("src",), "image": ("href", "{http://www.w3.org/1999/xlink}href"),
                       "source": ("src",), "video": ("src", "poster"), "audio": ("src",), "object": ("data",),
                       "embed": ("src",), "link": ("href",), "input": ("src",), "use": ("href",)}

SVG_NS = "{http://www.w3.org/2000/svg}"
XLINK_NS = "{http://www.w3.org/1999/xlink}"
_SITE_HOST = "site.invalid"  # a base that cannot be a real host, to tell site-relative links from external ones
_UNSAFE_ID = re.compile(r"[^\w-]+", re.UNICODE)


@dataclass
class NavEntry:
    """One page of the primary navigation, in nav order."""

    url: str  # site-relative, as in the site: 'hr/chapters/1-definitions/'
    title: str  # the nav title
    part: str | None  # the top-level nav section ('Poglavlja') or None for top-level pages
    part_index: bool = False  # the section's own index page (navigation.indexes)


@dataclass
class Chapter:
    """One printed page of the site."""

    lang: str
    url: str
    html_path: Path
    page_id: str
    part: str | None
    part_index: bool
    title: str  # text of the page's h1
    fallback: bool  # an English page shown in another language (carries the .fallback-notice box)
    content: ET.Element  # <div> with the rewritten article content
    source: str  # what an editor should open: docs_hr/chapters/1-definitions.md (or the HTML file)
    resources: list[Path] = field(default_factory=list)  # files the content fetches (images)
    ids: set[str] = field(default_factory=set)  # original ids in the page, before prefixing

    @cached_property
    def sections(self) -> list[tuple[str, str]]:
        """(prefixed id, text) of every h2, in order: the contents lists them under the chapter."""
        return [(h.get("id"), text_of(h)) for h in self.content.iter("h2") if h.get("id")]


@dataclass
class SiteLanguage:
    """What the booklet of one language is made of."""

    lang: Language
    site_dir: Path
    home_url: str  # canonical address of the language's home page ('' if the site has no site_url)
    site_root: str  # canonical address of the site root, ending with '/' ('' without site_url)
    chapters: list[Chapter]
    about: Chapter | None  # the about page, source of the inside page


# ---------------------------------------------------------------------------------------------------------------
# Reading and writing HTML (tinyhtml5 and cssselect2 come with WeasyPrint: no extra dependency)


def parse_html(path: Path) -> ET.Element:
    with path.open("rb") as file:
        return tinyhtml5.parse(file, namespace_html_elements=False)


ARTICLE_START = '<article class="md-content__inner'


def parse_article(path: Path) -> ET.Element:
    """The page's ``<html>`` with only its article in the body: the theme's navigation, header and footer (half
    of each page's bytes, repeated on every page) are not parsed. The whole page when the article is not found."""
    text = path.read_text(encoding="utf-8")
    start, end = text.find(ARTICLE_START), text.rfind("</article>")
    if start < 0 or end < start:
        return parse_html(path)
    return tinyhtml5.parse(f"<!DOCTYPE html><html><body>{text[start:end]}</article></body></html>",
                           namespace_html_elements=False)


# A compound selector of the simple kind most lookups here use: tag, classes, one attribute test.
_SIMPLE = re.compile(r"""(?P<tag>[a-z][a-z0-9]*)?(?P<classes>(?:\.[\w-]+)*)"""
                     r"""(?:\[(?P<attr>[\w-]+)(?:(?P<op>\^?=)(?P<quote>['"]?)(?P<value>[^'"\]]*)(?P=quote))?\])?$""")


@functools.lru_cache(maxsize=64)
def _simple_matcher(selector: str):
    """A function telling whether an element matches ``selector``, for comma lists of simple compound selectors
    (``div.footnote``, ``li[id]``, ``sup[id^='fnref']``, ``.fallback-notice``); None for anything else."""
    tests = []
    for part in selector.split(","):
        match = _SIMPLE.match(part.strip())
        if not match or not part.strip():
            return None
        tag, attr, op, value = match["tag"], match["attr"], match["op"], match["value"]
        classes = tuple(name for name in match["classes"].split(".") if name)
        tests.append((tag, classes, attr, op, value))

    def matches(element: ET.Element) -> bool:
        for tag, classes, attr, op, value in tests:
            if tag is not None and element.tag != tag:
                continue
            if classes:
                own = (element.get("class") or "").split()
                if not all(name in own for name in classes):
                    continue
            if attr is not None:
                found = element.get(attr)
                if found is None or op == "=" and found != value or op == "^=" and not (
                        value and found.startswith(value)):
                    continue
            return True
        return False

    return matches


def select_all(root: ET.Element, selector: str) -> list[ET.Element]:
    """The elements of ``root`` (itself included) that match the CSS ``selector``, in document order. Simple
    selectors are matched directly on the tree, the rest with cssselect2 (which wraps every element: slower)."""
    matches = _simple_matcher(selector)
    if matches is not None:
        return [element for element in root.iter() if isinstance(element.tag, str) and matches(element)]
    return select_all_cssselect2(root, selector)


def select_all_cssselect2(root: ET.Element, selector: str) -> list[ET.Element]:
    wrapper = cssselect2.ElementWrapper.from_html_root(root) if root.tag == "html" else \
        cssselect2.ElementWrapper.from_xml_root(root)
    return [match.etree_element for match in wrapper.query_all(selector)]


def select_one(root: ET.Element, selector: str) -> ET.Element | None:
    found = select_all(root, selector)
    return found[0] if found else None


def text_of(element: ET.Element) -> str:
    return " ".join("".join(element.itertext()).split())


def has_class(element: ET.Element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def add_class(element: ET.Element, *names: str) -> None:
    classes = (element.get("class") or "").split()
    element.set("class", " ".join(classes + [n for n in names if n not in classes]))


def parent_map(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


def remove(element: ET.Element, parents: dict[ET.Element, ET.Element]) -> None:
    """Remove ``element`` but keep its tail text."""
    parent = parents[element]
    index = list(parent).index(element)
    if element.tail:
        if index:
            previous = parent[index - 1]
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def to_html(element: ET.Element) -> str:
    """Serialize as HTML; inline SVG loses its namespace prefix (the HTML parser puts it back)."""
    element = copy.deepcopy(element)
    for el in element.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
        for name in [n for n in el.attrib if n.startswith("{")]:
            value = el.attrib.pop(name)
            el.set(("xlink:" if name.startswith(XLINK_NS) else "") + name.split("}", 1)[1], value)
    return ET.tostring(element, encoding="unicode", method="html")


# ---------------------------------------------------------------------------------------------------------------
# Pages, URLs and the nav


def page_key(lang: Language, url: str) -> str:
    """The page's path inside its language: 'hr/chapters/1-definitions/' -> 'chapters/1-definitions/'."""
    return url[len(lang.url_prefix):] if url.startswith(lang.url_prefix) else url


def page_id(lang: Language, url: str) -> str:
    """A stable, readable id for a page: 'chapters-1-definitions'; the home page is 'home'."""
    key = page_key(lang, url)
    key = key.removesuffix("index.html").removesuffix(".html").strip("/")
    return _UNSAFE_ID.sub("-", key.replace("/", "-")).strip("-") or "home"


def html_file(site_dir: Path, url: str) -> Path:
    """The HTML file a site-relative URL is served from (directory URLs and .html URLs)."""
    if url == "" or url.endswith("/"):
        return site_dir / url / "index.html"
    return site_dir / url


def normalize_url(path: str) -> str:
    """'chapters/1-definitions/index.html' -> 'chapters/1-definitions/' (the form the nav uses)."""
    if path == "index.html":
        return ""
    return path.removesuffix("index.html")


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """A link of a page as (site-relative path, unquoted fragment), or None when it leaves the site."""
    absolute = urljoin(f"http://{_SITE_HOST}/{page_url}", href)
    parts = urlsplit(absolute)
    if parts.scheme != "http" or parts.netloc != _SITE_HOST:
        return None
    path = posixpath.normpath(unquote(parts.path)) if parts.path not in ("", "/") else "/"
    if parts.path.endswith("/") and not path.endswith("/"):
        path += "/"
    return path.lstrip("/"), unquote(parts.fragment)


def read_nav(home: ET.Element, home_url: str) -> list[NavEntry]:
    """The pages of the primary nav of a built page, in order, with the top-level section each belongs to."""
    nav = select_one(home, "nav.md-nav--primary")
    if nav is None:
        return []
    top = next((child for child in nav if child.tag == "ul"), None)
    entries: list[NavEntry] = []

    def walk(ul: ET.Element, part: str | None) -> None:
        for li in ul:
            if li.tag != "li":
                continue
            subnav = next((c for c in li if c.tag == "nav" and not has_class(c, "md-nav--secondary")), None)
            if subnav is not None:  # a section
                container = next((c for c in li if c.tag == "div" and has_class(c, "md-nav__container")), None)
                index_link = container.find("a") if container is not None else None
                label = index_link if index_link is not None else next(
                    (c for c in li if c.tag == "label" and has_class(c, "md-nav__link")), None)
                title = text_of(label) if label is not None else ""
                section_part = part or title
                if index_link is not None:
                    path, _ = resolve(home_url, index_link.get("href", "")) or ("", "")
                    entries.append(NavEntry(normalize_url(path), title, section_part, part_index=part is None))
                sub_ul = next((c for c in subnav if c.tag == "ul"), None)
                if sub_ul is not None:
                    walk(sub_ul, section_part)
            else:
                link = next((c for c in li if c.tag == "a" and has_class(c, "md-nav__link")), None)
                if link is None:
                    continue
                resolved = resolve(home_url, link.get("href", ""))
                if resolved is None:  # an external link in the nav: nothing to print
                    continue
                entries.append(NavEntry(normalize_url(resolved[0]), text_of(link), part))

    if top is not None:
        walk(top, None)
    return entries


def source_of(lang: Language, url: str, fallback: bool, site_dir: Path) -> str:
    """The Markdown file an editor opens for a page (when this repository built it), else the HTML file."""
    key = page_key(lang, url).removesuffix("index.html").removesuffix(".html").strip("/")
    folder = default_language().folder if fallback else lang.folder
    candidates = (f"{folder}/{key}.md", f"{folder}/{key}/index.md") if key else (f"{folder}/index.md",)
    for candidate in candidates:
        if (REPO_ROOT / candidate).is_file():
            return candidate
    return html_file(site_dir, url).as_posix()


# ---------------------------------------------------------------------------------------------------------------
# One page


def _canonical(root: ET.Element) -> str:
    link = select_one(root, 'link[rel="canonical"]')
    return link.get("href", "") if link is not None else ""


def read_page(lang: Language, site_dir: Path, entry: NavEntry) -> Chapter:
    path = html_file(site_dir, entry.url)
    if not path.is_file():
        raise HandbookError.at(path, None, f"page '{entry.url}' of the {lang.code} nav was not built",
                               "build the site first (mkdocs build) into this folder")
    root = parse_article(path)
    article = select_one(root, "article.md-content__inner")
    if article is None:
        raise HandbookError.at(path, None, "no article.md-content__inner in the built page",
                               "the theme's page template changed: update handbook/booklet/collect.py")
    content = ET.Element("div", {"class": "page-content"})
    content.text = article.text
    content.extend(list(article))
    parents = parent_map(content)
    for element in select_all(content, SCREEN_ONLY):
        if element in parents:
            remove(element, parents)
    fallback = select_one(content, ".fallback-notice") is not None
    h1 = next(content.iter("h1"), None)
    title = text_of(h1) if h1 is not None else entry.title
    chapter = Chapter(
        lang=lang.code, url=entry.url, html_path=path, page_id=page_id(lang, entry.url), part=entry.part,
        part_index=entry.part_index, title=title, fallback=fallback, content=content,
        source=source_of(lang, entry.url, fallback, site_dir),
    )
    chapter.ids = {el.get("id") for el in content.iter() if el.get("id")}
    return chapter


# ---------------------------------------------------------------------------------------------------------------
# Rewriting a page for print


@dataclass
class LinkContext:
    lang: Language
    site_dir: Path
    site_root: str
    pages: dict[str, Chapter]  # normalized site-relative URL -> chapter (printed pages and the about page)


def _print_footnotes(chapter: Chapter, parents: dict[ET.Element, ET.Element]) -> None:
    """Move each footnote's text to its call, as a <span class="footnote"> the stylesheet floats to the foot."""
    notes: dict[str, ET.Element] = {}
    for block in select_all(chapter.content, "div.footnote"):
        for li in select_all(block, "li[id]"):
            notes[li.get("id")] = li
    calls = select_all(chapter.content, "sup[id^='fnref'], sup.footnote-ref")
    used: set[str] = set()
    for sup in calls:
        link = sup.find("a")
        target = (link.get("href", "") if link is not None else "").lstrip("#")
        li = notes.get(target)
        if li is None:
            continue
        for backref in select_all(li, "a.footnote-backref"):
            remove(backref, parent_map(li))
        note = ET.Element("span", {"class": "footnote"})
        if target in used:  # a second call of the same note: print it again (rare; clearer than "see above")
            add_class(note, "footnote-repeat")
        used.add(target)
        blocks = [child for child in li]
        note.text = li.text.strip() if li.text and li.text.strip() else None
        for index, block in enumerate(blocks):
            if block.tag == "p":  # paragraphs become runs of inline text, separated by a line break
                if index:
                    note.append(ET.Element("br"))
                span = ET.SubElement(note, "span")
                span.text = block.text
                span.extend(list(block))
                span.tail = None
            else:
                note.append(block)
        # Trailing non-breaking space Python-Markdown leaves before the back link.
        last = note[-1] if len(note) else None
        if last is not None and last.tag == "span":
            deepest = last[-1] if len(last) else None
            if deepest is not None and deepest.tail:
                deepest.tail = deepest.tail.rstrip("\u00a0 \n")
            elif last.text:
                last.text = last.text.rstrip("\u00a0 \n")
        _collapse_newlines(note)
        note.tail = sup.tail
        parent = parents[sup]
        parent.insert(list(parent).index(sup), note)
        parent.remove(sup)
        parents[note] = parent
    for block in select_all(chapter.content, "div.footnote"):
        remove(block, parent_map(chapter.content))


def _collapse_newlines(element: ET.Element) -> None:
    """Source line breaks inside a footnote become spaces (WeasyPrint 70 keeps them as breaks in the footnote area)."""
    def collapse(text: str | None) -> str | None:
        return re.sub(r"[ \t]*\n\s*", " ", text) if text else text

    for el in element.iter():
        if el.tag in ("pre", "code"):
            continue
        if el is not element:
            el.tail = collapse(el.tail)
        el.text = collapse(el.text)


def _is_file_inside(path: Path, roots: tuple[Path, ...]) -> bool:
    try:
        real = path.resolve()
    except OSError:
        return False
    return any(real.is_relative_to(root.resolve()) for root in roots)


def _rewrite_resources(chapter: Chapter, ctx: LinkContext, findings: list[Finding]) -> None:
    """Images and other fetched files: site-relative paths to files inside the site; anything else is an error."""
    for element in chapter.content.iter():
        tag = element.tag.split("}", 1)[-1] if isinstance(element.tag, str) else ""
        for attribute in RESOURCE_ATTRIBUTES.get(tag, ()):
            value = element.get(attribute)
            if not value or value.startswith("#"):
                continue
            if value.startswith("data:"):
                continue
            resolved = resolve(chapter.url, value)
            if resolved is None:
                findings.append(Finding(chapter.source, None, f"the page loads '{value}' from outside the site",
                                        "the booklet prints only files of the site: put the file under the "
                                        "language folder's assets/ and link it relatively"))
                continue
            path = ctx.site_dir / resolved[0]
            if not path.is_file() or not _is_file_inside(path, (ctx.site_dir,)):
                findings.append(Finding(chapter.source, None, f"the page loads '{value}', which is not a file "
                                        "of the built site", "check the file name and its relative path"))
                continue
            element.set(attribute, resolved[0] + (f"#{resolved[1]}" if resolved[1] else ""))
            chapter.resources.append(path)
        if tag == "img" and element.get("srcset"):
            del element.attrib["srcset"]  # the src is enough for print
    for element in chapter.content.iter():
        style = element.get("style") or ""
        if "url(" in style:
            findings.append(Finding(chapter.source, None, "inline style with url() in the page content",
                                    "use an <img> with a relative file path instead"))


def _prefix_ids(chapter: Chapter) -> None:
    pid = chapter.page_id
    for element in chapter.content.iter():
        if element.get("id"):
            element.set("id", f"{pid}--{element.get('id')}")


def _rewrite_links(chapter: Chapter, ctx: LinkContext) -> None:
    for link in list(chapter.content.iter("a")):
        href = (link.get("href") or "").strip()
        link.attrib.pop("target", None)
        link.attrib.pop("download", None)
        if not href:
            continue
        if href.startswith("#"):
            fragment = unquote(href[1:])
            if fragment in chapter.ids:
                link.set("href", f"#{chapter.page_id}--{fragment}")
                add_class(link, "xref")
            else:
                link.attrib.pop("href")
            continue
        resolved = resolve(chapter.url, href)
        if resolved is None:  # http(s), mailto:, tel:
            scheme = urlsplit(href).scheme.lower()
            if scheme in ("http", "https"):
                add_class(link, "ext")
                if text_of(link).rstrip("/") in (href.rstrip("/"), href.split("://", 1)[-1].rstrip("/")):
                    add_class(link, "bare")  # the text is the address already
            continue
        path, fragment = resolved
        target = ctx.pages.get(normalize_url(path))
        if target is not None:
            if fragment and fragment in target.ids:
                link.set("href", f"#{target.page_id}--{fragment}")
            else:
                link.set("href", f"#{target.page_id}")
            add_class(link, "xref")
            continue
        # Not in the booklet (flyers, downloads, another language, a file): the published address.
        if ctx.site_root:
            link.set("href", ctx.site_root + path + (f"#{fragment}" if fragment else ""))
            add_class(link, "ext")
        else:
            link.attrib.pop("href")


def _print_forms(chapter: Chapter, parents: dict[ET.Element, ET.Element]) -> None:
    """Check boxes (task lists, the self-assessment) print as empty or ticked boxes; details print open."""
    for box in select_all(chapter.content, "input[type=checkbox]"):
        mark = ET.Element("span", {"class": "checkbox" + (" checked" if box.get("checked") is not None else "")})
        mark.text = "\u2612" if box.get("checked") is not None else "\u2610"
        mark.tail = box.tail
        parent = parents[box]
        parent.insert(list(parent).index(box), mark)
        parent.remove(box)
    for details in chapter.content.iter("details"):
        details.set("open", "")


def _mark_tables(chapter: Chapter) -> None:
    for table in chapter.content.iter("table"):
        first_row = next(table.iter("tr"), None)
        columns = sum(int(cell.get("colspan") or 1) for cell in first_row if cell.tag in ("td", "th")) \
            if first_row is not None else 0
        add_class(table, f"cols-{min(columns, 9)}")
        if columns >= 6:
            add_class(table, "wide")
        if not has_class(table, "data-matrix"):  # the treaty matrix has its own fixed columns (print.css)
            set_column_widths(table, wide=columns >= 6)


def prepare_for_print(chapter: Chapter, ctx: LinkContext, findings: list[Finding]) -> None:
    parents = parent_map(chapter.content)
    _print_footnotes(chapter, parents)
    parents = parent_map(chapter.content)
    _print_forms(chapter, parents)
    _rewrite_resources(chapter, ctx, findings)
    _rewrite_links(chapter, ctx)
    _prefix_ids(chapter)
    _mark_tables(chapter)


# ---------------------------------------------------------------------------------------------------------------
# A whole language


def is_skipped(lang: Language, url: str) -> bool:
    key = page_key(lang, url)
    return any(key.startswith(prefix) for prefix in SKIPPED_PAGES)


def collect_language(code: str, site_dir: Path) -> SiteLanguage:
    """The printed pages of one language of a built site, in nav order, rewritten for print."""
    lang = get_language(code)
    site_dir = Path(site_dir).resolve()
    home_path = html_file(site_dir, lang.url_prefix)
    if not home_path.is_file():
        raise HandbookError.at(home_path, None, f"the {code} home page is missing from the built site",
                               f"build the site (mkdocs build -d {site_dir}) before the booklets")
    home = parse_html(home_path)
    home_url = _canonical(home)
    site_root = ""
    if home_url:
        site_root = home_url[: len(home_url) - len(lang.url_prefix)] if home_url.endswith(lang.url_prefix) \
            else home_url
        site_root = site_root if site_root.endswith("/") else site_root + "/"
    entries = read_nav(home, lang.url_prefix)
    if not entries:
        raise HandbookError.at(home_path, None, "no primary navigation found in the built home page",
                               "the theme's nav markup changed: update handbook/booklet/collect.py")
    chapters: list[Chapter] = []
    about: Chapter | None = None
    seen: set[str] = set()
    for entry in entries:
        if entry.url in seen or is_skipped(lang, entry.url):
            continue
        seen.add(entry.url)
        chapter = read_page(lang, site_dir, entry)
        if page_key(lang, entry.url) == ABOUT_PAGE:
            about = chapter
        else:
            chapters.append(chapter)
    pages = {c.url: c for c in chapters}
    if about is not None:
        pages[about.url] = about
    ctx = LinkContext(lang, site_dir, site_root, pages)
    findings: list[Finding] = []
    for chapter in pages.values():
        prepare_for_print(chapter, ctx, findings)
    if findings:
        raise HandbookError(findings)
    return SiteLanguage(lang, site_dir, home_url, site_root, chapters, about)


def about_sections(about: Chapter | None) -> list[ET.Element]:
    """The legal notice and 'how to cite' sections of the about page (h2 and what follows, up to the next h2)."""
    if about is None:
        return []
    wanted = {f"{about.page_id}--{name}" for name in ABOUT_SECTIONS}
    sections: list[ET.Element] = []
    current: ET.Element | None = None
    for child in about.content:
        if child.tag in ("h1", "h2"):
            current = None
            if child.tag == "h2" and child.get("id") in wanted:
                current = ET.Element("section", {"class": "about-section", "id": child.get("id")})
                heading = copy.deepcopy(child)
                heading.attrib.pop("id")
                heading.tail = None
                current.append(heading)
                sections.append(current)
            continue
        if current is not None:
            current.append(copy.deepcopy(child))
    found = {section.get("id") for section in sections}
    missing = [name for name in ABOUT_SECTIONS if f"{about.page_id}--{name}" not in found]
    if missing:
        raise HandbookError.at(about.source, None, f"the about page has no section {', '.join(missing)}",
                               "keep the '## ... {#legal-notice}' and '## ... {#how-to-cite}' headings: the "
                               "booklet prints them on its inside page")
    return sections


def guess_type(path: Path) -> str:
    return mimetypes.guess_type(path.name)[0] or "application/octet-stream"


__all__ = ["Chapter", "SiteLanguage", "NavEntry", "collect_language", "about_sections", "read_nav", "to_html",
           "languages", "SKIPPED_PAGES", "ABOUT_PAGE"]
