"""The page numbers a booklet prints for its links: the contents' column and the "(p. 57)" after a cross-reference.

WeasyPrint can compute them itself (``target-counter``), but it does so by laying out again every page that holds a
reference, and more than once: on the English booklet 518 page layouts for 194 pages. The booklets do it in one
layout instead:

1. Every reference is printed with a blank slot of figure spaces, which the booklet's fonts make exactly as wide
   as a digit: three in the contents, and in running text as many as the page of its target is likely to have
   (``reserve_slots`` estimates it from where the target is in the document).
2. After the layout, ``anchor_pages`` says on which page each target landed, and ``fill_page_references`` writes
   the number into the slot of every reference: right-aligned in the contents ("  7", " 57", "157"); in running
   text as it is, the spaces of "(p. 57)" taking up what a shorter number leaves, as justification does. The width
   of the text does not change, so no line, page break or position changes either; WeasyPrint shapes the text
   again when it draws.
3. Should a slot not be fillable (a target that is not in the document, a font whose digits are not as wide as the
   figure space), the booklet is laid out a second time with the numbers written into the stylesheet
   (``numbered_css``), and ``stale_references`` checks what the reader will see either way.
"""

from __future__ import annotations

import html
import re

from handbook.labels import label

DIGITS = 3  # a booklet has fewer than 1000 pages
FIGURE_SPACE = "\u2007"
BLANK_SLOT = FIGURE_SPACE * DIGITS  # the contents' column
SLOT_ATTRIBUTE = "data-page-slot"  # a cross-reference's blank slot, as many figure spaces as its number's digits
CHARS_PER_PAGE = 4000  # characters of booklet HTML per printed page: 4,000 to 4,300 in the five booklets
INTERNAL_HREF = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\bid="([^"]+)"')
CROSS_REFERENCE = re.compile(r'<a\b[^>]*>')


def css_string(text: str) -> str:
    """A CSS string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'


def css_content(template: str, counters: dict[str, str], nbsp: bool = False) -> str:
    """A label with {placeholders} as a CSS content value: 'Page {page} of {pages}' -> "Page " counter(page) ..."""
    parts = []
    for piece in re.split(r"(\{\w+\})", template):
        if not piece:
            continue
        name = piece[1:-1] if piece.startswith("{") and piece.endswith("}") else None
        if name in counters:
            parts.append(counters[name])
        else:
            parts.append(css_string(piece.replace(" ", "\u00a0") if nbsp else piece))
    return " ".join(parts)


def slot(number: int) -> str:
    """A page number as printed: right-aligned in a slot of DIGITS digits."""
    return str(number).rjust(DIGITS, FIGURE_SPACE)


def slot_digits(offset: int, chars_per_page: int = CHARS_PER_PAGE) -> int:
    """How many digits to leave for the page of a target ``offset`` characters into the booklet HTML.

    The page is about offset / CHARS_PER_PAGE plus the front matter and the blank pages before chapters (in the five
    booklets 1.0 to 1.5 times that); the estimate errs high: a slot one digit too wide only widens the spaces of
    one "(p. 57)", one too narrow costs a second layout."""
    return len(str(int(offset / chars_per_page * 1.2 + 6)))


def reserve_slots(document: str, chars_per_page: int = CHARS_PER_PAGE) -> str:
    """The booklet HTML with a blank slot (``data-page-slot``) on every cross-reference, sized for its target."""
    offsets: dict[str, int] = {}
    for found in ID.finditer(document):
        offsets.setdefault(html.unescape(found.group(1)), found.start())

    def reserve(match: re.Match) -> str:
        tag = match.group(0)
        href = INTERNAL_HREF.search(tag)
        classes = re.search(r'\bclass="([^"]*)"', tag)
        if not href or not classes or "xref" not in classes.group(1).split():
            return tag
        target = html.unescape(href.group(1))
        digits = slot_digits(offsets[target], chars_per_page) if target in offsets else DIGITS
        return f'{tag[:-1]} {SLOT_ATTRIBUTE}="{FIGURE_SPACE * digits}">'

    return CROSS_REFERENCE.sub(reserve, document)


def _rules(selector_suffix: str, number: str, code: str, contents_number: str | None = None) -> list[str]:
    reference = css_content(label("booklet_page_ref", code), {"page": number}, nbsp=True)
    return [f'a.xref{selector_suffix}::after {{ content: "\\a0" {reference}; }}',
            f'.contents a{selector_suffix}::after {{ content: leader(". ") {contents_number or number}; }}']


def blank_css(code: str) -> str:
    """The rules that print every reference with a blank slot, for ``fill_page_references`` to fill."""
    return "\n".join(_rules("", f"attr({SLOT_ATTRIBUTE})", code, css_string(BLANK_SLOT))) + "\n"


def internal_targets(document: str) -> list[str]:
    return sorted({html.unescape(found) for found in INTERNAL_HREF.findall(document)})


def numbered_css(document: str, code: str, pages: dict[str, int]) -> str:
    """One rule per link target with its page number written out; no number for a target not in ``pages``."""
    rules = []
    for target in internal_targets(document):
        selector = f"[href={css_string('#' + target)}]"
        if target in pages:
            rules += _rules(selector, css_string(slot(pages[target])), code)
        else:
            rules += [f"a.xref{selector}::after, .contents a{selector}::after {{ content: none; }}"]
    return "\n".join(rules) + "\n"


def anchor_pages(document) -> dict[str, int]:
    """Where each anchor of a laid-out WeasyPrint document landed (1-based page)."""
    pages: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for anchor in page.anchors:
            pages.setdefault(anchor, number)
    return pages


def _reference_boxes(document):
    """(target, text box) of every ``::after`` text of a link to ``#target``, page by page."""
    for page in document.pages:
        for box in page._page_box.descendants():
            if not hasattr(box, "text") or not str(getattr(box, "element_tag", "")).endswith("::after"):
                continue
            element = getattr(box, "element", None)
            href = element.get("href") if element is not None else None
            if href and href.startswith("#"):
                yield href[1:], box


