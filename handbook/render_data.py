"""The country-data directives: tables and cards in the page's language, from handbook.countrydata.

Registered here: ``legal-references``, ``treaties``, ``agreements``, ``contacts``, ``phone`` (inline),
``who-to-contact``, ``country-profile`` and ``glossary``. The HTML is plain and classed (``data-table``,
``data-badge``, ``data-unverified``...); overrides/assets/stylesheets/data.css styles it for screen, phone and print.
Every cell of a table carries ``data-label`` (its column heading) so that small screens can show rows as cards.

Facts that nobody has checked carry a visible, translated "unverified" badge with a ⚠ text marker, so the mark
survives black-and-white printing and PDF text extraction; verified facts show "verified on <date>".
"""

from __future__ import annotations

from html import escape
from typing import Any

from handbook.countrydata import (
    JURISDICTIONS,
    REQUEST_TYPES,
    ROLES,
    SUBJECTS,
    TOPICS,
    CountryData,
    load_country_data,
)
from handbook.countrydata.model import ROLES_PHONE_ONLY, Contact
from handbook.directives import Call, Param, directive
from handbook.edition import format_date
from handbook.languages import get_language, languages

OFFICIAL_LANGUAGE = {"al": "sq", "ba": "bs", "hr": "hr", "xk": "sq", "mk": "mk", "me": "sr-ME", "rs": "sr"}
"""The ``lang`` attribute for names and texts in a jurisdiction's official language."""

UNVERIFIED_MARK = "⚠"
VERIFIED_MARK = "✓"


def _treaty_ids() -> list[str]:
    return [t.id for t in load_country_data().treaties]


JURISDICTION = Param(choices=JURISDICTIONS, multiple=True, all_allowed=True, noun="jurisdiction")
ONE_JURISDICTION = Param(choices=JURISDICTIONS, required=True, noun="jurisdiction")


# --- Small pieces ---------------------------------------------------------------------------------------------


class Page:
    """What a renderer needs: the data, the page language and the per-page state."""

    def __init__(self, call: Call):
        self.call = call
        self.lang = call.lang
        self.data: CountryData = load_country_data()

    def t(self, key: str, **values: Any) -> str:
        """A label in the page language, HTML-escaped."""
        return escape(self.data.label(key, self.lang, **values))

    def jname(self, code: str) -> str:
        return escape(self.data.jurisdiction_name(code, self.lang))

    def date(self, day) -> str:
        return escape(format_date(day, self.lang))

    def badge(self, record) -> str:
        if record.verified is None:
            return (f'<span class="data-badge data-unverified" title="{self.t("data_unverified_hint")}">'
                    f'{UNVERIFIED_MARK}\u00a0{self.t("data_unverified")}</span>')
        return (f'<span class="data-badge data-verified">{VERIFIED_MARK}\u00a0'
                f'{self.t("data_verified_on", date=format_date(record.verified, self.lang))}</span>')

    def missing(self) -> str:
        return f'<span class="data-missing">{self.t("data_not_confirmed")}</span>'

    def source(self, url: str | None) -> str:
        if not url:
            return ""
        return f'<a class="data-source" href="{escape(url)}" rel="noopener">{self.t("data_source")}</a>'

    def verification(self, record, url: str | None = None) -> str:
        link = self.source(url if url is not None else getattr(record, "source", None))
        return f"{self.badge(record)} {link}".strip()

    def text(self, texts: dict[str, str] | None) -> str:
        """Multilingual text in the page language, or English marked as such."""
        if not texts:
            return ""
        if self.lang in texts:
            return escape(texts[self.lang])
        return (f'<span lang="en">{escape(texts["en"])}</span> '
                f'<span class="data-fallback">{self.t("data_in_english")}</span>')

    def name(self, names: dict[str, str] | None, code: str | None = None) -> str:
        """An official name: the page-language form if recorded, else the official one; the other underneath."""
        if not names:
            return ""
        official_lang = OFFICIAL_LANGUAGE.get(code or "", "")
        if self.lang in names:
            main, main_lang = names[self.lang], self.lang
        else:
            main, main_lang = names["official"], official_lang
        second, second_lang = (names["official"], official_lang) if self.lang == "en" else (names["en"], "en")
        html = _span(main, main_lang if main_lang != self.lang else "")
        if second != main:
            html += f' <span class="data-alt">({_span(second, second_lang if second_lang != self.lang else "")})</span>'
        return html

    def kosovo_note(self, codes) -> str:
        """The status footnote, once per page, after the first table that names Kosovo*."""
        if "xk" not in codes or "kosovo_note" in self.call.page.flags:
            return ""
        self.call.page.flags.add("kosovo_note")
        return f'\n<p class="data-footnote">{self.t("kosovo_note")}</p>'


