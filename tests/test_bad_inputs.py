"""The bad-input corpus (tests/bad_inputs/, see its README): every broken input fails with its message.

Each case is a folder of files overlaid on a fresh copy of the project plus ``expected.txt``. Most cases run the
editors' check without the site build (about a second each); the ``build`` cases run the real build and also
prove that the last good site/ and its PDFs survive a failed build.
"""

from __future__ import annotations

import importlib
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT, copy_project, good_site, run_build

CASES_DIR = Path(__file__).resolve().parent / "bad_inputs"


@dataclass
class Case:
    name: str
    folder: Path
    command: list[str]
    expect: list[str]
    delete: list[str] = field(default_factory=list)
    requires: str = ""
    what: str = ""

    @property
    def kind(self) -> str:
        return self.command[0]


def load_case(folder: Path) -> Case:
    case = Case(folder.name, folder, [], [])
    for line in (folder / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            case.what = case.what or line.lstrip("# ")
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        value = value.strip()
        if key == "command":
            case.command = shlex.split(value)
        elif key == "expect":
            case.expect.append(value)
        elif key == "delete":
            case.delete.append(value)
        elif key == "requires":
            case.requires = value
    assert case.command and case.command[0] in ("check", "build"), f"{folder}: command must be check or build"
    assert case.expect, f"{folder}: expected.txt needs at least one 'expect:' line"
    return case


CASES = [load_case(folder) for folder in sorted(CASES_DIR.iterdir()) if (folder / "expected.txt").is_file()]


def apply_case(case: Case, project: Path) -> None:
    for path in case.delete:
        target = project / path
        if target.is_dir():
            shutil.rmtree(target)
        else:
            target.unlink()
    files = case.folder / "files"
    if files.is_dir():
        for source in files.rglob("*"):
            if source.is_file():
                target = project / source.relative_to(files)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    appends = case.folder / "append"
    if appends.is_dir():
        for source in appends.rglob("*"):
            if source.is_file():
                target = project / source.relative_to(appends)
                assert target.is_file(), f"{case.name}: cannot append to missing {target.relative_to(project)}"
                with target.open("ab") as out:
                    out.write(source.read_bytes())


def _env() -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    env.pop("HANDBOOK_DATA_DIR", None)
    git_dir = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--absolute-git-dir"], capture_output=True,
                             text=True)
    if git_dir.returncode == 0:
        env["GIT_DIR"] = git_dir.stdout.strip()  # read-only use: git log / cat-file for translated_from
    return env


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handbook.check", *args], cwd=project, env=_env(),
                          capture_output=True, text=True, encoding="utf-8", errors="replace")


@pytest.fixture(scope="session")
def baseline_output(tmp_path_factory) -> str:
    """The check's output on an unmodified copy: no case's expected message may already be there."""
    project = copy_project(tmp_path_factory.mktemp("baseline") / "project")
    result = run_check(project, "--no-build", "--strict")
    return result.stdout + result.stderr


def _requirement_missing(requires: str) -> str:
    if not requires:
        return ""
    module, _, attribute = requires.partition(":")
    try:
        loaded = importlib.import_module(module)
    except ImportError:
        return f"{module} is not importable yet"
    if attribute and not hasattr(loaded, attribute):
        return f"{module}.{attribute} does not exist yet"
    return ""


def test_corpus_is_large_enough():
    assert len(CASES) >= 30
    assert sum(case.kind == "build" for case in CASES) >= 3


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_fails_with_its_message(case: Case, tmp_path, request):
    missing = _requirement_missing(case.requires)
    if missing:
        pytest.skip(f"needs {case.requires}: {missing}")
    project = copy_project(tmp_path / "project")
    apply_case(case, project)
    site = None
    if case.kind == "check":
        result = run_check(project, *case.command[1:])
    else:
        site = good_site(tmp_path)
        result = run_build(project, site, *case.command[1:])
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case.name}: expected a failure:\n{output}"
    assert "Traceback" not in output, output
    for text in case.expect:
        assert text in output, f"{case.name}: expected {text!r} in:\n{output}"
    if case.kind == "check":
        baseline = request.getfixturevalue("baseline_output")
        for text in case.expect:
            if "/" in text and ":" in text.split(" ")[0]:  # only messages that name a file and a line
                assert text not in baseline, f"{case.name}: {text!r} is reported without the bad input too"
    else:
        assert (site / "index.html").read_text(encoding="utf-8") == "last good build"
        assert (site / "downloads" / "handbook-en.pdf").read_bytes() == b"%PDF-1.7 last good"
        assert not list(site.parent.glob("site.tmp-*")), "temporary build folder left behind"
