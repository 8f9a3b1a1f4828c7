"""Offline copies: ``site/downloads/handbook-<lang>-offline.zip``, one per language, that work from a USB stick.

A second MkDocs build with Material's offline plugin (``HANDBOOK_OFFLINE=true``) and file URLs
(``HANDBOOK_DIRECTORY_URLS=false``) writes pages that link to ``.../index.html`` and load the search index as a
script, which ``file://`` pages can do; hooks/search_language.py writes one inline index per language and replaces
the plugin's CDN shim with a local one, so nothing is fetched from the network.

Each zip holds a launcher ``index.html`` (in its language) and the whole offline site under ``handbook/`` (all five
languages, so the language switcher works), with that language's booklet and flyers. Unzip anywhere and open
``index.html``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from html import escape
from pathlib import Path

from handbook import REPO_ROOT
from handbook.edition import commit_timestamp
from handbook.errors import Finding, HandbookError
from handbook.labels import label
from handbook.languages import Language, languages

SITE_FOLDER = "handbook"


def zip_name(lang: str) -> str:
    return f"handbook-{lang}-offline.zip"


def build_offline_site(target: Path, root: Path = REPO_ROOT) -> None:
    """Run the offline variant of the strict build into ``target``."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_OFFLINE="true", HANDBOOK_DIRECTORY_URLS="false")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
                            cwd=root, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        lines = [line.strip() for line in (result.stdout + result.stderr).splitlines()
                 if line.strip().startswith(("WARNING", "ERROR", "Error"))]
        raise HandbookError([Finding("mkdocs.yml", None, f"offline build failed: {line}",
                                     "fix the page it names; the online build shows the same problem")
                             for line in lines or ["(no message)"]])


def launcher_html(lang: Language) -> str:
    """The zip's top-level index.html: opens the handbook in ``lang`` (and says how to use the copy)."""
    start = f"{SITE_FOLDER}/{lang.url_prefix}index.html"
    title = escape(label("offline_launcher_title", lang.code))
    return (
        f'<!doctype html>\n<html lang="{lang.code}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta http-equiv="refresh" content="0; url={start}"><title>{title}</title></head>'
        f'<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem">'
        f'<h1>{title}</h1><p><a href="{start}">{escape(label("offline_launcher_open", lang.code))}</a></p>'
        f'<p>{escape(label("offline_launcher_help", lang.code))}</p></body></html>\n'
    )


def _belongs(relative: str, lang: str) -> bool:
    """Which files of the offline site go into the zip of ``lang``: everything but other languages' PDFs."""
    if not relative.startswith("downloads/"):
        return True
    name = relative.rsplit("/", 1)[-1]
    if name.endswith(".zip"):
        return False
    if name.startswith("handbook-") and name.endswith(".pdf"):
        return name == f"handbook-{lang}.pdf"
    if name.startswith("flyer-") and name.endswith(".pdf"):
        return name.endswith(f"-{lang}.pdf")
    return True


def write_zip(offline_site: Path, lang: Language, target: Path) -> int:
    """Write one language's zip (deterministic: sorted entries, the commit's timestamp); return its size."""
    stamp = time.gmtime(max(commit_timestamp(), 315532800))[:6]  # zip dates start in 1980
    files = sorted(p for p in offline_site.rglob("*") if p.is_file())
    partial = target.with_name(target.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(zipfile.ZipInfo("index.html", stamp), launcher_html(lang))
        for path in files:
            relative = path.relative_to(offline_site).as_posix()
            if not _belongs(relative, lang.code):
                continue
            info = zipfile.ZipInfo(f"{SITE_FOLDER}/{relative}", stamp)
            info.compress_type = zipfile.ZIP_STORED if path.suffix in (".pdf", ".png", ".jpg", ".gz") \
                else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    partial.replace(target)
    return target.stat().st_size


def copy_pdfs(site_dir: Path, offline_site: Path) -> None:
    """Bring the booklets and flyers of the online build into the offline site (same files, same links)."""
    source = site_dir / "downloads"
    if not source.is_dir():
        return
    for pdf in source.rglob("*.pdf"):
        target = offline_site / "downloads" / pdf.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, target)


def offline_work_dir(site_dir: Path) -> Path:
    return site_dir.with_name(f"{site_dir.name}.offline-{os.getpid()}")


def build_offline(site_dir: Path, prebuilt: Path | None = None, log=print) -> list[Path]:
    """Write site_dir/downloads/handbook-<lang>-offline.zip for every language.

    ``prebuilt``: an offline site already built by :func:`build_offline_site` (the build runs it beside the PDF
    stage); it is removed afterwards. Without it, the offline site is built here.
    """
    started = time.perf_counter()
    work = prebuilt or offline_work_dir(site_dir)
    try:
        if prebuilt is None:
            if work.exists():
                shutil.rmtree(work)
            build_offline_site(work)
        copy_pdfs(site_dir, work)
        out = site_dir / "downloads"
        out.mkdir(parents=True, exist_ok=True)
        written = []
        for lang in languages():
            target = out / zip_name(lang.code)
            size = write_zip(work, lang, target)
            log(f"    {target.name}: {size / 1e6:.1f} MB")
            written.append(target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    log(f"==> Offline copies in {time.perf_counter() - started:.1f} s")
    return written
