"""The flyer as HTML: one fragment for the web page and the PDF alike (the PDF adds its title block, QR code and
edition line through :class:`PrintExtras`; all print design is CSS in ``print.css``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from handbook.edition import format_date
from handbook.flyers.config import flyer_config
from handbook.flyers.contacts import FlyerContact, FlyerJurisdiction, flyer_jurisdiction
from handbook.flyers.text import FlyerText, inline_markdown_to_html, load_flyer_text, markdown_to_html
from handbook.labels import label
from handbook.languages import get_language

KOSOVO = "xk"


@dataclass(frozen=True)
class FlyerContent:
    """Everything one flyer shows, gathered from the text and the data, in the flyer's language."""

    code: str
    lang: str
    text: FlyerText
    own: FlyerJurisdiction
    neighbours: tuple[FlyerJurisdiction, ...]

    @property
    def fallback(self) -> bool:
        """True while the flyer's language has no _flyer.md yet (the English text is shown)."""
        return self.text.lang != self.lang

    @property
    def title(self) -> str:
        return label("flyer_title", self.lang, jurisdiction=self.own.name)

    @property
    def names_kosovo(self) -> bool:
        return self.code == KOSOVO or any(n.code == KOSOVO for n in self.neighbours)


@dataclass(frozen=True)
class PrintExtras:
    """What only the paper version carries."""

    url: str  # the flyer's online page
    qr_svg: str  # inline SVG of the QR code for ``url``
    edition: str  # "Edition 1, 23 November 2026"


def flyer_content(code: str, lang: str, text_path: Path | None = None) -> FlyerContent:
    config = flyer_config()
    if code not in config.jurisdictions:
        raise KeyError(code)
    text = load_flyer_text(lang, text_path)
    own = flyer_jurisdiction(code, lang, tuple(dict.fromkeys(config.own_roles + config.back_roles)))
    neighbours = tuple(flyer_jurisdiction(other, lang, config.neighbour_roles) for other in config.neighbours[code])
    return FlyerContent(code, lang, text, own, neighbours)


# --- Pieces -------------------------------------------------------------------------------------------------------

def _text_lang_attr(content: FlyerContent) -> str:
    """``lang`` for elements holding the flyer text: set only when it differs from the page (English fallback)."""
    return f' lang="{content.text.lang}"' if content.fallback else ""


UNVERIFIED_MARK = "\u26a0"  # ⚠, as on the data pages: the mark survives black-and-white printing and text extraction
VERIFIED_MARK = "\u2713"  # ✓


def verification_mark(contact: FlyerContact, lang: str) -> str:
    """The verification mark in words (never by colour alone), worded as on the data pages."""
    if contact.verified_on is not None:
        text = label("data_verified_on", lang, date=format_date(contact.verified_on, lang))
        return (f'<span class="wbch-flyer__mark wbch-flyer__mark--verified data-badge data-verified">'
                f'{VERIFIED_MARK}\u00a0{escape(text)}</span>')
    return (f'<span class="wbch-flyer__mark wbch-flyer__mark--unverified data-badge data-unverified">'
            f'{UNVERIFIED_MARK}\u00a0{escape(label("data_unverified", lang))}</span>')


def _number(contact: FlyerContact) -> str:
    # A non-breaking number: "+355 4 222 2222" never splits across lines.
    shown = escape(contact.phone).replace(" ", "\u00a0")
    return f'<a class="wbch-flyer__tel" href="{escape(contact.tel)}">{shown}</a>'


def _no_number(lang: str) -> str:
    return f'<span class="wbch-flyer__none data-missing">{escape(label("data_not_confirmed", lang))}</span>'


def group_by_h3(html: str) -> str:
    """Wrap each ``<h3>`` and what follows it (up to the next one) in a group, so that a group stays whole in
    a column or on a card."""
    head, *groups = re.split(r"(?=<h3[\s>])", html)
    return head + "".join(f'<div class="wbch-flyer__group">{group.strip()}</div>' for group in groups)


_TAGS = re.compile(r"<[^>]+>")


