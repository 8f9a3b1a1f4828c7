"""Serialise and compress every PDF object once, not twice, when the PDF gets a file identifier.

The booklets carry a file identifier (``pdf_identifier=True``: an MD5 of the content, so the same booklet always
gets the same /ID). pydyf 0.13 computes it in ``PDF.write`` by joining ``object.data`` of every object *after*
having written them all, and ``data`` is a property that serialises the object again and compresses its stream
again. On a 200-page booklet that is about 2 seconds spent a second time on the same bytes.

While ``PDF.write`` runs, the fix remembers each object's ``data`` the first time it is asked for. Nothing changes
an object during ``write``, so the bytes are the same (``tests/test_weasyprint_fixes.py`` compares them).
"""

from __future__ import annotations

import pydyf

from handbook.booklet.weasyprint_fixes.version import is_fixed_version

_original_write = pydyf.PDF.write
_remembering_classes: dict[type, type] = {}
CACHE = "_handbook_data"


def remembering_class(cls: type) -> type:
    """A subclass of a pydyf object class whose ``data`` is computed once and then remembered."""
    if cls not in _remembering_classes:
        compute = cls.data.fget

        def data(self):
            try:
                return self.__dict__[CACHE]
            except KeyError:
                value = self.__dict__[CACHE] = compute(self)
                return value

        _remembering_classes[cls] = type(cls.__name__, (cls,), {"data": property(data), "__module__": __name__})
    return _remembering_classes[cls]


def write(self, output, version=b"1.7", identifier=False, compress=False):
    """pydyf's ``PDF.write``; with an identifier, each object (top level: the ones written) is serialised once."""
    if not identifier:
        return _original_write(self, output, version, identifier, compress)
    changed = []

    def remember(obj) -> None:
        changed.append((obj, obj.__class__))
        obj.__class__ = remembering_class(obj.__class__)

    def add_object(obj) -> None:  # the objects write adds: info, the object stream
        pydyf.PDF.add_object(self, obj)
        remember(obj)

    for obj in self.objects:
        if obj.free != "f":
            remember(obj)
    self.add_object = add_object
    try:
        return _original_write(self, output, version, identifier, compress)
    finally:
        del self.add_object
        for obj, cls in changed:
            obj.__class__ = cls
            obj.__dict__.pop(CACHE, None)


def install() -> bool:
    if not is_fixed_version():
        return False
    pydyf.PDF.write = write
    return True
