"""Internal links and anchors, in every language, with the line of each link.

Links are resolved the way MkDocs resolves them: relative to the page's folder, inside its language folder. A
translation may link to a page (or file) that exists only in English: the site shows the English page there with
the fallback notice. Anchors are the explicit ``{#id}`` of headings, attribute lists and ``id="..."`` in HTML, and
the slug MkDocs gives a heading without an explicit id. Anchors that a data directive generates (a country profile's
sections) are not in the Markdown; links into such pages are left to the strict build.
"""

from __future__ import annotations

import difflib
import posixpath
from urllib.parse import unquote

from handbook.check.context import Context
from handbook.check.sources import Link, Page
from handbook.errors import Finding

# Directives whose output contains headings (anchors that only the build can see).
GENERATING_DIRECTIVES = {"country-profile", "glossary", "who-to-contact", "flyer", "flyer-index", "downloads",
                         "translation-status", "legal-references", "treaties", "agreements", "contacts"}
EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel", "sms", "ftp", "geo"}


def _anchor_hint(anchor: str, anchors: set[str]) -> str:
    close = difflib.get_close_matches(anchor, sorted(anchors), n=3, cutoff=0.6)
    if close:
        return f"did you mean {', '.join('#' + c for c in close)}? Or add {{#{anchor}}} to the target heading"
    return f"add {{#{anchor}}} to the heading you mean, or fix the link"


def _generates_anchors(page: Page) -> bool:
    return any(name in GENERATING_DIRECTIVES for _, name in page.directives)


def check_links(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for page in ctx.pages:
        if page.excluded:
            continue  # included into other pages (flyer text): their links resolve where they are included
        for link in page.links:
            finding = _check_link(ctx, page, link)
            if finding:
                findings.append(finding)
    return findings


def _check_link(ctx: Context, page: Page, link: Link) -> Finding | None:
    target = link.target.strip()
    if not target or link.kind == "autolink":
        return None
    if link.kind == "html" and link.attribute not in ("href", "src"):
        return None
    scheme = link.scheme
    if scheme:
        return None  # external (http, mailto, ...) or unsafe (javascript:, file:): the content check reports those
    if target.startswith("//"):
        return None
    path_part, _, fragment = target.partition("#")
    path_part = path_part.split("?", 1)[0]
    fragment = unquote(fragment)
    if path_part.startswith("/"):
        return Finding(page.path, link.line, f"absolute link '{target}'",
                       "write a relative path from this page, e.g. '../chapters/3-mutual-legal-assistance.md'")
    if not path_part:
        if fragment and fragment not in page.anchors and not _generates_anchors(page):
            return Finding(page.path, link.line, f"link to '#{fragment}': no such anchor on this page",
                           _anchor_hint(fragment, page.anchors))
        return None
    path_part = unquote(path_part)
    base = posixpath.dirname(page.rel)
    resolved = posixpath.normpath(posixpath.join(base, path_part))
    if resolved.startswith("../") or resolved == "..":
        return Finding(page.path, link.line, f"link '{target}' leads outside the {page.lang.folder}/ folder",
                       "link to a file inside the language folder with a relative path")
    folder = ctx.folder(page.lang)
    english = ctx.root / ctx.default.folder
    candidates = [folder / resolved]
    if not page.lang.default:
        candidates.append(english / resolved)  # fallback: the English page or file is shown
    found = next((c for c in candidates if c.exists()), None)
    if found is None or (path_part.endswith("/") or found.is_dir()):
        if found is not None and found.is_dir():
            index = found / "index.md"
            return Finding(page.path, link.line, f"link '{target}' points at a folder",
                           f"link to the page itself: '{posixpath.join(path_part.rstrip('/'), 'index.md')}'"
                           if index.exists() else "link to a .md page")
        hint = "check the file name and the '../' levels (links are relative to this page's folder)"
        guess = _guess(ctx, page, resolved)
        if guess:
            hint = f"did you mean '{guess}'? " + hint
        return Finding(page.path, link.line, f"broken link '{target}': {resolved} does not exist", hint)
    if any(part.startswith("_") for part in resolved.split("/")):
        return Finding(page.path, link.line, f"link '{target}' points at a file that is not published "
                       "(names starting with '_' are excluded)", "link to a published page instead")
    if not fragment or not resolved.endswith(".md"):
        return None
    lang = page.lang if found.is_relative_to(folder) else ctx.default
    target_page = ctx.page(lang, resolved)
    if target_page is None or fragment in target_page.anchors or _generates_anchors(target_page):
        return None
    return Finding(page.path, link.line, f"broken anchor '#{fragment}' in link to {lang.folder}/{resolved}",
                   _anchor_hint(fragment, target_page.anchors))


def _guess(ctx: Context, page: Page, resolved: str) -> str | None:
    """A page of the same language folder with a similar path, written relative to ``page``."""
    names = [p.rel for p in ctx.pages if p.lang.code in (page.lang.code, ctx.default.code) and not p.excluded]
    close = difflib.get_close_matches(resolved, sorted(set(names)), n=1, cutoff=0.7)
    if not close:
        return None
    return posixpath.relpath(close[0], posixpath.dirname(page.rel) or ".")
