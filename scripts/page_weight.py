#!/usr/bin/env python3
"""Bytes a reader's browser transfers for a first view of a page of the built site (no cache), raw and gzip.

    .venv/bin/python scripts/page_weight.py [SITE_DIR] [PAGE ...]

Counts the page's HTML and every stylesheet, script, image and font it loads from the site (the search index is
not loaded until the reader searches). Default pages: a chapter in English and in Macedonian.
"""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

DEFAULT_PAGES = ["chapters/3-mutual-legal-assistance/index.html", "mk/chapters/3-mutual-legal-assistance/index.html"]
RESOURCE = re.compile(r"""<(?:link[^>]+rel="stylesheet"[^>]*href|script[^>]+src|img[^>]+src)="([^"]+)\"""")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")


def weight(site: Path, page: str) -> tuple[int, int, int]:
    path = site / page
    seen: set[Path] = set()
    todo = [path]
    for url in RESOURCE.findall(path.read_text(encoding="utf-8")):
        if "://" not in url and not url.startswith("data:"):
            todo.append((path.parent / unquote(urlsplit(url).path)).resolve())
    raw = packed = 0
    while todo:
        item = todo.pop()
        if item in seen or not item.is_file():
            continue
        seen.add(item)
        data = item.read_bytes()
        raw += len(data)
        packed += len(gzip.compress(data, 6, mtime=0)) if item.suffix in (".html", ".css", ".js", ".svg") else len(data)
        if item.suffix == ".css":
            for url in CSS_URL.findall(data.decode("utf-8", "replace")):
                if "://" not in url and not url.startswith("data:"):
                    todo.append((item.parent / unquote(urlsplit(url).path)).resolve())
    return len(seen), raw, packed


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "site"
    pages = argv[1:] or DEFAULT_PAGES
    print("| page | files | raw | transferred (gzip) |\n|---|---|---|---|")
    for page in pages:
        files, raw, packed = weight(site, page)
        print(f"| `{page}` | {files} | {raw / 1000:.0f} kB | {packed / 1000:.0f} kB |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
