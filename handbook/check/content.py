"""Content stays content: no raw scripts, inline event handlers, frames, remote images or stylesheets, file:// links.

The site promises readers (police, prosecutors, victims' helplines) that it loads nothing from third parties and
runs no code that was not reviewed in ``overrides/``. Markdown pages (code examples excluded), SVG diagrams and the
``extra_css``/``extra_javascript`` of mkdocs.yml are scanned.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from handbook.check.context import Context
from handbook.check.sources import find_links, mask_lines
from handbook.errors import Finding
from handbook.languages import _TolerantLoader

TAG = re.compile(r"<([A-Za-z][\w:-]*)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>?", re.S)
EVENT_ATTR = re.compile(r"""(?:^|[\s"'])(on[a-z]+)\s*=""", re.I)
ATTR_LIST = re.compile(r"(?<!\{)\{:?\s*([^{}\n]*?)\s*\}(?!\})")
FRAME_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet"}
MEDIA_TAGS = {"img", "image", "source", "video", "audio", "picture", "track", "input", "use", "feimage"}
REMOTE = re.compile(r"^\s*(?:https?:)?//", re.I)
CSS_REMOTE = re.compile(r"""(?:@import\s+(?:url\()?|url\()\s*["']?\s*((?:https?:)?//[^"')\s]+)""", re.I)
FILE_URL = re.compile(r"\bfile:/", re.I)
JS_URL = re.compile(r"^\s*(?:javascript|vbscript|data:text/html)", re.I)
ATTR_VALUE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")

HINT_SCRIPT = ("remove it: content is Markdown only; behaviour belongs in overrides/ (reviewed theme code), data in a "
               "data directive")
HINT_HANDLER = "remove the attribute: pages run no inline code (a link or a plain element does the job)"
HINT_FRAME = "remove it and link to the page instead: [title](https://...)"
HINT_IMAGE = ("save the image in the language folder's assets/ (with its licence) and link it with a relative path; "
              "the site loads nothing from other servers")
HINT_CSS = "put styles in overrides/assets/stylesheets/handbook.css; the site loads nothing from other servers"
HINT_FILE = ("a file:// address only works on the author's computer: link to a file inside the docs folder with a "
             "relative path, or to a public https:// address")


def _attrs(attr_text: str) -> dict[str, str]:
    return {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None) for m in ATTR_VALUE.finditer(attr_text)}


