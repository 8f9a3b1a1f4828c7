"""The translations as a reader meets them: each page in docs_sq/, docs_bs/, docs_hr/ and docs_mk/ is written in
its folder's language (lingua), keeps the English page's structure (headings and anchors that links rely on, the
data directives) and records the English revision it translates."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from handbook import REPO_ROOT
from handbook.language_detection import accepted, detect_markdown
from handbook.languages import languages

TRANSLATIONS = [lang for lang in languages() if not lang.default]
PAGES = sorted(
    (lang.code, path.relative_to(REPO_ROOT / lang.folder).as_posix())
    for lang in TRANSLATIONS
    for path in (REPO_ROOT / lang.folder).rglob("*.md")
    if not path.name.startswith("_")
)
ANCHOR = re.compile(r"^#{1,6} .*\{#([a-z0-9-]+)\}\s*$", re.M)
DIRECTIVE = re.compile(r"\{\{\s*[a-z][a-z0-9-]*[^{}\n]*\}\}")
FOLDER = {lang.code: lang.folder for lang in languages()}


def _text(lang: str, rel: str) -> str:
    return (REPO_ROOT / FOLDER[lang] / rel).read_text(encoding="utf-8")


def test_every_language_translates_every_chapter():
    for lang in TRANSLATIONS:
        for chapter in sorted((REPO_ROOT / "docs" / "chapters").glob("*.md")):
            assert (REPO_ROOT / lang.folder / "chapters" / chapter.name).is_file(), f"{lang.folder}: {chapter.name}"


@pytest.mark.parametrize("lang, rel", PAGES, ids=[f"{lang}:{rel}" for lang, rel in PAGES])
def test_page_is_written_in_its_folders_language(lang, rel):
    detection = detect_markdown(_text(lang, rel))
    if detection is None:
        pytest.skip("too little prose to tell")
    assert accepted(lang, detection.code), f"{FOLDER[lang]}/{rel} reads as {detection.name}"


@pytest.mark.parametrize("lang, rel", PAGES, ids=[f"{lang}:{rel}" for lang, rel in PAGES])
def test_page_keeps_the_english_anchors_and_directives(lang, rel):
    english = (REPO_ROOT / "docs" / rel).read_text(encoding="utf-8")
    text = _text(lang, rel)
    assert ANCHOR.findall(text) == ANCHOR.findall(english), "headings with anchors differ from the English page"
    assert sorted(DIRECTIVE.findall(text)) == sorted(DIRECTIVE.findall(english)), "data directives differ"


@pytest.mark.parametrize("lang, rel", PAGES, ids=[f"{lang}:{rel}" for lang, rel in PAGES])
def test_page_records_an_english_revision_that_exists(lang, rel):
    match = re.search(r"^translated_from:\s*([0-9a-f]{7,40})\s*$", _text(lang, rel), re.M)
    assert match, "front matter needs translated_from: <commit of the English page>"
    if not (REPO_ROOT / ".git").exists():
        pytest.skip("no git history in this copy")
    result = subprocess.run(["git", "cat-file", "-e", f"{match.group(1)}^{{commit}}"], cwd=REPO_ROOT,
                            capture_output=True)
    assert result.returncode == 0, f"unknown commit {match.group(1)}"


def test_the_detector_catches_an_english_page_left_in_a_translation_folder():
    english = (REPO_ROOT / "docs" / "chapters" / "1-definitions.md").read_text(encoding="utf-8")
    for lang in TRANSLATIONS:
        assert not accepted(lang.code, detect_markdown(english).code)


def test_macedonian_is_not_taken_for_serbian_or_bulgarian():
    detection = detect_markdown(_text("mk", "chapters/1-definitions.md"))
    assert detection.code == "mk"
