"""Write a tagged PDF without rebuilding the list of page references for every tagged box.

pydyf's ``PDF.page_references`` is a property that builds a new tuple of all pages' references at each call.
WeasyPrint's PDF/UA tagging (weasyprint/pdf/tags.py) and link writer call it once per tagged box or link: on a
200-page booklet about 38,000 tuples of 200 items, roughly 2 seconds of each booklet. The fix keeps the tuple and
builds it again only when a page was added (pages are only ever appended). Same bytes, same PDF.
"""

from __future__ import annotations

import pydyf

from handbook.booklet.weasyprint_fixes.version import is_fixed_version

_page_references = pydyf.PDF.page_references


def page_references(self) -> tuple[bytes, ...]:
    kids = self.pages["Kids"]
    cached = self.__dict__.get("_handbook_page_references")
    if cached is None or cached[0] != len(kids):
        cached = (len(kids), _page_references.fget(self))
        self.__dict__["_handbook_page_references"] = cached
    return cached[1]


def install() -> bool:
    if not is_fixed_version():
        return False
    pydyf.PDF.page_references = property(page_references)
    return True
