"""The editors' check: every problem in the sources, as ``file:line: what is wrong — what to do``.

    scripts/check [--no-build] [--strict] [--only NAME,...] [--today YYYY-MM-DD]
    python -m handbook.check ...

Checks run in this order (``--list`` prints them); the strict site build runs last and is skipped with
``--no-build`` (for a pre-commit hook: the source checks take about a second). Exit status: 1 if there is any error,
0 otherwise (warnings alone do not fail, unless ``--strict`` turns them into errors).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from handbook.check.context import Context
from handbook.errors import Finding


class Skipped(Exception):
    """Raised by a check that cannot run (a missing tool or file): the reason is printed, it is not an error."""


@dataclass(frozen=True)
class Check:
    name: str  # for --only
    title: str
    run: Callable[[Context], list[Finding]]
    slow: bool = False  # the strict site build


def all_checks() -> list[Check]:
    from handbook.check import content, data, files, front_matter, language, links, site_build

    return [
        Check("files", "Files, encodings and language folders", files.check_files),
        Check("front-matter", "Front matter and translated_from", front_matter.check_front_matter),
        Check("links", "Internal links and anchors (all languages)", links.check_links),
        Check("data", "Country data schema", data.check_data_schema),
        Check("directives", "Data directives in the pages", data.check_directives),
        Check("dates", "Verification dates", data.check_dates),
        Check("labels", "Interface labels in every language", data.check_labels),
        Check("glossary", "Glossary terms", data.check_glossary),
        Check("content", "Safe content (no scripts, handlers, iframes, remote resources, file://)",
              content.check_content),
        Check("language", "Language of each page", language.check_language),
        Check("build", "Strict site build", site_build.check_build, slow=True),
    ]


__all__ = ["Check", "Context", "Skipped", "all_checks"]
