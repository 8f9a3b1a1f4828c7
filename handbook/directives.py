"""Data directives: ``{{ name key=value ... }}`` in Markdown, replaced with country data in the page's language.

Syntax (CONTRIBUTING.md, "Data directives"): ``{{ contacts jurisdiction=al,ba role=helpline }}``. Values have no
spaces; lists are comma-separated; ``jurisdiction`` also takes ``all``. A *block* directive stands alone on its
line at the left margin (not inside an admonition or list); an *inline* directive may sit inside a sentence.
Directives inside fenced code blocks and inline code spans are left alone, so documentation can show them.

Registering a directive (from any module)::

    from handbook.directives import Param, directive

    @directive("flyer", block=True, params={"jurisdiction": Param(choices=JURISDICTIONS, required=True)})
    def render_flyer(call):            # call: Call (lang, src_path, line, params, page)
        return "<div>...</div>"        # Markdown or HTML in call.lang

Modules that register directives are listed in ``DIRECTIVE_MODULES`` and imported on first use. A listed module
that does not exist (yet) is skipped; any other import error is raised. To add a module, add its name there.

The hook calls :func:`render_directives`. Every problem raises :class:`handbook.errors.HandbookError` with the
page's repository path and line, e.g. ``docs/chapters/1-definitions.md:42: unknown directive 'contact' — use one
of: agreements, contacts, ...``.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handbook import REPO_ROOT
from handbook.errors import Finding, HandbookError

DIRECTIVE_MODULES: tuple[str, ...] = (
    "handbook.render_data",  # legal-references, treaties, agreements, contacts, phone, who-to-contact,
                             # country-profile, glossary
    "handbook.translation_status",  # translation-status
    "handbook.flyers.directives",  # flyer, flyer-index, downloads (reserved for the flyers work)
)

# Anything that looks like a directive: '{{' + a lower-case name. Malformed parameters inside are reported.
CANDIDATE = re.compile(r"\{\{\s*([a-z][a-z0-9-]*)([^{}\n]*?)\s*\}\}")
PARAM = re.compile(r"^([a-z_][a-z0-9_-]*)=([^\s=]+)$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")


@dataclass(frozen=True)
class Param:
    """One filter a directive accepts.

    ``choices``: the valid values (a sequence, or a function returning one, for values that come from data);
    ``None`` accepts any value. ``multiple``: a comma-separated list. ``all_allowed``: ``all`` means every choice.
    """

    choices: Sequence[str] | Callable[[], Sequence[str]] | None = None
    multiple: bool = False
    all_allowed: bool = False
    required: bool = False
    noun: str = ""  # how the value is named in messages ("jurisdiction", "role"); defaults to the parameter name

    def valid_values(self) -> Sequence[str] | None:
        return self.choices() if callable(self.choices) else self.choices


@dataclass
class Directive:
    name: str
    block: bool
    params: dict[str, Param]
    handler: Callable[["Call"], str]
    module: str


@dataclass
class PageState:
    """Per-page memory shared by the directives of one page (e.g. whether the Kosovo* note was printed)."""

    flags: set[str] = field(default_factory=set)


@dataclass
class Call:
    """One directive occurrence, as the handler sees it."""

    name: str
    params: dict[str, Any]  # parsed: str, list[str] (multiple), or None when absent
    raw: dict[str, str]
    lang: str
    src_path: str
    line: int
    page: PageState
    block: bool

    def error(self, message: str, hint: str = "") -> HandbookError:
        return HandbookError.at(self.src_path, self.line, message, hint)


REGISTRY: dict[str, Directive] = {}
_loaded = False


def directive(name: str, *, block: bool, params: dict[str, Param] | None = None):
    """Register the decorated function as the handler of directive ``name``."""

    def register(handler: Callable[[Call], str]) -> Callable[[Call], str]:
        REGISTRY[name] = Directive(name, block, dict(params or {}), handler, handler.__module__)
        return handler

    return register


def load_directive_modules(modules: Iterable[str] = DIRECTIVE_MODULES) -> None:
    """Import the modules that register directives (once). Absent modules are skipped."""
    global _loaded
    if _loaded:
        return
    for module in modules:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
    _loaded = True


def registered() -> dict[str, Directive]:
    load_directive_modules()
    return REGISTRY


# --- Finding directives in Markdown ---------------------------------------------------------------------------


@dataclass
class Occurrence:
    name: str
    args: str
    line: int  # 1-based, in the Markdown given
    start: int  # offsets within the line
    end: int
    alone: bool  # the directive is the only thing on its line
    indent: int


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Character ranges of inline code spans in one line."""
    spans, i = [], 0
    while True:
        start = line.find("`", i)
        if start < 0:
            return spans
        run = len(line[start:]) - len(line[start:].lstrip("`"))
        ticks = "`" * run
        close = start + run
        while True:
            close = line.find(ticks, close)
            if close < 0:
                break
            after = close + run
            if after < len(line) and line[after] == "`":
                close = after + len(line[after:]) - len(line[after:].lstrip("`"))
                continue
            break
        if close < 0:
            i = start + run
            continue
        spans.append((start, close + run))
        i = close + run


