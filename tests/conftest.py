"""Shared fixtures: one real build of the whole product per test session, and a throw-away copy of the project
for tests that need to break something."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.build_inputs import copy_sources

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "data_fixtures"  # small, valid country data for unit tests
PROJECT_PARTS = ["mkdocs.yml", "docs", "docs_sq", "docs_bs", "docs_hr", "docs_mk", "overrides", "hooks", "handbook",
                 "data", "scripts"]


def run_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "handbook.build", "--site-dir", str(site_dir), *extra],
        cwd=project, env=env, capture_output=True, text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site with booklets, flyers and offline copies, built once per session.

    Set HANDBOOK_TEST_SITE=/path/to/site to reuse a build while working on the tests.
    """
    reuse = os.environ.get("HANDBOOK_TEST_SITE")
    if reuse:
        return Path(reuse)
    site = tmp_path_factory.mktemp("build") / "site"
    result = run_build(ROOT, site)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return site


@pytest.fixture()
def project_copy(tmp_path) -> Path:
    """A copy of the project (sources only) that a test may break; git history is not needed."""
    return copy_project(tmp_path / "project")


def copy_project(target: Path) -> Path:
    """Copy the project's sources (PROJECT_PARTS) into the new folder ``target``."""
    target.mkdir(parents=True)
    return copy_sources(ROOT, target, PROJECT_PARTS)


def good_site(tmp_path: Path) -> Path:
    """A stand-in for the last good build: a failed build must leave it exactly as it is."""
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    (site / "index.html").write_text("last good build", encoding="utf-8")
    (site / "downloads" / "handbook-en.pdf").write_bytes(b"%PDF-1.7 last good")
    return site
