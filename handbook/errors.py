"""One error type for every problem an editor can cause, printed as ``file:line: what — what to do``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook import REPO_ROOT


def display_path(path: str | Path | None) -> str:
    """A path as an editor sees it: relative to the repository when it lies inside it."""
    if path is None:
        return "<unknown file>"
    p = Path(path)
    try:
        return p.resolve().relative_to(REPO_ROOT).as_posix()
    except ValueError:
        return p.as_posix()


@dataclass
class Finding:
    """One problem in one file. ``severity`` is ``error`` or ``warning``."""

    file: str | Path | None
    line: int | None
    message: str
    hint: str = ""
    severity: str = "error"

    def __str__(self) -> str:
        where = display_path(self.file)
        if self.line:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class HandbookError(Exception):
    """Raised for bad input; carries one or more findings. The build prints them and exits non-zero."""

    def __init__(self, findings: Finding | list[Finding]):
        self.findings = findings if isinstance(findings, list) else [findings]
        super().__init__("\n".join(str(f) for f in self.findings))

    @classmethod
    def at(cls, file, line, message, hint="") -> "HandbookError":
        return cls(Finding(file, line, message, hint))
