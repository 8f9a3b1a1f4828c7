"""The editors' check (scripts/check): the Markdown reader, links and anchors, safe content, language detection,
the command line. Broken inputs end to end are in tests/test_bad_inputs.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from handbook.check import all_checks
from handbook.check.content import scan_markdown
from handbook.check.context import Context
from handbook.check.links import check_links
from handbook.check.site_build import build_findings
from handbook.check.sources import Page, collect_anchors, find_headings, find_links, mask_lines, parse_front_matter
from handbook.errors import Finding
from handbook.languages import get_language
from tests.conftest import ROOT
from tests.conftest import copy_project
from tests.test_bad_inputs import run_check

FINDING = re.compile(r"^\S+?(:\d+)?: .+ — .+$")


def anchors_of(markdown: str) -> set[str]:
    masked = mask_lines(markdown.split("\n"))
    return collect_anchors(masked, find_headings(masked))


# --- Markdown reader ------------------------------------------------------------------------------------------


def test_anchors_explicit_slugged_and_made_unique():
    anchors = anchors_of(
        "# Title\n\n## Dual criminality {#dual-criminality}\n\n## Why it *matters*\n\n## Why it matters\n\n"
        "## Što je [trgovanje](x.md) ljudima?\n\nText {: #para-id }\n\n<a id=\"html-id\"></a>\n\n"
        "```\n## Not a heading {#in-code}\n```\n\n[^1]: A source.\n"
    )
    assert {"title", "dual-criminality", "why-it-matters", "why-it-matters_1", "što-je-trgovanje-ljudima",
            "para-id", "html-id", "fn:1"} <= anchors
    assert "in-code" not in anchors and "not-a-heading" not in anchors


def test_links_found_with_their_lines_outside_code():
    masked = mask_lines("See [a](a.md#x) and ![img](i.png).\n\n`[no](code.md)`\n\n```\n[no](fence.md)\n```\n\n"
                        "[ref]: <b.md>\n<a href=\"c.md\">c</a>\n".split("\n"))
    found = [(link.line, link.target, link.kind) for link in find_links(masked)]
    assert found == [(1, "a.md#x", "link"), (1, "i.png", "image"), (9, "b.md", "reference"), (10, "c.md", "html")]


def test_front_matter_keeps_the_raw_hash_and_reports_bad_yaml(tmp_path):
    lang = get_language("sq")
    page = Page(tmp_path / "a.md", lang, "a.md", "---\ntranslated_from: 1234567\n---\n\n# A\n")
    parse_front_matter(page)
    assert page.front_matter_raw["translated_from"] == "1234567" and page.front_matter_lines["translated_from"] == 2
    assert page.body_start == 3
    bad = Page(tmp_path / "b.md", lang, "b.md", "---\ntitle: x\nhide: [toc\n---\n# B\n")
    parse_front_matter(bad)
    assert bad.front_matter_error is not None and "not valid YAML" in bad.front_matter_error.message


# --- Links and anchors across languages -----------------------------------------------------------------------


@pytest.fixture()
def mini(tmp_path) -> Path:
    """A five-language project of a few pages (the real mkdocs.yml)."""
    shutil.copy2(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    pages = {
        "docs/index.md": "# Home\n\n## Scope {#scope}\n\nSee [chapter](chapters/one.md#dual-criminality).\n",
        "docs/chapters/one.md": "# One\n\n## Dual criminality {#dual-criminality}\n\n![d](../assets/d.svg)\n",
        "docs/chapters/two.md": "# Two\n\n{{ country-profile jurisdiction=al }}\n",
        "docs/assets/d.svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>\n",
        "docs_sq/index.md": "# Kreu\n\n## Fusha {#scope}\n\nShih [kapitullin](chapters/one.md#dual-criminality) "
                            "dhe [profilin](chapters/two.md#generated-section).\n",
        "docs_hr/index.md": "# Početna\n\n## Opseg {#scope}\n\nVidi [poglavlje](chapters/one.md#dual-criminality).\n",
        "docs_hr/chapters/one.md": "# Jedan\n\n## Dvostruka kažnjivost\n\n![d](../assets/d.svg)\n",
        "docs_bs/index.md": "# Početna\n\n```\n[x](nowhere.md)\n```\n\n[nije](nema.md)\n",
        "docs_mk/index.md": "# Почетна\n\n[лошо](#scope) [добро](../docs/index.md)\n",
    }
    for rel, text in pages.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    return tmp_path


def test_links_and_anchors_in_every_language(mini):
    findings = [str(f).replace(f"{mini}/", "") for f in check_links(Context(root=mini))]
    text = "\n".join(findings)
    # A translation may link to a page (and an anchor) that exists only in English: docs_sq/ has no chapters.
    assert "docs_sq/index.md" not in text
    # A translated page that exists must keep the English anchors.
    assert any(f.startswith("docs_hr/index.md:5: broken anchor '#dual-criminality' in link to "
                            "docs_hr/chapters/one.md") for f in findings), text
    # Links in code are ignored; a broken one outside code is reported with its line.
    assert any(f.startswith("docs_bs/index.md:7: broken link 'nema.md'") for f in findings), text
    assert "nowhere.md" not in text
    # Same-page anchors and links that leave the language folder.
    assert any(f.startswith("docs_mk/index.md:3: link to '#scope': no such anchor on this page") for f in findings)
    assert any(f.startswith("docs_mk/index.md:3: link '../docs/index.md' leads outside the docs_mk/ folder")
               for f in findings)
    assert len(findings) == 4, text


# --- Safe content ---------------------------------------------------------------------------------------------


def test_unsafe_content_is_found_but_code_examples_are_not():
    text = ("Use `<script>` never.\n\n```html\n<script>alert(1)</script>\n<iframe src=x>\n```\n\n"
            "The onclick= attribute is explained in prose.\n\n![local](assets/map.png)\n\n"
            "<img src=\"assets/x.png\" alt=\"x\">\n\n<div onmouseover=\"x()\">hover</div>\n")
    findings = scan_markdown(Path("docs/a.md"), mask_lines(text.split("\n")))
    assert [(f.line, f.message) for f in findings] == [(14, "inline event handler 'onmouseover=' on <div>")]


# --- Language detection ---------------------------------------------------------------------------------------


MK = ("Овој прирачник им помага на полициските службеници, граничната полиција, обвинителите и судиите да "
      "соработуваат преку границите во предмети за трговија со луѓе и криумчарење мигранти.")
BG = ("Този наръчник помага на полицейските служители, граничната полиция, прокурорите и съдиите да си "
      "сътрудничат през границите по дела за трафик на хора и контрабанда на мигранти.")
SR = ("Овај приручник помаже полицијским службеницима, граничној полицији, тужиоцима и судијама да сарађују "
      "преко граница у предметима трговине људима и кријумчарења миграната.")
BS = ("Ovaj priručnik pomaže policijskim službenicima, graničnoj policiji, tužiocima i sudijama da sarađuju preko "
      "granica u predmetima trgovine ljudima i krijumčarenja migranata.")


def test_macedonian_is_told_from_bulgarian_and_serbian():
    from handbook.language_detection import accepted, detect

    assert detect(MK).code == "mk"
    assert detect(BG).code == "bg" and not accepted("mk", "bg")
    assert detect(SR).code == "sr" and not accepted("mk", "sr")
    assert accepted("hr", detect(BS).code) and accepted("bs", detect(BS).code)


def test_prose_leaves_out_code_directives_links_and_name_tables():
    from handbook.language_detection import prose

    text = prose("---\ntranslated_from: abc\n---\n# Naslov\n\n```\nEnglish code here\n```\n\n"
                 "{{ contacts jurisdiction=al role=helpline }}\n\n| Jurisdiction | Code |\n|---|---|\n"
                 "| Albania | al |\n| Kosovo | xk |\n\nVidi [ovdje](https://example.org/page) UNODC 2009.\n")
    assert text == "Naslov Vidi ovdje"


# --- Strict build messages ------------------------------------------------------------------------------------


def test_mkdocs_messages_become_findings_on_their_file(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "about.md").write_text("# A\n", encoding="utf-8")
    findings = build_findings(
        "WARNING -  Doc file 'docs/about.md' contains a link 'x.md', but the target is not found.\n"
        "Error: docs/about.md:7: unknown directive 'contactz' — use one of: contacts\nAborted with 1 warnings",
        tmp_path)
    assert [(Path(str(f.file)).name, f.line) for f in findings] == [("about.md", None), ("about.md", 7)]
    assert findings[1].message == "unknown directive 'contactz'" and findings[1].hint == "use one of: contacts"


# --- Command line ---------------------------------------------------------------------------------------------


def test_checks_are_listed_in_order_with_the_build_last():
    names = [check.name for check in all_checks()]
    assert names[0] == "files" and names[-1] == "build"
    assert {"links", "data", "dates", "labels", "glossary", "front-matter", "content", "language"} <= set(names)
    result = subprocess.run([str(ROOT / "scripts" / "check"), "--list"], capture_output=True, text=True)
    assert result.returncode == 0 and "links" in result.stdout


def test_warnings_exit_0_and_strict_makes_them_errors(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "data" / "jurisdictions" / "me.yaml").write_text(
        "code: me\nlegal_references: []\ncontacts:\n  - id: me-old\n    role: helpline\n    institution:\n"
        "      official: Linija\n      en: Line\n    source: https://www.gov.me\n    verified: 2020-01-15\n"
        "    verified_by: A. Editor\n", encoding="utf-8")
    relaxed = run_check(project, "--no-build", "--only", "dates")
    assert relaxed.returncode == 0, relaxed.stdout
    assert "data/jurisdictions/me.yaml:" in relaxed.stdout and ": warning: contact 'me-old'" in relaxed.stdout
    strict = run_check(project, "--no-build", "--only", "dates", "--strict")
    assert strict.returncode == 1 and "FAILED: 1 error" in strict.stdout


def test_every_finding_line_reads_file_line_what_and_what_to_do(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "about.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n[x](nowhere.md) <script>x</script>\n", encoding="utf-8")
    result = run_check(project, "--no-build", "--only", "links,content")
    assert result.returncode == 1
    lines = [line.strip() for line in result.stdout.splitlines() if line.startswith("    ")
             and not line.strip().startswith("note:")]
    assert lines and all(FINDING.match(line) for line in lines), lines
    assert result.stdout.splitlines()[0].startswith("==> Internal links and anchors")
    assert "2 errors, 0 warnings in 2 checks" in result.stdout


def test_finding_format_matches_errors_module():
    finding = Finding("docs/a.md", 3, "broken link 'x.md'", "fix it")
    assert str(finding).endswith("docs/a.md:3: broken link 'x.md' — fix it")
    assert sys.executable  # the check runs with the interpreter of the venv (scripts/check)