def label_table_cells(html: str) -> str:
    """Tables of the flyer text, made readable as cards on phones (the data pages' ``data-table`` style): the
    first cell of each body row becomes its row heading, every other cell carries its column heading as
    ``data-label``."""

    def one_table(match: re.Match) -> str:
        table = match.group(0)
        head = re.search(r"<thead>(.*?)</thead>", table, re.S)
        if not head:
            return table
        headings = [" ".join(_TAGS.sub("", h).split()) for h in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1), re.S)]

        def one_row(row: re.Match) -> str:
            cells = re.findall(r"<td([^>]*)>(.*?)</td>", row.group(1), re.S)
            out = []
            for index, (attrs, inner) in enumerate(cells):
                if index == 0:
                    out.append(f'<th scope="row"{attrs}>{inner}</th>')
                else:
                    heading = escape(headings[index]) if index < len(headings) else ""
                    out.append(f'<td data-label="{heading}"{attrs}>{inner}</td>')
            return "<tr>" + "".join(out) + "</tr>"

        body = re.sub(r"<tr>(.*?)</tr>", one_row, table[head.end():], flags=re.S)
        return table[:head.end()].replace("<table>", '<table class="data-table">', 1) + body

    return re.sub(r"<table>.*?</table>", one_table, html, flags=re.S)


def _section(content: FlyerContent, anchor: str, extra: str = "", lead: str = "") -> str:
    """One front section: its heading and text from _flyer.md, then ``extra`` (data); ``lead`` goes first."""
    section = content.text.front[anchor]
    title = inline_markdown_to_html(section.title)
    body = group_by_h3(label_table_cells(markdown_to_html(section.body))) if section.body else ""
    text_lang = _text_lang_attr(content)
    return (f'<div class="wbch-flyer__section wbch-flyer__section--{anchor}">{lead}'
            f'<h2 id="{anchor}"{text_lang}>{title}</h2><div class="wbch-flyer__text"{text_lang}>{body}</div>'
            f'{extra}</div>')


def _contact_cell(contacts: tuple[FlyerContact, ...], lang: str, heading: str) -> str:
    if not contacts:
        return f'<td data-label="{escape(heading)}">{_no_number(lang)}</td>'
    numbers = "<br>".join(f"{_number(c)} {verification_mark(c, lang)}" for c in contacts)
    return f'<td data-label="{escape(heading)}">{numbers}</td>'



def _own_lines(content: FlyerContent) -> str:
    """The jurisdiction's own roles that are not columns of the contacts table (the anti-trafficking
    coordinator), one line each."""
    lang = content.lang
    config = flyer_config()
    lines = []
    for role in config.own_roles:
        if role in config.neighbour_roles:
            continue
        contacts = content.own.numbers(role)
        numbers = ("; ".join(f"{_number(c)} {verification_mark(c, lang)}" for c in contacts)
                   if contacts else _no_number(lang))
        lines.append(f'<p class="wbch-flyer__own-line"><strong>{escape(label(f"role_{role}", lang))}, '
                     f'{escape(content.own.name)}:</strong> {numbers}</p>')
    return "".join(lines)


