"""Country data (handbook.countrydata): the real data loads and follows the facts rule; every kind of bad input gives
one message with its file and line and what to do; scripts/validate-data reports it and exits non-zero."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook.countrydata import (
    JURISDICTIONS,
    ROLES,
    TOPICS,
    check_country_data,
    clear_cache,
    contacts_for,
    format_phone,
    load_country_data,
    phone_for,
    read_data,
)
from handbook.countrydata.model import required_label_keys
from handbook.errors import HandbookError
from handbook.languages import language_codes
from tests.conftest import FIXTURES, ROOT

TODAY = dt.date(2026, 6, 1)


def data_with(tmp_path: Path, *fixtures: str) -> Path:
    """A copy of data/ with the named fixture folders laid over it."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    for name in fixtures:
        shutil.copytree(FIXTURES / name, target, dirs_exist_ok=True)
    return target


def only_finding(data_dir: Path, strict: bool = False):
    findings = check_country_data(data_dir, today=TODAY, strict=strict, pages=False)
    assert len(findings) == 1, "\n".join(str(f) for f in findings)
    return findings[0]


# --- The real data ----------------------------------------------------------------------------------------------


def test_real_data_loads_without_findings():
    data, findings = read_data(ROOT / "data")
    assert data is not None
    assert [str(f) for f in findings] == []
    assert set(data.jurisdictions) == set(JURISDICTIONS)


def test_every_treaty_gives_a_status_for_each_of_the_seven():
    data = load_country_data(ROOT / "data")
    ids = {t.id for t in data.treaties}
    assert {"untoc", "palermo_tip", "palermo_som", "coe_thb", "mla_1959", "mla_2nd_protocol", "extradition_1957",
            "pcc_see", "uncac", "selec"} <= ids
    for treaty in data.treaties:
        assert set(treaty.parties) == set(JURISDICTIONS), treaty.id
        assert set(treaty.title) == set(language_codes()), treaty.id


def test_kosovo_cannot_be_party_to_un_and_council_of_europe_treaties():
    data = load_country_data(ROOT / "data")
    for treaty_id in ("untoc", "palermo_tip", "palermo_som", "uncac", "coe_thb", "mla_1959", "extradition_1957"):
        status = data.treaty(treaty_id).parties["xk"]
        assert status.status == "not_applicable" and status.note, treaty_id


def test_facts_rule_nothing_is_verified_without_a_checker_and_no_guessed_dates():
    """Until someone checks the sources, every fact is 'unverified'; treaty ratification dates are left out."""
    data = load_country_data(ROOT / "data")
    for jur in data.jurisdictions.values():
        for record in [*jur.legal_references, *jur.contacts]:
            assert record.verified is None or record.verified_by, record.id
            assert record.source.startswith(("https://", "http://")), record.id
    for treaty in data.treaties:
        for code, status in treaty.parties.items():
            assert status.verified is None or status.verified_by, (treaty.id, code)


def test_core_legal_topics_are_covered_for_each_jurisdiction():
    data = load_country_data(ROOT / "data")
    for code, jur in data.jurisdictions.items():
        topics = {r.topic for r in jur.legal_references}
        assert {"tip", "som", "mla", "extradition", "treaty_precedence"} <= topics, code


def test_emergency_numbers_are_valid_short_numbers_and_contacts_are_reachable_by_api():
    data = load_country_data(ROOT / "data")
    for code in JURISDICTIONS:
        police = phone_for(code, "police_emergency", data)
        assert police is not None and re.fullmatch(r"1\d\d", police.phone), code
    assert [c.id for c in contacts_for("hr", "mla_central_authority", data)] == ["hr-mla-central-authority"]
    assert contacts_for("hr", "jit_expert", data) == []  # not yet confirmed: left out, never guessed


def test_labels_for_the_data_pages_exist_in_every_language_and_macedonian_is_cyrillic():
    data = load_country_data(ROOT / "data")
    for key in required_label_keys():
        assert set(data.labels[key]) >= set(language_codes()), key
    for key in [f"jurisdiction_{c}" for c in JURISDICTIONS] + [f"role_{r}" for r in ROLES] + [
            f"topic_{t}" for t in TOPICS]:
        assert re.search("[а-шѓќѕљњџ]", data.labels[key]["mk"], re.I), key
    assert all(data.labels["jurisdiction_xk"][code].endswith("*") for code in language_codes())


def test_phone_numbers_are_shown_in_international_format():
    assert format_phone("+38512345678") == "+385 1 2345 678"
    assert format_phone("192") == "192"


# --- Bad input: one message each, with file, line and what to do ---------------------------------------------------


@pytest.mark.parametrize("fixture, file, line, message", [
    ("malformed-yaml", "jurisdictions/al.yaml", 6, "malformed YAML"),
    ("unknown-jurisdiction", "agreements.yaml", 3, "unknown jurisdiction 'gr'"),
    ("unknown-jurisdiction-file", "jurisdictions/gr.yaml", 1, "unknown jurisdiction code 'gr'"),
    ("missing-field", "jurisdictions/hr.yaml", 5, "missing required field 'institution'"),
    ("invalid-phone", "jurisdictions/rs.yaml", 8, "'+381111234' is not a valid phone number"),
    ("phone-not-e164", "jurisdictions/rs.yaml", 8, "not written in E.164 form"),
    ("duplicate-id", "jurisdictions/me.yaml", 10, "duplicate id 'me-test'"),
    ("unknown-role", "jurisdictions/al.yaml", 6, "unknown role 'hotline'"),
    ("unknown-field", "jurisdictions/al.yaml", 8, "unknown field 'phon'"),
    ("glossary-missing-language", "glossary.yaml", 2, "is missing in: mk"),
])
def test_bad_input_gives_one_error_with_file_and_line(tmp_path, fixture, file, line, message):
    data_dir = data_with(tmp_path, fixture)
    finding = only_finding(data_dir)
    assert finding.severity == "error"
    assert Path(finding.file).resolve() == (data_dir / file).resolve()
    assert finding.line == line
    assert message in finding.message
    assert finding.hint, "every message says what to do"
    text = str(finding)
    assert re.match(rf".*{re.escape(file)}:{line}: .+ — .+", text), text


