"""Interface labels in every language, from ``data/labels.yaml`` (the only place they are written)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from handbook import REPO_ROOT
from handbook.errors import Finding, HandbookError
from handbook.languages import language_codes

LABELS_FILE = REPO_ROOT / "data" / "labels.yaml"


def load_labels(path: Path = LABELS_FILE, codes: tuple[str, ...] | None = None) -> dict[str, dict[str, str]]:
    """Load and check the labels: every key has a non-empty text in every language."""
    codes = codes or language_codes()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise HandbookError.at(path, None, f"not valid UTF-8 ({error.reason})", "save the file as UTF-8") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise HandbookError.at(path, line, f"malformed YAML: {getattr(error, 'problem', error)}",
                               "fix the indentation or quoting on that line") from None
    lines = {}
    if node is not None and isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[key_node.value] = key_node.start_mark.line + 1
    findings = []
    labels: dict[str, dict[str, str]] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict):
            findings.append(Finding(path, lines.get(key), f"label '{key}' must map language codes to texts",
                                    "write one line per language, e.g. 'en: ...'"))
            continue
        missing = [code for code in codes if not str(texts.get(code) or "").strip()]
        if missing:
            findings.append(Finding(path, lines.get(key), f"label '{key}' is missing in: {', '.join(missing)}",
                                    "add the translation for each listed language"))
        unknown = sorted(set(texts) - set(codes))
        if unknown:
            findings.append(Finding(path, lines.get(key), f"label '{key}' has unknown language codes: "
                                    f"{', '.join(unknown)}", f"use only {', '.join(codes)}"))
        labels[key] = {code: str(value) for code, value in texts.items()}
    if findings:
        raise HandbookError(findings)
    return labels


@lru_cache(maxsize=1)
def _labels() -> dict[str, dict[str, str]]:
    return load_labels()


def label(key: str, lang: str, **values: object) -> str:
    """The text of label ``key`` in ``lang``, with ``{placeholders}`` filled in."""
    try:
        text = _labels()[key][lang]
    except KeyError:
        raise HandbookError.at(LABELS_FILE, None, f"label '{key}' is not defined for '{lang}'",
                               f"add '{key}' with a '{lang}' text to data/labels.yaml") from None
    return text.format(**values) if values else text


def reload_labels() -> None:
    """Forget cached labels (mkdocs serve rebuilds after an edit of data/labels.yaml)."""
    _labels.cache_clear()