def find_occurrences(markdown: str) -> list[Occurrence]:
    """Every directive outside fenced code blocks and inline code spans."""
    found = []
    fence: str | None = None
    for number, line in enumerate(markdown.split("\n"), start=1):
        m = FENCE.match(line)
        if fence is None and m:
            fence = m.group(2)
            continue
        if fence is not None:
            if m and m.group(2)[0] == fence[0] and len(m.group(2)) >= len(fence) and not line[m.end():].strip():
                fence = None
            continue
        if "{{" not in line:
            continue
        spans = _code_spans(line)
        for match in CANDIDATE.finditer(line):
            if any(a <= match.start() < b for a, b in spans):
                continue
            alone = not line[:match.start()].strip() and not line[match.end():].strip()
            found.append(Occurrence(match.group(1), match.group(2).strip(), number, match.start(), match.end(),
                                    alone, match.start()))
    return found


def message_path(src_path: str) -> str:
    """The file an editor should open: a fallback page (``docs_sq/x.md`` that does not exist yet) is built from the
    English file, so its problems are reported there."""
    if (REPO_ROOT / src_path).exists():
        return src_path
    from handbook.languages import default_language, languages

    head, _, rest = src_path.partition("/")
    if rest and any(lang.folder == head for lang in languages()):
        english = f"{default_language().folder}/{rest}"
        if (REPO_ROOT / english).exists():
            return english
    return src_path


def _line_offset(markdown: str, src_path: str) -> int:
    """Lines of the source file that precede the Markdown handed to the hook (front matter; minus anything an
    earlier hook prepended), so messages give the line in the file an editor opens."""
    try:
        text = (REPO_ROOT / src_path).read_text(encoding="utf-8-sig")
    except (OSError, ValueError):
        return 0
    offset = text.rstrip("\n").count("\n") - markdown.rstrip("\n").count("\n")
    last_line = markdown.rstrip().rsplit("\n", 1)[-1]
    return offset if offset >= 0 and text.rstrip().endswith(last_line) else 0


# --- Parsing and checking one occurrence ------------------------------------------------------------------------


