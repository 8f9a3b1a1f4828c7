"""Unit tests of the small foundation modules: languages, labels, staging, page-language helpers."""

from __future__ import annotations

import pytest

from handbook.errors import HandbookError
from handbook.labels import load_labels
from handbook.languages import default_language, languages
from handbook.page_language import edit_url, english_relative_url, new_translation_url
from handbook.staging import check_language_folders, real_paths_in, source_path_for


def test_language_list_comes_from_mkdocs_yml():
    codes = [lang.code for lang in languages()]
    assert codes == ["en", "sq", "bs", "hr", "mk"]
    assert default_language().folder == "docs"
    assert {lang.code: lang.script for lang in languages()}["mk"] == "Cyrl"


def test_staged_paths_map_back_to_language_folders():
    assert source_path_for("hr/chapters/1-definitions.md") == "docs_hr/chapters/1-definitions.md"
    assert source_path_for("en/index.md") == "docs/index.md"
    assert real_paths_in("Doc file 'sq/about.md' contains a link") == "Doc file 'docs_sq/about.md' contains a link"


def test_edit_and_new_translation_links():
    assert edit_url("https://x.org/r", "edit/main/", "mk/about.md") == "https://x.org/r/edit/main/docs_mk/about.md"
    assert new_translation_url("https://x.org/r", "sq", "en/chapters/x.md") == \
        "https://x.org/r/new/main/docs_sq/chapters?filename=x.md"


@pytest.mark.parametrize("url,lang,expected", [
    ("sq/chapters/1-definitions/", "sq", "../../../chapters/1-definitions/"),
    ("mk/", "mk", "../"),
    ("hr/about/", "hr", "../../about/"),
])
def test_english_relative_url(url, lang, expected):
    assert english_relative_url(url, lang) == expected


def test_label_missing_in_one_language_names_file_and_line(tmp_path):
    labels = tmp_path / "labels.yaml"
    labels.write_text("ok:\n  en: A\n  sq: B\n  bs: C\n  hr: D\n  mk: Е\nbroken:\n  en: A\n  sq: B\n  bs: C\n"
                      "  hr: D\n", encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        load_labels(labels)
    assert str(raised.value).endswith("labels.yaml:7: label 'broken' is missing in: mk — add the translation for "
                                      "each listed language")


def test_malformed_labels_yaml_names_the_line(tmp_path):
    labels = tmp_path / "labels.yaml"
    labels.write_text("a:\n  en: x\n b: [\n", encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        load_labels(labels)
    assert "labels.yaml:3: malformed YAML" in str(raised.value)


def test_orphan_translation_and_missing_folder(tmp_path):
    for folder in ("docs", "docs_sq", "docs_bs", "docs_hr", "docs_mk"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.md").write_text("# x\n", encoding="utf-8")
    (tmp_path / "docs_sq" / "extra.md").write_text("# y\n", encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        check_language_folders(tmp_path)
    assert "docs_sq/extra.md:1: translated page has no English original docs/extra.md" in str(raised.value)
    (tmp_path / "docs_sq" / "extra.md").unlink()
    (tmp_path / "docs_mk" / "index.md").unlink()
    (tmp_path / "docs_mk").rmdir()
    with pytest.raises(HandbookError) as raised:
        check_language_folders(tmp_path)
    assert "language 'mk' is configured but its folder docs_mk/ is missing" in str(raised.value)
