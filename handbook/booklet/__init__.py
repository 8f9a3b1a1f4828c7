"""Print-ready PDF booklets of the handbook, one per language, made from the BUILT site's HTML with WeasyPrint.

    python -m handbook.booklet SITE_DIR [--lang xx ...] [--jobs N]

API for the build (none of these import WeasyPrint in the calling process):

- ``build_booklets(site_dir, langs=None, jobs=None, out_dir=None, cache_dir=None, log=print, on_done=None,
  pool=None)`` renders ``site_dir/downloads/handbook-<lang>.pdf``, one process per booklet forked from a server that
  imported WeasyPrint once (``handbook.pdf_processes.PdfProcesses`` starts it ahead of time), and returns one ``BookletResult``
  each; raises ``HandbookError`` (all findings of all languages) when a page cannot be printed.
- ``booklet_inputs(lang, site_dir) -> list[Path]``: every file that goes into that booklet.
- ``booklet_fingerprint(lang, site_dir) -> str``: a hash of what reaches WeasyPrint; same hash, same bytes.
- ``booklet_path(site_dir, lang) -> Path``.

Modules: ``collect`` (nav order, article content, links, footnotes), ``table_columns`` (column widths),
``assemble`` (cover, inside page, contents, per-language CSS), ``page_references`` (the "(p. 57)" numbers, filled in
after one layout), ``render`` (WeasyPrint, restricted fetcher, atomic write), ``weasyprint_fixes`` (fixes for
WeasyPrint 70 and pydyf), ``inputs`` (fingerprint), ``build`` (booklet processes), ``print.css`` (the page design).
"""

from handbook.booklet.build import booklet_path, build_booklets
from handbook.booklet.inputs import booklet_fingerprint, booklet_inputs

__all__ = ["booklet_fingerprint", "booklet_inputs", "booklet_path", "build_booklets"]
