"""The edition shown in the header, the booklets and the flyers, and the fixed date that makes PDFs reproducible."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from functools import lru_cache

from handbook import REPO_ROOT

EDITION = "1"


@lru_cache(maxsize=1)
def commit_timestamp() -> int:
    """Seconds since the epoch of the last commit (SOURCE_DATE_EPOCH wins; outside git: 2026-01-01)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        return int(out)
    except (OSError, subprocess.CalledProcessError, ValueError):
        return int(dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc).timestamp())


def edition_date() -> dt.date:
    return dt.datetime.fromtimestamp(commit_timestamp(), tz=dt.timezone.utc).date()


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "sq": ["janar", "shkurt", "mars", "prill", "maj", "qershor", "korrik", "gusht", "shtator", "tetor", "nëntor",
           "dhjetor"],
    "bs": ["januar", "februar", "mart", "april", "maj", "juni", "juli", "august", "septembar", "oktobar", "novembar",
           "decembar"],
    "hr": ["siječnja", "veljače", "ožujka", "travnja", "svibnja", "lipnja", "srpnja", "kolovoza", "rujna",
           "listopada", "studenoga", "prosinca"],
    "mk": ["јануари", "февруари", "март", "април", "мај", "јуни", "јули", "август", "септември", "октомври",
           "ноември", "декември"],
}


def format_date(date: dt.date, lang: str) -> str:
    """A date as a reader of ``lang`` writes it: '23 November 2026', '23. studenoga 2026.', '23 ноември 2026'."""
    month = MONTHS[lang][date.month - 1]
    if lang == "hr":
        return f"{date.day}. {month} {date.year}."
    if lang == "bs":
        return f"{date.day}. {month} {date.year}."
    return f"{date.day} {month} {date.year}"
