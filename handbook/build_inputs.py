"""Is the last build still current? A fingerprint of everything a build reads, so that re-running the full build
with nothing changed returns at once (the PDF stage has its own, finer cache: handbook/pdf_stage.py).

The fingerprint covers the sources (the five language folders, data/, overrides/, hooks/, handbook/, mkdocs.yml,
the pinned requirements), the last commit's time (it prints as the edition date), the build options and the
versions of the Python packages. It is stored per output folder in .cache/builds/.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import metadata
from pathlib import Path

from handbook import REPO_ROOT
from handbook.edition import commit_timestamp
from handbook.languages import languages

SOURCE_DIRS = ("data", "overrides", "hooks", "handbook")
SOURCE_FILES = ("mkdocs.yml", "requirements.txt", "constraints.txt")
SKIP_PARTS = {"__pycache__", ".i18n_docs"}
PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "weasyprint", "pydyf",
            "pyphen", "markdown")


def _sources(root: Path) -> list[Path]:
    folders = [root / lang.folder for lang in languages()] + [root / name for name in SOURCE_DIRS]
    files = [root / name for name in SOURCE_FILES if (root / name).is_file()]
    for folder in folders:
        if folder.is_dir():
            files.extend(p for p in folder.rglob("*") if p.is_file() and not SKIP_PARTS & set(p.parts))
    return sorted(files)


def copy_sources(root: Path, target: Path, parts: list[str] | tuple[str, ...]) -> Path:
    """Copy the named files and folders of the project at ``root`` into ``target`` (created if need be), without
    the caches a build leaves in them; parts that do not exist are skipped. For throw-away copies (tests, bench)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in parts:
        src = root / part
        if src.is_dir():
            shutil.copytree(src, target / part, ignore=shutil.ignore_patterns(*SKIP_PARTS))
        elif src.exists():
            shutil.copy2(src, target / part)
    return target


def fingerprint(options: dict, root: Path = REPO_ROOT) -> str:
    sha = hashlib.sha256()
    for path in _sources(root):
        sha.update(path.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    sha.update(json.dumps(options, sort_keys=True).encode())
    sha.update(str(commit_timestamp()).encode())
    sha.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())
    for package in PACKAGES:
        try:
            sha.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            pass
    return sha.hexdigest()


def _record(site_dir: Path, root: Path) -> Path:
    key = hashlib.sha256(str(site_dir.resolve()).encode()).hexdigest()[:16]
    return root / ".cache" / "builds" / f"{key}.json"


def _outputs_present(site_dir: Path, expected: list[str]) -> bool:
    return (site_dir / "index.html").is_file() and all((site_dir / name).is_file() for name in expected)


def is_current(site_dir: Path, print_fingerprint: str, expected: list[str], root: Path = REPO_ROOT) -> bool:
    record = _record(site_dir, root)
    try:
        saved = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved.get("fingerprint") == print_fingerprint and _outputs_present(site_dir, expected)


def remember(site_dir: Path, print_fingerprint: str, root: Path = REPO_ROOT) -> None:
    record = _record(site_dir, root)
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_text(json.dumps({"site_dir": str(site_dir), "fingerprint": print_fingerprint}), encoding="utf-8")


def forget(site_dir: Path, root: Path = REPO_ROOT) -> None:
    _record(site_dir, root).unlink(missing_ok=True)
