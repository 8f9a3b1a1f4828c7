"""Keep WeasyPrint 70 from printing a carried-over footnote twice.

When a footnote does not fit on the page of its call, WeasyPrint carries it to the next page
(``context.reported_footnotes``). Page-based counters (``target-counter``, ``counter(pages)``) make WeasyPrint
lay the document out again, re-making only the pages whose inputs changed. Its ``make_all_pages`` skips an
up-to-date page without resetting the carried-over list to what that page carried, so a note carried from a
re-made page N to an up-to-date page N+1 is printed again on the next re-made page N+2: the booklets showed
"8. Konvencija o policijskoj saradnji ..." at the foot of pages 33 and 34.

``install()`` replaces that one generator with the same loop that remembers, for each page, the notes it
carried over, and restores them when the page is skipped. The rest of WeasyPrint is untouched. The project pins
WeasyPrint (``constraints.txt``); on another major version the fix is not installed and
``tests/test_booklet.py::test_footnotes_are_at_the_foot_of_the_page_of_their_call`` tells whether it is still
needed. Installed with the other fixes by ``handbook.booklet.weasyprint_fixes.install``.
"""

from __future__ import annotations

from weasyprint import layout
from weasyprint.layout import page as page_layout

from handbook.booklet.weasyprint_fixes.version import is_fixed_version


def make_all_pages(context, root_box, html, pages):
    """WeasyPrint 70's ``make_all_pages`` with the carried-over footnotes of each page remembered."""
    carried = context.__dict__.setdefault("handbook_carried_footnotes", {})
    i = 0
    context.rendered_notes = []
    while True:
        remake_state = context.page_maker[i][-1]
        if not pages or remake_state["content_changed"] or remake_state["pages_wanted"]:
            page_layout.PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d", i + 1)
            remake_state["content_changed"] = False
            remake_state["pages_wanted"] = False
            remake_state["anchors"] = []
            remake_state["content_lookups"] = []
            page, resume_at = page_layout.remake_page(i, context, root_box, html)
            carried[i] = list(context.reported_footnotes)
            yield page
        else:
            page_layout.PROGRESS_LOGGER.info("Step 5 - Creating layout - Page %d (up-to-date)", i + 1)
            resume_at = context.page_maker[i + 1][0]
            # What this page carried when it was made, not what the last re-made page left behind.
            context.reported_footnotes = list(carried.get(i, []))
            yield pages[i]
        i += 1
        if resume_at is None and not context.reported_footnotes:
            context.page_maker = context.page_maker[:i + 1]
            context.broken_out_of_flow.clear()
            context.reported_footnotes.clear()
            return


def install() -> bool:
    """Install the fix into WeasyPrint's layout loop; False when the installed WeasyPrint is not the one fixed."""
    if not is_fixed_version():
        return False
    layout.make_all_pages = make_all_pages
    return True
