"""The shape of the country data: the one model that the hooks, the PDFs, the flyers and the checks all import.

Files (all under ``data/``, see CONTRIBUTING.md):

- ``jurisdictions/<code>.yaml``: one :class:`Jurisdiction` (legal references and contacts)
- ``treaties.yaml``: a list of :class:`Treaty` (multilateral instruments, status per jurisdiction)
- ``agreements.yaml``: a list of :class:`Agreement` (bilateral agreements between the seven)
- ``glossary.yaml``: a list of :class:`GlossaryEntry` (written by the glossary editors; optional here)

Facts rule: every fact carries ``source`` (where to check it) and ``verified`` (``unverified`` or the date it was
checked against that source, with ``verified_by``). A value nobody has confirmed is left out, never guessed; the
pages then say "not yet confirmed" in the reader's language.

Validators raise ``ValueError("what — what to do")``; the loader turns that into ``file:line: what — what to do``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, get_args

import phonenumbers
from phonenumbers import shortnumberinfo
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from handbook.languages import language_codes

# --- Vocabularies: the one place each list is written. Labels for each value live in data/labels.yaml. ----------

JurisdictionCode = Literal["al", "ba", "hr", "xk", "mk", "me", "rs"]
JURISDICTIONS: tuple[str, ...] = get_args(JurisdictionCode)
"""The seven jurisdictions in the handbook's order. Names: label ``jurisdiction_<code>``."""

Role = Literal[
    "mla_central_authority", "ilecu", "anti_trafficking_coordinator", "jit_expert", "tip_prosecution",
    "border_police", "helpline", "selec_liaison", "police_emergency",
]
ROLES: tuple[str, ...] = get_args(Role)
"""Contact roles. Names: label ``role_<role>``."""

Topic = Literal[
    "tip", "tip_children", "som", "mla", "extradition", "jit", "treaty_precedence", "evidence_abroad",
    "witness_protection",
]
TOPICS: tuple[str, ...] = get_args(Topic)
"""Legal-reference topics. Names: label ``topic_<topic>``."""

Subject = Literal["police", "mla", "extradition", "readmission", "other"]
SUBJECTS: tuple[str, ...] = get_args(Subject)
"""Subjects of bilateral agreements. Names: label ``subject_<subject>``."""

TreatyStatusValue = Literal["ratified", "acceded", "succeeded", "signed", "not_party", "not_applicable", "unknown"]
TREATY_STATUSES: tuple[str, ...] = get_args(TreatyStatusValue)
"""A jurisdiction's relation to a multilateral instrument. ``not_applicable``: it cannot become a party (Kosovo* and
UN or Council of Europe treaties). ``unknown``: not yet established. Names: label ``treaty_status_<status>``."""

AgreementStatus = Literal["in_force", "signed", "terminated", "unknown"]
AGREEMENT_STATUSES: tuple[str, ...] = get_args(AgreementStatus)
"""Names: label ``agreement_status_<status>``."""

SpokenLanguage = Literal["sq", "bs", "hr", "mk", "sr", "cnr", "en", "de", "fr", "it"]
SPOKEN_LANGUAGES: tuple[str, ...] = get_args(SpokenLanguage)
"""Languages a contact point works in (ISO 639). Names: label ``spoken_<code>``."""

REQUEST_TYPES: dict[str, tuple[tuple[str, ...], ...]] = {
    # request type: steps; each step shows the first of its roles that has a contact in the jurisdiction.
    "mla": (("mla_central_authority",),),
    "police_urgent": (("ilecu", "police_emergency"),),
    "jit": (("jit_expert", "tip_prosecution"), ("mla_central_authority",)),
    "extradition": (("mla_central_authority",), ("ilecu",)),
    "victim_referral": (("anti_trafficking_coordinator",), ("helpline", "police_emergency")),
}
"""Who to contact for what (the ``who-to-contact`` directive). Names: label ``request_<type>``, hint
``request_<type>_hint``."""

ROLES_PHONE_ONLY = ("police_emergency", "helpline")
"""Roles shown with their number only (no address or e-mail line)."""

UNVERIFIED = "unverified"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
EMAIL_PATTERN = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[a-z]{2,}$", re.IGNORECASE)
URL_PATTERN = re.compile(r"^https?://[^\s<>\"']+$")


