"""The contacts a flyer prints, read from the country data model (handbook.countrydata) in the flyer's language.

The flyers need little of the model: per jurisdiction its name, and per role the institution, the number (as shown
and as a ``tel:`` link), the hours and the verification date (``None`` = unverified). This module is the only
place in handbook/flyers/ that knows the model's shape. A role without a confirmed number is simply absent: the
flyer then says "not yet confirmed" (the data never guesses a number).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from handbook.labels import label

DATA_DIR = Path(__file__).resolve().parents[2] / "data"


@dataclass(frozen=True)
class FlyerContact:
    role: str
    institution: str  # in the flyer's language where the data has it, else the official name
    phone: str  # as shown: "+385 1 234 5678", "192"
    tel: str  # "tel:+38512345678"
    hours: str | None
    verified_on: dt.date | None  # None: unverified

    @property
    def verified(self) -> bool:
        return self.verified_on is not None


@dataclass(frozen=True)
class FlyerJurisdiction:
    code: str
    name: str  # "Kosovo*", in the flyer's language
    contacts: dict[str, tuple[FlyerContact, ...]]  # role -> contacts that have a number, in data order

    def numbers(self, role: str) -> tuple[FlyerContact, ...]:
        return self.contacts.get(role) or ()


def data_dir() -> Path:
    from handbook.countrydata import default_data_dir

    return Path(default_data_dir())


def data_file(code: str) -> Path:
    """The data file of a jurisdiction (an input of every flyer that prints it, for caching)."""
    return data_dir() / "jurisdictions" / f"{code}.yaml"


def _name_in(names: dict[str, str], lang: str) -> str:
    """As the data pages do: the name in the flyer's language if recorded, else the official one."""
    return names.get(lang) or names.get("official") or names.get("en") or ""


def flyer_jurisdiction(code: str, lang: str, roles: tuple[str, ...]) -> FlyerJurisdiction:
    """The name of ``code`` and its contacts with a phone number for ``roles``, in ``lang``."""
    from handbook.countrydata import load_country_data  # cached by the model, re-read when a data file changes

    data = load_country_data()
    record = data.jurisdiction(code)
    contacts: dict[str, tuple[FlyerContact, ...]] = {}
    for role in roles:
        found = []
        for contact in record.contacts_for(role):
            if not contact.phone:
                continue
            hours = (contact.hours.get(lang) or contact.hours.get("en")) if contact.hours else None
            found.append(FlyerContact(
                role=role,
                institution=_name_in(contact.institution, lang),
                phone=contact.phone_display or contact.phone,
                tel="tel:" + contact.phone,
                hours=hours,
                verified_on=contact.verified,
            ))
        contacts[role] = tuple(found)
    return FlyerJurisdiction(code=code, name=label(f"jurisdiction_{code}", lang), contacts=contacts)
