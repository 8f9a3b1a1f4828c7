"""Translation status: up to date / outdated / missing, computed from one pass over the git history.

A throw-away git repository (in tmp_path, never the project's) with a side branch and a merge is the fixture; the
"outdated" answer is compared with what ``git log <sha>..HEAD -- docs/<page>`` itself lists.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import handbook.translation_status as ts
from tests.conftest import ROOT

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org", "GIT_COMMITTER_NAME": "Test",
           "GIT_COMMITTER_EMAIL": "test@example.org", "GIT_CONFIG_NOSYSTEM": "1"}


def git(repo: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_ENV, HOME=str(repo.parent))
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True,
                          text=True).stdout.strip()


def write(repo: Path, rel: str, text: str) -> None:
    path = repo / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def translation(sha: str | None, body: str = "# Naslov\n") -> str:
    return (f"---\ntranslated_from: {sha}\n---\n\n" if sha else "") + body


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    """c1 adds a.md, b.md, c.md; side branch c2 changes b.md; main c3 changes a.md; merge; c4 changes c.md."""
    for key in [k for k in os.environ if k.startswith("GIT_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("HOME", str(tmp_path))
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    shutil.copy2(ROOT / "mkdocs.yml", repo / "mkdocs.yml")
    for name in ("a", "b", "c"):
        write(repo, f"docs/{name}.md", f"# {name}\n")
    for folder in ("docs_sq", "docs_bs", "docs_hr", "docs_mk"):
        write(repo, f"{folder}/index.md", "# x\n")
    c1 = commit(repo, "c1")
    git(repo, "checkout", "-q", "-b", "side")
    write(repo, "docs/b.md", "# b changed on the side branch\n")
    c2 = commit(repo, "c2")
    git(repo, "checkout", "-q", "main")
    write(repo, "docs/a.md", "# a changed on main\n")
    c3 = commit(repo, "c3")
    git(repo, "merge", "-q", "--no-ff", "-m", "merge side", "side")
    merge = git(repo, "rev-parse", "HEAD")
    write(repo, "docs/c.md", "# c changed\n")
    c4 = commit(repo, "c4")
    # translations (working tree only: the status reads translated_from from the files as they are)
    write(repo, "docs_sq/a.md", translation(c2))  # a changed in c3, not an ancestor of c2: outdated
    write(repo, "docs_sq/b.md", translation(c2))  # b last changed in c2: up to date
    write(repo, "docs_hr/b.md", translation(c1))  # b changed in c2 since c1: outdated (1)
    write(repo, "docs_mk/a.md", translation(c3))  # up to date
    write(repo, "docs_mk/c.md", translation(c1[:10]))  # abbreviated hash, c changed in c4: outdated
    write(repo, "docs_bs/a.md", translation(None))  # no translated_from: outdated
    write(repo, "docs_bs/b.md", translation("0" * 40))  # unknown commit: outdated
    ts.clear_cache()
    yield repo, {"c1": c1, "c2": c2, "c3": c3, "merge": merge, "c4": c4}
    ts.clear_cache()


def test_page_status_up_to_date_outdated_missing(repo):
    root, c = repo
    assert ts.page_status("sq", "a.md", root) == ("outdated", c["c3"])
    assert ts.page_status("sq", "b.md", root) == ("up-to-date", c["c2"])
    assert ts.page_status("hr", "b.md", root) == ("outdated", c["c2"])
    assert ts.page_status("mk", "a.md", root) == ("up-to-date", c["c3"])
    assert ts.page_status("mk", "c.md", root) == ("outdated", c["c4"])
    assert ts.page_status("hr", "a.md", root) == ("missing", c["c3"])
    assert ts.page_status("bs", "a.md", root)[0] == "outdated"
    assert ts.page_status("bs", "b.md", root)[0] == "outdated"
    assert ts.page_status("en", "a.md", root) == ("up-to-date", c["c3"])
    assert ts.status_of("hr", "b.md", root).behind == 1
    assert "no translated_from" in ts.status_of("bs", "a.md", root).note


def test_outdated_matches_git_log_range(repo):
    """changed_since(sha, path) lists exactly what `git log --format=%H sha..HEAD -- path` lists."""
    root, commits = repo
    history = ts.load_history(root)
    for sha in commits.values():
        for page in ("docs/a.md", "docs/b.md", "docs/c.md"):
            expected = git(root, "log", "--format=%H", f"{sha}..HEAD", "--", page).split()
            assert history.changed_since(sha, page) == expected, (sha, page)


def test_one_git_log_for_the_whole_matrix(repo, monkeypatch):
    root, _ = repo
    calls = []
    real_run = subprocess.run

    def counting_run(args, *a, **k):
        if args[:1] == ["git"]:
            calls.append(args)
        return real_run(args, *a, **k)

    monkeypatch.setattr(ts.subprocess, "run", counting_run)
    ts.clear_cache()
    matrix = ts.status_matrix(root)
    assert [page for page, _ in matrix] == ["a.md", "b.md", "c.md"]
    logs = [args for args in calls if "log" in args]
    assert len(logs) == 1, calls
    assert len(calls) <= 2  # the log, and whether the clone is shallow


def test_formats(repo):
    root, _ = repo
    matrix = ts.status_matrix(root)
    text = ts.format_text(matrix, root)
    assert "a.md" in text and "outdated" in text and "missing" in text
    markdown = ts.format_markdown(matrix, root)
    assert markdown.splitlines()[0] == "| page | sq | bs | hr | mk |"
    assert "| `b.md` | ✅ up to date | ⚠️ outdated | ⚠️ outdated (1) | ❌ missing |" in markdown
    data = json.loads(ts.format_json(matrix, root))
    b = next(p for p in data["pages"] if p["page"] == "b.md")
    assert b["languages"]["hr"] == {"status": "outdated", "translated_from": repo[1]["c1"], "behind": 1}


def test_command_line(repo):
    root, _ = repo
    result = subprocess.run([sys.executable, "-m", "handbook.translation_status", "--root", str(root),
                             "--format", "json"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["summary"]["sq"] == {"up-to-date": 1, "outdated": 1, "missing": 1}


def test_without_git_nothing_is_claimed_outdated(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    monkeypatch.delenv("GIT_DIR", raising=False)
    root = tmp_path / "plain"
    write(root, "docs/a.md", "# a\n")
    write(root, "docs_sq/a.md", translation("1" * 40))
    ts.clear_cache()
    assert ts.page_status("sq", "a.md", root) == ("up-to-date", None)
    assert ts.page_status("hr", "a.md", root) == ("missing", None)
    assert "no git history" in ts.format_text(ts.status_matrix(root), root)
    ts.clear_cache()


def test_directive_table_in_the_readers_language(repo):
    root, _ = repo
    table = ts.render_translation_status("mk", "docs/translation-status.md", root)
    lines = table.splitlines()
    assert lines[0] == "| Страница | Shqip | Bosanski | Hrvatski | Македонски |"
    assert "[b.md](b.md)" in table and "застарено (1)" in table and "недостасува" in table
    nested = ts.render_translation_status("en", "docs/coordination/status.md", root)
    assert "[a.md](../a.md)" in nested


def test_directive_is_registered():
    from handbook.directives import registered

    assert "translation-status" in registered()


def test_outdated_notice_is_translated_and_links_to_english(repo):
    root, _ = repo
    notice = ts.outdated_notice_markdown("sq", "../../a/")
    assert 'lang="sq"' in notice and 'href="../../a/"' in notice and "outdated-notice" in notice
    assert "Lexoni origjinalin në anglisht" in notice
    assert "Англискиот оригинал" in ts.outdated_notice_markdown("mk", "../a/")
    assert ts.outdated_notice_for("sq", "sq/a.md", "sq/a/", root).count("outdated-notice") == 1
    assert 'href="../../a/"' in ts.outdated_notice_for("sq", "sq/a.md", "sq/a/", root)
    assert ts.outdated_notice_for("sq", "sq/b.md", "sq/b/", root) == ""  # up to date
    assert ts.outdated_notice_for("en", "en/a.md", "a/", root) == ""  # English original
    assert ts.outdated_notice_for("hr", "en/a.md", "hr/a/", root) == ""  # fallback page (the English file)


def test_real_repository_status_is_computed():
    status, sha = ts.page_status("sq", "index.md")
    assert status in ts.STATUSES
    assert sha is None or len(sha) == 40
