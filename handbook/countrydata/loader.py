"""Read YAML keeping the line of every key and list item, and turn validation errors into ``file:line`` findings."""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from handbook.errors import Finding, HandbookError

Loc = tuple[Any, ...]


@dataclass
class YamlDoc:
    """A parsed YAML file: the plain data and the 1-based line of every mapping key and sequence item."""

    path: Path
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc = ()) -> int | None:
        """The line of ``loc``, or of its nearest enclosing key or item."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


def load_yaml(path: Path) -> YamlDoc:
    """Parse one YAML file. Malformed YAML, a bad encoding and duplicate keys raise HandbookError at their line."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise HandbookError.at(path, None, f"not valid UTF-8 ({error.reason})", "save the file as UTF-8") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        lines: dict[Loc, int] = {}
        if node is not None:
            _walk(path, node, (), lines)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise HandbookError.at(path, mark.line + 1 if mark else None, f"malformed YAML: {problem}",
                               "fix the indentation, the quoting or the ':' on that line (compare with an entry "
                               "that works)") from None
    finally:
        loader.dispose()
    return YamlDoc(path, data, lines)


def _walk(path: Path, node: yaml.Node, loc: Loc, lines: dict[Loc, int]) -> None:
    lines.setdefault(loc, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _scalar_key(key_node)
            line = key_node.start_mark.line + 1
            if key in seen:
                raise HandbookError.at(path, line, f"duplicate key '{key}' (first at line {seen[key]})",
                                       "keep one of the two; YAML would silently drop the first")
            seen[key] = line
            lines[loc + (key,)] = line
            _walk(path, value_node, loc + (key,), lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            lines[loc + (index,)] = item.start_mark.line + 1
            _walk(path, item, loc + (index,), lines)


def _scalar_key(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.value
    return repr(node)


# --- Validation errors -> findings ---------------------------------------------------------------------------

NOUNS = {
    "role": "role", "topic": "topic", "subject": "subject", "status": "status", "parties": "jurisdiction",
    "code": "jurisdiction code", "languages": "language",
}


def validate_model(model: type[BaseModel], data: Any, doc: YamlDoc, base: Loc = (), context: dict | None = None):
    """Validate ``data`` (found at ``base`` in ``doc``) as ``model``; return (object or None, findings)."""
    try:
        return model.model_validate(data, context=context), []
    except ValidationError as error:
        return None, findings_from_error(error, model, doc, base)


def findings_from_error(error: ValidationError, model: type[BaseModel], doc: YamlDoc, base: Loc = ()) -> list[Finding]:
    findings = []
    for item in error.errors(include_url=False):
        loc = tuple(part for part in item["loc"] if part != "[key]")
        is_key = "[key]" in item["loc"]
        message, hint = _explain(item, loc, model, is_key)
        findings.append(Finding(doc.path, doc.line(base + loc), message, hint))
    return findings


def _explain(item: dict, loc: Loc, model: type[BaseModel], is_key: bool) -> tuple[str, str]:
    kind = item["type"]
    name = _field_name(loc)
    value = item.get("input")
    ctx = item.get("ctx") or {}
    if kind == "missing":
        hint = f"add '{name}:' to this entry"
        if name == "verified":
            hint = "add 'verified: unverified' (or 'verified: YYYY-MM-DD' with 'verified_by:')"
        elif name == "source":
            hint = "add 'source:' with the address of the official source (gazette, treaty office, ministry)"
        return f"missing required field '{name}'", hint
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1])
        hint = f"check the spelling; allowed here: {', '.join(allowed)}" if allowed else "check the spelling"
        return f"unknown field '{name}'", hint
    if kind in ("literal_error", "enum"):
        noun = NOUNS.get(name, name)
        if is_key and name == "parties":
            noun = "jurisdiction"
        expected = str(ctx.get("expected", "")).replace("'", "")
        return f"unknown {noun} '{value}'", f"use one of: {expected}"
    if kind in ("value_error", "assertion_error"):
        text = str(ctx.get("error", item.get("msg", "")))
        message, _, hint = text.partition(" — ")
        if name and isinstance(loc[-1], str) and not message.startswith(("'", "a ", "an ", "no ", "id ")):
            message = f"{name}: {message}"
        return message, hint
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type", "date_from_datetime_inexact"):
        return f"'{name}' is not a date: {value!r}", "write the date as YYYY-MM-DD, e.g. 2006-05-05"
    if kind in ("list_type",):
        return f"'{name}' must be a list", "write the items one per line starting with '- ', or as [a, b]"
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (f"'{name or 'this entry'}' must be a set of 'key: value' lines",
                "compare its indentation with an entry that works")
    if kind in ("string_type",):
        return f"'{name}' must be text", "put the value in quotes"
    return f"{name or 'entry'}: {item.get('msg')}", "compare with an entry that works and with CONTRIBUTING.md"


def _field_name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str):
            return part
    return ""


def _allowed_fields(model: Any, loc: Loc) -> list[str]:
    """The field names of the model found at ``loc`` inside ``model`` (for 'unknown field' hints)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            if not isinstance(part, str) or part not in current.model_fields:
                return []
            current = current.model_fields[part].annotation
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _unwrap(tp: Any) -> Any:
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(tp) if a is not type(None)]
            tp = args[0] if len(args) == 1 else tp
            if len(args) != 1:
                return tp
        else:
            return tp