# --- Small value types --------------------------------------------------------------------------------------


def _check_id(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(f"id '{value}' is not a valid identifier — use lower-case letters, digits, '-' and '_', "
                         "e.g. 'al-cc-tip'")
    return value


def _check_url(value: str) -> str:
    if not URL_PATTERN.match(value):
        raise ValueError(f"'{value}' is not a web address — write the full address of the official source, "
                         "starting with https://")
    return value


def _check_text(value: Any) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("empty text — write the text or leave the field out")
    return value.strip()


def _lang_text(required: str) -> Any:
    """A ``{language code: text}`` mapping. ``required``: 'en' (English needed, others optional) or 'all'."""

    def check(value: Any) -> dict[str, str]:
        if not isinstance(value, dict):
            raise ValueError("expected one line per language, e.g. 'en: ...' — write 'en: <text>' on its own line")
        codes = language_codes()
        unknown = [str(k) for k in value if k not in codes]
        if unknown:
            raise ValueError(f"unknown language code(s) {', '.join(unknown)} — use only {', '.join(codes)}")
        texts = {k: str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}
        needed = codes if required == "all" else ("en",)
        missing = [code for code in needed if code not in texts]
        if missing:
            raise ValueError(f"text missing in: {', '.join(missing)} — add a line for each listed language")
        return texts

    return BeforeValidator(check)


LangText = Annotated[dict[str, str], _lang_text("en")]
"""Text in English, optionally translated: ``{en: ..., hr: ...}``."""

FullLangText = Annotated[dict[str, str], _lang_text("all")]
"""Text required in every language of the site."""


def _name(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise ValueError("a name needs 'official:' (in the official language) and 'en:' (in English) — "
                         "write both on their own lines")
    allowed = {"official", *language_codes()}
    unknown = [str(k) for k in value if k not in allowed]
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)} in a name — use 'official', "
                         f"{', '.join(language_codes())}")
    names = {k: str(v).strip() for k, v in value.items() if v is not None and str(v).strip()}
    missing = [k for k in ("official", "en") if k not in names]
    if missing:
        raise ValueError(f"name without {' and '.join(repr(m) for m in missing)} — add the name in the official "
                         "language ('official:') and in English ('en:')")
    return names


Name = Annotated[dict[str, str], BeforeValidator(_name)]
"""An official name: ``{official: <official language>, en: <English>, hr: <optional translation>, ...}``."""


def _verified(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        if value.strip() == UNVERIFIED:
            return None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"'{value}' is not a verification — write 'verified: unverified', or the date the fact was "
                     "checked against its source as 'verified: YYYY-MM-DD' with 'verified_by:'")


Verified = Annotated[dt.date | None, BeforeValidator(_verified)]
"""``None`` for ``unverified``, else the date the fact was checked against its source."""

Id = Annotated[str, AfterValidator(_check_id)]
Url = Annotated[str, AfterValidator(_check_url)]
Text = Annotated[str, BeforeValidator(_check_text)]


def format_phone(number: str, region: str | None = None) -> str:
    """How a number is shown: international format (``+385 1 234 5678``); short numbers as they are dialled."""
    if not number.startswith("+"):
        return number
    return phonenumbers.format_number(phonenumbers.parse(number, None),
                                      phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def check_phone(number: Any, region: str) -> str:
    """A phone number as stored: E.164 (``+38512345678``) or a short number valid in ``region`` (``192``)."""
    text = str(number).strip()
    if re.fullmatch(r"\d{2,6}", text):
        parsed = phonenumbers.parse(text, region)
        if not shortnumberinfo.is_valid_short_number_for_region(parsed, region):
            raise ValueError(f"'{text}' is not a valid short number in {region} — check the number, or write a "
                             "full number in E.164 form (+country code, no spaces)")
        return text
    try:
        parsed = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"'{text}' is not a phone number — write it in E.164 form: +, country code, number, no "
                         "spaces (e.g. +38512345678)") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValueError(f"'{text}' is not a valid phone number — check the digits against the source; write it "
                         "in E.164 form (e.g. +38512345678)")
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if text != e164:
        raise ValueError(f"'{text}' is not written in E.164 form — write it as {e164}")
    return text


