"""Command line of the editors' check (``scripts/check``). See handbook/check/__init__.py."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time

from handbook import REPO_ROOT
from handbook.check import Skipped, all_checks
from handbook.check.context import Context
from handbook.errors import Finding


def format_finding(finding: Finding) -> str:
    text = str(finding)
    if finding.severity != "error":
        where, sep, rest = text.partition(": ")
        text = f"{where}: {finding.severity}: {rest}" if sep else f"{finding.severity}: {text}"
    return text


def _sort_key(finding: Finding):
    return (str(finding.file or ""), finding.line or 0)


def main(argv: list[str] | None = None) -> int:
    checks = all_checks()
    parser = argparse.ArgumentParser(
        prog="scripts/check",
        description="Check the handbook's sources: every problem as 'file:line: what is wrong — what to do'.",
        epilog="Exit status 1 if there is any error; warnings alone exit 0 (unless --strict).")
    parser.add_argument("--no-build", action="store_true", help="skip the strict site build (fast, for pre-commit)")
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument("--only", default="", help="comma-separated checks to run (see --list)")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="date to judge verification dates against (default: today), YYYY-MM-DD")
    parser.add_argument("--list", action="store_true", help="list the checks and exit")
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks of internal errors")
    args = parser.parse_args(argv)

    if args.list:
        for check in checks:
            print(f"{check.name:14} {check.title}")
        return 0
    selected = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in selected if name not in {c.name for c in checks}]
    if unknown:
        parser.error(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(c.name for c in checks)}")
    if selected:
        checks = [c for c in checks if c.name in selected]
    if args.no_build:
        checks = [c for c in checks if not c.slow]

    ctx = Context(root=REPO_ROOT, today=args.today or dt.date.today(), strict=args.strict)
    started = time.perf_counter()
    totals = {"error": 0, "warning": 0}
    skipped = 0
    failed_checks = []
    timings = {}
    for check in checks:
        t0 = time.perf_counter()
        try:
            findings = check.run(ctx)
            skip_reason = ""
        except Skipped as skip:
            findings, skip_reason = [], str(skip)
        except Exception as error:  # noqa: BLE001 - an internal error must not hide the other checks' results
            if args.debug:
                raise
            findings, skip_reason = [Finding(None, None, f"internal error in this check: {type(error).__name__}: "
                                             f"{error}", "report it to the developers (rerun with --debug for "
                                             "details)")], ""
        elapsed = time.perf_counter() - t0
        timings[check.name] = elapsed
        if args.strict:
            for finding in findings:
                finding.severity = "error"
        errors = [f for f in findings if f.severity == "error"]
        warnings = [f for f in findings if f.severity != "error"]
        totals["error"] += len(errors)
        totals["warning"] += len(warnings)
        if skip_reason:
            skipped += 1
            status = f"skipped: {skip_reason}"
        elif not findings:
            status = "ok"
        else:
            parts = []
            if errors:
                parts.append(f"{len(errors)} error{'s' * (len(errors) != 1)}")
            if warnings:
                parts.append(f"{len(warnings)} warning{'s' * (len(warnings) != 1)}")
            status = ", ".join(parts)
            if errors:
                failed_checks.append(check.name)
        print(f"==> {check.title}: {status} ({elapsed:.2f} s)", flush=True)
        for finding in sorted(errors, key=_sort_key) + sorted(warnings, key=_sort_key):
            print(f"    {format_finding(finding)}")
        for note in ctx.notes.get(check.name, []):
            print(f"    note: {note}")
    total = time.perf_counter() - started
    build_time = f", site build {timings['build']:.1f} s" if "build" in timings else ", site build skipped"
    summary = (f"{totals['error']} error{'s' * (totals['error'] != 1)}, {totals['warning']} "
               f"warning{'s' * (totals['warning'] != 1)} in {len(checks)} checks"
               f"{f' ({skipped} skipped)' if skipped else ''} — {total:.1f} s{build_time}")
    print()
    print(("FAILED: " if totals["error"] else "OK: ") + summary)
    if failed_checks:
        print(f"Failing checks: {', '.join(failed_checks)}. Each line above says the file, the line, what is "
              "wrong and what to do; CONTRIBUTING.md 'What the checks mean' explains each check.")
    return 1 if totals["error"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # pragma: no cover
        sys.exit(130)
    except BrokenPipeError:  # pragma: no cover
        os._exit(1)
