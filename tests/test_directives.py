"""Data directives (handbook/directives.py, handbook/render_data.py): parsing, errors with file:line, rendering in
the page's language, verification marks, phone-friendly markup and valid HTML inside Markdown."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest

from handbook.countrydata import JURISDICTIONS, clear_cache
from handbook.directives import (
    REGISTRY,
    Param,
    check_markdown,
    directive,
    find_occurrences,
    registered,
    render_directives,
)
from handbook.errors import HandbookError
from handbook.languages import language_codes
from tests.conftest import FIXTURES, ROOT

PAGE = "docs/chapters/1-definitions.md"
CYRILLIC = re.compile("[а-шѓќѕљњџ]", re.I)


@pytest.fixture()
def fixture_data(tmp_path, monkeypatch):
    """Point the directives at a copy of data/ with fixture folders laid over it."""

    def use(*names: str) -> Path:
        target = tmp_path / "data"
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(ROOT / "data", target)
        for name in names:
            shutil.copytree(FIXTURES / name, target, dirs_exist_ok=True)
        monkeypatch.setenv("HANDBOOK_DATA_DIR", str(target))
        clear_cache()
        return target

    yield use
    clear_cache()


def error_of(md: str, lang: str = "en", src: str = PAGE) -> str:
    with pytest.raises(HandbookError) as info:
        render_directives(md, lang, src)
    assert len(info.value.findings) == 1
    return str(info.value)


def to_html(md: str) -> str:
    """Markdown -> HTML with the extensions of mkdocs.yml that matter here."""
    return markdown.markdown(md, extensions=["attr_list", "md_in_html", "tables", "toc", "admonition",
                                             "pymdownx.superfences", "footnotes"])


class _Checker(HTMLParser):
    """Every opened element is closed in order (void elements aside)."""

    VOID = {"br", "img", "hr", "meta", "link", "input", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
        else:
            self.stack.pop()


def assert_well_formed(html: str) -> None:
    checker = _Checker()
    checker.feed(html)
    assert not checker.errors and not checker.stack, (checker.errors, checker.stack)
    assert "<p><table" not in html and "<p><div" not in html, "block HTML ended up inside a paragraph"


# --- Errors ----------------------------------------------------------------------------------------------------------


def test_unknown_directive_names_the_file_line_and_valid_names():
    text = error_of("# T\n\nText.\n\n{{ contact jurisdiction=al }}\n")
    assert text.startswith(f"{PAGE}:5: unknown directive 'contact' — use one of: ")
    for name in ("agreements", "contacts", "country-profile", "glossary", "legal-references", "phone",
                 "treaties", "who-to-contact"):
        assert name in text


def test_line_numbers_count_the_front_matter_of_the_source_file():
    src = "tests/data_fixtures/pages/front-matter.md"
    body = (ROOT / src).read_text(encoding="utf-8").split("---\n", 2)[2].lstrip("\n")
    text = error_of(body, src=src)
    assert text.startswith(f"{src}:9: unknown directive 'contact'"), text


def test_translated_page_errors_name_the_translation_file():
    assert error_of("{{ contacts role=hotline }}\n", "hr", "docs_hr/zz-no-such-page.md").startswith(
        "docs_hr/zz-no-such-page.md:1: unknown role 'hotline'")


@pytest.mark.parametrize("md, message, hint", [
    ("{{ contacts rol=helpline }}", "unknown filter 'rol' for 'contacts'", "use one of: jurisdiction, role"),
    ("{{ contacts jurisdiction=gr }}", "unknown jurisdiction 'gr' in 'contacts'", "al, ba, hr, xk, mk, me, rs or all"),
    ("{{ legal-references topic=trafficking }}", "unknown topic 'trafficking'", "tip, tip_children, som"),
    ("{{ agreements subject=visa }}", "unknown subject 'visa'", "police, mla, extradition, readmission, other"),
    ("{{ treaties instrument=palermo }}", "unknown instrument 'palermo'", "untoc, palermo_tip"),
    ("{{ who-to-contact request=visa }}", "unknown request type 'visa'", "mla, police_urgent, jit"),
    ("{{ country-profile }}", "directive 'country-profile' needs 'jurisdiction='", "jurisdiction="),
    ("{{ country-profile jurisdiction=al,ba }}", "takes one jurisdiction, not a list", "single"),
    ("{{ contacts role= }}", "cannot read 'role='", "key=value"),
    ("{{ contacts role=helpline role=ilecu }}", "filter 'role' is given twice", "comma-separated"),
    ("See {{ contacts role=helpline }} here.", "block directive 'contacts' must stand alone", "line of its own"),
    ("!!! note\n    {{ contacts role=helpline }}", "is indented", "left margin"),
    ("Call {{ phone jurisdiction=al role=helpline id=nope }}.", "no helpline contact with id 'nope'", "use one of"),
])
def test_bad_directives_give_one_clear_message(md, message, hint):
    text = error_of(md + "\n")
    assert text.startswith(f"{PAGE}:"), text
    assert message in text and hint in text, text


def test_directives_in_code_are_left_alone():
    md = ("Write `{{ contacts role=helpline }}` like this.\n\n```markdown\n{{ nonsense here }}\n```\n\n"
          "~~~\n{{ contact }}\n~~~\n\n``{{ bogus }}`` and {{ Not-a-directive }}\n")
    assert render_directives(md, "en", PAGE) == md
    assert find_occurrences(md) == []


def test_check_markdown_reports_without_rendering():
    findings = check_markdown("# T\n\n{{ contact }}\n\n{{ contacts role=x }}\n", "docs/x.md")
    assert [(f.line, f.message.split(" '")[0]) for f in findings] == [(3, "unknown directive"), (5, "unknown role")]


def test_the_registry_takes_directives_from_other_modules():
    @directive("test-echo", block=False, params={"word": Param(choices=("a", "b"))})
    def echo(call):
        return f"<b>{call.params['word']}@{call.lang}:{call.line}</b>"

    try:
        assert render_directives("x {{ test-echo word=b }} y", "sq", PAGE) == "x <b>b@sq:1</b> y"
        assert "unknown word 'c'" in error_of("{{ test-echo word=c }}")
    finally:
        del REGISTRY["test-echo"]


def test_the_country_data_directives_are_registered():
    assert {"legal-references", "treaties", "agreements", "contacts", "phone", "who-to-contact", "country-profile",
            "glossary"} <= set(registered())
    assert registered()["phone"].block is False


# --- Rendering -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "sq", "bs", "hr", "mk"])
def test_legal_references_table_in_each_language(lang):
    out = render_directives("{{ legal-references jurisdiction=al,mk topic=tip,som }}\n", lang, PAGE)
    assert '<table class="data-table data-legal-references">' in out and "<thead>" in out
    assert "110/a" in out and "418-а" in out
    assert 'class="data-badge data-unverified"' in out and "⚠" in out
    if lang == "mk":
        assert "Албанија" in out and "непроверено" in out
    if lang == "en":
        assert "Albania" in out and "unverified" in out and "Article 110/a" in out
    assert_well_formed(to_html(out))


def test_rows_carry_their_column_name_for_the_phone_layout():
    out = render_directives("{{ contacts jurisdiction=hr role=mla_central_authority,helpline }}\n", "hr", PAGE)
    cells = re.findall(r"<t[dh] [^>]*>", out.split("</thead>")[1])
    assert cells and all("data-label=" in cell for cell in cells)


def test_missing_contact_details_say_not_yet_confirmed_in_the_page_language():
    out = render_directives("{{ contacts jurisdiction=al role=mla_central_authority,jit_expert }}\n", "hr", PAGE)
    assert out.count("još nije potvrđeno") >= 4  # phone, e-mail and address of the ministry; the JIT expert
    assert "Ministarstvo pravosuđa" in out


def test_phone_inline_with_verified_and_unverified_numbers(fixture_data):
    fixture_data("phone-e164")
    out = render_directives("Call {{ phone jurisdiction=hr role=helpline }} now.\n", "en", PAGE)
    assert out.startswith("Call <span class=\"data-phone\">") and out.endswith(" now.\n")
    assert 'href="tel:+38512345678">+385 1 2345 678</a>' in out
    assert "✓\u00a0verified on 1 May 2026" in out
    hr = render_directives("{{ phone jurisdiction=hr role=helpline }}", "hr", PAGE)
    assert "provjereno 1. svibnja 2026." in hr
    out = render_directives("{{ phone jurisdiction=hr role=anti_trafficking_coordinator }}", "mk", PAGE)
    assert "сè уште непотврдено" in out
    out = render_directives("{{ phone jurisdiction=al role=police_emergency }}", "sq", PAGE)
    assert 'href="tel:129"' in out and "e paverifikuar" in out


def test_contacts_show_hours_and_languages_when_known(fixture_data):
    fixture_data("phone-e164")
    out = render_directives("{{ contacts jurisdiction=hr role=helpline }}\n", "hr", PAGE)
    assert "0-24" in out and "hrvatski, engleski" in out
    assert "data-verified" in out


def test_treaties_matrix_and_single_jurisdiction_view():
    out = render_directives("{{ treaties instrument=untoc,mla_2nd_protocol }}\n", "en", PAGE)
    assert "data-matrix" in out
    assert out.count("<tr>") == 3  # heading row + two instruments
    assert "Cannot become a party</span><sup class=\"data-ref\">1</sup>" in out and "Not yet established" in out
    assert out.count("<li>Kosovo* is not a member of the United Nations") == 1
    assert "This designation is without prejudice" in out  # Kosovo* footnote
    one = render_directives("{{ treaties jurisdiction=me instrument=untoc }}\n", "en", PAGE)
    assert "Party by succession" in one and "data-matrix" not in one


def test_kosovo_note_is_printed_once_per_page():
    md = "{{ treaties instrument=untoc }}\n\n{{ contacts role=police_emergency }}\n"
    out = render_directives(md, "sq", PAGE)
    assert out.count('class="data-footnote"') == 1
    assert "Kosova*" in out


def test_agreements_filtered_by_party_and_subject():
    out = render_directives("{{ agreements party=rs subject=extradition }}\n", "bs", PAGE)
    assert "Hrvatska – Srbija" in out or "Srbija" in out
    assert "Ugovor o izručenju" in out
    empty = render_directives("{{ agreements party=xk subject=readmission }}\n", "en", PAGE)
    assert "No entry recorded yet." in empty


def test_country_profile_has_headings_with_ids_for_the_toc():
    out = render_directives("# Albania\n\nIntro.\n\n{{ country-profile jurisdiction=al }}\n", "sq", PAGE)
    for anchor in ("legal-framework", "treaties", "agreements", "contacts"):
        assert re.search(rf"^## .+ \{{#{anchor}\}}$", out, re.M), anchor
    html = to_html(out)
    assert_well_formed(html)
    for anchor in ("legal-framework", "treaties", "agreements", "contacts"):
        assert f'<h2 id="{anchor}">' in html
    assert "Korniza ligjore" in html


def test_country_profile_of_kosovo_and_north_macedonia_carry_their_notes():
    xk = render_directives("{{ country-profile jurisdiction=xk }}\n", "en", PAGE)
    assert "This designation is without prejudice" in xk
    assert xk.count('class="data-footnote"') == 1
    mk = render_directives("{{ country-profile jurisdiction=mk }}\n", "mk", PAGE)
    assert "поранешна Југословенска Република Македонија" in mk


def test_who_to_contact_gives_a_section_and_cards_per_jurisdiction():
    out = render_directives("# Who to contact\n\n{{ who-to-contact }}\n", "hr", PAGE)
    for code in JURISDICTIONS:
        assert f"{{#who-{code}}}" in out and f'href="#who-{code}"' in out
    assert "## Kosovo\\* {#who-xk}" in out
    assert out.count('class="data-card"') == 5 * len(JURISDICTIONS)
    assert "Zamolnica za međunarodnu pravnu pomoć" in out
    html = to_html(out)
    assert_well_formed(html)
    assert '<h2 id="who-al">Albanija</h2>' in html


def test_who_to_contact_for_one_jurisdiction_and_request_has_no_headings():
    out = render_directives("{{ who-to-contact jurisdiction=rs request=mla }}\n", "en", PAGE)
    assert "## " not in out and out.count('class="data-card"') == 1
    assert "Ministry of Justice" in out and "Ministarstvo pravde" in out


def test_glossary_puts_the_page_language_first(fixture_data):
    fixture_data("glossary")
    out = render_directives("{{ glossary }}\n", "mk", PAGE)
    head = out.split("</thead>")[0]
    assert head.index("Македонски") < head.index("English")
    assert 'id="term-dual-criminality"' in out and "двојна казнивост" in out
    assert_well_formed(to_html(out))


def test_glossary_without_its_file_is_a_clear_error(fixture_data):
    data_dir = fixture_data()
    (data_dir / "glossary.yaml").unlink(missing_ok=True)
    clear_cache()
    assert "data/glossary.yaml does not exist" in error_of("{{ glossary }}\n")


def test_every_language_renders_every_directive_without_missing_labels():
    md = "\n\n".join([
        "{{ legal-references }}", "{{ treaties }}", "{{ agreements }}", "{{ contacts }}",
        "{{ who-to-contact }}", "{{ country-profile jurisdiction=ba }}",
        "Police: {{ phone jurisdiction=me role=police_emergency }}",
    ]) + "\n"
    for lang in language_codes():
        out = render_directives(md, lang, PAGE)
        assert "{{" not in out
        if lang == "mk":
            assert CYRILLIC.search(out)


def test_fallback_pages_report_problems_in_the_english_file():
    """A page missing in Albanian is built from the English file (with a notice prepended): report the English
    file and its line."""
    src = "tests/data_fixtures/pages/front-matter.md"
    body = (ROOT / src).read_text(encoding="utf-8").split("---\n", 2)[2].lstrip("\n")
    notice = '<div class="admonition warning fallback-notice">notice</div>\n\n'
    from handbook.directives import message_path

    assert message_path("docs_sq/countries/al.md") in ("docs_sq/countries/al.md", "docs/countries/al.md")
    text = error_of(notice + body, "sq", src)
    assert text.startswith(f"{src}:9: unknown directive"), text
