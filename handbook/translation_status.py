"""Translation status: is each translated page up to date with its English original, outdated, or missing?

A translation records the revision of the English page it translates in its front matter
(``translated_from: <commit>``, see CONTRIBUTING.md). It is *outdated* when the English page has commits after that
revision (what ``git log --format=%H <sha>..HEAD -- docs/<page>`` would list), *missing* when the file does not
exist, and *up to date* otherwise.

Git is asked once per process: one ``git log --name-only`` pass over the whole history gives, for every path, the
commits that changed it, and for every commit its parents; the rest is computed here. Without git (a source
tarball), every existing translation counts as up to date: nothing is claimed that cannot be shown.

    scripts/translation-status [--format text|markdown|json]
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from handbook import REPO_ROOT
from handbook.languages import Language, _TolerantLoader, default_language, get_language, languages

UP_TO_DATE, OUTDATED, MISSING = "up-to-date", "outdated", "missing"
STATUSES = (UP_TO_DATE, OUTDATED, MISSING)
SHA = re.compile(r"^[0-9a-f]{7,40}$")
LABEL_KEYS = {UP_TO_DATE: "translation_status_up_to_date", OUTDATED: "translation_status_outdated",
              MISSING: "translation_status_missing"}


# --- Git history, read once --------------------------------------------------------------------------------------


@dataclass
class History:
    """The commits reachable from HEAD, their parents, and the paths each one changed (merges excluded)."""

    available: bool
    head: str | None = None
    shallow: bool = False
    parents: dict[str, tuple[str, ...]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)  # path -> commits, newest first
    problem: str = ""  # why git is not available

    def resolve(self, sha: str) -> str | None:
        """The full hash of a commit in the history (``sha`` may be abbreviated), or None."""
        sha = sha.strip().lower()
        if sha in self.parents:
            return sha
        if len(sha) >= 7:
            matches = [full for full in self.parents if full.startswith(sha)]
            if len(matches) == 1:
                return matches[0]
        return None

    def ancestors(self, sha: str) -> set[str]:
        """``sha`` and every commit reachable from it."""
        return _ancestors(self, sha)

    def changed_since(self, sha: str, path: str) -> list[str]:
        """Commits that changed ``path`` and are in ``sha..HEAD`` (newest first)."""
        full = self.resolve(sha)
        commits = self.changed.get(path, [])
        if full is None:
            return list(commits)
        seen = self.ancestors(full)
        return [commit for commit in commits if commit not in seen]

    def last_change(self, path: str) -> str | None:
        commits = self.changed.get(path)
        return commits[0] if commits else None


def _ancestors(history: History, sha: str) -> set[str]:
    cache = history.__dict__.setdefault("_ancestor_cache", {})
    if sha not in cache:
        seen: set[str] = set()
        stack = [sha]
        while stack:
            commit = stack.pop()
            if commit in seen:
                continue
            seen.add(commit)
            stack.extend(history.parents.get(commit, ()))
        cache[sha] = seen
    return cache[sha]


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=root, capture_output=True, text=True,
                          encoding="utf-8", errors="replace")


@lru_cache(maxsize=8)
def load_history(root: Path = REPO_ROOT) -> History:
    """Read the history once (cached per root; :func:`clear_cache` forgets it)."""
    try:
        result = _git(root, "log", "--format=%x1e%H %P", "--name-only", "--no-renames", "--relative", "HEAD")
    except OSError as error:
        return History(False, problem=f"git is not installed ({error.strerror})")
    if result.returncode != 0:
        return History(False, problem=(result.stderr.strip().splitlines() or ["not a git repository"])[-1])
    history = History(True)
    for record in result.stdout.split("\x1e")[1:]:
        lines = record.strip("\n").split("\n")
        hashes = lines[0].split()
        commit, parents = hashes[0], tuple(hashes[1:])
        if history.head is None:
            history.head = commit
        history.parents[commit] = parents
        if len(parents) > 1:
            continue  # merges: their changes are the changes of the merged commits
        for path in lines[1:]:
            if path:
                history.changed.setdefault(path, []).append(commit)
    shallow = _git(root, "rev-parse", "--is-shallow-repository")
    history.shallow = shallow.stdout.strip() == "true"
    return history


def clear_cache() -> None:
    load_history.cache_clear()
    _translated_from.cache_clear()


def commits_exist(root: Path, shas: list[str]) -> dict[str, bool]:
    """Whether each commit exists in the repository at all (one ``git cat-file --batch-check``)."""
    if not shas:
        return {}
    try:
        result = subprocess.run(["git", "cat-file", "--batch-check"], cwd=root, capture_output=True, text=True,
                                input="".join(f"{sha}^{{commit}}\n" for sha in shas))
    except OSError:
        return {sha: False for sha in shas}
    answers = [line.split() for line in result.stdout.splitlines()]
    return {sha: i < len(answers) and len(answers[i]) >= 2 and answers[i][1] == "commit"
            for i, sha in enumerate(shas)}


# --- Pages and their status ------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _translated_from(path: Path, mtime_ns: int) -> str | None:
    """The ``translated_from`` of a page as written (raw text, so that a hash of digits stays text)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for line in lines[1:]:
        if line.rstrip() in ("---", "..."):
            break
        match = re.match(r"^translated_from\s*:\s*['\"]?([^'\"#\s]*)", line)
        if match:
            return match.group(1) or None
    return None