def scan_html(path: Path, masked: list[str], is_svg: bool = False) -> list[Finding]:
    """Findings for the HTML (and attribute lists) in ``masked`` lines (code already blanked)."""
    findings: list[Finding] = []
    text = "\n".join(masked)
    starts = [0]
    for line in masked:
        starts.append(starts[-1] + len(line) + 1)

    def line_of(offset: int) -> int:
        lo, hi = 0, len(starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo + 1

    for tag in TAG.finditer(text):
        name = tag.group(1).lower()
        attr_text = tag.group(2) or ""
        line = line_of(tag.start())
        attrs = _attrs(attr_text)
        if name == "script":
            findings.append(Finding(path, line, "raw <script> in content", HINT_SCRIPT))
        if name in FRAME_TAGS:
            findings.append(Finding(path, line, f"<{name}> in content (embeds another page or plug-in)", HINT_FRAME))
        for match in EVENT_ATTR.finditer(attr_text):
            findings.append(Finding(path, line, f"inline event handler '{match.group(1)}=' on <{name}>",
                                    HINT_HANDLER))
        for attr, value in attrs.items():
            if JS_URL.match(value) and attr in ("href", "src", "xlink:href", "action", "formaction", "data"):
                findings.append(Finding(path, line, f"'{attr}' runs code ({value[:30]}...)", HINT_HANDLER))
            if FILE_URL.search(value):
                findings.append(Finding(path, line, f"file:// reference in <{name} {attr}>", HINT_FILE))
        if name in MEDIA_TAGS:
            for attr in ("src", "srcset", "href", "xlink:href", "poster"):
                value = attrs.get(attr, "")
                if value and any(REMOTE.match(part.strip()) for part in value.split(",")):
                    findings.append(Finding(path, line, f"remote image or media <{name} {attr}=\"{value[:60]}\">",
                                            HINT_IMAGE))
        if name == "link":
            rel = attrs.get("rel", "").lower()
            href = attrs.get("href", "")
            if "stylesheet" in rel or href.lower().split("?")[0].endswith(".css"):
                if REMOTE.match(href):
                    findings.append(Finding(path, line, f"remote stylesheet <link href=\"{href[:60]}\">", HINT_CSS))
                else:
                    findings.append(Finding(path, line, "stylesheet <link> in content", HINT_CSS))
            elif REMOTE.match(href) and not is_svg:
                findings.append(Finding(path, line, f"<link> to another server ({href[:60]})", HINT_CSS))
        style = attrs.get("style", "")
        for match in CSS_REMOTE.finditer(style):
            findings.append(Finding(path, line, f"remote resource in a style attribute ({match.group(1)[:60]})",
                                    HINT_CSS))
    for match in re.finditer(r"<style\b[^>]*>(.*?)(?:</style>|$)", text, re.S | re.I):
        for remote in CSS_REMOTE.finditer(match.group(1)):
            findings.append(Finding(path, line_of(match.start(1) + remote.start()),
                                    f"remote stylesheet or font in <style> ({remote.group(1)[:60]})", HINT_CSS))
    for number, line in enumerate(masked, start=1):
        for attr_list in ATTR_LIST.finditer(line):
            inner = attr_list.group(1)
            for match in EVENT_ATTR.finditer(inner):
                findings.append(Finding(path, number, f"inline event handler '{match.group(1)}=' in an attribute "
                                        "list", HINT_HANDLER))
            for css in CSS_REMOTE.finditer(inner):
                findings.append(Finding(path, number, f"remote resource in an attribute list ({css.group(1)[:60]})",
                                        HINT_CSS))
    return findings


def scan_markdown(path: Path, masked: list[str]) -> list[Finding]:
    findings = scan_html(path, masked)
    for link in find_links(masked):
        target = link.target.strip()
        if link.kind in ("image",) and REMOTE.match(target):
            findings.append(Finding(path, link.line, f"remote image '{target[:80]}'", HINT_IMAGE))
        elif link.kind in ("link", "reference", "autolink") and JS_URL.match(target):
            findings.append(Finding(path, link.line, f"link runs code ('{target[:30]}...')", HINT_HANDLER))
    reported = {f.line for f in findings if "file://" in f.message}
    for number, line in enumerate(masked, start=1):
        if FILE_URL.search(line) and number not in reported:
            match = re.search(r"file:/+[^\s)>\"'\]]*", line, re.I)
            findings.append(Finding(path, number, f"file:// reference '{match.group(0)[:60]}'",
                                    HINT_FILE))
    # A reference definition used by an image: ![x][logo] + [logo]: https://...
    refs = {m.group(1).lower(): (n, m.group(2)) for n, line in enumerate(masked, start=1)
            for m in [re.match(r"^\s{0,3}\[([^\]^][^\]]*)\]:\s*<?(\S+?)>?(?:\s|$)", line)] if m}
    for number, line in enumerate(masked, start=1):
        for used in re.finditer(r"!\[[^\]]*\]\[([^\]]*)\]", line):
            key = (used.group(1) or "").lower()
            if key in refs and REMOTE.match(refs[key][1]):
                findings.append(Finding(path, number, f"remote image '{refs[key][1][:80]}'", HINT_IMAGE))
    return findings


def _mkdocs_remote_assets(ctx: Context) -> list[Finding]:
    path = ctx.root / "mkdocs.yml"
    try:
        text = path.read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_TolerantLoader) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []
    findings = []
    lines = text.split("\n")
    for key in ("extra_css", "extra_javascript"):
        for entry in config.get(key) or []:
            value = entry.get("path", "") if isinstance(entry, dict) else str(entry)
            if REMOTE.match(value):
                number = next((i for i, line in enumerate(lines, start=1) if value in line), None)
                findings.append(Finding(path, number, f"{key} loads '{value}' from another server",
                                        "ship the file in overrides/assets/ and list its local path"))
    return findings


def check_content(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    for page in ctx.pages:
        findings += scan_markdown(page.path, page.masked)
    for path in ctx.content_files({".svg", ".html"}):
        text = ctx.read(path)
        if text is None:
            continue
        lines = text.split("\n")
        findings += scan_html(path, mask_lines(lines) if path.suffix == ".html" else
                              [re.sub(r"<!--.*?-->", lambda m: " " * len(m.group(0)), line) for line in lines],
                              is_svg=path.suffix == ".svg")
        for number, line in enumerate(lines, start=1):
            if FILE_URL.search(line) and not any(f.line == number and f.file == path for f in findings):
                findings.append(Finding(path, number, "file:// reference", HINT_FILE))
    findings += _mkdocs_remote_assets(ctx)
    # One finding per line and message.
    unique, seen = [], set()
    for finding in findings:
        key = (str(finding.file), finding.line, finding.message)
        if key not in seen:
            seen.add(key)
            unique.append(finding)
    return unique
