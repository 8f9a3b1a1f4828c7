"""The Markdown sources of every language, read once and parsed just enough for the checks.

Nothing here renders Markdown. A page is split into its front matter and its body; fenced code, inline code and
HTML comments are blanked out (``masked``) so that the checks never look at examples; headings, ``{#anchors}``,
``id="..."`` attributes and links are found line by line, so that every finding carries its line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import yaml

from handbook.errors import Finding
from handbook.languages import Language

# ``{{ name key=value }}``: the data directives (see CONTRIBUTING.md). Also matches malformed ones (no name check).
DIRECTIVE = re.compile(r"\{\{\s*([A-Za-z][\w-]*)([^}]*)\}\}")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
ATX_HEADING = re.compile(r"^\s{0,12}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
# A trailing attribute list on a heading: ``## Title {#id}``, ``## Title { #id .class }``, ``## Title {: #id }``.
TRAILING_ATTRS = re.compile(r"\s*\{:?([^{}]*)\}\s*$")
ATTR_ID = re.compile(r"(?:^|\s)#([^\s}]+)")
# Attribute lists anywhere (paragraphs, links, images): ``{: #id }``, ``{#id}``. Not directives (``{{``).
ANY_ATTR_LIST = re.compile(r"(?<!\{)\{:?\s*([^{}\n]*?)\s*\}(?!\})")
HTML_ID = re.compile(r"""<[A-Za-z][^>]*?\s(?:id|name)\s*=\s*["']([^"']+)["']""")
FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^([^\]]+)\]:")
INLINE_CODE = re.compile(r"(`+)(.+?)\1")
# Inline links and images; the text may hold one level of nested brackets.
INLINE_LINK = re.compile(
    r"(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(<[^>\n]*>|[^)\s]*)(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\s*\)"
)
REFERENCE_DEF = re.compile(r"^\s{0,3}\[(?!\^)([^\]]+)\]:\s*(<[^>\n]*>|\S+)")
AUTOLINK = re.compile(r"<((?:[a-zA-Z][a-zA-Z0-9+.-]*):[^>\s]+)>")
HTML_URL_ATTR = re.compile(r"""\s(href|src|srcset|data|poster|action|xlink:href)\s*=\s*(["'])(.*?)\2""", re.I | re.S)
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass
class Link:
    line: int  # 1-based line in the file
    target: str  # as written (without <> around it)
    kind: str  # "link", "image", "reference", "autolink", "html"
    attribute: str = ""  # for kind == "html": href, src, ...
    tag: str = ""  # for kind == "html": the tag name

    @property
    def scheme(self) -> str:
        match = SCHEME.match(self.target)
        return match.group(1).lower() if match else ""


@dataclass
class Heading:
    line: int
    level: int
    text: str  # as written, without the attribute list
    explicit_id: str | None


@dataclass
class Page:
    """One Markdown file of one language folder."""

    path: Path
    lang: Language
    rel: str  # path inside the language folder, posix: "chapters/1-definitions.md"
    text: str
    front_matter: dict = field(default_factory=dict)
    front_matter_lines: dict = field(default_factory=dict)  # key -> 1-based line
    front_matter_raw: dict = field(default_factory=dict)  # key -> scalar text as written
    front_matter_error: Finding | None = None
    body_start: int = 0  # 0-based index of the first body line

    @property
    def excluded(self) -> bool:
        """Files and folders starting with ``_`` are not published as pages (mkdocs.yml exclude_docs)."""
        return any(part.startswith("_") for part in self.rel.split("/"))

    @cached_property
    def lines(self) -> list[str]:
        return self.text.split("\n")

    @cached_property
    def masked(self) -> list[str]:
        """The lines with front matter, fenced code, inline code and HTML comments replaced by blanks."""
        return mask_lines(self.lines, self.body_start)

    @cached_property
    def headings(self) -> list[Heading]:
        return find_headings(self.masked)

    @cached_property
    def anchors(self) -> set[str]:
        return collect_anchors(self.masked, self.headings)

    @cached_property
    def links(self) -> list[Link]:
        return find_links(self.masked)

    @cached_property
    def directives(self) -> list[tuple[int, str]]:
        """(line, name) of each data directive in the body."""
        found = []
        for number, line in enumerate(self.masked, start=1):
            for match in DIRECTIVE.finditer(line):
                found.append((number, match.group(1)))
        return found


def mask_lines(lines: list[str], body_start: int = 0) -> list[str]:
    out: list[str] = []
    fence: tuple[str, int] | None = None
    in_comment = False
    for index, line in enumerate(lines):
        if index < body_start:
            out.append("")
            continue
        if fence:
            match = FENCE.match(line)
            if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= fence[1] \
                    and not line[match.end():].strip():
                fence = None
            out.append("")
            continue
        match = FENCE.match(line)
        if match and not in_comment:
            fence = (match.group(2)[0], len(match.group(2)))
            out.append("")
            continue
        # HTML comments, possibly spanning lines
        result = []
        rest = line
        while rest:
            if in_comment:
                end = rest.find("-->")
                if end < 0:
                    result.append(" " * len(rest))
                    rest = ""
                else:
                    result.append(" " * (end + 3))
                    rest = rest[end + 3:]
                    in_comment = False
            else:
                start = rest.find("<!--")
                if start < 0:
                    result.append(rest)
                    rest = ""
                else:
                    result.append(rest[:start] + "    ")
                    rest = rest[start + 4:]
                    in_comment = True
        line = "".join(result)
        line = INLINE_CODE.sub(lambda m: " " * len(m.group(0)), line)
        out.append(line)
    return out


def _strip_inline_markup(text: str) -> str:
    """Heading text as the toc extension sees it after rendering: link text, no emphasis marks, no tags."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\[\^[^\]]+\]", "", text)  # footnote references are removed before the slug is made
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("\\", "")
    return text


@lru_cache(maxsize=1)
def _slugify():
    try:
        from pymdownx.slugs import slugify

        return slugify(case="lower")
    except ImportError:  # pragma: no cover - pymdown-extensions is a build dependency
        import unicodedata

        def fallback(text: str, sep: str) -> str:
            text = unicodedata.normalize("NFC", text).lower()
            text = re.sub(r"[^\w\- ]", "", text).strip()
            return re.sub(r"[ ]+", sep, text)

        return fallback


def slugify(text: str) -> str:
    """The id MkDocs gives a heading without an explicit ``{#id}`` (toc with pymdownx.slugs, case=lower)."""
    import html

    return _slugify()(html.unescape(_strip_inline_markup(text)), "-")


def _split_heading_attrs(text: str) -> tuple[str, str | None]:
    match = TRAILING_ATTRS.search(text)
    if not match:
        return text.strip(), None
    ids = ATTR_ID.findall(match.group(1))
    return text[: match.start()].strip(), (ids[-1] if ids else None)


def find_headings(masked: list[str]) -> list[Heading]:
    headings: list[Heading] = []
    previous = ""
    for number, line in enumerate(masked, start=1):
        match = ATX_HEADING.match(line)
        if match and not line.lstrip().startswith("#" * 7):
            text, explicit = _split_heading_attrs(match.group(2))
            headings.append(Heading(number, len(match.group(1)), text, explicit))
        elif SETEXT_UNDERLINE.match(line) and previous.strip() and number > 1 and "|" not in previous \
                and not previous.lstrip().startswith(("-", "*", "+", ">", "#", "!!!", "<", "{{")) \
                and not re.match(r"^\s*\d+[.)]\s", previous):
            text, explicit = _split_heading_attrs(previous)
            headings.append(Heading(number - 1, 1 if line.strip()[0] == "=" else 2, text, explicit))
        previous = line
    return headings


def collect_anchors(masked: list[str], headings: list[Heading]) -> set[str]:
    """Every id a link may point at: explicit ids, heading slugs (made unique like the toc does), footnotes."""
    used: set[str] = set()
    for heading in headings:
        if heading.explicit_id:
            used.add(heading.explicit_id)
    for line in masked:
        for match in HTML_ID.finditer(line):
            used.add(match.group(1))
        for match in ANY_ATTR_LIST.finditer(line):
            for anchor in ATTR_ID.findall(match.group(1)):
                used.add(anchor)
        footnote = FOOTNOTE_DEF.match(line)
        if footnote:
            used.add(f"fn:{footnote.group(1)}")
            used.add(f"fnref:{footnote.group(1)}")
    for heading in headings:
        if heading.explicit_id:
            continue
        slug = slugify(heading.text)
        unique, counter = slug, 1
        while unique in used:
            unique = f"{slug}_{counter}"
            counter += 1
        used.add(unique)
    return used


def find_links(masked: list[str]) -> list[Link]:
    links: list[Link] = []
    for number, line in enumerate(masked, start=1):
        for match in INLINE_LINK.finditer(line):
            target = match.group(3).strip()
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1]
            links.append(Link(number, target, "image" if match.group(1) else "link"))
        ref = REFERENCE_DEF.match(line)
        if ref:
            target = ref.group(2)
            if target.startswith("<") and target.endswith(">"):
                target = target[1:-1]
            links.append(Link(number, target, "reference"))
        for match in AUTOLINK.finditer(line):
            links.append(Link(number, match.group(1), "autolink"))
        for tag in re.finditer(r"<([A-Za-z][\w:-]*)\b([^>]*)>?", line):
            for attr in HTML_URL_ATTR.finditer(" " + tag.group(2)):
                links.append(Link(number, attr.group(3).strip(), "html", attr.group(1).lower(),
                                  tag.group(1).lower()))
    return links


def parse_front_matter(page: Page) -> None:
    """Fill the page's front-matter fields; a YAML error becomes ``front_matter_error`` with its line."""
    lines = page.text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            end = index
            break
    else:
        page.front_matter_error = Finding(page.path, 1, "front matter is not closed",
                                          "end the front matter with a line holding only '---'")
        return
    page.body_start = end + 1
    block = "\n".join(lines[1:end])
    try:
        node = yaml.compose(block, Loader=yaml.SafeLoader)
        data = yaml.safe_load(block)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        page.front_matter_error = Finding(page.path, line, f"front matter is not valid YAML: {problem}",
                                          "fix the indentation or quoting (write 'key: value' lines between the "
                                          "two '---' lines)")
        return
    if data is None:
        return
    if not isinstance(data, dict):
        page.front_matter_error = Finding(page.path, 2, "front matter must be 'key: value' lines",
                                          "write e.g. 'translated_from: <commit>' between the two '---' lines")
        return
    page.front_matter = data
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            page.front_matter_lines[key_node.value] = key_node.start_mark.line + 2
            if isinstance(value_node, yaml.ScalarNode):
                page.front_matter_raw[key_node.value] = value_node.value
