"""Search in a real browser (Debian Chromium via selenium) against the built site: each language searches only its
own pages, without diacritics, with inflected forms, and Macedonian also from Latin letters."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import pytest

from tests.browser import chromium_driver, serve

selenium = pytest.importorskip("selenium")
from selenium.common.exceptions import TimeoutException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(built_site):
    with serve(built_site) as base:
        driver = chromium_driver()
        try:
            yield driver, base
        finally:
            driver.quit()


def search(driver, url: str, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into the search box of ``url``; return (path, visible text) of the results, best first."""
    driver.get(url)
    driver.execute_script(  # open search as a click on the search button does
            "var t = document.querySelector('#__search'); t.checked = true; t.dispatchEvent(new Event('change'))")
    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.send_keys(query)
    try:
        WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    except TimeoutException:
        return []
    results = []
    for link in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")[:10]:
        path = unquote(urlsplit(link.get_attribute("href")).path)
        text = driver.execute_script("return arguments[0].textContent", link)
        results.append((path, " ".join(text.split())))
    return results


CASES = [
    # (page, query, every result under, a word the top results must show)
    ("", "extradition", "/", "xtradition"),
    ("hr/", "krijumcarenje", "/hr/", "krijumčaren"),
    ("bs/", "zrtva", "/bs/", "žrtv"),
    ("sq/", "trafikim", "/sq/", "trafikim"),
    ("mk/", "трговија", "/mk/", "трговија"),
    ("mk/", "trgovija so lugje", "/mk/", "луѓе"),
]


@pytest.mark.parametrize("start, query, under, shown", CASES, ids=[f"{c[0] or 'en/'}{c[1]}" for c in CASES])
def test_search_finds_its_own_language_without_diacritics(browser, start, query, under, shown):
    driver, base = browser
    results = search(driver, base + start, query)
    assert results, f"no results for {query!r} on /{start}"
    others = ["/sq/", "/bs/", "/hr/", "/mk/"]
    for path, _ in results:
        assert path.startswith(under), f"{query!r} from /{start} found another language's page: {path}"
        if under == "/":
            assert not path.startswith(tuple(others)), path
    top = " ".join(text for _, text in results[:3]).lower()
    assert shown.lower() in top, f"{query!r}: top results do not show {shown!r}: {results[:3]}"


def test_inflected_form_finds_the_base_form(browser):
    driver, base = browser
    results = search(driver, base + "hr/", "krijumčarenja")
    assert any("krijumčarenj" in text.lower() for _, text in results[:5]), results[:5]


def test_each_language_has_its_own_small_utf8_index(built_site):
    for prefix, sample in (("", "extradition"), ("mk/", "трговија"), ("sq/", "ë")):
        docs = (built_site / prefix / "search" / "search_docs.json").read_text(encoding="utf-8")
        assert sample in docs.lower(), prefix
        assert "\\u04" not in docs, "Cyrillic must be stored as UTF-8, not escaped"
        locations = [d["location"] for d in json.loads(docs)["docs"]]
        assert not any(loc.startswith(("sq/", "bs/", "hr/", "mk/")) for loc in locations), prefix
        stub = json.loads((built_site / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert stub["docs"] == [], "the index stub must not carry the documents (they load on first search)"
