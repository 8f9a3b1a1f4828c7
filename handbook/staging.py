"""Bridge the per-language top-level folders (docs/, docs_sq/, ...) to mkdocs-static-i18n's folder layout.

mkdocs-static-i18n wants one docs_dir with a sub-folder per language (``en/``, ``sq/``, ...). Translators want one
top-level folder per language that they own. A git-ignored staging folder of relative symlinks
(``.i18n_docs/en -> ../docs``, ``.i18n_docs/sq -> ../docs_sq``, ...) gives the plugin its layout without copying
a single file, so ``mkdocs serve`` sees edits at once (each real folder is added to ``watch``).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from handbook import REPO_ROOT
from handbook.errors import Finding, HandbookError
from handbook.languages import Language, languages

STAGING_DIRNAME = ".i18n_docs"


def staging_dir(root: Path = REPO_ROOT) -> Path:
    return root / STAGING_DIRNAME


def check_language_folders(root: Path = REPO_ROOT, langs: tuple[Language, ...] | None = None) -> None:
    """Every configured language has its folder, and every translated page has an English original."""
    langs = langs or languages()
    findings: list[Finding] = []
    default = next(lang for lang in langs if lang.default)
    for lang in langs:
        if not (root / lang.folder).is_dir():
            findings.append(
                Finding(
                    root / "mkdocs.yml",
                    None,
                    f"language '{lang.code}' is configured but its folder {lang.folder}/ is missing",
                    f"create {lang.folder}/ (an index.md is enough) or remove '{lang.code}' from the i18n languages",
                )
            )
    if findings:
        raise HandbookError(findings)
    source = root / default.folder
    for lang in langs:
        if lang.default:
            continue
        folder = root / lang.folder
        for page in sorted(folder.rglob("*.md")):
            rel = page.relative_to(folder)
            if any(part.startswith("_") for part in rel.parts):
                continue
            if not (source / rel).exists():
                findings.append(
                    Finding(
                        page,
                        1,
                        f"translated page has no English original {default.folder}/{rel.as_posix()}",
                        f"rename it to match an English page, or add {default.folder}/{rel.as_posix()} first",
                    )
                )
    if findings:
        raise HandbookError(findings)


def prepare_staging(root: Path = REPO_ROOT, langs: tuple[Language, ...] | None = None) -> Path:
    """Create (or repair) the symlink folder and return it. Safe to call from several builds at once."""
    langs = langs or languages()
    check_language_folders(root, langs)
    stage = staging_dir(root)
    stage.mkdir(exist_ok=True)
    for lang in langs:
        link = stage / lang.code
        target = Path("..") / lang.folder
        if link.is_symlink() and os.readlink(link) == str(target):
            continue
        tmp = stage / f".{lang.code}.{os.getpid()}.tmp"
        if tmp.is_symlink() or tmp.exists():
            tmp.unlink()
        tmp.symlink_to(target, target_is_directory=True)
        os.replace(tmp, link)  # atomic: a concurrent build never sees a missing link
    return stage


def source_path_for(src_uri: str, langs: tuple[Language, ...] | None = None) -> str:
    """Map a staged path (``sq/chapters/1-definitions.md``) back to the repository (``docs_sq/chapters/...``)."""
    langs = langs or languages()
    head, _, rest = src_uri.partition("/")
    for lang in langs:
        if lang.code == head:
            return f"{lang.folder}/{rest}"
    return src_uri


def _staged_path_pattern(langs: tuple[Language, ...]) -> re.Pattern:
    codes = "|".join(re.escape(lang.code) for lang in langs)
    return re.compile(r"(?<![\w/.])'?(" + codes + r")/([^'\s]+?\.(?:md|svg|png|jpg|jpeg))")


def real_paths_in(message: str, langs: tuple[Language, ...] | None = None) -> str:
    """Rewrite staged paths in a MkDocs message ('sq/ch1.md') to the files editors know ('docs_sq/ch1.md')."""
    langs = langs or languages()
    folders = {lang.code: lang.folder for lang in langs}

    def repl(match: re.Match) -> str:
        quote = "'" if match.group(0).startswith("'") else ""
        code, rest = match.group(1), match.group(2)
        return f"{quote}{folders.get(code, code)}/{rest}"

    return _staged_path_pattern(langs).sub(repl, message)


class RealPathsFilter(logging.Filter):
    """Logging filter for MkDocs' logger: warnings name docs_sq/... rather than the staging folder's sq/..."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.levelno >= logging.WARNING:
            record.msg = real_paths_in(record.getMessage())
            record.args = ()
        return True
