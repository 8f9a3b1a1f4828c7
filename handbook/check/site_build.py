"""The strict MkDocs build of the five languages, into a temporary folder (the PDF stage is not run)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from handbook.check.context import Context
from handbook.errors import Finding, HandbookError

MESSAGE = re.compile(r"^(?:WARNING|ERROR|INFO)\s*-\s*(.*)$")
LOCATED = re.compile(r"^((?:[\w./-]+)\.(?:md|ya?ml|py|svg|html|css)):(\d+)?:?\s*(.*)$")
QUOTED_FILE = re.compile(r"'((?:docs[\w-]*/)?[^']+?\.md)'")


def build_findings(details: str, root: Path) -> list[Finding]:
    """MkDocs' messages as findings: ``file:line: what — what to do`` where the message has them."""
    findings = []
    for raw in details.splitlines():
        line = raw.strip()
        if not line or line.startswith(("Aborted", "INFO")):
            continue
        match = MESSAGE.match(line)
        text = match.group(1) if match else line
        text = re.sub(r"^(?:Error|Config value)[^:]*:\s*", "", text) if text.startswith("Error") else text
        located = LOCATED.match(text)
        if located:
            rest = located.group(3)
            message, _, hint = rest.partition(" — ")
            findings.append(Finding(root / located.group(1), int(located.group(2)) if located.group(2) else None,
                                    message, hint))
            continue
        quoted = QUOTED_FILE.search(text)
        file = root / quoted.group(1) if quoted and (root / quoted.group(1)).exists() else root / "mkdocs.yml"
        findings.append(Finding(file, None, text, "see the message; the source checks above usually give the line"))
    return findings


def check_build(ctx: Context) -> list[Finding]:
    from handbook.build import BuildFailed, build_site

    tmp = Path(tempfile.mkdtemp(prefix="handbook-check-"))
    try:
        build_site(tmp / "site")
    except BuildFailed as failure:
        return build_findings(failure.details, ctx.root) or [
            Finding(ctx.root / "mkdocs.yml", None, "the strict build failed", "run scripts/build.sh to see why")]
    except HandbookError as error:
        return error.findings
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return []
