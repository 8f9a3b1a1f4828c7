"""Fixes for WeasyPrint 70 (and pydyf, its PDF writer) that the booklets need, each in its own module.

- ``footnotes``: a footnote carried to the next page was printed twice.
- ``pdf_page_references``: the tagged PDF rebuilt the list of all pages once per tagged box.
- ``pdf_identifier``: every object was serialised and compressed twice to compute the file identifier.
- ``pdf_object_memory``: every PDF object carried an attribute dictionary of its own (40 MB in a booklet).

Each module says what goes wrong, where in WeasyPrint, and has a test with the smallest document that shows it.
All are installed only on the WeasyPrint version they were written for (``version.FIXED_MAJOR``).
"""

from __future__ import annotations

from handbook.booklet.weasyprint_fixes import footnotes, pdf_identifier, pdf_object_memory, pdf_page_references


def install() -> dict[str, bool]:
    """Install every fix; which ones were installed (all False on another WeasyPrint version)."""
    return {module.__name__.rsplit(".", 1)[-1]: module.install()
            for module in (footnotes, pdf_page_references, pdf_identifier, pdf_object_memory)}
