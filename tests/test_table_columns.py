"""Column widths for the booklet's tables (handbook/booklet/table_columns.py), and the tables as printed."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pdfplumber
import pytest
from weasyprint import CSS, HTML

from handbook.booklet.assemble import PRINT_CSS
from handbook.booklet.table_columns import column_widths, set_column_widths, text_em

LEGAL = """<table><thead><tr><th>Subject matter</th><th>Provision</th><th>Official publication</th>
<th>Summary</th><th>Source and verification</th></tr></thead><tbody>
<tr><td>Trafficking in persons</td><td>Article 110/a Criminal Code of the Republic of Albania</td>
<td>Law No. 7895 of 27 January 1995, as amended</td>
<td>Trafficking in adult persons for the purpose of exploitation; aggravated forms carry heavier penalties.</td>
<td>unverified source (https://qbz.gov.al)</td></tr>
<tr><td>Smuggling of migrants</td><td>Article 298 Criminal Code</td><td>Law No. 7895</td>
<td>Assisting the illegal crossing of the state border, the offence used for smuggling of migrants.</td>
<td>verified 2026-11-02</td></tr></tbody></table>"""


def table(markup: str) -> ET.Element:
    return ET.fromstring(markup)


def test_widths_share_the_whole_table():
    widths = column_widths(table(LEGAL))
    assert len(widths) == 5 and sum(widths) == pytest.approx(100, abs=0.1)


def test_a_long_summary_gets_the_widest_column_and_no_column_is_narrower_than_its_longest_word():
    widths = column_widths(table(LEGAL))
    assert widths.index(max(widths)) == 3  # the summary
    longest_word_mm = text_em("verification") * 1.07 * 8.5 * 25.4 / 72 + 3.2  # bold header, padding
    assert widths[4] / 100 * 158 >= longest_word_mm


def test_short_tables_share_in_proportion_to_their_lines():
    widths = column_widths(table("<table><tr><td>ab</td><td>abcdefgh</td></tr></table>"))
    assert widths[0] < widths[1]


@pytest.mark.parametrize("markup", [
    "<table><tr><td colspan='2'>merged</td></tr><tr><td>a</td><td>b</td></tr></table>",
    "<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>",
    "<table></table>",
])
def test_irregular_tables_are_left_to_weasyprint(markup):
    element = table(markup)
    assert not set_column_widths(element)
    assert element.find("colgroup") is None and "fixed-columns" not in (element.get("class") or "")


def test_the_colgroup_goes_after_the_caption():
    element = table("<table class='data-table'><caption>C</caption><tr><td>a</td><td>b</td></tr></table>")
    assert set_column_widths(element)
    assert [child.tag for child in element][:2] == ["caption", "colgroup"]
    assert element.get("class") == "data-table fixed-columns"


def test_printed_with_fixed_columns_no_word_is_broken_and_nothing_leaves_the_page():
    """Every word is printed whole, or hyphenated, or a URL wrapped after a '/': never cut mid-word because its
    column was too narrow (which ``overflow-wrap`` would do without a hyphen)."""
    element = table(LEGAL)
    set_column_widths(element)
    document = HTML(string=f'<html lang="en"><body>{ET.tostring(element, encoding="unicode")}</body></html>')
    pdf = document.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])
    with pdfplumber.open(io.BytesIO(pdf)) as opened:
        page = opened.pages[0]
        words = page.extract_words()
    tokens = set(" ".join(element.itertext()).split())
    pieces = {word["text"] for word in words}

    def printed_as_it_may_be(piece: str) -> bool:
        if piece in tokens or piece.endswith("\u2010"):  # whole, or the first part of a hyphenated word
            return True
        for token in tokens:
            if token.startswith(piece) and piece.endswith("/"):  # a URL wrapped after a slash
                return True
            if token.endswith(piece) and len(token) > len(piece):
                head = token[: -len(piece)]
                if head.endswith("/") or any(p.endswith("\u2010") and head.endswith(p[:-1]) for p in pieces):
                    return True
        return False

    assert [piece for piece in pieces if not printed_as_it_may_be(piece)] == []
    assert all(0 <= word["x0"] and word["x1"] <= page.width for word in words)
    assert {"Trafficking", "smuggling", "penalties.", "2026-11-02"} <= pieces


def test_words_joined_by_a_no_break_space_count_as_one():
    """'⚠\u00a0непроверено' cannot wrap at its no-break space: the column is at least that wide."""
    markup = ("<table><tr><th>Опис</th><th>Извор</th></tr><tr><td>" + "Долг опис на одредбата " * 12
              + "</td><td>\u26a0\u00a0непроверено извор</td></tr></table>")
    widths = column_widths(table(markup))
    whole_mm = text_em("\u26a0\u00a0непроверено") * 8.5 * 25.4 / 72 + 3.2
    assert widths[1] / 100 * 158 >= whole_mm
