"""Front matter is valid YAML; every translation records the English revision it translates, and it exists."""

from __future__ import annotations

import re

from handbook.check.context import Context
from handbook.errors import Finding
from handbook.translation_status import OUTDATED, commits_exist, load_history, status_of

FULL_SHA = re.compile(r"^[0-9a-f]{40}$")
SHORT_SHA = re.compile(r"^[0-9a-f]{7,39}$")
MATERIAL_HIDE = {"navigation", "toc", "footer", "path", "tags", "feedback"}
NAME = "front-matter"


def _hint_for(ctx: Context, rel: str, history) -> str:
    english = f"{ctx.default.folder}/{rel}"
    current = history.last_change(english) if history.available else None
    hint = f"copy the hash printed by 'git log -1 --format=%H -- {english}'"
    if current:
        hint += f" (now {current})"
    return hint


def check_front_matter(ctx: Context) -> list[Finding]:
    findings: list[Finding] = []
    history = load_history(ctx.root)
    unresolved: list[tuple] = []
    outdated = 0
    for page in ctx.pages:
        if page.front_matter_error:
            findings.append(page.front_matter_error)
            continue
        meta, lines = page.front_matter, page.front_matter_lines
        hide = meta.get("hide")
        if hide is not None and (not isinstance(hide, list) or not set(map(str, hide)) <= MATERIAL_HIDE):
            findings.append(Finding(page.path, lines.get("hide"), f"'hide' must be a list of: "
                                    f"{', '.join(sorted(MATERIAL_HIDE))}",
                                    "write e.g. 'hide:' and '  - toc' on the next line", "warning"))
        if "title" in meta and not isinstance(meta["title"], str):
            findings.append(Finding(page.path, lines.get("title"), "'title' must be text", "put it in quotes"))
        if page.lang.default:
            if "translated_from" in meta:
                findings.append(Finding(page.path, lines.get("translated_from"),
                                        "an English page does not carry 'translated_from'",
                                        "remove the line (only translations record the English revision)",
                                        "warning"))
            continue
        english = ctx.root / ctx.default.folder / page.rel
        if not english.exists():
            continue  # orphan translation: the files check reports it
        if "translated_from" not in meta:
            severity = "warning" if page.excluded else "error"
            findings.append(Finding(page.path, 1, "translation has no 'translated_from' in its front matter",
                                    "add 'translated_from: <commit>' between '---' lines at the top; "
                                    + _hint_for(ctx, page.rel, history), severity))
            continue
        raw = str(page.front_matter_raw.get("translated_from", meta["translated_from"]) or "").strip().lower()
        line = lines.get("translated_from")
        if not (FULL_SHA.match(raw) or SHORT_SHA.match(raw)):
            findings.append(Finding(page.path, line, f"translated_from '{raw}' is not a commit hash",
                                    _hint_for(ctx, page.rel, history)))
            continue
        if not history.available:
            continue
        if history.resolve(raw) is None:
            unresolved.append((page, raw, line))
            continue
        if not FULL_SHA.match(raw):
            findings.append(Finding(page.path, line, f"translated_from '{raw}' is an abbreviated hash",
                                    "write the full 40-character hash: " + _hint_for(ctx, page.rel, history),
                                    "warning"))
        if not page.excluded and status_of(page.lang.code, page.rel, ctx.root).status == OUTDATED:
            outdated += 1
    if not history.available:
        ctx.note(NAME, f"translated_from commits not verified: no git history ({history.problem})")
    exists = commits_exist(ctx.root, [raw for _, raw, _ in unresolved])
    for page, raw, line in unresolved:
        if exists.get(raw):
            findings.append(Finding(page.path, line, f"translated_from {raw} is not in the history of this branch",
                                    "use a commit of this branch: " + _hint_for(ctx, page.rel, history), "warning"))
        elif history.shallow:
            findings.append(Finding(page.path, line, f"translated_from {raw} is not in this shallow clone",
                                    "fetch the full history (git fetch --unshallow; in CI: fetch-depth: 0)",
                                    "warning"))
        else:
            findings.append(Finding(page.path, line, f"translated_from names an unknown commit {raw}",
                                    _hint_for(ctx, page.rel, history)))
    if outdated:
        ctx.note(NAME, f"{outdated} translation(s) are outdated: see scripts/translation-status")
    return findings