def translated_from(path: Path) -> str | None:
    try:
        return _translated_from(path, path.stat().st_mtime_ns)
    except FileNotFoundError:
        return None


@dataclass(frozen=True)
class Status:
    status: str  # up-to-date | outdated | missing
    english_sha: str | None  # last commit that changed the English page
    translated_from: str | None = None
    behind: int = 0  # commits to the English page since translated_from
    note: str = ""


def status_of(lang: str, rel_path: str, root: Path = REPO_ROOT) -> Status:
    """The full status of page ``rel_path`` (path inside a language folder, e.g. ``chapters/1-definitions.md``)."""
    rel_path = rel_path.lstrip("/")
    english = default_language()
    history = load_history(root)
    english_path = f"{english.folder}/{rel_path}"
    english_sha = history.last_change(english_path) if history.available else None
    if lang == english.code:
        exists = (root / english.folder / rel_path).is_file()
        return Status(UP_TO_DATE if exists else MISSING, english_sha)
    page = root / get_language(lang).folder / rel_path
    if not page.is_file():
        return Status(MISSING, english_sha)
    sha = translated_from(page)
    if not history.available:
        return Status(UP_TO_DATE, None, sha, note="no git history: status not computed")
    if not sha:
        return Status(OUTDATED, english_sha, None, note="no translated_from in the front matter")
    if history.resolve(sha) is None:
        return Status(OUTDATED, english_sha, sha, note="translated_from names an unknown commit")
    newer = history.changed_since(sha, english_path)
    return Status(OUTDATED if newer else UP_TO_DATE, english_sha, sha, behind=len(newer))


def page_status(lang: str, rel_path: str, root: Path = REPO_ROOT) -> tuple[str, str | None]:
    """``("up-to-date"|"outdated"|"missing", sha of the last commit that changed the English page or None)``."""
    status = status_of(lang, rel_path, root)
    return status.status, status.english_sha


