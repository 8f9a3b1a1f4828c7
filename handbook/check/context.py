"""What every check reads: the project root, its languages, and every source file, each read once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from handbook.check.sources import Page, parse_front_matter
from handbook.languages import Language, load_languages

TEXT_SUFFIXES = {".md", ".yaml", ".yml", ".svg", ".html", ".css", ".js", ".txt", ".csv", ".json"}


@dataclass
class Context:
    root: Path
    today: dt.date = field(default_factory=dt.date.today)
    strict: bool = False
    notes: dict[str, list[str]] = field(default_factory=dict)  # check name -> notes (skips, limits)

    @cached_property
    def languages(self) -> tuple[Language, ...]:
        return load_languages(self.root / "mkdocs.yml")

    @cached_property
    def default(self) -> Language:
        return next(lang for lang in self.languages if lang.default)

    def folder(self, lang: Language) -> Path:
        return self.root / lang.folder

    @cached_property
    def _texts(self) -> dict[Path, str | None]:
        return {}

    def read(self, path: Path) -> str | None:
        """The file's text (UTF-8, BOM removed), or None if it is not UTF-8 (the files check reports that)."""
        if path not in self._texts:
            try:
                text = path.read_bytes().decode("utf-8")
            except (UnicodeDecodeError, OSError):
                self._texts[path] = None
            else:
                self._texts[path] = text.removeprefix("\ufeff").replace("\r\n", "\n")
        return self._texts[path]

    @cached_property
    def pages(self) -> list[Page]:
        """Every Markdown file of every language folder that exists and can be read."""
        found = []
        for lang in self.languages:
            folder = self.folder(lang)
            if not folder.is_dir():
                continue
            for path in sorted(folder.rglob("*.md")):
                text = self.read(path)
                if text is None:
                    continue
                page = Page(path=path, lang=lang, rel=path.relative_to(folder).as_posix(), text=text)
                parse_front_matter(page)
                found.append(page)
        return found

    @cached_property
    def page_index(self) -> dict[tuple[str, str], Page]:
        return {(page.lang.code, page.rel): page for page in self.pages}

    def page(self, lang: Language, rel: str) -> Page | None:
        return self.page_index.get((lang.code, rel))

    def content_files(self, suffixes: set[str] | None = None) -> list[Path]:
        """Every file in the language folders (and data/ for text checks), optionally filtered by suffix."""
        files: list[Path] = []
        for lang in self.languages:
            folder = self.folder(lang)
            if folder.is_dir():
                files += sorted(p for p in folder.rglob("*") if p.is_file())
        if suffixes is not None:
            files = [p for p in files if p.suffix.lower() in suffixes]
        return files

    def note(self, check: str, text: str) -> None:
        self.notes.setdefault(check, []).append(text)