# --- Records -------------------------------------------------------------------------------------------------


class Record(BaseModel):
    """Base: unknown fields are errors (a misspelt field must not vanish silently)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Verifiable:
    """For records with ``verified`` (the date a fact was checked, or ``unverified``) and ``verified_by``.

    The records declare the two fields themselves, in their own order (the order "unknown field" hints list)."""

    def _check_verified_by(self) -> None:
        if self.verified is not None and not self.verified_by:
            raise ValueError("verified with a date but no 'verified_by' — add 'verified_by:' with who checked it")

    @property
    def is_verified(self) -> bool:
        return self.verified is not None


class Sourced(Verifiable, Record):
    """A fact with its source and verification."""

    source: Url
    verified: Verified
    verified_by: Text | None = None

    @model_validator(mode="after")
    def _verified_by_needed(self):
        self._check_verified_by()
        return self


class LegalReference(Sourced):
    """One provision of national law."""

    id: Id
    topic: Topic
    act: Name
    article: Text | None = None
    gazette: Text | None = None
    summary: LangText
    notes: LangText | None = None


class Contact(Sourced):
    """One contact point: an institution (and unit) that does ``role`` in a jurisdiction."""

    id: Id
    role: Role
    institution: Name
    unit: Name | None = None
    address: Text | None = None
    phone: Text | None = None
    email: Text | None = None
    website: Url | None = None
    hours: LangText | None = None
    languages: list[SpokenLanguage] = Field(default_factory=list)
    notes: LangText | None = None

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return value
        region = ((info.context or {}).get("jurisdiction") or "").upper() or None
        return check_phone(value, region or "ZZ")

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not EMAIL_PATTERN.match(value):
            raise ValueError(f"'{value}' is not an e-mail address — write it as name@example.org, or leave the "
                             "field out")
        return value

    @property
    def phone_display(self) -> str | None:
        return format_phone(self.phone) if self.phone else None


class Jurisdiction(Record):
    """``data/jurisdictions/<code>.yaml``."""

    code: JurisdictionCode
    former_name: FullLangText | None = None
    legal_references: list[LegalReference] = Field(default_factory=list)
    contacts: list[Contact] = Field(default_factory=list)

    def contacts_for(self, role: str) -> list[Contact]:
        return [c for c in self.contacts if c.role == role]

    def references_for(self, topics: tuple[str, ...] | list[str] | None = None) -> list[LegalReference]:
        order = list(topics or TOPICS)
        refs = [r for r in self.legal_references if r.topic in order]
        return sorted(refs, key=lambda r: order.index(r.topic))


class PartyStatus(Verifiable, Record):
    """One jurisdiction's status under a multilateral instrument."""

    status: TreatyStatusValue
    date: dt.date | None = None
    note: LangText | None = None
    source: Url | None = None
    verified: Verified
    verified_by: Text | None = None

    @model_validator(mode="after")
    def _consistent(self):
        self._check_verified_by()
        if self.date is not None and self.status in ("not_party", "not_applicable", "unknown"):
            raise ValueError(f"a date is given for status '{self.status}' — remove the date, or set the status the "
                             "date belongs to (ratified, acceded, succeeded, signed)")
        return self


class Treaty(Sourced):
    """A multilateral instrument (``data/treaties.yaml``)."""

    id: Id
    short: Text
    title: FullLangText
    reference: Text | None = None
    adopted: dt.date | None = None
    place: Text | None = None
    in_force: dt.date | None = None
    parties: dict[JurisdictionCode, PartyStatus]

    @model_validator(mode="after")
    def _all_parties(self):
        missing = [code for code in JURISDICTIONS if code not in self.parties]
        if missing:
            raise ValueError(f"no status for {', '.join(missing)} — add a line for each under 'parties:' "
                             "(use 'status: unknown' and 'verified: unverified' where it is not known)")
        return self


class Agreement(Sourced):
    """A bilateral agreement between two of the seven (``data/agreements.yaml``)."""

    id: Id
    parties: list[JurisdictionCode]
    subject: Subject
    title: LangText
    signed: dt.date | None = None
    place: Text | None = None
    in_force: dt.date | None = None
    status: AgreementStatus
    gazette: Text | None = None
    notes: LangText | None = None

    @field_validator("parties")
    @classmethod
    def _two_parties(cls, value: list[str]) -> list[str]:
        if len(value) != 2 or value[0] == value[1]:
            raise ValueError("an agreement needs exactly two different parties — write e.g. 'parties: [hr, rs]'")
        return value


