"""Every text file is UTF-8 without a byte-order mark; every language has its folder; no translation is an orphan."""

from __future__ import annotations

from pathlib import Path

from handbook.check.context import TEXT_SUFFIXES, Context
from handbook.errors import Finding, HandbookError
from handbook.staging import check_language_folders


def encoding_findings(path: Path) -> list[Finding]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        return [Finding(path, None, f"cannot be read ({error.strerror})", "check the file's permissions")]
    findings = []
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.append(Finding(path, 1, "file starts with a byte-order mark (BOM)",
                                "save it as UTF-8 without BOM (in most editors: encoding 'UTF-8', not "
                                "'UTF-8 with BOM')"))
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start: error.start + 1].hex()
        findings.append(Finding(path, line, f"not valid UTF-8 (byte 0x{byte} at line {line})",
                                "save the file as UTF-8 (it was probably saved as Windows-1250/1251 or Latin-2)"))
    return findings


def text_files(ctx: Context) -> list[Path]:
    files = ctx.content_files(TEXT_SUFFIXES)
    data = ctx.root / "data"
    if data.is_dir():
        files += sorted(p for p in data.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    mkdocs = ctx.root / "mkdocs.yml"
    if mkdocs.is_file():
        files.append(mkdocs)
    return files


def check_files(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    try:
        check_language_folders(ctx.root, ctx.languages)
    except HandbookError as error:
        findings += error.findings
    for path in text_files(ctx):
        findings += encoding_findings(path)
    return findings
