"""Column widths for the booklet's tables, worked out from their text, so WeasyPrint lays them out as fixed tables.

With ``table-layout: auto`` WeasyPrint measures the narrowest width of every cell by breaking its text at every
opportunity, one Pango layout (and hyphenation attempt) per word: on the English booklet's 2,600 cells about a
fifth of the whole layout time. The widths it arrives at follow the CSS auto-layout rule: each column gets at
least its longest word and, if there is room, its longest line.

This module applies the same rule to an estimate of those two widths (characters times an average advance of the
table font) and writes the result as ``<col style="width: N%">``; print.css lays such tables out with
``table-layout: fixed``. The estimate only has to share the space sensibly: text still wraps inside its column,
long words and printed URLs break there (``overflow-wrap``), and nothing is cut off.
"""

from __future__ import annotations

import re
import unicodedata
import xml.etree.ElementTree as ET

TEXT_WIDTH_MM = 158.0  # A4 (210 mm) less the inner (28 mm) and outer (24 mm) margins of print.css
FONT_SIZE_PT = {"normal": 8.5, "wide": 7.5}  # print.css: table, table.wide
CELL_PADDING_MM = 3.2  # print.css: th, td { padding: 1.2mm 1.6mm }
LONGEST_UNBROKEN = 12  # characters: longer words hyphenate, URLs break (print.css sets both for cells)
BOLD = 1.07  # header cells are bold: a little wider (Noto Sans Bold against Regular)
PT_TO_MM = 25.4 / 72

# Advance widths of Noto Sans Regular (the table font), in em, for the printable ASCII characters (from its hmtx
# table). Accented Latin letters take their base letter's width; Cyrillic and anything else an average.
ASCII_EM = dict(zip(
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~",
    (0.26, 0.27, 0.41, 0.65, 0.57, 0.83, 0.73, 0.23, 0.3, 0.3, 0.55, 0.57, 0.27, 0.32, 0.27, 0.37)
    + (0.57,) * 10
    + (0.27, 0.27, 0.57, 0.57, 0.57, 0.43, 0.9, 0.64, 0.65, 0.63, 0.73, 0.56, 0.52, 0.73, 0.74, 0.34, 0.27, 0.62,
       0.52, 0.91, 0.76, 0.78, 0.6, 0.78, 0.62, 0.55, 0.56, 0.73, 0.6, 0.93, 0.59, 0.57, 0.57, 0.33, 0.37, 0.33,
       0.57, 0.44, 0.28, 0.56, 0.61, 0.48, 0.61, 0.56, 0.34, 0.61, 0.62, 0.26, 0.26, 0.53, 0.26, 0.94, 0.62, 0.6,
       0.61, 0.61, 0.41, 0.48, 0.36, 0.62, 0.51, 0.79, 0.53, 0.51, 0.47, 0.38, 0.55, 0.38, 0.57)))
CYRILLIC_LOWER_EM, CYRILLIC_UPPER_EM, OTHER_EM = 0.62, 0.72, 0.6
SYMBOL_EM = {"\u26a0": 0.9, "\u00a0": 0.26, "\u2013": 0.5, "\u2014": 1.0}  # ⚠ (from DejaVu Sans), nbsp, dashes
SAFETY = 1.08  # estimates err on the wide side, so a column's longest word is not hyphenated by a hair


def char_em(char: str) -> float:
    if char in ASCII_EM:
        return ASCII_EM[char]
    if char in SYMBOL_EM:
        return SYMBOL_EM[char]
    base = unicodedata.normalize("NFD", char)[0]
    if base in ASCII_EM:
        return ASCII_EM[base]
    if "\u0400" <= char <= "\u04ff":
        return CYRILLIC_UPPER_EM if char.isupper() else CYRILLIC_LOWER_EM
    return OTHER_EM


def text_em(text: str) -> float:
    """Estimated width of ``text`` in em of the table font (Noto Sans)."""
    return SAFETY * sum(char_em(char) for char in text)


BREAKS = re.compile(r"[ \t\r\n]+")  # where lines may break: not at a no-break space ("⚠\u00a0unverified" is one)


def unbroken_em(word: str) -> float:
    """The narrowest a word can be printed: a long word of letters hyphenates and a URL wraps after its slashes,
    so only LONGEST_UNBROKEN of their characters count; anything else (a number, words joined by a no-break
    space) stays whole."""
    if len(word) > LONGEST_UNBROKEN and (word.isalpha() or "/" in word):
        word = word[:LONGEST_UNBROKEN]
    return text_em(word)


def cell_widths(cell: ET.Element) -> tuple[float, float]:
    """(narrowest, widest) estimated width of a cell's text in em: its longest word, its longest line."""
    scale = BOLD if cell.tag == "th" else 1.0
    lines = "".join(cell.itertext()).split("\n")
    words = [word for line in lines for word in BREAKS.split(line) if word]
    if not words:
        return 0.0, 0.0
    narrowest = max(unbroken_em(word) for word in words)
    widest = max(text_em(" ".join(BREAKS.split(line.strip()))) for line in lines)
    return narrowest * scale, widest * scale


def rows_of(table: ET.Element) -> list[list[ET.Element]]:
    return [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]


def column_widths(table: ET.Element, wide: bool = False) -> list[float] | None:
    """Each column's share of the table width in percent, or None when the table is left to WeasyPrint.

    Left alone: tables with merged cells (colspan/rowspan) or rows of unequal length, and tables without cells.
    """
    rows = [row for row in rows_of(table) if row]
    if not rows:
        return None
    columns = len(rows[0])
    if any(len(row) != columns for row in rows) or any(
            cell.get("colspan", "1") != "1" or cell.get("rowspan", "1") != "1" for row in rows for cell in row):
        return None
    em_mm = FONT_SIZE_PT["wide" if wide else "normal"] * PT_TO_MM
    available = TEXT_WIDTH_MM - CELL_PADDING_MM * columns  # mm for the text of all columns
    narrowest = [0.0] * columns
    widest = [0.0] * columns
    for row in rows:
        for index, cell in enumerate(row):
            low, high = cell_widths(cell)
            narrowest[index] = max(narrowest[index], low * em_mm)
            widest[index] = max(widest[index], high * em_mm)
    # The CSS auto-layout rule: everyone's longest line if it fits, else each its longest word plus a share of
    # the rest in proportion to what it would still take.
    least, most = sum(narrowest), sum(widest)
    if most == 0:
        text = [available / columns] * columns
    elif most <= available:
        text = [available * width / most for width in widest]
    elif least >= available:
        text = [available * width / least for width in narrowest]
    else:
        spare = (available - least) / (most - least)
        text = [low + (high - low) * spare for low, high in zip(narrowest, widest)]
    total = sum(text) + CELL_PADDING_MM * columns
    return [round(100 * (width + CELL_PADDING_MM) / total, 2) for width in text]


def set_column_widths(table: ET.Element, wide: bool = False) -> bool:
    """Write the column widths into ``table`` (a ``<colgroup>`` first, class ``fixed-columns``); False if left."""
    widths = column_widths(table, wide)
    if widths is None or table.find("colgroup") is not None:
        return False
    colgroup = ET.Element("colgroup")
    for width in widths:
        ET.SubElement(colgroup, "col", {"style": f"width: {width}%"})
    position = 1 if len(table) and table[0].tag == "caption" else 0
    table.insert(position, colgroup)
    classes = (table.get("class") or "").split()
    table.set("class", " ".join(classes + ["fixed-columns"]))
    return True
