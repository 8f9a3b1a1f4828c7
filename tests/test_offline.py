"""The offline copies: each zip, unpacked anywhere and opened from the file system with the network off, gives
the handbook in its language with working navigation, images, its PDFs, the language switcher and search."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from handbook.languages import languages
from tests.browser import chromium_driver

CODES = [lang.code for lang in languages()]


def _zip(site: Path, code: str) -> Path:
    return site / "downloads" / f"handbook-{code}-offline.zip"


@pytest.fixture(scope="module")
def unpacked(built_site, tmp_path_factory):
    """The Macedonian zip unpacked into a folder, as a reader would from a USB stick."""
    target = tmp_path_factory.mktemp("usb") / "handbook-mk"
    with zipfile.ZipFile(_zip(built_site, "mk")) as archive:
        archive.extractall(target)
    return target


@pytest.mark.parametrize("code", CODES)
def test_each_language_has_a_zip_with_its_own_pdfs(built_site, code):
    with zipfile.ZipFile(_zip(built_site, code)) as archive:
        names = set(archive.namelist())
    assert "index.html" in names
    assert f"handbook/downloads/handbook-{code}.pdf" in names
    flyers = {n for n in names if n.startswith("handbook/downloads/flyers/")}
    assert flyers and all(n.endswith(f"-{code}.pdf") for n in flyers), sorted(flyers)[:5]
    assert f"handbook/{'' if code == 'en' else code + '/'}chapters/1-definitions.html" in names
    assert not any(n.endswith(".zip") for n in names)


def test_every_local_link_and_image_in_the_copy_resolves(unpacked):
    missing = []
    for html in (unpacked / "handbook").rglob("*.html"):
        if html.name == "404.html":  # served by a web server for any address: its links are site-absolute
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("a", "href"), ("img", "src"), ("script", "src"), ("link", "href")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if not url or url.startswith(("#", "mailto:", "tel:", "data:")) or "://" in url:
                    continue
                if element.get("rel") and set(element.get("rel")) & {"alternate", "canonical"}:
                    continue
                path = unquote(urlsplit(url).path)
                if not path or path.endswith(".zip"):
                    continue
                if path.endswith(".pdf") and not path.endswith("-mk.pdf"):
                    continue  # the Macedonian copy carries the Macedonian PDFs only
                target = (html.parent / path).resolve()
                if path.endswith("/"):
                    target = target / "index.html"
                if not target.exists():
                    missing.append(f"{html.relative_to(unpacked)}: {url}")
    assert not missing, f"{len(missing)} broken local references, e.g.:\n" + "\n".join(missing[:15])


def test_nothing_is_loaded_from_the_network(unpacked):
    remote = re.compile(r"""<(?:script|link|img|iframe)\b[^>]*(?:src|href)=["'](?:https?:)?//""", re.I)
    offenders = []
    for html in (unpacked / "handbook").rglob("*.html"):
        for tag in remote.findall(html.read_text(encoding="utf-8")):
            if 'rel="alternate"' in tag or 'rel="canonical"' in tag:
                continue
            offenders.append(f"{html.relative_to(unpacked)}: {tag[:100]}")
    assert not offenders, "\n".join(offenders[:10])


@pytest.mark.browser
def test_opened_from_the_file_system_offline_navigation_and_search_work(unpacked):
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chromium_driver()
    try:
        driver.set_network_conditions(offline=True, latency=0, download_throughput=0, upload_throughput=0)
        driver.get((unpacked / "index.html").as_uri())
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("handbook/mk/index.html"))
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "mk"
        # Navigation: the first chapter, from the menu
        link = driver.find_element(By.CSS_SELECTOR, "a[href$='chapters/1-definitions.html']")
        driver.get(link.get_attribute("href"))
        assert "Дефиниции" in driver.find_element(By.TAG_NAME, "h1").text
        images = driver.execute_script(
            "return [...document.images].filter(i => i.src.endsWith('.svg')).map(i => i.naturalWidth)")
        assert images and all(width > 0 for width in images), images
        # The language switcher leads to the same chapter in Croatian, from the file system
        hr = driver.find_element(By.CSS_SELECTOR, "a[hreflang='hr']").get_attribute("href")
        assert hr.startswith("file://") and hr.endswith("hr/chapters/1-definitions.html"), hr
        assert Path(unquote(urlsplit(hr).path)).is_file()
        # Search, from the file system
        driver.execute_script(  # open search as a click on the search button does
            "var t = document.querySelector('#__search'); t.checked = true; t.dispatchEvent(new Event('change'))")
        driver.find_element(By.CSS_SELECTOR, "input.md-search__input").send_keys("трговија")
        try:
            WebDriverWait(driver, 20).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
        except TimeoutException:
            pytest.fail("offline search gave no results: " + str(driver.get_log("browser")[:5]))
        hrefs = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item > a")]
        assert all("/handbook/mk/" in href for href in hrefs), hrefs[:5]
    finally:
        driver.quit()
