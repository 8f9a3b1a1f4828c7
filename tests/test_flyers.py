"""The identification flyers as an officer gets them: 35 two-sided A5 PDFs with embedded fonts, in the right
language, with the jurisdiction's referral contacts and their verification marks; and the web pages."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from handbook.flyers.config import all_flyers
from handbook.languages import languages
from tests.html import article_text, page

A5 = (419.53, 595.28)  # points
PAIRS = all_flyers()
NAMES = {  # the jurisdiction as the flyer title names it, per language (spot checks)
    ("al", "en"): "Albania", ("al", "sq"): "Shqipëri", ("hr", "hr"): "Hrvatsk", ("mk", "mk"): "Северна Македонија",
    ("rs", "bs"): "Srbij", ("xk", "en"): "Kosovo*",
}


def _pdf(site, code, lang):
    return site / "downloads" / "flyers" / f"flyer-{code}-{lang}.pdf"


def test_thirty_five_flyers():
    assert len(PAIRS) == 35
    assert {code for code, _ in PAIRS} == {"al", "ba", "hr", "xk", "mk", "me", "rs"}


@pytest.mark.parametrize("code, lang", PAIRS, ids=[f"{c}-{l}" for c, l in PAIRS])
def test_flyer_pdf_is_two_sided_a5_with_embedded_fonts(built_site, code, lang):
    reader = PdfReader(_pdf(built_site, code, lang))
    assert len(reader.pages) == 2, "one officer side and one traveller side"
    for number, pdf_page in enumerate(reader.pages, 1):
        width, height = float(pdf_page.mediabox.width), float(pdf_page.mediabox.height)
        assert abs(width - A5[0]) < 1 and abs(height - A5[1]) < 1, f"page {number} is {width}x{height} pt"
        fonts = pdf_page["/Resources"]["/Font"]
        for font in fonts.values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), \
                f"font {font.get('/BaseFont')} is not embedded"
    assert reader.metadata.title and reader.metadata.title.strip()


@pytest.mark.parametrize("code, lang", sorted(NAMES), ids=[f"{c}-{l}" for c, l in sorted(NAMES)])
def test_flyer_names_its_jurisdiction_in_its_language(built_site, code, lang):
    reader = PdfReader(_pdf(built_site, code, lang))
    assert NAMES[(code, lang)] in reader.metadata.title + reader.pages[0].extract_text()


def test_macedonian_flyer_is_cyrillic_and_has_no_english_left(built_site):
    text = " ".join(p.extract_text() for p in PdfReader(_pdf(built_site, "mk", "mk")).pages)
    cyrillic = len(re.findall(r"[\u0400-\u04ff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    assert cyrillic > 5 * latin, (cyrillic, latin)
    assert "Trafficking or smuggling" not in text


def test_flyer_shows_the_emergency_number_and_marks_unverified_contacts(built_site):
    front, back = (p.extract_text() for p in PdfReader(_pdf(built_site, "al", "en")).pages)
    assert "129" in back, "Albania's police emergency number on the traveller side"
    assert "UNVERIFIED" in back.upper()
    assert "Montenegro" in front and "North Macedonia" in front, "neighbours in the referral table"


def test_same_inputs_give_the_same_flyer_bytes(built_site, tmp_path):
    from handbook.flyers.pdf import render_flyer

    target = tmp_path / "flyer-al-en.pdf"
    render_flyer("al", "en", target)
    assert target.read_bytes() == _pdf(built_site, "al", "en").read_bytes()


@pytest.mark.parametrize("lang", [lang.code for lang in languages()])
def test_web_flyer_page_has_no_fallback_notice_and_links_its_pdf(built_site, lang):
    prefix = "" if lang == "en" else f"{lang}/"
    soup = page(built_site, f"{prefix}flyers/al/")
    assert not soup.select(".fallback-notice"), "flyer pages are assembled from data in every language"
    link = soup.select_one(f'a[data-flyer="al-{lang}"]')
    assert link is not None
    assert (built_site / prefix / "flyers" / "al" / link["href"]).resolve().is_file()
    title = soup.select_one("title").get_text()
    assert not title.startswith("Al "), title


def test_navigation_names_the_flyers_by_country_in_each_language(built_site):
    soup = page(built_site, "mk/")
    labels = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav a[href*='flyers/']")]
    assert len(labels) >= 7, labels
    assert not {"Al", "Ba", "Hr", "Xk", "Mk", "Me", "Rs"} & set(labels), labels
    assert any("Албанија" in text for text in labels), labels
    assert "Албанија" in article_text(page(built_site, "mk/flyers/al/"))


def test_qr_code_leads_to_the_online_flyer(built_site, tmp_path):
    import subprocess

    import zxingcpp
    from PIL import Image

    from handbook.flyers.config import page_url

    subprocess.run(["pdftoppm", "-r", "200", "-png", "-f", "1", "-l", "1", str(_pdf(built_site, "mk", "sq")),
                    str(tmp_path / "front")], check=True)
    image = Image.open(next(tmp_path.glob("front*.png")))
    codes = zxingcpp.read_barcodes(image)
    assert [code.text for code in codes] == [page_url("mk", "sq")]
