"""Country data: legal references, treaties, agreements and contacts of the seven jurisdictions, validated.

Public API (for hooks, PDFs, flyers and checks)::

    from handbook.countrydata import load_country_data, contacts_for, phone_for

    data = load_country_data()                 # CountryData, cached per build, reloaded when a file changes
    data.jurisdiction("al").references_for(["tip", "som"])
    contacts_for("hr", "helpline")             # list[Contact] (may be empty: "not yet confirmed")
    phone_for("hr", "police_emergency")        # Contact with a phone, or None
    data.treaty("untoc").parties["xk"].status  # 'not_applicable'
    data.agreements_for(party="rs", subject="extradition")
    data.jurisdiction_name("xk", "mk")         # 'Косово*'
    data.glossary                              # list[GlossaryEntry] or None if data/glossary.yaml is absent

Every loader error is a :class:`handbook.errors.HandbookError` whose findings read ``file:line: what — what to do``.
The data folder is ``data/`` unless ``$HANDBOOK_DATA_DIR`` (or the ``data_dir`` argument) says otherwise.
"""

from __future__ import annotations

from pathlib import Path

from handbook.errors import HandbookError

from handbook.countrydata.model import (  # noqa: F401  (re-exported)
    AGREEMENT_STATUSES,
    JURISDICTIONS,
    REQUEST_TYPES,
    ROLES,
    SUBJECTS,
    TOPICS,
    TREATY_STATUSES,
    Agreement,
    Contact,
    CountryData,
    GlossaryEntry,
    Jurisdiction,
    LegalReference,
    PartyStatus,
    Treaty,
    format_phone,
)
from handbook.countrydata.validate import check_country_data, data_files, default_data_dir, read_data  # noqa: F401

_cache: dict[Path, tuple[tuple, CountryData]] = {}


def _stamp(data_dir: Path) -> tuple:
    stamp = []
    for path in data_files(data_dir):
        try:
            st = path.stat()
            stamp.append((str(path), st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            stamp.append((str(path), None, None))
    return tuple(stamp)


def load_country_data(data_dir: Path | str | None = None) -> CountryData:
    """All country data, validated. Cached; re-read when any data file's modification time or size changes
    (so ``mkdocs serve`` picks up edits). Raises HandbookError listing every error."""
    data_dir = Path(data_dir or default_data_dir()).resolve()
    stamp = _stamp(data_dir)
    cached = _cache.get(data_dir)
    if cached and cached[0] == stamp:
        return cached[1]
    data, findings = read_data(data_dir)
    errors = [f for f in findings if f.severity == "error"]
    if data is None or errors:
        raise HandbookError(errors)
    _cache[data_dir] = (stamp, data)
    return data


def clear_cache() -> None:
    _cache.clear()


def contacts_for(jurisdiction: str, role: str, data: CountryData | None = None) -> list[Contact]:
    """The contacts recorded for ``role`` in ``jurisdiction`` (empty when none is confirmed yet)."""
    return (data or load_country_data()).contacts_for(jurisdiction, role)


def phone_for(jurisdiction: str, role: str, data: CountryData | None = None) -> Contact | None:
    """The first contact of ``role`` in ``jurisdiction`` that has a phone number, or None."""
    return next((c for c in contacts_for(jurisdiction, role, data) if c.phone), None)
