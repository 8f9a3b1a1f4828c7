"""What goes into a booklet, so that the build can skip a PDF whose inputs did not change.

``booklet_inputs`` lists the files; ``booklet_fingerprint`` hashes what actually reaches WeasyPrint (the assembled
document, which already holds the labels, the edition date and the page content, the stylesheet, the images, the
font files and the versions of the renderer), so an unrelated change to a page's HTML (a theme script, the nav of
another language) does not force a new PDF while any change a reader could see does.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from handbook.booklet.assemble import PRINT_CSS, Booklet, assemble_booklet
from handbook.labels import LABELS_FILE
from handbook import REPO_ROOT

PACKAGE_DIR = Path(__file__).resolve().parent
RENDERER_PACKAGES = ("weasyprint", "pydyf", "pyphen", "tinyhtml5", "cssselect2", "tinycss2", "fonttools")


def font_families(css: str) -> list[str]:
    """The font families the stylesheet names, in order of first use."""
    families: list[str] = []
    for declaration in re.findall(r"font-family\s*:\s*([^;}]+)", css):
        for name in re.findall(r'"([^"]+)"', declaration):
            if name not in families:
                families.append(name)
    return families


@lru_cache(maxsize=None)
def font_files(families: tuple[str, ...]) -> tuple[Path, ...]:
    """The font files fontconfig offers for these families (all styles): what the PDF can embed."""
    files: set[Path] = set()
    for family in families:
        try:
            out = subprocess.run(["fc-list", "--format", "%{file}\n", family], capture_output=True, text=True,
                                 check=True).stdout
        except (OSError, subprocess.CalledProcessError):  # no fontconfig tools: fonts are not tracked
            continue
        files.update(Path(line) for line in out.splitlines() if line.strip())
    return tuple(sorted(files))


NATIVE_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz", "harfbuzz-subset", "fontconfig", "freetype")


@lru_cache(maxsize=1)
def native_library_versions() -> tuple[str, ...]:
    """The real file names (with versions) of the text libraries WeasyPrint uses: they shape the glyphs."""
    try:
        out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return ()
    found = []
    for name in NATIVE_LIBRARIES:
        match = re.search(rf"^\s*lib{re.escape(name)}\.so\.\S+ .*=> (\S+)$", out, re.MULTILINE)
        if match:
            found.append(Path(match.group(1)).resolve().name)
    return tuple(found)


def _package_files() -> list[Path]:
    """The booklet code and style, the WeasyPrint fixes included."""
    return sorted(p for p in PACKAGE_DIR.rglob("*") if p.suffix in (".py", ".css") and "__pycache__" not in p.parts)


def inputs_of(booklet: Booklet) -> list[Path]:
    files = set(booklet.pages) | set(booklet.resources)
    files |= {PRINT_CSS, LABELS_FILE, REPO_ROOT / "mkdocs.yml", *_package_files()}
    files |= set(font_files(tuple(font_families(booklet.css))))
    return sorted(files)


def booklet_inputs(lang: str, site_dir: Path) -> list[Path]:
    """Every file that goes into the booklet of ``lang``: built pages, images, stylesheet, labels, fonts, code."""
    return inputs_of(assemble_booklet(lang, Path(site_dir)))


@lru_cache(maxsize=None)
def _file_digest(path: Path, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(path: Path) -> str:
    stat = path.stat()
    return _file_digest(path, stat.st_size, stat.st_mtime_ns)


def fingerprint_of(booklet: Booklet) -> str:
    sha = hashlib.sha256()

    def add(name: str, value: str) -> None:
        sha.update(f"{name}\0{value}\0".encode())

    add("html", booklet.html)
    add("css", booklet.css)
    for path in booklet.resources:
        add(f"resource:{path.relative_to(booklet.site_dir).as_posix()}", _digest(path))
    for path in font_files(tuple(font_families(booklet.css))):
        add(f"font:{path.name}", _digest(path))
    for path in _package_files():
        add(f"code:{path.name}", _digest(path))
    for package in RENDERER_PACKAGES:
        try:
            add(f"version:{package}", metadata.version(package))
        except metadata.PackageNotFoundError:
            add(f"version:{package}", "-")
    for library in native_library_versions():
        add("library", library)
    return sha.hexdigest()


def booklet_fingerprint(lang: str, site_dir: Path) -> str:
    """A hash of everything that makes the booklet of ``lang``: equal hashes give byte-identical PDFs."""
    return fingerprint_of(assemble_booklet(lang, Path(site_dir)))
