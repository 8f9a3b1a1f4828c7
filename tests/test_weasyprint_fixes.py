"""The fixes for WeasyPrint 70 and pydyf (handbook/booklet/weasyprint_fixes/), each on the smallest document
that shows what it fixes.

Footnotes: page 1 is full when the note's call comes, so the note is carried to page 2; pages 1 and 3 hold a page
reference (``target-counter``), so WeasyPrint lays them out again while page 2 stays as it was. Unfixed,
WeasyPrint 70 prints the note at the foot of pages 2 and 3.
"""

from __future__ import annotations

import zlib

import pydyf
import pytest
from weasyprint import HTML, layout

from handbook.booklet import weasyprint_fixes
from handbook.booklet.weasyprint_fixes import footnotes as weasyprint_footnotes
from handbook.booklet.weasyprint_fixes import pdf_identifier, pdf_object_memory, pdf_page_references

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


def test_the_booklet_renderer_installs_the_fixes():
    import handbook.booklet.render  # noqa: F401  (installs them on import)

    assert layout.make_all_pages is weasyprint_footnotes.make_all_pages
    assert pydyf.PDF.write is pdf_identifier.write
    assert pydyf.PDF.page_references.fget is pdf_page_references.page_references
    assert pydyf.Object.__init__ is pdf_object_memory.init
    assert weasyprint_fixes.install() == {"footnotes": True, "pdf_page_references": True, "pdf_identifier": True,
                                          "pdf_object_memory": True}


# PDF writing: the same bytes, less work

TAGGED = """<html lang="en"><head><title>t</title></head><body>""" + "".join(
    f'<h2 id="s{i}">Section {i}</h2><p style="break-after: page">Text <a href="#s{(i + 3) % 12}">link</a>.</p>'
    for i in range(12)) + "</body></html>"


def write(document) -> bytes:
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=True)


@pytest.fixture
def unfixed_pdf_writer(monkeypatch):
    """pydyf as it is released: a property rebuilt at each call, and write serialising every object twice."""
    monkeypatch.setattr(pydyf.PDF, "page_references", property(pdf_page_references._page_references.fget))
    monkeypatch.setattr(pydyf.PDF, "write", pdf_identifier._original_write)


@pytest.fixture
def compressions(monkeypatch) -> list[int]:
    """Counts the streams pydyf compresses."""
    calls: list[int] = []
    original = zlib.compressobj

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counting)
    return calls


def test_the_fixed_writer_writes_the_same_bytes():
    import handbook.booklet.render  # noqa: F401

    document = HTML(string=TAGGED).render()
    fixed = write(document)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pydyf.PDF, "page_references", property(pdf_page_references._page_references.fget))
        patch.setattr(pydyf.PDF, "write", pdf_identifier._original_write)
        pdf_object_memory.uninstall()
        try:
            unfixed = write(document)
        finally:
            assert pdf_object_memory.install()
    assert fixed == unfixed
    assert b"/ID [" in fixed and b"/Type /ObjStm" in fixed  # an identifier, and objects in a compressed stream


def test_with_an_identifier_each_stream_is_compressed_once(compressions):
    import handbook.booklet.render  # noqa: F401

    document = HTML(string=TAGGED).render()
    document.write_pdf(pdf_variant="pdf/ua-1")
    without_identifier = len(compressions)
    compressions.clear()
    write(document)
    assert len(compressions) == without_identifier


def test_unfixed_pydyf_compresses_each_stream_twice_for_the_identifier(unfixed_pdf_writer, compressions):
    """Why the fix: when this fails, pydyf no longer serialises twice and pdf_identifier can go."""
    document = HTML(string=TAGGED).render()
    document.write_pdf(pdf_variant="pdf/ua-1")
    without_identifier = len(compressions)
    compressions.clear()
    write(document)
    assert len(compressions) >= 2 * without_identifier - 1


def test_page_references_are_built_once_and_follow_new_pages():
    pdf = pydyf.PDF()
    for _ in range(3):
        pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    first = pdf.page_references
    assert pdf.page_references is first and len(first) == 3
    pdf.add_page(pydyf.Dictionary({"Type": "/Page"}))
    assert len(pdf.page_references) == 4 and pdf.page_references[:3] == first


def _bytes_per_property_list() -> float:
    import tracemalloc

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = [pydyf.Dictionary({"MCID": number}) for number in range(2000)]
        return (tracemalloc.get_traced_memory()[0] - before) / len(kept)
    finally:
        tracemalloc.stop()


def test_pdf_objects_get_no_attribute_dictionary_until_they_need_one():
    import handbook.booklet.render  # noqa: F401

    fixed = _bytes_per_property_list()
    pdf_object_memory.uninstall()
    try:
        unfixed = _bytes_per_property_list()
    finally:
        assert pdf_object_memory.install()
    assert fixed < 0.6 * unfixed, (fixed, unfixed)  # 248 against 584 bytes with pydyf 0.13 on CPython 3.11
    numbered = pydyf.Dictionary({"Type": "/Page"})
    pdf = pydyf.PDF()
    pdf.add_object(numbered)
    assert numbered.number == len(pdf.objects) - 1 and numbered.generation == 0 and numbered.free == "n"
    assert pydyf.Dictionary().number is None
