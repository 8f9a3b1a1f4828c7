"""Country data, directives, verification dates, labels and glossary: through the data model's own validator.

``handbook.countrydata`` (``scripts/validate-data``) is the one reader of ``data/``; these checks call it once and
sort its findings by file, so that each problem is reported once, under the check it belongs to.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from handbook.check import Skipped
from handbook.check.context import Context
from handbook.errors import Finding, HandbookError, display_path

LABEL_CALL = re.compile(r"""\blabel\(\s*["']([A-Za-z0-9_]+)["']""")


def _countrydata():
    try:
        import handbook.countrydata as countrydata
    except ImportError as error:  # not there yet, or a dependency is missing
        return None, str(error)
    if not hasattr(countrydata, "read_data"):
        return None, "handbook.countrydata has no read_data()"
    return countrydata, ""


def _read(ctx: Context):
    """(data or None, findings) from the country-data validator, read once per run."""
    cached = ctx.__dict__.get("_country_data")
    if cached is None:
        module, problem = _countrydata()
        if module is None:
            cached = (False, None, [], problem)
        else:
            try:
                data, findings = module.read_data(ctx.root / "data")
            except HandbookError as error:
                data, findings = None, error.findings
            cached = (True, data, findings, "")
        ctx.__dict__["_country_data"] = cached
    return cached


def _is(finding: Finding, name: str) -> bool:
    return finding.file is not None and Path(finding.file).name == name


def check_data_schema(ctx: Context) -> list[Finding]:
    available, _, findings, problem = _read(ctx)
    if not available:
        raise Skipped(f"the country-data validator is not available ({problem})")
    return [f for f in findings if not _is(f, "labels.yaml") and not _is(f, "glossary.yaml")]


def check_dates(ctx: Context) -> list[Finding]:
    available, data, _, problem = _read(ctx)
    if not available:
        raise Skipped(f"the country-data validator is not available ({problem})")
    if data is not None:
        from handbook.countrydata.validate import freshness_findings

        return freshness_findings(data, ctx.today, strict=False)
    ctx.note("dates", "the country data has errors, so the dates were read from the YAML directly")
    return _raw_date_findings(ctx)


def _raw_date_findings(ctx: Context) -> list[Finding]:
    """Stale and future ``verified:`` dates found by walking the YAML, for when the model cannot load (another
    file has an error). Same thresholds and messages as handbook.countrydata.validate.freshness_findings."""
    import datetime as dt

    from handbook.countrydata.validate import STALE_MONTHS, _months_before

    oldest = _months_before(ctx.today, STALE_MONTHS)
    data_dir = ctx.root / "data"
    files = sorted((data_dir / "jurisdictions").glob("*.y*ml")) + [data_dir / "treaties.yaml",
                                                                   data_dir / "agreements.yaml"]
    findings: list[Finding] = []

    def walk(path: Path, node, what: str, record_id: str) -> None:
        if isinstance(node, yaml.SequenceNode):
            for item in node.value:
                walk(path, item, what, record_id)
            return
        if not isinstance(node, yaml.MappingNode):
            return
        values = {k.value: v for k, v in node.value if isinstance(k, yaml.ScalarNode)}
        id_node = values.get("id")
        if isinstance(id_node, yaml.ScalarNode):
            record_id = id_node.value
        verified = values.get("verified")
        if isinstance(verified, yaml.ScalarNode):
            try:
                day = dt.date.fromisoformat(verified.value.strip())
            except ValueError:
                day = None
            line = verified.start_mark.line + 1
            if day and day > ctx.today:
                findings.append(Finding(path, line, f"{what} '{record_id}': verified date {day} is in the future",
                                        "write the date the source was actually checked", "warning"))
            elif day and day < oldest:
                findings.append(Finding(path, line, f"{what} '{record_id}': last verified {day}, more than "
                                        f"{STALE_MONTHS} months ago", "check it against its source again and "
                                        "update 'verified' and 'verified_by'", "warning"))
        for key, value in values.items():
            if key == "legal_references":
                walk(path, value, "legal reference", record_id)
            elif key == "contacts":
                walk(path, value, "contact", record_id)
            elif key == "parties" and isinstance(value, yaml.MappingNode):
                for code_node, status in value.value:
                    walk(path, status, f"status of {code_node.value}", record_id)
            elif isinstance(value, (yaml.MappingNode, yaml.SequenceNode)):
                walk(path, value, what, record_id)

    for path in files:
        text = ctx.read(path) if path.exists() else None
        if text is None:
            continue
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            continue  # reported by the schema check
        kind = {"treaties.yaml": "treaty", "agreements.yaml": "agreement"}.get(path.name, "record")
        walk(path, node, kind, "?")
    return findings


def check_directives(ctx: Context) -> list[Finding]:
    try:
        from handbook.directives import check_pages
    except ImportError:
        raise Skipped("handbook.directives has no check_pages() yet (the directive registry has not landed); "
                      "the strict build still fails on unknown directives") from None
    import inspect

    import handbook.translation_status  # noqa: F401  (registers {{ translation-status }})

    parameters = inspect.signature(check_pages).parameters
    try:
        if "root" in parameters:
            findings = list(check_pages(ctx.root))
        elif "data_dir" in parameters:
            findings = list(check_pages(data_dir=ctx.root / "data"))
        else:
            findings = list(check_pages())
    except HandbookError as error:
        findings = error.findings
    # Data errors surface here too (filters are checked against the data): the schema check reports them once.
    data_dir = (ctx.root / "data").resolve()
    unique, seen = [], set()
    for finding in findings:
        if finding.file is not None and Path(ctx.root, finding.file).resolve().is_relative_to(data_dir):
            continue
        key = str(finding)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique


def check_labels(ctx: Context) -> list[Finding]:
    available, _, findings, _ = _read(ctx)
    path = ctx.root / "data" / "labels.yaml"
    if available:
        result = [f for f in findings if _is(f, "labels.yaml")]
    else:
        from handbook.labels import load_labels

        try:
            load_labels(path, tuple(lang.code for lang in ctx.languages))
            result = []
        except HandbookError as error:
            result = error.findings
    result += _labels_used_in_code(ctx, path)
    return result


def _defined_labels(path: Path) -> set[str] | None:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return set(raw) if isinstance(raw, dict) else None


def _labels_used_in_code(ctx: Context, path: Path) -> list[Finding]:
    defined = _defined_labels(path)
    if defined is None:
        return []
    findings = []
    sources = sorted((ctx.root / "handbook").rglob("*.py")) + sorted((ctx.root / "hooks").glob("*.py"))
    for source in sources:
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            for key in LABEL_CALL.findall(line):
                if key not in defined:
                    findings.append(Finding(source, number, f"label '{key}' is used here but not defined in "
                                            f"{display_path(path)}",
                                            f"add '{key}:' with a text for each of "
                                            f"{', '.join(lang.code for lang in ctx.languages)}"))
    return findings


def check_glossary(ctx: Context) -> list[Finding]:
    path = ctx.root / "data" / "glossary.yaml"
    if not path.exists():
        raise Skipped("data/glossary.yaml does not exist yet")
    available, _, findings, _ = _read(ctx)
    if available:
        return [f for f in findings if _is(f, "glossary.yaml")]
    return _glossary_fallback(ctx, path)


def _glossary_fallback(ctx: Context, path: Path) -> list[Finding]:
    """Used only while handbook.countrydata cannot be imported: ids unique, a term in every language."""
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        return [Finding(path, mark.line + 1 if mark else None, f"malformed YAML: {error}",
                        "fix the indentation or quoting on that line")]
    if not isinstance(node, yaml.SequenceNode):
        return [Finding(path, 1, "glossary.yaml must be a list of entries", "start each entry with '- id: ...'")]
    findings, seen = [], {}
    codes = [lang.code for lang in ctx.languages]
    for item in node.value:
        line = item.start_mark.line + 1
        entry = {k.value: v.value for k, v in item.value if isinstance(v, yaml.ScalarNode)} \
            if isinstance(item, yaml.MappingNode) else {}
        term_id = entry.get("id")
        if not term_id:
            findings.append(Finding(path, line, "glossary entry without 'id'", "add 'id: <english-term>'"))
        elif term_id in seen:
            findings.append(Finding(path, line, f"duplicate id 'glossary:{term_id}' (first used at line "
                                    f"{seen[term_id]})", "give each entry its own id"))
        else:
            seen[term_id] = line
        missing = [code for code in codes if not str(entry.get(code) or "").strip()]
        if missing:
            findings.append(Finding(path, line, f"term '{term_id}' is missing in: {', '.join(missing)}",
                                    "add the term in each listed language"))
    return findings