def _span(text: str, lang: str = "") -> str:
    return f'<span lang="{lang}">{escape(text)}</span>' if lang else escape(text)


def table(headers: list[str], rows: list[list[str]], kind: str, caption: str = "",
          row_ids: list[str] | None = None) -> str:
    """An HTML table with ``<thead>``; ``headers`` are escaped label texts, cells are HTML."""
    head = "".join(f'<th scope="col">{h}</th>' for h in headers)
    body = []
    for index, row in enumerate(rows):
        cells = []
        for header, cell in zip(headers, row):
            tag = "th" if header == headers[0] else "td"
            scope = ' scope="row"' if tag == "th" else ""
            cells.append(f'<{tag}{scope} data-label="{header}">{cell or "–"}</{tag}>')
        row_id = f' id="{escape(row_ids[index])}"' if row_ids else ""
        body.append(f"<tr{row_id}>" + "".join(cells) + "</tr>")
    cap = f"<caption>{caption}</caption>" if caption else ""
    return (f'<div class="data-table-wrap">\n<table class="data-table data-{kind}">{cap}\n<thead><tr>{head}</tr></thead>'
            f"\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>\n</div>")


def _codes(value: list[str] | None) -> list[str]:
    return list(value) if value else list(JURISDICTIONS)


def _lines(items: list[tuple[str, str]]) -> str:
    return "<br>".join(f'<span class="data-key">{k}:</span> {v}' if k else v for k, v in items if v)


# --- legal-references -----------------------------------------------------------------------------------------


@directive("legal-references", block=True, params={
    "jurisdiction": JURISDICTION,
    "topic": Param(choices=TOPICS, multiple=True, noun="topic"),
})
def legal_references(call: Call) -> str:
    return render_legal_references(Page(call), _codes(call.params["jurisdiction"]), call.params["topic"])


def render_legal_references(p: Page, codes: list[str], topics: list[str] | None, missing_note: bool = False) -> str:
    single = len(codes) == 1
    headers = ([] if single else [p.t("data_col_jurisdiction")]) + [
        p.t("data_col_topic"), p.t("data_col_provision"), p.t("data_col_gazette"), p.t("data_col_summary"),
        p.t("data_col_verification")]
    rows = []
    for code in codes:
        refs = p.data.jurisdiction(code).references_for(topics)
        for ref in refs:
            provision = p.name(ref.act, code)
            if ref.article:
                provision = f'<strong>{p.t("data_article", article=ref.article)}</strong><br>{provision}'
            summary = p.text(ref.summary)
            if ref.notes:
                summary += f'<br><span class="data-note">{p.text(ref.notes)}</span>'
            row = [p.t(f"topic_{ref.topic}"), provision, escape(ref.gazette) if ref.gazette else p.missing(),
                   summary, p.verification(ref)]
            rows.append(row if single else [p.jname(code)] + row)
        if not refs and not single:
            rows.append([p.jname(code), p.missing(), "", "", "", ""])
    if not rows:
        return f'<p class="data-empty">{p.t("data_none_recorded")}</p>'
    html = table(headers, rows, "legal-references")
    if missing_note and single:
        recorded = {r.topic for r in p.data.jurisdiction(codes[0]).legal_references}
        absent = [p.t(f"topic_{t}") for t in (topics or TOPICS) if t not in recorded and t != "tip_children"]
        if absent:
            html += f'\n<p class="data-note">{p.t("data_not_recorded", topics="; ".join(absent))}</p>'
    return html + p.kosovo_note(codes if not single else [])


# --- treaties -------------------------------------------------------------------------------------------------


@directive("treaties", block=True, params={
    "instrument": Param(choices=_treaty_ids, multiple=True, noun="instrument"),
    "jurisdiction": JURISDICTION,
})
def treaties(call: Call) -> str:
    return render_treaties(Page(call), call.params["instrument"], _codes(call.params["jurisdiction"]))


