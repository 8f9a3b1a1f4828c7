"""The five-language site as a reader meets it: languages, switcher, fallback, edit links, no third parties."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from handbook.languages import languages
from tests.conftest import good_site, run_build
from tests.html import article_text, page

LANG_PREFIX = {lang.code: lang.url_prefix for lang in languages()}
CHAPTER = "chapters/3-mutual-legal-assistance/"


@pytest.mark.parametrize("code", [lang.code for lang in languages()])
def test_home_page_exists_in_each_language_with_its_lang(built_site, code):
    soup = page(built_site, LANG_PREFIX[code])
    assert soup.html["lang"] == code
    assert soup.select_one("article h1").get_text(strip=True)


def test_home_pages_are_written_in_their_own_language(built_site):
    titles = {code: page(built_site, prefix).select_one("article h1").get_text(strip=True)
              for code, prefix in LANG_PREFIX.items()}
    assert len(set(titles.values())) == len(titles), titles
    assert re.search("[а-шѓќѕљњџ]", titles["mk"]), "Macedonian home page title is not Cyrillic"


def test_language_switcher_leads_to_the_same_chapter(built_site):
    for code, prefix in LANG_PREFIX.items():
        soup = page(built_site, prefix + CHAPTER)
        links = {a["hreflang"]: a["href"] for a in soup.select(".md-select__link[hreflang]")}
        assert set(links) == set(LANG_PREFIX), f"{code}: switcher offers {sorted(links)}"
        for other, href in links.items():
            target = (built_site / (prefix + CHAPTER) / href).resolve()
            expected = (built_site / (LANG_PREFIX[other] + CHAPTER)).resolve()
            assert target == expected, f"{code} -> {other}: {href}"


def test_every_page_declares_its_language_and_alternates(built_site):
    for code, prefix in LANG_PREFIX.items():
        for html in (built_site / prefix).glob("chapters/*/index.html") if prefix else built_site.glob(
                "chapters/*/index.html"):
            rel = html.relative_to(built_site).as_posix().removesuffix("index.html")
            soup = page(built_site, rel)
            assert soup.html["lang"] == code, rel
            alternates = {link["hreflang"] for link in soup.select('link[rel="alternate"][hreflang]')}
            assert alternates == set(LANG_PREFIX), rel


def test_edit_links_open_the_source_in_the_right_folder(built_site):
    for lang in languages():
        soup = page(built_site, lang.url_prefix + CHAPTER)
        edit = soup.select_one('a[rel="edit"]')["href"]
        if (lang.path / "chapters" / "3-mutual-legal-assistance.md").exists():
            assert edit.endswith(f"/edit/main/{lang.folder}/chapters/3-mutual-legal-assistance.md"), edit
        else:  # not translated yet: the link opens a new file at the translation's place
            assert edit.endswith(f"/new/main/{lang.folder}/chapters?filename=3-mutual-legal-assistance.md"), edit


def test_each_page_links_to_its_language_pdf(built_site):
    for lang in languages():
        soup = page(built_site, lang.url_prefix + CHAPTER)
        hrefs = [a["href"] for a in soup.select("a.wbch-pdf-link")]
        assert hrefs and hrefs[0].endswith(f"downloads/handbook-{lang.code}.pdf")
        target = (built_site / (lang.url_prefix + CHAPTER) / hrefs[0]).resolve()
        assert target.is_file(), f"{hrefs[0]} from {lang.code} does not exist"


def test_header_shows_title_edition_and_date_in_the_page_language(built_site):
    mk = page(built_site, "mk/").select_one(".md-header__topic").get_text(" ", strip=True)
    assert "Прирачник" in mk and "Издание" in mk
    en = page(built_site, "").select_one(".md-header__topic").get_text(" ", strip=True)
    assert "Edition" in en


THIRD_PARTY = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//(?!wb-cooperation-handbook\.example\.org)""")


def test_no_third_party_resources_are_loaded(built_site):
    offenders = []
    for html in built_site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        for tag in re.findall(r"<(?:script|img|link|iframe|source|video|audio)\b[^>]*>", text):
            if re.search(r'rel="(?:alternate|canonical)"', tag):
                continue
            if THIRD_PARTY.search(tag):
                offenders.append(f"{html.relative_to(built_site)}: {tag[:120]}")
    for css in built_site.rglob("*.css"):
        for url in re.findall(r"url\(\s*['\"]?(https?:)?//[^)]+\)", css.read_text(encoding="utf-8")):
            offenders.append(f"{css.relative_to(built_site)}: {url}")
    assert not offenders, "\n".join(offenders[:20])


