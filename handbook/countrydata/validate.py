"""Check everything in ``data/``: one finding per problem, ``file:line: what — what to do``.

Command line (``scripts/validate-data`` runs this)::

    python -m handbook.countrydata [--strict] [--data-dir DIR] [--today YYYY-MM-DD] [--no-pages]

Errors (exit 1): malformed YAML, unknown codes, missing fields, invalid phone numbers, duplicate ids, labels
missing in a language, unknown directives or filters in the pages. Warnings (errors with ``--strict``): a
verification date in the future or older than 18 months.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import string
import sys
from pathlib import Path
from typing import Any, Iterator

from handbook import REPO_ROOT
from handbook.errors import Finding, HandbookError, display_path
from handbook.labels import load_labels
from handbook.languages import language_codes

from handbook.countrydata.loader import YamlDoc, load_yaml, validate_model
from handbook.countrydata.model import (
    JURISDICTIONS,
    Agreement,
    CountryData,
    GlossaryEntry,
    Jurisdiction,
    Treaty,
    required_label_keys,
)

STALE_MONTHS = 18
PLACEHOLDERS = {
    "data_verified_on": {"date"},
    "data_article": {"article"},
    "data_former_name": {"name"},
    "data_not_recorded": {"topics"},
}


def default_data_dir() -> Path:
    """``$HANDBOOK_DATA_DIR`` if set (tests point it at fixtures), else ``data/`` in the repository."""
    return Path(os.environ.get("HANDBOOK_DATA_DIR") or REPO_ROOT / "data")


def data_files(data_dir: Path) -> list[Path]:
    """Every file the country data is read from (the build cache is keyed on their modification times)."""
    files = [data_dir / "treaties.yaml", data_dir / "agreements.yaml", data_dir / "labels.yaml",
             data_dir / "glossary.yaml"]
    jur = data_dir / "jurisdictions"
    if jur.is_dir():
        files += sorted(jur.glob("*.yaml")) + sorted(jur.glob("*.yml"))
    return files


def read_data(data_dir: Path | None = None) -> tuple[CountryData | None, list[Finding]]:
    """Load and validate all data files. Returns the data (None if any error) and every finding."""
    data_dir = Path(data_dir or default_data_dir())
    findings: list[Finding] = []
    locations: dict[str, tuple[str, int | None]] = {}

    def remember(record_id: str, doc: YamlDoc, loc) -> None:
        where = (display_path(doc.path), doc.line(loc))
        if record_id in locations:
            first_file, first_line = locations[record_id]
            findings.append(Finding(doc.path, doc.line(loc + ("id",)), f"duplicate id '{record_id}' (first used at "
                                    f"{first_file}:{first_line})", "give each entry its own id"))
        else:
            locations[record_id] = where

    # Labels (handbook.labels is the one reader; here pointed at this data folder).
    labels: dict[str, dict[str, str]] = {}
    labels_path = data_dir / "labels.yaml"
    if not labels_path.exists():
        findings.append(Finding(labels_path, None, "labels file is missing", "restore data/labels.yaml"))
    else:
        try:
            labels = load_labels(labels_path, language_codes())
        except HandbookError as error:
            findings += error.findings
        else:
            findings += _check_required_labels(labels_path, labels)

    # Jurisdictions.
    jurisdictions: dict[str, Jurisdiction] = {}
    jur_dir = data_dir / "jurisdictions"
    present = {p.stem: p for p in sorted(jur_dir.glob("*.y*ml"))} if jur_dir.is_dir() else {}
    for stem, path in present.items():
        if stem not in JURISDICTIONS:
            findings.append(Finding(path, 1, f"unknown jurisdiction code '{stem}' (from the file name)",
                                    f"name the file after one of: {', '.join(JURISDICTIONS)}"))
            continue
        doc = _load(path, findings)
        if doc is None:
            continue
        if not isinstance(doc.data, dict):
            findings.append(Finding(path, 1, "expected 'code:', 'legal_references:' and 'contacts:' at the top",
                                    "compare with another file in data/jurisdictions/"))
            continue
        if doc.data.get("code") not in (None, stem) and doc.data.get("code") in JURISDICTIONS:
            findings.append(Finding(path, doc.line(("code",)), f"file {path.name} says 'code: {doc.data['code']}'",
                                    f"write 'code: {stem}' or rename the file"))
            continue
        obj, problems = validate_model(Jurisdiction, doc.data, doc, context={"jurisdiction": stem})
        findings += problems
        if obj is not None:
            jurisdictions[stem] = obj
            for section in ("legal_references", "contacts"):
                for index, record in enumerate(getattr(obj, section)):
                    remember(record.id, doc, (section, index))
    for code in JURISDICTIONS:
        if code not in present:
            findings.append(Finding(jur_dir / f"{code}.yaml", None, f"no data file for jurisdiction '{code}'",
                                    f"create data/jurisdictions/{code}.yaml (copy another and empty its lists)"))

    treaties = _read_list(data_dir / "treaties.yaml", Treaty, findings, remember, required=True)
    agreements = _read_list(data_dir / "agreements.yaml", Agreement, findings, remember, required=True)
    glossary = _read_list(data_dir / "glossary.yaml", GlossaryEntry, findings, remember, required=False,
                          id_prefix="glossary:")

    if any(f.severity == "error" for f in findings):
        return None, findings
    data = CountryData(jurisdictions=jurisdictions, treaties=treaties or [], agreements=agreements or [],
                       glossary=glossary, labels=labels, locations=locations)
    return data, findings


def _load(path: Path, findings: list[Finding]) -> YamlDoc | None:
    try:
        return load_yaml(path)
    except HandbookError as error:
        findings += error.findings
        return None


def _read_list(path: Path, model, findings: list[Finding], remember, required: bool, id_prefix: str = ""):
    if not path.exists():
        if required:
            findings.append(Finding(path, None, f"{path.name} is missing", f"restore data/{path.name}"))
        return None
    doc = _load(path, findings)
    if doc is None:
        return None
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        findings.append(Finding(path, 1, f"{path.name} must be a list of entries",
                                "start each entry with '- id: ...' at the left margin"))
        return None
    items = []
    for index, raw in enumerate(doc.data):
        obj, problems = validate_model(model, raw, doc, (index,))
        findings += problems
        if obj is not None:
            items.append(obj)
            # Glossary ids live in their own namespace (a term may share an id with a legal reference).
            remember(id_prefix + obj.id if id_prefix else obj.id, doc, (index,))
    return items


def _check_required_labels(path: Path, labels: dict[str, dict[str, str]]) -> list[Finding]:
    findings = []
    for key in required_label_keys():
        if key not in labels:
            findings.append(Finding(path, None, f"label '{key}' is missing",
                                    f"add '{key}:' with a text for each of {', '.join(language_codes())}"))
    formatter = string.Formatter()
    for key, expected in PLACEHOLDERS.items():
        for lang, text in labels.get(key, {}).items():
            found = {name for _, name, _, _ in formatter.parse(text) if name}
            if found != expected:
                findings.append(Finding(path, None, f"label '{key}' ({lang}) has placeholders {sorted(found)}",
                                        f"use exactly {', '.join('{' + e + '}' for e in sorted(expected))}"))
    return findings


# --- Freshness of verifications ---------------------------------------------------------------------------------


def _months_before(day: dt.date, months: int) -> dt.date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def verifications(data: CountryData) -> Iterator[tuple[str, str, Any]]:
    """(record id, what, record) for every fact that carries a verification."""
    for code, jur in data.jurisdictions.items():
        for ref in jur.legal_references:
            yield ref.id, "legal reference", ref
        for contact in jur.contacts:
            yield contact.id, "contact", contact
    for treaty in data.treaties:
        yield treaty.id, "treaty", treaty
        for code, status in treaty.parties.items():
            yield treaty.id, f"status of {code}", status
    for agreement in data.agreements:
        yield agreement.id, "agreement", agreement


def freshness_findings(data: CountryData, today: dt.date | None = None, strict: bool = False) -> list[Finding]:
    today = today or dt.date.today()
    oldest = _months_before(today, STALE_MONTHS)
    severity = "error" if strict else "warning"
    findings = []
    for record_id, what, record in verifications(data):
        if record.verified is None:
            continue
        file, line = data.locations.get(record_id, (None, None))
        if record.verified > today:
            findings.append(Finding(file, line, f"{what} '{record_id}': verified date {record.verified} is in the "
                                    "future", "write the date the source was actually checked", severity))
        elif record.verified < oldest:
            findings.append(Finding(file, line, f"{what} '{record_id}': last verified {record.verified}, more than "
                                    f"{STALE_MONTHS} months ago", "check it against its source again and update "
                                    "'verified' and 'verified_by'", severity))
    return findings


def check_country_data(data_dir: Path | None = None, today: dt.date | None = None, strict: bool = False,
                       pages: bool = True) -> list[Finding]:
    """Every finding for ``data/`` (and, with ``pages``, for the directives in every Markdown page)."""
    data, findings = read_data(data_dir)
    if data is not None:
        findings += freshness_findings(data, today, strict)
        if pages:
            from handbook.directives import check_pages

            findings += check_pages()
    return findings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/validate-data", description=__doc__.split("\n\n")[0])
    parser.add_argument("--strict", action="store_true", help="treat warnings (stale or future verification "
                        "dates) as errors")
    parser.add_argument("--data-dir", type=Path, default=None, help="data folder (default: $HANDBOOK_DATA_DIR or "
                        "data/)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="date to check verifications "
                        "against (default: today), YYYY-MM-DD")
    parser.add_argument("--no-pages", action="store_true", help="do not check the directives in docs*/")
    args = parser.parse_args(argv)
    try:
        findings = check_country_data(args.data_dir, args.today, args.strict, pages=not args.no_pages)
    except HandbookError as error:  # pragma: no cover - read_data collects; this is a last resort
        findings = error.findings
    errors = [f for f in findings if f.severity == "error"]
    warnings = [f for f in findings if f.severity != "error"]
    for finding in errors + warnings:
        prefix = "" if finding.severity == "error" else "warning: "
        text = str(finding)
        if prefix:
            where, _, rest = text.partition(": ")
            text = f"{where}: {prefix}{rest}"
        print(text)
    summary = f"{len(errors)} error(s), {len(warnings)} warning(s)"
    print(summary if findings else "data OK", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