def _instrument_cell(p: Page, treaty) -> str:
    title = f'<strong>{escape(treaty.title.get(p.lang, treaty.title["en"]))}</strong>'
    facts = []
    if treaty.reference:
        facts.append(escape(treaty.reference))
    if treaty.adopted:
        place = f"{escape(treaty.place)}, " if treaty.place else ""
        facts.append(f'{p.t("data_adopted")}: {place}{p.date(treaty.adopted)}')
    if treaty.in_force:
        facts.append(f'{p.t("data_in_force")}: {p.date(treaty.in_force)}')
    detail = f'<br><span class="data-note">{"; ".join(facts)}</span>' if facts else ""
    return f"{title}{detail}<br>{p.verification(treaty)}"


def _status_cell(p: Page, status, notes: list[str] | None = None) -> str:
    """Status, date, note and verification. With ``notes`` (the matrix), a note becomes a numbered footnote under
    the table, so that identical notes are printed once."""
    label = p.t("treaty_status_" + status.status)
    parts = [f'<span class="data-status data-status-{status.status}">{label}</span>']
    if status.date:
        parts.append(p.date(status.date))
    if status.note:
        note = p.text(status.note)
        if notes is None:
            parts.append(f'<span class="data-note">{note}</span>')
        else:
            if note not in notes:
                notes.append(note)
            parts[0] += f'<sup class="data-ref">{notes.index(note) + 1}</sup>'
    parts.append(p.badge(status) + (" " + p.source(status.source) if status.source else ""))
    return "<br>".join(parts)


def render_treaties(p: Page, instruments: list[str] | None, codes: list[str]) -> str:
    chosen = [p.data.treaty(i) for i in instruments] if instruments else list(p.data.treaties)
    if len(codes) == 1:
        code = codes[0]
        headers = [p.t("data_col_instrument"), p.t("data_col_status")]
        rows = [[_instrument_cell(p, t), _status_cell(p, t.parties[code])] for t in chosen]
        return table(headers, rows, "treaties")
    notes: list[str] = []
    headers = [p.t("data_col_instrument")] + [p.jname(c) for c in codes]
    rows = [[_instrument_cell(p, t)] + [_status_cell(p, t.parties[c], notes) for c in codes] for t in chosen]
    html = table(headers, rows, "treaties data-matrix")
    if notes:
        items = "".join(f"<li>{note}</li>" for note in notes)
        html += f'\n<ol class="data-notes">{items}</ol>'
    return html + p.kosovo_note(codes)


# --- agreements -----------------------------------------------------------------------------------------------


@directive("agreements", block=True, params={
    "party": Param(choices=JURISDICTIONS, multiple=True, all_allowed=True, noun="jurisdiction"),
    "subject": Param(choices=SUBJECTS, multiple=True, noun="subject"),
})
def agreements(call: Call) -> str:
    return render_agreements(Page(call), call.params["party"], call.params["subject"])


def render_agreements(p: Page, parties: list[str] | None, subjects: list[str] | None) -> str:
    parties = parties or list(JURISDICTIONS)
    chosen = [a for a in p.data.agreements
              if any(x in parties for x in a.parties) and (not subjects or a.subject in subjects)]
    if not chosen:
        return f'<p class="data-empty">{p.t("data_none_recorded")}</p>'
    headers = [p.t("data_col_parties"), p.t("data_col_agreement"), p.t("data_col_subject"), p.t("data_col_signed"),
               p.t("data_col_status"), p.t("data_col_verification")]
    rows = []
    for a in chosen:
        title = f'<strong>{p.text(a.title)}</strong>'
        if a.gazette:
            title += f"<br>{escape(a.gazette)}"
        if a.notes:
            title += f'<br><span class="data-note">{p.text(a.notes)}</span>'
        signed = p.date(a.signed) if a.signed else p.missing()
        if a.place and a.signed:
            signed = f"{escape(a.place)}, {signed}"
        status = p.t(f"agreement_status_{a.status}")
        if a.in_force:
            status += f'<br>{p.t("data_in_force")}: {p.date(a.in_force)}'
        rows.append([" – ".join(p.jname(c) for c in a.parties), title, p.t(f"subject_{a.subject}"), signed, status,
                     p.verification(a)])
    codes = {c for a in chosen for c in a.parties}
    return table(headers, rows, "agreements") + p.kosovo_note(codes)


# --- contacts and phone ---------------------------------------------------------------------------------------


def phone_html(p: Page, contact: Contact) -> str:
    return f'<a class="data-tel" href="tel:{escape(contact.phone)}">{escape(contact.phone_display)}</a>'


