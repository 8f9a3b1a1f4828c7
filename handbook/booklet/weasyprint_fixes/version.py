"""The WeasyPrint version the fixes of this package were written against.

Each fix replaces or wraps one function of WeasyPrint (or of pydyf, its PDF writer) and is installed only on this
major version, which the project pins (``constraints.txt``). On another version the tests of each fix say whether
it is still needed.
"""

from __future__ import annotations

import weasyprint

FIXED_MAJOR = "70"


def is_fixed_version() -> bool:
    return weasyprint.__version__.split(".")[0] == FIXED_MAJOR
