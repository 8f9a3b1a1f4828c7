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
from handbook.languages import Language, get_language, languages

SITE_FOLDER = "handbook"


def zip_name(lang: str) -> str:
    return f"handbook-{lang}-offline.zip"


def _offline_command(target: Path) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDBOOK_OFFLINE="true", HANDBOOK_DIRECTORY_URLS="false")
    return [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)], env


def _offline_failure(output: str) -> HandbookError:
    lines = [line.strip() for line in output.splitlines() if line.strip().startswith(("WARNING", "ERROR", "Error"))]
    return HandbookError([Finding("mkdocs.yml", None, f"offline build failed: {line}",
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


def _stamp() -> tuple:
    return time.gmtime(max(commit_timestamp(), 315532800))[:6]  # zip dates start in 1980


def _entry(name: str, suffix: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(f"{SITE_FOLDER}/{name}", _stamp())
    info.compress_type = zipfile.ZIP_STORED if suffix in (".pdf", ".png", ".jpg", ".gz") else zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def booklet_entry(lang: str) -> str:
    return f"downloads/handbook-{lang}.pdf"


def _language_pdf(relative: str) -> bool:
    """A booklet or flyer: each zip holds those of its own language only."""
    name = relative.rsplit("/", 1)[-1]
    return relative.startswith("downloads/") and name.endswith(".pdf") and name.startswith(("handbook-", "flyer-"))


def common_zip(offline_site: Path, target: Path) -> None:
    """A zip of what every language's zip holds: the offline site (all five languages, so the language switcher
    works), sorted, without any booklet or flyer. Compressed once, copied into each language's zip."""
    files = sorted(p for p in offline_site.rglob("*") if p.is_file())
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in files:
            relative = path.relative_to(offline_site).as_posix()
            if relative.endswith(".zip") and relative.startswith("downloads/") or _language_pdf(relative):
                continue
            archive.writestr(_entry(relative, path.suffix), path.read_bytes())


def start_zip(common: Path, site_dir: Path, lang: Language, partial: Path) -> None:
    """The zip of ``lang`` in ``partial``, all but its booklet (``finish_zip`` adds it): the common part, the
    launcher ``index.html``, that language's flyers from ``site_dir``."""
    shutil.copyfile(common, partial)
    downloads = site_dir / "downloads"
    with zipfile.ZipFile(partial, "a") as archive:
        archive.writestr(zipfile.ZipInfo("index.html", _stamp()), launcher_html(lang))
        for flyer in sorted(downloads.glob(f"flyers/*-{lang.code}.pdf")):
            archive.writestr(_entry(flyer.relative_to(downloads.parent).as_posix(), ".pdf"), flyer.read_bytes())


def finish_zip(partial: Path, booklet: Path, lang: Language, target: Path) -> int:
    """Add the booklet (if there is one) as the zip's last entry and put the zip in place; return its size."""
    if booklet.is_file():
        with zipfile.ZipFile(partial, "a") as archive:
            archive.writestr(_entry(booklet_entry(lang.code), ".pdf"), booklet.read_bytes())
    partial.replace(target)
    return target.stat().st_size


def offline_work_dir(site_dir: Path) -> Path:
    return site_dir.with_name(f"{site_dir.name}.offline-{os.getpid()}")


class OfflineCopies:
    """The offline copies of a build into ``site_dir``: the offline variant of the site is built in the background
    from the moment this is created (a second MkDocs process: on two cores it runs beside the online build). Once
    the flyers are in ``site_dir``, ``prepare`` writes every zip but its booklet; ``add`` puts a language's booklet
    in as soon as it is written (a second or less), ``finish`` the rest at the end. ``cancel`` stops it all when
    the build fails."""

    def __init__(self, site_dir: Path, log=print, root: Path = REPO_ROOT):
        import threading

        self.site_dir = site_dir
        self.work = offline_work_dir(site_dir)
        self.common = self.work.with_name(self.work.name + "-common.zip")
        self.log = log
        self.partial: dict[str, Path] = {}
        self.written: dict[str, Path] = {}
        self.started = time.perf_counter()
        if self.work.exists():
            shutil.rmtree(self.work)
        self.common.unlink(missing_ok=True)
        command, env = _offline_command(self.work)
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.output = ""
        self.reader = threading.Thread(target=self._read, daemon=True, name="offline-site")
        self.reader.start()

    def _read(self) -> None:
        self.output = self.process.communicate()[0]

    def _wait(self) -> None:
        self.reader.join()
        if self.process.returncode != 0:
            raise _offline_failure(self.output)

    def _target(self, lang: str) -> Path:
        out = self.site_dir / "downloads"
        out.mkdir(parents=True, exist_ok=True)
        return out / zip_name(lang)

    def prepare(self, langs: list[str] | None = None) -> None:
        """Write the zips of ``langs`` (default: all) but their booklets; their flyers must be in the site.
        Waits for the offline site."""
        self._wait()
        for lang in langs or [item.code for item in languages()]:
            if lang in self.partial or lang in self.written:
                continue
            if not self.common.exists():
                self.log("==> Offline copies (one zip per language)")
                common_zip(self.work, self.common)
            partial = self._target(lang).with_name(zip_name(lang) + ".part")
            start_zip(self.common, self.site_dir, get_language(lang), partial)
            self.partial[lang] = partial

    def add(self, lang: str) -> Path:
        """Finish the zip of ``lang`` with its booklet, which must be in the site (prepared first if need be)."""
        self.prepare([lang])
        target = self._target(lang)
        booklet = self.site_dir / booklet_entry(lang)
        size = finish_zip(self.partial.pop(lang), booklet, get_language(lang), target)
        self.log(f"    {target.name}: {size / 1e6:.1f} MB")
        self.written[lang] = target
        return target

    def finish(self) -> list[Path]:
        """Write the zips not written yet; return every language's zip."""
        try:
            for lang in languages():
                if lang.code not in self.written:
                    self.add(lang.code)
        finally:
            self.cancel()
        self.log(f"==> Offline copies done ({time.perf_counter() - self.started:.1f} s after the offline build began)")
        return [self.written[lang.code] for lang in languages()]

    def cancel(self) -> None:
        """Stop the offline build if it is still running; remove its folder and unfinished zips."""
        if self.process.poll() is None:
            self.process.kill()
        self.reader.join()
        shutil.rmtree(self.work, ignore_errors=True)
        self.common.unlink(missing_ok=True)
        for partial in self.partial.values():
            partial.unlink(missing_ok=True)
        self.partial.clear()