def _contacts_table(content: FlyerContent) -> str:
    """Jurisdiction × role: the flyer's own jurisdiction first, then its neighbours."""
    lang = content.lang
    roles = flyer_config().neighbour_roles
    headings = [label(f"role_{role}", lang) for role in roles]
    head = "".join(f'<th scope="col">{escape(heading)}</th>' for heading in headings)
    rows = []
    for index, place in enumerate((content.own, *content.neighbours)):
        cells = "".join(_contact_cell(place.numbers(role), lang, heading) for role, heading in zip(roles, headings))
        css = ' class="wbch-flyer__own-row"' if index == 0 else ""
        rows.append(f'<tr{css}><th scope="row">{escape(place.name)}</th>{cells}</tr>')
    return (f'<table class="wbch-flyer__contacts data-table"><thead><tr><th scope="col">'
            f'{escape(label("flyer_col_jurisdiction", lang))}</th>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _helpline_box(content: FlyerContent) -> str:
    """The traveller side's box: the first role of ``roles.back`` that has a number (the helpline; the police
    emergency number while no helpline number is confirmed), big; the other roles' numbers under it."""
    lang = content.lang
    roles = [role for role in flyer_config().back_roles if content.own.numbers(role)]
    if not roles:
        return (f'<div class="wbch-flyer__helpline" role="note"><p class="wbch-flyer__helpline-label">'
                f'{escape(label(f"role_{flyer_config().back_roles[0]}", lang))}</p>'
                f'<p class="wbch-flyer__helpline-who">{_no_number(lang)}</p></div>')
    first, *others = roles
    items = [f'<p class="wbch-flyer__helpline-label">{escape(label(f"role_{first}", lang))}</p>']
    for contact in content.own.numbers(first):
        hours = f' · {escape(contact.hours)}' if contact.hours else ""
        items.append(f'<p class="wbch-flyer__helpline-number">{_number(contact)}</p>'
                     f'<p class="wbch-flyer__helpline-who">{escape(contact.institution)}{hours} '
                     f'{verification_mark(contact, lang)}</p>')
    for role in others:
        numbers = ", ".join(f"{_number(c)} {verification_mark(c, lang)}" for c in content.own.numbers(role))
        items.append(f'<p class="wbch-flyer__emergency">{escape(label(f"role_{role}", lang))}: {numbers}</p>')
    return f'<div class="wbch-flyer__helpline" role="note">{"".join(items)}</div>'


def _side_label(lang: str, key: str) -> str:
    return f'<p class="wbch-flyer__side-label">{escape(label(key, lang))}</p>'


def _print_header(content: FlyerContent, extras: PrintExtras) -> str:
    """Paper only: side label, title, tagline, and the QR code with the address of the online flyer."""
    lang = content.lang
    url = escape(extras.url)
    shown = escape(extras.url.split("://", 1)[-1])
    return (f'<header class="wbch-flyer__header">'
            f'<a class="wbch-flyer__qr" href="{url}">{extras.qr_svg}</a>'
            f'{_side_label(lang, "flyer_officer_side")}'
            f'<h1>{escape(content.title)}</h1>'
            f'<p class="wbch-flyer__tagline">{escape(label("flyer_tagline", lang))}</p>'
            f'<p class="wbch-flyer__online">{escape(label("flyer_online", lang))} '
            f'<a class="wbch-flyer__url" href="{url}">{shown}</a></p></header>')


def fallback_notice(content: FlyerContent) -> str:
    if not content.fallback:
        return ""
    text = label("flyer_fallback_notice", content.lang, language=get_language(content.lang).name)
    return f'<p class="wbch-flyer__notice" role="note">{escape(text)}</p>'


# --- The fragment -------------------------------------------------------------------------------------------------

def flyer_fragment(content: FlyerContent, extras: PrintExtras | None = None) -> str:
    """The flyer's HTML: front (officer side) then back (traveller side), in sections a stylesheet can place.

    Web and PDF use this same fragment; ``extras`` adds the paper-only title block, QR code and edition line.
    """
    lang = content.lang
    text = content.text
    referral = _own_lines(content) + _contacts_table(content)
    kosovo = (f'<p class="wbch-flyer__kosovo">{escape(label("kosovo_note", lang))}</p>'
              if content.names_kosovo else "")
    front = "".join([
        f'<p class="wbch-flyer__edition">{escape(extras.edition)}</p>' if extras else "",
        _print_header(content, extras) if extras else _side_label(lang, "flyer_officer_side"),
        fallback_notice(content),
        _section(content, "front-tip-vs-som"),
        _section(content, "front-indicators"),
        '<div class="wbch-flyer__pair">',
        _section(content, "front-first-steps"),
        _section(content, "front-do-not"),
        "</div>",
        _section(content, "front-referral", referral),
        kosovo,
    ])
    back_title = inline_markdown_to_html(text.back.title)
    before = markdown_to_html(text.back_before_helpline) if text.back_before_helpline else ""
    after = markdown_to_html(text.back_after_helpline) if text.back_after_helpline else ""
    back = "".join([
        _side_label(lang, "flyer_traveller_side"),
        f'<div class="wbch-flyer__message"{_text_lang_attr(content)}>',
        f'<h2 id="back">{back_title}</h2>{before}',
        "</div>",
        _helpline_box(content),
        f'<div class="wbch-flyer__message"{_text_lang_attr(content)}>{after}</div>' if after else "",
    ])
    return (f'<div class="wbch-flyer" data-jurisdiction="{content.code}">'
            f'<section class="wbch-flyer__side wbch-flyer__front" id="flyer-front" '
            f'aria-label="{escape(label("flyer_officer_side", lang))}">{front}</section>'
            f'<section class="wbch-flyer__side wbch-flyer__back" id="flyer-back" '
            f'aria-label="{escape(label("flyer_traveller_side", lang))}">{back}</section>'
            f'</div>')