def test_search_and_assets_are_local(built_site):
    soup = page(built_site, "")
    for script in soup.select("script[src]"):
        assert not script["src"].startswith(("http:", "https:", "//")), script["src"]


# --- bad input: each case builds a broken copy of the project and must fail cleanly, keeping the old site ---

def _assert_failed_cleanly(result, site: Path, *expected: str):
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    for text in expected:
        assert text in output, f"expected {text!r} in:\n{output}"
    assert (site / "index.html").read_text(encoding="utf-8") == "last good build"
    assert (site / "downloads" / "handbook-en.pdf").read_bytes() == b"%PDF-1.7 last good"
    assert not list(site.parent.glob("site.tmp-*")), "temporary build folder left behind"


def test_broken_link_fails_naming_the_file(project_copy, tmp_path):
    page_md = project_copy / "docs" / "about.md"
    page_md.write_text(page_md.read_text(encoding="utf-8") + "\nSee [nowhere](no-such-page.md).\n", encoding="utf-8")
    site = good_site(tmp_path)
    _assert_failed_cleanly(run_build(project_copy, site, "--skip-pdf"), site, "about.md", "no-such-page.md")


def test_broken_anchor_fails_naming_the_file(project_copy, tmp_path):
    page_md = project_copy / "docs" / "about.md"
    page_md.write_text(page_md.read_text(encoding="utf-8") + "\nSee [x](index.md#no-such-anchor).\n",
                       encoding="utf-8")
    site = good_site(tmp_path)
    _assert_failed_cleanly(run_build(project_copy, site, "--skip-pdf"), site, "about.md", "no-such-anchor")


def test_orphan_translation_fails_naming_the_file(project_copy, tmp_path):
    (project_copy / "docs_hr" / "orphan.md").write_text("# Siroče\n", encoding="utf-8")
    site = good_site(tmp_path)
    _assert_failed_cleanly(run_build(project_copy, site, "--skip-pdf"), site, "docs_hr/orphan.md",
                           "no English original")


def test_missing_language_folder_fails(project_copy, tmp_path):
    shutil.rmtree(project_copy / "docs_bs")
    site = good_site(tmp_path)
    _assert_failed_cleanly(run_build(project_copy, site, "--skip-pdf"), site, "docs_bs/", "is missing")


def test_missing_translation_falls_back_with_a_translated_notice(project_copy, tmp_path):
    for lang in languages():
        if not lang.default:
            (project_copy / lang.folder / "about.md").unlink(missing_ok=True)
    site = tmp_path / "site"
    result = run_build(project_copy, site, "--skip-pdf", "--skip-offline")
    assert result.returncode == 0, result.stdout + result.stderr
    expected = {"sq": "nuk është ende e disponueshme në Shqip", "hr": "još nije dostupna na jeziku: Hrvatski",
                "bs": "još nije dostupna na jeziku: Bosanski", "mk": "не е достапна на Македонски"}
    for code, text in expected.items():
        soup = page(site, f"{code}/about/")
        assert soup.html["lang"] == code
        notice = soup.select_one(".fallback-notice")
        assert notice is not None, f"{code}: no fallback notice"
        assert text in notice.get_text(" "), notice.get_text(" ")
        assert "Legal notice" in article_text(soup)  # the English text is shown below the notice
        english = (site / f"{code}/about/" / notice.select_one("a")["href"]).resolve()
        assert english == (site / "about").resolve()


def test_pages_load_only_the_assets_they_use(built_site):
    chapter = page(built_site, "mk/chapters/1-definitions/")
    sources = [tag.get("src") or tag.get("href") for tag in chapter.select("script[src], link[rel=stylesheet]")]
    assert any(s.endswith("data.css") for s in sources), sources
    assert not any("self-assessment" in s or s.endswith("flyer.css") for s in sources), sources
    flyer = page(built_site, "mk/flyers/al/")
    assert any(l["href"].endswith("flyer.css") for l in flyer.select("link[rel=stylesheet]"))
    form = page(built_site, "annexes/g-self-assessment/")
    assert any(s["src"].endswith("self-assessment.js") for s in form.select("script[src]"))