def reach_html(p: Page, contact: Contact) -> str:
    """Phone, e-mail, address, hours, languages, website; absent facts say "not yet confirmed"."""
    items = [(p.t("data_phone"), phone_html(p, contact) if contact.phone else p.missing())]
    if contact.role not in ROLES_PHONE_ONLY:
        email = (f'<a href="mailto:{escape(contact.email)}">{escape(contact.email)}</a>' if contact.email
                 else p.missing())
        items.append((p.t("data_email"), email))
        items.append((p.t("data_address"), escape(contact.address) if contact.address else p.missing()))
    if contact.hours:
        items.append((p.t("data_hours"), p.text(contact.hours)))
    if contact.languages:
        items.append((p.t("data_languages"), ", ".join(p.t(f"spoken_{x}") for x in contact.languages)))
    if contact.website:
        items.append((p.t("data_website"),
                      f'<a href="{escape(contact.website)}" rel="noopener">{escape(_host(contact.website))}</a>'))
    return _lines(items)


def _host(url: str) -> str:
    return url.split("://", 1)[-1].rstrip("/")


def institution_html(p: Page, contact: Contact, code: str) -> str:
    html = f"<strong>{p.name(contact.institution, code)}</strong>"
    if contact.unit:
        html += f"<br>{p.name(contact.unit, code)}"
    if contact.notes:
        html += f'<br><span class="data-note">{p.text(contact.notes)}</span>'
    return html


@directive("contacts", block=True, params={
    "jurisdiction": JURISDICTION,
    "role": Param(choices=ROLES, multiple=True, noun="role"),
})
def contacts(call: Call) -> str:
    return render_contacts(Page(call), _codes(call.params["jurisdiction"]), call.params["role"] or list(ROLES))


def render_contacts(p: Page, codes: list[str], roles: list[str]) -> str:
    show_j, show_r = len(codes) > 1, len(roles) > 1
    headers = ([p.t("data_col_jurisdiction")] if show_j else []) + ([p.t("data_col_role")] if show_r else []) + [
        p.t("data_col_institution"), p.t("data_col_contact"), p.t("data_col_verification")]
    rows = []
    for code in codes:
        for role in roles:
            lead = ([p.jname(code)] if show_j else []) + ([p.t(f"role_{role}")] if show_r else [])
            found = p.data.contacts_for(code, role)
            if not found:
                rows.append(lead + [p.missing(), "", ""])
            for contact in found:
                rows.append(lead + [institution_html(p, contact, code), reach_html(p, contact),
                                    p.verification(contact)])
    return table(headers, rows, "contacts") + p.kosovo_note(codes if show_j else [])


@directive("phone", block=False, params={
    "jurisdiction": ONE_JURISDICTION,
    "role": Param(choices=ROLES, required=True, noun="role"),
    "id": Param(),
})
def phone(call: Call) -> str:
    p = Page(call)
    code, role, wanted = call.params["jurisdiction"], call.params["role"], call.params["id"]
    found = p.data.contacts_for(code, role)
    if wanted:
        found = [c for c in found if c.id == wanted]
        if not found:
            ids = ", ".join(c.id for c in p.data.contacts_for(code, role)) or "(none recorded)"
            raise call.error(f"no {role} contact with id '{wanted}' in {code}", f"use one of: {ids}")
    with_phone = [c for c in found if c.phone]
    if not with_phone:
        return f'<span class="data-phone">{p.missing()}</span>'
    contact = with_phone[0]
    return f'<span class="data-phone">{phone_html(p, contact)} {p.badge(contact)}</span>'


# --- who-to-contact -------------------------------------------------------------------------------------------


@directive("who-to-contact", block=True, params={
    "jurisdiction": JURISDICTION,
    "request": Param(choices=tuple(REQUEST_TYPES), multiple=True, noun="request type"),
})
def who_to_contact(call: Call) -> str:
    return render_who_to_contact(Page(call), _codes(call.params["jurisdiction"]),
                                 call.params["request"] or list(REQUEST_TYPES))