def test_the_hint_for_a_non_e164_number_gives_the_right_form(tmp_path):
    assert "+38111123456" in only_finding(data_with(tmp_path, "phone-not-e164")).hint


def test_label_missing_in_one_language(tmp_path):
    data_dir = data_with(tmp_path)
    labels = data_dir / "labels.yaml"
    lines = labels.read_text(encoding="utf-8").split("\n")
    start = lines.index("role_border_police:")
    mk_line = next(i for i in range(start, start + 7) if lines[i].startswith("  mk:"))
    del lines[mk_line]
    labels.write_text("\n".join(lines), encoding="utf-8")
    finding = only_finding(data_dir)
    assert finding.line == start + 1
    assert "label 'role_border_police' is missing in: mk" in finding.message


def test_label_needed_by_the_pages_but_absent(tmp_path):
    data_dir = data_with(tmp_path)
    labels = data_dir / "labels.yaml"
    text = labels.read_text(encoding="utf-8")
    text = re.sub(r"\nrole_selec_liaison:\n(  .*\n)+", "\n", text)
    labels.write_text(text, encoding="utf-8")
    finding = only_finding(data_dir)
    assert "label 'role_selec_liaison' is missing" in finding.message


@pytest.mark.parametrize("fixture, message", [
    ("stale-date", "more than 18 months ago"),
    ("future-date", "is in the future"),
])
def test_verification_date_out_of_range_is_a_warning_and_an_error_under_strict(tmp_path, fixture, message):
    data_dir = data_with(tmp_path, fixture)
    warning = only_finding(data_dir)
    assert warning.severity == "warning" and message in warning.message
    assert Path(warning.file).name == "ba.yaml" and warning.line == 5
    assert only_finding(data_dir, strict=True).severity == "error"


def test_verification_within_18_months_is_fine(tmp_path):
    data_dir = data_with(tmp_path, "phone-e164")
    assert check_country_data(data_dir, today=TODAY, pages=False) == []


def test_loading_bad_data_raises_one_handbook_error_without_traceback_noise(tmp_path):
    data_dir = data_with(tmp_path, "invalid-phone")
    with pytest.raises(HandbookError) as info:
        load_country_data(data_dir)
    assert len(info.value.findings) == 1


def test_data_dir_can_be_set_by_environment(tmp_path, monkeypatch):
    data_dir = data_with(tmp_path, "phone-e164")
    monkeypatch.setenv("HANDBOOK_DATA_DIR", str(data_dir))
    assert phone_for("hr", "helpline").phone == "+38512345678"


def test_cache_is_reused_and_reloaded_when_a_file_changes(tmp_path):
    data_dir = data_with(tmp_path)
    clear_cache()
    first = load_country_data(data_dir)
    assert load_country_data(data_dir) is first
    time.sleep(0.01)
    shutil.copytree(FIXTURES / "phone-e164", data_dir, dirs_exist_ok=True)
    second = load_country_data(data_dir)
    assert second is not first
    assert phone_for("hr", "helpline", second).phone == "+38512345678"


# --- The command line ----------------------------------------------------------------------------------------------


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "scripts" / "validate-data"), *args], capture_output=True, text=True,
                          cwd=ROOT)


def test_cli_passes_on_the_real_data():
    result = run_cli("--no-pages")
    assert result.returncode == 0, result.stdout + result.stderr


def test_cli_reports_file_line_and_exits_1_without_traceback(tmp_path):
    data_dir = data_with(tmp_path, "invalid-phone")
    result = run_cli("--no-pages", "--data-dir", str(data_dir))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    lines = result.stdout.strip().split("\n")
    assert len(lines) == 1
    assert re.match(r".*jurisdictions/rs\.yaml:8: .*not a valid phone number — ", lines[0]), lines[0]


def test_cli_strict_turns_stale_dates_into_errors(tmp_path):
    data_dir = data_with(tmp_path, "stale-date")
    lenient = run_cli("--no-pages", "--data-dir", str(data_dir), "--today", TODAY.isoformat())
    assert lenient.returncode == 0 and "warning:" in lenient.stdout
    strict = run_cli("--no-pages", "--strict", "--data-dir", str(data_dir), "--today", TODAY.isoformat())
    assert strict.returncode == 1 and "ba.yaml:5:" in strict.stdout


def test_cli_module_form_works_too(tmp_path):
    data_dir = data_with(tmp_path, "malformed-yaml")
    result = subprocess.run([sys.executable, "-m", "handbook.countrydata", "--no-pages", "--data-dir",
                             str(data_dir)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1 and "al.yaml:6: malformed YAML" in result.stdout
    assert "Traceback" not in result.stderr
