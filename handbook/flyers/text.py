"""The flyer text of a language (``docs*/flyers/_flyer.md``), cut into the front sections and the back.

The file's own top comment documents the structure for editors. Markdown is converted with the extensions of
mkdocs.yml, so a flyer reads the same on the web and on paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from handbook import REPO_ROOT
from handbook.errors import Finding, HandbookError
from handbook.languages import default_language, get_language

TEXT_NAME = "_flyer.md"
FRONT_SECTIONS = ("front-tip-vs-som", "front-indicators", "front-first-steps", "front-do-not", "front-referral")
BACK_SECTION = "back"
HELPLINE_MARKER = "<!-- helpline -->"

_H2 = re.compile(r"^##\s+(?P<title>.+?)\s*\{\s*#(?P<anchor>[A-Za-z0-9_-]+)\s*\}\s*$")
_H2_ANY = re.compile(r"^##\s")
_FENCE = re.compile(r"^\s*(```|~~~)")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    body: str  # Markdown under the heading (the heading itself is rendered by the code)
    line: int  # line of the heading in the file


@dataclass(frozen=True)
class FlyerText:
    lang: str  # language of the text (English when the page language has no _flyer.md yet)
    path: Path
    front: dict[str, Section]  # by anchor, in FRONT_SECTIONS order
    back: Section
    back_before_helpline: str
    back_after_helpline: str


def text_path(lang: str) -> Path:
    """Where the flyer text of ``lang`` lives (whether or not it exists yet)."""
    return get_language(lang).path / "flyers" / TEXT_NAME


def text_source(lang: str) -> tuple[Path, str]:
    """The file a flyer in ``lang`` is printed from, and its language: the translation, else English."""
    own = text_path(lang)
    if own.is_file():
        return own, lang
    default = default_language().code
    return text_path(default), default


def parse_flyer_text(source: str, path: Path, lang: str) -> FlyerText:
    """Cut ``source`` at its ``##`` headings; every required anchor exactly once, nothing unknown."""
    findings: list[Finding] = []
    sections: list[Section] = []
    current: dict | None = None
    in_fence = False
    lines = source.splitlines()
    for number, line in enumerate(lines, start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        if not in_fence and _H2_ANY.match(line):
            match = _H2.match(line)
            if not match:
                findings.append(Finding(path, number, "a '##' heading of the flyer text has no {#anchor}",
                                        "end it with one of: " + ", ".join(f"{{#{a}}}" for a in
                                                                            (*FRONT_SECTIONS, BACK_SECTION))))
                current = None
                continue
            if current:
                sections.append(Section(current["anchor"], current["title"], "\n".join(current["body"]).strip(),
                                        current["line"]))
            current = {"anchor": match["anchor"], "title": match["title"], "body": [], "line": number}
        elif current is not None:
            current["body"].append(line)
    if current:
        sections.append(Section(current["anchor"], current["title"], "\n".join(current["body"]).strip(),
                                current["line"]))

    by_anchor: dict[str, Section] = {}
    expected = (*FRONT_SECTIONS, BACK_SECTION)
    for section in sections:
        if section.anchor not in expected:
            findings.append(Finding(path, section.line, f"unknown flyer section {{#{section.anchor}}}",
                                    f"the flyer has exactly these sections: {', '.join(expected)}"))
        elif section.anchor in by_anchor:
            findings.append(Finding(path, section.line, f"flyer section {{#{section.anchor}}} appears twice",
                                    f"merge it with the one on line {by_anchor[section.anchor].line}"))
        else:
            by_anchor[section.anchor] = section
    missing = [a for a in expected if a not in by_anchor]
    if missing:
        findings.append(Finding(path, None, f"flyer text lacks the section(s): {', '.join(missing)}",
                                "add a '## Title {#anchor}' heading for each, as in docs/flyers/_flyer.md"))
    back = by_anchor.get(BACK_SECTION)
    if back and back.body.count(HELPLINE_MARKER) > 1:
        findings.append(Finding(path, back.line, f"the back side has more than one {HELPLINE_MARKER}",
                                "keep one: it marks where the helpline number goes"))
    if findings:
        raise HandbookError(findings)
    before, _, after = back.body.partition(HELPLINE_MARKER)
    return FlyerText(lang=lang, path=path, front={a: by_anchor[a] for a in FRONT_SECTIONS}, back=back,
                     back_before_helpline=before.strip(), back_after_helpline=after.strip())


def load_flyer_text(lang: str, path: Path | None = None) -> FlyerText:
    """The flyer text for pages and PDFs in ``lang`` (English if not translated yet); ``path`` overrides the file."""
    if path is None:
        path, text_lang = text_source(lang)
    else:
        text_lang = lang
    try:
        source = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HandbookError.at(path, None, "flyer text not found",
                               "create it: the English text docs/flyers/_flyer.md is the model") from None
    except UnicodeDecodeError as error:
        raise HandbookError.at(path, None, f"not valid UTF-8 ({error.reason})", "save the file as UTF-8") from None
    return parse_flyer_text(source, path, text_lang)


# --- Markdown ---------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _markdown_settings() -> tuple[list, dict]:
    """The ``markdown_extensions`` of mkdocs.yml, as python-markdown wants them."""
    from mkdocs.utils.yaml import yaml_load  # understands mkdocs.yml's !!python tags (the slugify function)

    with open(REPO_ROOT / "mkdocs.yml", encoding="utf-8") as stream:
        config = yaml_load(stream)
    names, configs = [], {}
    for entry in config.get("markdown_extensions") or []:
        if isinstance(entry, dict):
            (name, options), = entry.items()
            names.append(name)
            if options:
                configs[name] = dict(options)
        else:
            names.append(entry)
    return names, configs


@lru_cache(maxsize=1)
def _converter():
    import markdown

    names, configs = _markdown_settings()
    return markdown.Markdown(extensions=names, extension_configs=configs)


def markdown_to_html(text: str) -> str:
    """Markdown to an HTML fragment, with the site's extensions."""
    converter = _converter()
    converter.reset()
    return converter.convert(text)


def inline_markdown_to_html(text: str) -> str:
    """One line of Markdown (a heading) to inline HTML: ``**x**`` -> ``<strong>x</strong>``, no ``<p>``."""
    html = markdown_to_html(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html
