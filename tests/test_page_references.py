"""Page references ("see ... (p. 57)", the contents' numbers) are right after one WeasyPrint layout.

The document is small but has what goes wrong in a booklet: many "(p. N)" references in running text, whose
numbers get a second digit while WeasyPrint paginates, and a contents list whose targets come later.
"""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from weasyprint import CSS, HTML

from handbook.booklet.page_references import (
    BLANK_SLOT, FIGURE_SPACE, SLOT_ATTRIBUTE, anchor_pages, blank_css, fill_page_references, numbered_css,
    reserve_slots, slot, slot_digits, stale_references)

PAGE = """@page { size: A7; margin: 8mm; } body { font: 9pt/11pt "Noto Serif", serif } p { margin: 0 }
p.justified { text-align: justify } section { break-before: right; } .contents { break-after: page }"""
A7_CHARS_PER_PAGE = 800  # of this test document's HTML per A7 page (860 to 1,070), erring low as the booklets do


def document(references: int = 120) -> str:
    refs = "".join(f'<p class="{"justified" if i % 2 else ""}">See {"w" * (i % 23)} '
                   f'<a class="xref" href="#end">end</a> and also <a class="xref" href="#mid">mid</a> '
                   f'before the rest of the sentence.</p>' for i in range(references))
    return reserve_slots(
        f'<html lang="en"><body><nav class="contents"><ul><li><a href="#end">The end</a></li>'
        f'<li><a href="#mid">Middle</a></li></ul></nav><section><p>Start.</p>{refs}</section>'
        f'<section id="mid"><h1>Middle</h1>{refs}</section><section id="end"><h1>End</h1></section></body></html>',
        A7_CHARS_PER_PAGE)


def render(html: str, css: str):
    laid_out = HTML(string=html).render(stylesheets=[CSS(string=PAGE + css)])
    return laid_out, anchor_pages(laid_out)


def pdf_words(laid_out) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(laid_out.write_pdf())) as pdf:
        return [page.extract_words(keep_blank_chars=False, use_text_flow=True) for page in pdf.pages]


def test_one_layout_prints_the_real_page_of_every_target():
    html = document()
    laid_out, pages = render(html, blank_css("en"))
    assert pages["end"] > 20, "the document is too short to move its targets while paginating"
    assert fill_page_references(laid_out, pages) == []
    assert stale_references(laid_out, pages) == []
    assert anchor_pages(laid_out) == pages


def test_the_reader_sees_each_number_and_nothing_overlaps():
    """In the PDF: '(p. N)' with the target's page, and the word after it starts after its ')'."""
    html = document(60)
    laid_out, pages = render(html, blank_css("en"))
    assert fill_page_references(laid_out, pages) == []
    seen = 0
    for words in pdf_words(laid_out):
        for before, number, after in zip(words, words[1:], words[2:]):
            if before["text"] == "(p." and re.fullmatch(r"\d+\)", number["text"]):
                assert int(number["text"][:-1]) in (pages["end"], pages["mid"])
                assert number["x0"] >= before["x1"], (before, number)
                if after["top"] == number["top"]:  # same line: the sentence goes on after the reference
                    assert after["x0"] >= number["x1"], (number, after)
                seen += 1
    assert seen >= 200


def test_the_contents_numbers_are_right_aligned():
    html = document(40)
    laid_out, pages = render(html, blank_css("en"))
    assert fill_page_references(laid_out, pages) == []
    numbers = [word for word in pdf_words(laid_out)[0] if word["text"].isdigit()]
    assert [int(word["text"]) for word in numbers] == [pages["end"], pages["mid"]]
    assert abs(numbers[0]["x1"] - numbers[1]["x1"]) < 0.5


def test_a_number_too_long_for_its_slot_is_reported_and_the_document_left_as_it_was():
    html = document(40).replace(f'{SLOT_ATTRIBUTE}="{FIGURE_SPACE * 2}"', f'{SLOT_ATTRIBUTE}="{FIGURE_SPACE}"')
    laid_out, pages = render(html, blank_css("en"))
    assert pages["end"] >= 10
    problems = fill_page_references(laid_out, pages)
    assert problems and all("does not fit the blank slot" in problem for problem in problems)
    assert stale_references(laid_out, pages), "nothing is filled when something cannot be"


def test_the_second_layout_with_numbered_rules_prints_the_numbers_given():
    html = document(3)
    css = numbered_css(html, "en", {"end": 42, "mid": 7})
    assert f'.contents a[href="#end"]::after {{ content: leader(". ") "{FIGURE_SPACE}42"; }}' in css
    laid_out, _ = render(html, blank_css("en") + css)
    text = " ".join(box.text for page in laid_out.pages for box in page._page_box.descendants()
                    if getattr(box, "text", None))
    assert re.search(r"end\s*\(p\.\s*42\)", text.replace("\u00a0", " ").replace(FIGURE_SPACE, " ")), text[:300]
    assert stale_references(laid_out, {"end": 42, "mid": 7}) == []


def test_numbered_rules_escape_targets_print_nothing_for_a_missing_target_and_use_the_language():
    html = '<a class="xref" href="#a&quot;b">x</a><a href="#plain">y</a><a href="https://example.org/#x">z</a>'
    css = numbered_css(html, "mk", {'a"b': 5})
    assert 'a.xref[href="#a\\"b"]::after' in css and "example.org" not in css
    assert 'a.xref[href="#plain"]::after, .contents a[href="#plain"]::after { content: none; }' in css
    assert '"(стр.' in css  # the Macedonian label, "(стр. {page})"


@pytest.mark.parametrize("offset, digits", [(0, 1), (4000 * 3, 1), (4000 * 4, 2), (4000 * 78, 2), (4000 * 79, 3), (10 ** 7, 4)])
def test_slots_are_sized_from_where_the_target_is(offset, digits):
    assert slot_digits(offset) == digits


def test_reserve_slots_marks_cross_references_only():
    html = ('<p id="near">x</p><a class="xref" href="#near">n</a><a href="#near">plain</a>'
            '<a class="xref" href="#missing">m</a>')
    marked = reserve_slots(html)
    assert marked.count(SLOT_ATTRIBUTE) == 2
    assert f'href="#near" class="xref"' not in marked
    assert f'<a class="xref" href="#near" {SLOT_ATTRIBUTE}="{FIGURE_SPACE}">' in marked
    assert f'<a class="xref" href="#missing" {SLOT_ATTRIBUTE}="{BLANK_SLOT}">' in marked
    assert slot(7) == FIGURE_SPACE * 2 + "7" and slot(157) == "157"