def _width(text: str, style, spacing: float = 0.0) -> float:
    """The width WeasyPrint draws ``text`` at, with ``spacing`` added to each space (its justification)."""
    from weasyprint.text.line_break import Layout, line_size  # here: assembling a booklet needs no WeasyPrint

    layout = Layout(style, justification_spacing=spacing)
    layout.set_text(text, justify=True)
    width, _ = line_size(layout.get_first_line()[0], style)
    return width


def _is_cross_reference(box) -> bool:
    return "xref" in (box.element.get("class") or "").split()


def fill_page_references(document, pages: dict[str, int]) -> list[str]:
    """Write each target's page number into the blank slots of the laid-out ``document``.

    In the contents the number is right-aligned in its slot (figure spaces before a shorter number). In running
    text ("(p. 57)") the number is written as it is and the width it leaves is shared by the spaces of the
    reference, as justification shares it between words. Returns what could not be filled ("#target: why"); the
    caller then lays the booklet out again with ``numbered_css``. Slots are filled only when none of them is a
    problem, so a document is never half-filled."""
    fills, problems = [], []
    widths: dict[tuple[str, int, float], float] = {}

    def width(text: str, style, spacing: float) -> float:
        key = (text, id(style), spacing)
        if key not in widths:
            widths[key] = _width(text, style, spacing)
        return widths[key]

    for target, box in _reference_boxes(document):
        if FIGURE_SPACE not in box.text:
            continue  # the leader's dots
        if target not in pages:
            problems.append(f"#{target}: no such target in the booklet")
            continue
        spacing = box.justification_spacing
        if _is_cross_reference(box):
            blank, number = box.element.get(SLOT_ATTRIBUTE) or BLANK_SLOT, str(pages[target])
            if len(number) > len(blank) or blank not in box.text:
                problems.append(f"#{target}: page {number} does not fit the blank slot left for it")
                continue
            filled = box.text.replace(blank, number, 1)
            spaces = filled.count(" ") + filled.count("\u00a0")
            if spaces:
                spacing += (width(box.text, box.style, 0.0) - width(filled, box.style, 0.0)) / spaces
        else:
            filled = box.text.replace(BLANK_SLOT, slot(pages[target]), 1)
        if abs(width(box.text, box.style, box.justification_spacing) - width(filled, box.style, spacing)) > 0.01:
            problems.append(f"#{target}: page {pages[target]} does not fit the blank slot left for it")
            continue
        fills.append((box, filled, spacing))
    if not problems:
        for box, filled, spacing in fills:
            box.text = filled
            box.justification_spacing = spacing
            box.pango_layout.text = filled  # what WeasyPrint shapes again when it draws the box
            box.pango_layout.justification_spacing = spacing
    return problems


def stale_references(document, pages: dict[str, int]) -> list[tuple[str, str]]:
    """Page references whose printed number is not the page of their target: [(target, printed text)].

    Reads the laid-out ``a::after`` boxes (the contents' leaders and numbers, the "(p. 57)" references): their text
    is what the reader sees. A reference printed without a number counts as stale."""
    printed: dict[int, tuple[str, list[str]]] = {}
    for target, box in _reference_boxes(document):
        if target in pages:
            printed.setdefault(id(box.element), (target, []))[1].append(box.text)
    stale = []
    for target, texts in printed.values():
        numbers = re.findall(r"\d+", "".join(texts))
        if not numbers or int(numbers[-1]) != pages[target]:
            stale.append((target, "".join(texts)))
    return stale