def _route(p: Page, code: str, request: str) -> str:
    """The contacts for one request type: per step, the first role that has a contact."""
    parts = []
    for step in REQUEST_TYPES[request]:
        role = next((r for r in step if p.data.contacts_for(code, r)), None)
        if role is None:
            parts.append(f'<div class="data-route"><span class="data-role">{p.t("role_" + step[0])}</span>'
                         f"<br>{p.missing()}</div>")
            continue
        for contact in p.data.contacts_for(code, role):
            reach = [(p.t("data_phone"), phone_html(p, contact) if contact.phone else p.missing())]
            if contact.email:
                reach.append((p.t("data_email"),
                              f'<a href="mailto:{escape(contact.email)}">{escape(contact.email)}</a>'))
            parts.append(f'<div class="data-route"><span class="data-role">{p.t("role_" + role)}</span><br>'
                         f"{institution_html(p, contact, code)}<br>{_lines(reach)}<br>"
                         f"{p.verification(contact)}</div>")
    return "".join(parts)


def render_who_to_contact(p: Page, codes: list[str], requests: list[str]) -> str:
    out = []
    if len(codes) > 1:
        links = " ".join(f'<a href="#who-{c}">{p.jname(c)}</a>' for c in codes)
        out.append(f'<nav class="data-jump" aria-label="{p.t("data_jump_to")}">'
                   f'<span class="data-key">{p.t("data_jump_to")}:</span> {links}</nav>')
        hints = "".join(f'<dt>{p.t("request_" + r)}</dt><dd>{p.t("request_" + r + "_hint")}</dd>' for r in requests)
        out.append(f'<dl class="data-requests">{hints}</dl>')
    for code in codes:
        if len(codes) > 1:
            out.append(f"## {_md_escape(p.data.jurisdiction_name(code, p.lang))} {{#who-{code}}}")
        cards = "".join(f'<div class="data-card"><h3 class="data-card-title">{p.t("request_" + r)}</h3>'
                        f"{_route(p, code, r)}</div>" for r in requests)
        out.append(f'<div class="data-cards data-who" data-jurisdiction="{code}">{cards}</div>')
    if "xk" in codes:
        note = p.kosovo_note(codes)
        if note:
            out.append(note.strip())
    return "\n\n".join(out)


def _md_escape(text: str) -> str:
    return "".join("\\" + ch if ch in "\\`*_[]{}<>#!|" else ch for ch in text)


# --- country-profile ------------------------------------------------------------------------------------------


@directive("country-profile", block=True, params={"jurisdiction": ONE_JURISDICTION})
def country_profile(call: Call) -> str:
    p = Page(call)
    code = call.params["jurisdiction"]
    jur = p.data.jurisdiction(code)
    out = []
    if code == "xk":
        call.page.flags.add("kosovo_note")
        out.append(f'<p class="data-footnote">{p.t("kosovo_note")}</p>')
    if jur.former_name:
        former = jur.former_name.get(p.lang, jur.former_name["en"])
        out.append(f'<p class="data-note">{p.t("data_former_name", name=former)}</p>')
    out.append(f'## {_md_escape(p.data.label("profile_legal_framework", p.lang))} {{#legal-framework}}')
    out.append(render_legal_references(p, [code], None, missing_note=True))
    out.append(f'## {_md_escape(p.data.label("profile_treaties", p.lang))} {{#treaties}}')
    out.append(render_treaties(p, None, [code]))
    out.append(f'## {_md_escape(p.data.label("profile_agreements", p.lang))} {{#agreements}}')
    out.append(render_agreements(p, [code], None))
    out.append(f'## {_md_escape(p.data.label("profile_contacts", p.lang))} {{#contacts}}')
    out.append(render_contacts(p, [code], list(ROLES)))
    return "\n\n".join(out)


# --- glossary -------------------------------------------------------------------------------------------------


@directive("glossary", block=True)
def glossary(call: Call) -> str:
    p = Page(call)
    entries = p.data.glossary
    if entries is None:
        raise call.error("the glossary file data/glossary.yaml does not exist",
                         "add it (a list of entries: id, en, sq, bs, hr, mk, definition) or remove the directive")
    order = [p.lang] + [lang.code for lang in languages() if lang.code != p.lang]
    headers = [escape(get_language(code).name) for code in order] + [p.t("data_col_definition")]
    rows, ids = [], []
    for entry in sorted(entries, key=lambda e: e.term(p.lang).casefold()):
        cells = [f'<span lang="{code}">{escape(entry.term(code))}</span>' for code in order]
        cells.append(p.text(entry.definition) if entry.definition else "")
        rows.append(cells)
        ids.append(f"term-{entry.id}")  # anchor, so chapters can link to a term: f-glossary.md#term-<id>
    return table(headers, rows, "glossary", row_ids=ids)
