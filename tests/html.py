"""Reading built pages as a reader's browser would: parsed HTML, visible text, links."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup


@lru_cache(maxsize=512)
def _parse(path: str, mtime: float) -> BeautifulSoup:
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def page(site: Path, url_path: str) -> BeautifulSoup:
    """The parsed page at a site URL path such as 'hr/chapters/1-definitions/'."""
    path = site / url_path
    if url_path.endswith("/") or url_path == "":
        path = path / "index.html"
    return _parse(str(path), path.stat().st_mtime)


def article_text(soup: BeautifulSoup) -> str:
    article = soup.select_one("article") or soup
    return " ".join(article.get_text(" ").split())