class GlossaryEntry(BaseModel):
    """One term in every language (``data/glossary.yaml``); the language keys are checked against mkdocs.yml."""

    model_config = ConfigDict(extra="allow", frozen=True)

    id: Id
    definition: LangText | None = None

    @model_validator(mode="before")
    @classmethod
    def _languages(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        codes = language_codes()
        unknown = [str(k) for k in value if k not in ("id", "definition", *codes)]
        if unknown:
            raise ValueError(f"unknown field(s) {', '.join(unknown)} — a glossary entry has 'id', "
                             f"{', '.join(codes)} and optionally 'definition'")
        missing = [code for code in codes if not str(value.get(code) or "").strip()]
        if missing:
            raise ValueError(f"term '{value.get('id', '?')}' is missing in: {', '.join(missing)} — add the term in "
                             "each listed language")
        return value

    def term(self, lang: str) -> str:
        return str(getattr(self, lang))


class CountryData(BaseModel):
    """Everything in ``data/``, validated. Read it with :func:`handbook.countrydata.load_country_data`."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    jurisdictions: dict[str, Jurisdiction]
    treaties: list[Treaty]
    agreements: list[Agreement]
    glossary: list[GlossaryEntry] | None = None
    labels: dict[str, dict[str, str]]
    locations: dict[str, tuple[str, int | None]] = Field(default_factory=dict)
    """``id`` -> (file, line) of every record, for messages."""

    def jurisdiction(self, code: str) -> Jurisdiction:
        return self.jurisdictions[code]

    def contacts_for(self, jurisdiction: str, role: str) -> list[Contact]:
        return self.jurisdictions[jurisdiction].contacts_for(role)

    def treaty(self, treaty_id: str) -> Treaty:
        return next(t for t in self.treaties if t.id == treaty_id)

    def agreements_for(self, party: str | None = None, subject: str | None = None) -> list[Agreement]:
        return [a for a in self.agreements
                if (party is None or party in a.parties) and (subject is None or a.subject == subject)]

    def label(self, key: str, lang: str, **values: object) -> str:
        text = self.labels[key][lang]
        return text.format(**values) if values else text

    def jurisdiction_name(self, code: str, lang: str) -> str:
        return self.label(f"jurisdiction_{code}", lang)


def required_label_keys() -> list[str]:
    """Every label the country-data pages print; checked by validate-data and at build time."""
    keys = [f"jurisdiction_{c}" for c in JURISDICTIONS]
    keys += [f"role_{r}" for r in ROLES]
    keys += [f"topic_{t}" for t in TOPICS]
    keys += [f"subject_{s}" for s in SUBJECTS]
    keys += [f"treaty_status_{s}" for s in TREATY_STATUSES]
    keys += [f"agreement_status_{s}" for s in AGREEMENT_STATUSES]
    keys += [f"spoken_{s}" for s in SPOKEN_LANGUAGES]
    for request in REQUEST_TYPES:
        keys += [f"request_{request}", f"request_{request}_hint"]
    keys += UI_LABELS
    return keys


UI_LABELS = [
    "data_unverified", "data_unverified_hint", "data_verified_on", "data_not_confirmed", "data_none_recorded",
    "data_source", "data_article", "data_in_english", "data_former_name", "data_not_recorded",
    "data_col_jurisdiction", "data_col_topic", "data_col_provision", "data_col_gazette", "data_col_summary",
    "data_col_verification", "data_col_instrument", "data_col_status", "data_col_agreement", "data_col_parties",
    "data_col_subject", "data_col_signed", "data_col_role", "data_col_institution", "data_col_contact",
    "data_col_term", "data_col_definition", "data_col_request",
    "data_phone", "data_email", "data_address", "data_hours", "data_languages", "data_website",
    "data_adopted", "data_in_force", "data_jump_to",
    "profile_legal_framework", "profile_treaties", "profile_agreements", "profile_contacts",
]
