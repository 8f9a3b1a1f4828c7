"""Build everything into site/: the five-language site, the PDF booklets, the flyers and the offline copies.

The build writes into a temporary folder beside site/ and swaps it in only when every stage succeeded, so a
failed build (bad input) leaves the last good site/ and its PDFs exactly as they were.

    python -m handbook.build [--site-dir site] [--jobs N] [--skip-pdf]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from handbook import REPO_ROOT
from handbook.errors import HandbookError


def log(message: str) -> None:
    print(f"==> {message}", flush=True)


def build_site(target: Path) -> None:
    """Run the strict MkDocs build into ``target``; raise BuildFailed with MkDocs' own messages on failure."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise BuildFailed("site", _mkdocs_messages(result.stdout + result.stderr))


def _mkdocs_messages(output: str) -> str:
    """Keep what an editor needs from MkDocs' output: the warnings and errors, not the banner."""
    keep = []
    for line in output.splitlines():
        stripped = line.strip()
        if stripped.startswith(("WARNING", "ERROR", "Aborted", "Error", "Config value")) or ": " in stripped and (
            ".md" in stripped or ".yaml" in stripped or ".yml" in stripped
        ):
            keep.append(stripped)
    return "\n".join(keep) or output.strip()


class BuildFailed(Exception):
    def __init__(self, stage: str, details: str):
        self.stage = stage
        self.details = details
        super().__init__(f"{stage} stage failed")


def swap_into_place(new: Path, final: Path) -> None:
    """Replace ``final`` with ``new`` with two renames, so readers never see a half-written site."""
    old = final.with_name(f"{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    new.rename(final)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def expected_outputs(skip_pdf: bool, skip_offline: bool) -> list[str]:
    from handbook.languages import language_codes

    names = []
    for code in language_codes():
        if not skip_pdf:
            names.append(f"downloads/handbook-{code}.pdf")
        if not skip_offline:
            names.append(f"downloads/handbook-{code}-offline.zip")
    return names


def run(site_dir: Path, jobs: int, skip_pdf: bool, skip_offline: bool = False, force: bool = False) -> int:
    from handbook import build_inputs

    started = time.perf_counter()
    options = {"skip_pdf": skip_pdf, "skip_offline": skip_offline}
    current = build_inputs.fingerprint(options)
    if not force and build_inputs.is_current(site_dir, current, expected_outputs(skip_pdf, skip_offline)):
        log(f"Nothing changed since the last build of {site_dir.name}/ ({time.perf_counter() - started:.2f} s); "
            "use --force to rebuild anyway")
        return 0
    build_inputs.forget(site_dir)
    staging = site_dir.with_name(f"{site_dir.name}.tmp-{os.getpid()}")
    if staging.exists():
        shutil.rmtree(staging)
    workers = offline = None  # PdfProcesses stop their own jobs when they end
    try:
        # On two cores the online build (one core) has company: the offline variant of the site builds beside it,
        # and the booklet workers import WeasyPrint.
        if not skip_pdf and jobs > 1:
            from handbook.pdf_processes import PdfProcesses

            workers = PdfProcesses(jobs)
        if not skip_offline:
            from handbook.offline import OfflineCopies

            offline = OfflineCopies(staging, log=lambda message: print(message, flush=True))
        t0 = time.perf_counter()
        log("Building the site in five languages (strict)")
        build_site(staging)
        log(f"Site built in {time.perf_counter() - t0:.1f} s")
        if not skip_pdf:
            from handbook.pdf_stage import build_pdfs

            # the offline zips are written once the flyers are there, each finished as soon as its booklet is
            build_pdfs(staging, jobs=jobs, pool=workers, on_flyers=offline.prepare if offline else None,
                       on_ready=offline.add if offline else None)
        if offline is not None:
            offline.finish()
        swap_into_place(staging, site_dir)
        build_inputs.remember(site_dir, current)
    except BuildFailed as failure:
        shutil.rmtree(staging, ignore_errors=True)
        print(failure.details, file=sys.stderr)
        print(f"\nBuild failed in the {failure.stage} stage; {site_dir.name}/ was left as it was.", file=sys.stderr)
        return 1
    except HandbookError as error:
        shutil.rmtree(staging, ignore_errors=True)
        for finding in error.findings:
            print(finding, file=sys.stderr)
        print(f"\nBuild failed; {site_dir.name}/ was left as it was.", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if offline is not None:
            offline.cancel()
    log(f"Done in {time.perf_counter() - started:.1f} s. Outputs:")
    print(f"    site:      {site_dir}/index.html (serve it: python3 -m http.server -d {site_dir.name})")
    print(f"    booklets:  {site_dir}/downloads/handbook-<lang>.pdf")
    print(f"    flyers:    {site_dir}/downloads/flyers/flyer-<jurisdiction>-<lang>.pdf")
    print(f"    offline:   {site_dir}/downloads/handbook-<lang>-offline.zip")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m handbook.build", description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=REPO_ROOT / "site", help="output folder (default: site/)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel PDF workers")
    parser.add_argument("--skip-pdf", action="store_true", help="no booklets, no flyers")
    parser.add_argument("--skip-offline", action="store_true", help="no offline copies (zips)")
    parser.add_argument("--force", action="store_true", help="rebuild even if nothing changed since the last build")
    args = parser.parse_args(argv)
    return run(args.site_dir.resolve(), args.jobs, args.skip_pdf, args.skip_offline, args.force)


if __name__ == "__main__":
    sys.exit(main())
