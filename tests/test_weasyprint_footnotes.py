"""A footnote that WeasyPrint carries to the next page is printed there once, not again on the page after.

The smallest document that shows it: page 1 is full when the note's call comes, so the note is carried to
page 2; pages 1 and 3 hold a page reference (``target-counter``), so WeasyPrint lays them out again while page 2
stays as it was. Unfixed, WeasyPrint 70 prints the note at the foot of pages 2 and 3.
"""

from __future__ import annotations

import pytest
from weasyprint import HTML, layout

from handbook.booklet import weasyprint_footnotes

CSS = """
@page { size: A6; margin: 10mm; }
body { font: 10pt/12pt sans-serif; margin: 0 } p { margin: 0 }
.note { float: footnote; }
a.ref::after { content: " p. " target-counter(attr(href), page); }
section { break-before: page; }
"""


def document(lines: int) -> str:
    filler = "<br>".join(f"line {i}" for i in range(lines))
    return f"""<style>{CSS}</style>
<section><p><a class="ref" href="#end">end</a></p><p>{filler}</p>
<p>The call<span class="note">The carried note.</span> and more.</p><p>{filler}</p></section>
<section><p><a class="ref" href="#end">end</a></p></section>
<section id="end"><p>End.</p></section>"""


def pages_with(text: str, html: str) -> list[int]:
    return [number for number, page in enumerate(HTML(string=html).render().pages, 1)
            if any(text in (getattr(box, "text", None) or "") for box in page._page_box.descendants())]


@pytest.fixture
def fixed(monkeypatch):
    monkeypatch.setattr(layout, "make_all_pages", layout.make_all_pages)  # restored after the test
    assert weasyprint_footnotes.install(), "the installed WeasyPrint is not the version the fix is for"


@pytest.mark.parametrize("lines", [24, 26])  # page 1 full at the call: the note is carried to page 2
def test_a_carried_note_is_printed_once(fixed, lines):
    html = document(lines)
    assert pages_with("The call", html) == [1]
    assert pages_with("The carried note.", html) == [2]


def test_a_note_that_fits_stays_on_the_page_of_its_call(fixed):
    html = document(25)
    assert pages_with("The call", html) == [1]
    assert pages_with("The carried note.", html) == [1]


def test_the_booklet_renderer_installs_the_fix():
    import handbook.booklet.render  # noqa: F401  (installs it on import)

    assert layout.make_all_pages is weasyprint_footnotes.make_all_pages