def parse_call(occ: Occurrence, lang: str, src_path: str, line: int, page: PageState) -> tuple[Directive, Call]:
    directives = registered()
    where = dict(file=src_path, line=line)
    spec = directives.get(occ.name)
    if spec is None:
        raise HandbookError.at(src_path, line, f"unknown directive '{occ.name}'",
                               f"use one of: {', '.join(sorted(directives))}")
    if spec.block and not occ.alone:
        raise HandbookError.at(src_path, line, f"block directive '{occ.name}' must stand alone on its line",
                               "put it on a line of its own, with a blank line before and after")
    if spec.block and occ.indent >= 4:
        raise HandbookError.at(src_path, line, f"block directive '{occ.name}' is indented (inside an admonition or "
                               "a list)", "move it to the left margin, outside the admonition or list")
    raw: dict[str, str] = {}
    for token in occ.args.split():
        m = PARAM.match(token)
        if not m:
            raise HandbookError.at(src_path, line, f"cannot read '{token}' in directive '{occ.name}'",
                                   "write filters as key=value, without spaces around '=' or after commas")
        key, value = m.groups()
        if key in raw:
            raise HandbookError.at(src_path, line, f"filter '{key}' is given twice in '{occ.name}'",
                                   "give it once, with the values comma-separated")
        raw[key] = value
    params: dict[str, Any] = {}
    for key, value in raw.items():
        param = spec.params.get(key)
        if param is None:
            valid = ", ".join(sorted(spec.params)) or "(none: this directive takes no filters)"
            raise HandbookError.at(src_path, line, f"unknown filter '{key}' for '{occ.name}'", f"use one of: {valid}")
        params[key] = _parse_value(occ.name, key, value, param, where)
    for key, param in spec.params.items():
        if key not in params:
            if param.required:
                raise HandbookError.at(src_path, line, f"directive '{occ.name}' needs '{key}='",
                                       f"add {key}=<value>, e.g. {{{{ {occ.name} {key}=...}}}}")
            params[key] = None
    return spec, Call(occ.name, params, raw, lang, src_path, line, page, spec.block)


def _parse_value(name: str, key: str, value: str, param: Param, where: dict) -> Any:
    values = [v for v in value.split(",")]
    if any(not v for v in values):
        raise HandbookError.at(where["file"], where["line"], f"empty value in {key}={value} ('{name}')",
                               "remove the extra comma")
    if len(values) > 1 and not param.multiple:
        raise HandbookError.at(where["file"], where["line"], f"'{name}' takes one {key}, not a list ({value})",
                               f"give a single {key}")
    choices = param.valid_values()
    if choices is not None:
        if param.all_allowed and values == ["all"]:
            return list(choices)
        noun = param.noun or key
        for v in values:
            if v not in choices:
                extra = " or all" if param.all_allowed else ""
                raise HandbookError.at(where["file"], where["line"], f"unknown {noun} '{v}' in '{name}'",
                                       f"use one of: {', '.join(choices)}{extra}")
    return values if param.multiple else values[0]


# --- Rendering ----------------------------------------------------------------------------------------------------


def render_directives(markdown: str, lang: str, src_path: str) -> str:
    """Replace every directive in ``markdown`` (a page of language ``lang`` at repository path ``src_path``)."""
    occurrences = find_occurrences(markdown)
    if not occurrences:
        return markdown
    src_path = message_path(src_path)
    offset = _line_offset(markdown, src_path)
    page = PageState()
    lines = markdown.split("\n")
    by_line: dict[int, list[Occurrence]] = {}
    for occ in occurrences:
        by_line.setdefault(occ.line, []).append(occ)
    for number, occs in by_line.items():
        text = lines[number - 1]
        pieces, last = [], 0
        for occ in occs:
            spec, call = parse_call(occ, lang, src_path, number + offset, page)
            output = spec.handler(call)
            pieces.append(text[last:occ.start])
            pieces.append(f"\n\n{output.strip()}\n\n" if spec.block else output)
            last = occ.end
        pieces.append(text[last:])
        lines[number - 1] = "".join(pieces)
    return "\n".join(lines)


def check_markdown(markdown: str, src_path: str) -> list[Finding]:
    """Parse and check every directive of one page without rendering (for scripts/validate-data)."""
    findings = []
    page = PageState()
    for occ in find_occurrences(markdown):
        try:
            parse_call(occ, "en", src_path, occ.line, page)
        except HandbookError as error:
            findings += error.findings
    return findings


def check_pages(root: Path = REPO_ROOT) -> list[Finding]:
    """Check the directives of every Markdown page in every language folder."""
    from handbook.languages import languages

    findings = []
    for lang in languages():
        folder = root / lang.folder
        for page in sorted(folder.rglob("*.md")):
            try:
                text = page.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue
            rel = page.relative_to(root).as_posix()
            findings += check_markdown(text, rel)
    return findings
