"""pydyf objects get an attribute dictionary only when they need one: 30-45 MB less at a booklet's peak.

Every pydyf object (``Dictionary``, ``Array``, ``String``, ``Stream``) sets four attributes in ``Object.__init__``:
``number``, ``offset``, ``generation``, ``free``. ``Dictionary`` and ``Array`` subclass ``dict`` and ``list``, so
those four live in an instance dictionary of their own, about 360 bytes: a one-key ``Dictionary`` takes 584 bytes
where the dict inside it takes 223. A tagged 200-page booklet makes 133,000 of them (a structure element for every
tagged box, a ``/MCID`` property list for every marked text run), 40 MB while the PDF is written, on top of the
layout: the booklet's peak.

The fix makes the four defaults class attributes and ``Object.__init__`` set nothing: an object gets its own
dictionary when one of them is assigned (``add_object`` numbers the 45,000 written as objects of their own; the
property lists and arrays written inline never are). Reading an attribute gives the same value either way, so the
PDF is the same bytes (``tests/test_weasyprint_fixes.py`` compares them).
"""

from __future__ import annotations

import pydyf

from handbook.booklet.weasyprint_fixes.version import is_fixed_version

DEFAULTS = {"number": None, "offset": 0, "generation": 0, "free": "n"}
_original_init = pydyf.Object.__init__


def init(self) -> None:
    """``pydyf.Object.__init__``: the defaults are the class's (see the module)."""


def install() -> bool:
    if not is_fixed_version():
        return False
    for name, value in DEFAULTS.items():
        setattr(pydyf.Object, name, value)
    pydyf.Object.__init__ = init
    return True


def uninstall() -> None:
    """pydyf as released (for the tests that show why the fix is there)."""
    pydyf.Object.__init__ = _original_init
    for name in DEFAULTS:
        if name in vars(pydyf.Object):
            delattr(pydyf.Object, name)