def _nav_pages(root: Path) -> list[str]:
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        return []
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            if node.endswith(".md"):
                found.append(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(config.get("nav") or [])
    return found


_BUILT_FROM_DATA = re.compile(r"\A---\s*\n(?:.*\n)*?built_from_data:\s*true\s*\n(?:.*\n)*?---", re.M)


def built_from_data(path: Path) -> bool:
    """A page assembled in every language from data (``built_from_data: true``): nothing to translate."""
    try:
        return bool(_BUILT_FROM_DATA.match(path.read_text(encoding="utf-8")))
    except (OSError, UnicodeDecodeError):
        return False


def english_pages(root: Path = REPO_ROOT) -> list[str]:
    """Every English page to translate, in navigation order, then the pages outside the navigation (e.g. flyer
    texts). Pages built from data in every language (the flyer pages) have nothing to translate."""
    folder = root / default_language().folder
    existing = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.md") if not built_from_data(p))
    ordered = [page for page in _nav_pages(root) if page in existing]
    return ordered + [page for page in existing if page not in ordered]


def status_matrix(root: Path = REPO_ROOT) -> list[tuple[str, dict[str, Status]]]:
    """[(page, {lang: Status})] for every English page and every translation language."""
    codes = [lang.code for lang in languages() if not lang.default]
    return [(page, {code: status_of(code, page, root) for code in codes}) for page in english_pages(root)]


def summary_counts(matrix) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {}
    for _, statuses in matrix:
        for code, status in statuses.items():
            counts.setdefault(code, {s: 0 for s in STATUSES})[status.status] += 1
    return counts


# --- Output formats ----------------------------------------------------------------------------------------------

SYMBOLS = {UP_TO_DATE: "✅", OUTDATED: "⚠️", MISSING: "❌"}
WORDS = {UP_TO_DATE: "up to date", OUTDATED: "outdated", MISSING: "missing"}


def _cell_text(status: Status) -> str:
    text = WORDS[status.status]
    if status.status == OUTDATED and status.behind:
        text += f" ({status.behind})"
    return text


def format_text(matrix, root: Path = REPO_ROOT) -> str:
    codes = [lang.code for lang in languages() if not lang.default]
    width = max([len("page")] + [len(page) for page, _ in matrix])
    cell = max(len(_cell_text(s)) for _, row in matrix for s in row.values()) if matrix else 10
    lines = ["page".ljust(width) + "  " + "  ".join(code.ljust(cell) for code in codes)]
    for page, row in matrix:
        lines.append(page.ljust(width) + "  " + "  ".join(_cell_text(row[c]).ljust(cell) for c in codes))
    lines.append("")
    for code, counts in summary_counts(matrix).items():
        lines.append(f"{code}: " + ", ".join(f"{counts[s]} {WORDS[s]}" for s in STATUSES))
    history = load_history(root)
    if not history.available:
        lines.append(f"note: no git history ({history.problem}); outdated pages cannot be detected")
    elif history.shallow:
        lines.append("note: shallow git clone; fetch the full history for exact results")
    lines.append("(n) = commits to the English page since the revision in translated_from")
    return "\n".join(lines)


def format_markdown(matrix, root: Path = REPO_ROOT) -> str:
    codes = [lang.code for lang in languages() if not lang.default]
    out = ["| page | " + " | ".join(codes) + " |", "|---|" + "---|" * len(codes)]
    for page, row in matrix:
        cells = [f"{SYMBOLS[row[c].status]} {_cell_text(row[c])}" for c in codes]
        out.append(f"| `{page}` | " + " | ".join(cells) + " |")
    counts = summary_counts(matrix)
    out.append("")
    out.append("| | " + " | ".join(codes) + " |")
    out.append("|---|" + "---|" * len(codes))
    for status in STATUSES:
        out.append(f"| {SYMBOLS[status]} {WORDS[status]} | " +
                   " | ".join(str(counts.get(c, {}).get(status, 0)) for c in codes) + " |")
    out.append("")
    out.append("*(n): commits to the English page since the revision in the translation's `translated_from`. "
               "Update the translation, then set `translated_from` to the hash printed by "
               "`git log -1 --format=%H -- docs/<page>`.*")
    history = load_history(root)
    if not history.available:
        out.append(f"\n*No git history ({history.problem}): outdated pages cannot be detected.*")
    elif history.shallow:
        out.append("\n*Shallow clone: fetch the full history (`fetch-depth: 0`) for exact results.*")
    return "\n".join(out)


def format_json(matrix, root: Path = REPO_ROOT) -> str:
    history = load_history(root)
    data = {
        "head": history.head,
        "git": history.available,
        "pages": [
            {
                "page": page,
                "english_commit": next(iter(row.values())).english_sha if row else None,
                "languages": {code: {"status": s.status, "translated_from": s.translated_from, "behind": s.behind,
                                     **({"note": s.note} if s.note else {})} for code, s in row.items()},
            }
            for page, row in matrix
        ],
        "summary": summary_counts(matrix),
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


# --- On the site: the directive and the outdated-page notice ----------------------------------------------------


def render_translation_status(lang: str, src_path: str = "", root: Path = REPO_ROOT) -> str:
    """Markdown for ``{{ translation-status }}``: the page × language table, in the reader's language.

    ``src_path`` is the page's path in the repository (``docs/translation-status.md``); page names link to the
    pages, relative to it.
    """
    from handbook.labels import label

    here = posixpath.dirname(src_path.split("/", 1)[1]) if "/" in src_path else ""
    matrix = status_matrix(root)
    others = [lg for lg in languages() if not lg.default]
    header = "| " + label("translation_status_page", lang) + " | " + " | ".join(lg.name for lg in others) + " |"
    rows = [header, "|---|" + "---|" * len(others)]
    for page, row in matrix:
        name = page
        if not any(part.startswith("_") for part in page.split("/")):
            name = f"[{page}]({posixpath.relpath(page, here or '.')})"
        cells = []
        for lg in others:
            status = row[lg.code]
            text = f"{SYMBOLS[status.status]} {label(LABEL_KEYS[status.status], lang)}"
            if status.status == OUTDATED and status.behind:
                text += f" ({status.behind})"
            cells.append(text)
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n"


try:  # the directive registry (handbook/directives.py); registering needs nothing else from it
    from handbook.directives import directive as _directive
except ImportError:  # pragma: no cover - registry not there: the render function is still usable
    _directive = None

if _directive is not None:

    @_directive("translation-status", block=True, params={})
    def _translation_status_directive(call) -> str:
        """``{{ translation-status }}``: the page × language status table (docs/translation-status.md)."""
        return render_translation_status(call.lang, call.src_path)


def outdated_notice_markdown(lang: str, english_url: str) -> str:
    """The translated notice at the top of an outdated translation, linking to the English original."""
    from handbook.labels import label

    text = label("outdated_notice", lang, language=get_language(lang).name)
    link = label("outdated_notice_link", lang)
    return (
        f'<div class="admonition warning outdated-notice" lang="{lang}" markdown="0">'
        f'<p class="admonition-title">{text}</p>'
        f'<p><a href="{english_url}" hreflang="en">{link}</a></p></div>\n\n'
    )


def outdated_notice_for(building: str, src_uri: str, page_url: str, root: Path | None = None) -> str:
    """For the page hook: the notice if the page being built (``sq/chapters/x.md``) is an outdated translation,
    else ``""``. English pages and fallback pages never get it."""
    from handbook.page_language import english_relative_url

    head, _, rel = src_uri.partition("/")
    if building == default_language().code or head != building or not rel:
        return ""
    if status_of(building, rel, root or REPO_ROOT).status != OUTDATED:
        return ""
    return outdated_notice_markdown(building, english_relative_url(page_url, building))


# --- Command line ----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/translation-status",
                                     description="Page × language matrix: up to date, outdated or missing.")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    matrix = status_matrix(root)
    formatter = {"text": format_text, "markdown": format_markdown, "json": format_json}[args.format]
    try:
        print(formatter(matrix, root))
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        os._exit(0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
