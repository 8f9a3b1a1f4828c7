"""Page references ("see ... p. 57", the contents' numbers) are right after one WeasyPrint layout.

The document is small but has what goes wrong in a booklet: many "(p. N)" references whose width grows when the
page numbers get a second digit, which rewraps lines and moves the targets while WeasyPrint paginates.
"""

from __future__ import annotations

import re

from weasyprint import CSS, HTML

from handbook.booklet.assemble import page_reference_css
from handbook.booklet.render import anchor_pages, stale_references

PAGE = """@page { size: A7; margin: 8mm; } body { font: 9pt/11pt sans-serif } p { margin: 0 }
section { break-before: right; } .contents { break-after: page }"""
GENERIC = """a.xref::after { content: "\\a0(p.\\a0" target-counter(attr(href url), page) ")"; }
.contents a::after { content: leader(". ") target-counter(attr(href url), page); }"""


def document(references: int = 120) -> str:
    refs = "".join(f'<p>See {"w" * (i % 23)} <a class="xref" href="#end">end</a> '
                   f'<a class="xref" href="#mid">mid</a></p>' for i in range(references))
    return (f'<html lang="en"><body><nav class="contents"><ul><li><a href="#end">The end</a></li>'
            f'<li><a href="#mid">Middle</a></li></ul></nav><section><p>Start.</p>{refs}</section>'
            f'<section id="mid"><h1>Middle</h1>{refs}</section><section id="end"><h1>End</h1></section></body></html>')


def render(html: str, css: str):
    document = HTML(string=html).render(stylesheets=[CSS(string=PAGE + css)])
    return document, anchor_pages(document)


def test_one_layout_prints_the_real_page_of_every_target():
    html = document()
    laid_out, pages = render(html, page_reference_css(html, "en"))
    assert pages["end"] > 20, "the document is too short to move its targets while paginating"
    assert stale_references(laid_out, pages) == []


def test_the_generic_attr_rule_goes_stale_on_the_same_document():
    """Why the rules are per target: WeasyPrint 70 leaves ``target-counter(attr(href url))`` stale here.

    When this test fails, WeasyPrint fixed it, and the per-target rules could go back to one generic rule."""
    laid_out, pages = render(document(), GENERIC)
    assert stale_references(laid_out, pages)


def test_literal_rules_print_the_numbers_given():
    html = document(3)
    css = page_reference_css(html, "en", {"end": 42, "mid": 7})
    assert '.contents a[href="#end"]::after { content: leader(". ") "42"; }' in css
    laid_out, _ = render(html, css)
    text = " ".join(box.text for page in laid_out.pages for box in page._page_box.descendants()
                    if getattr(box, "text", None))
    assert re.search(r"end\s*\(p\.\s*42\)", text.replace("\u00a0", " ")), text[:300]


def test_rules_escape_targets_and_use_the_booklet_language():
    html = '<a class="xref" href="#a&quot;b">x</a><a href="#plain">y</a><a href="https://example.org/#x">z</a>'
    css = page_reference_css(html, "mk")
    assert 'a.xref[href="#a\\"b"]::after' in css and 'target-counter("#a\\"b", page)' in css
    assert 'href="#plain"' in css and "example.org" not in css
    assert '"(стр.' in css  # the Macedonian label, "(стр. {page})"
