#!/usr/bin/env python3
"""Build-speed benchmark: the full build against its floor, the caches, and mkdocs-to-pdf.

    .venv/bin/python scripts/bench.py [--runs 3] [--no-mkdocs-to-pdf]

Works on a throw-away copy of the project (sources and git history) under .cache/bench/, so the project's own
site/ and PDF cache are left alone. Scenarios, each run --runs times (median reported):

  floor: mkdocs      plain strict `mkdocs build` of the five languages
  floor: weasyprint  WeasyPrint's time for one layout and one write of every PDF (5 booklets, 35 flyers), one at a
                     time in one process, divided by the number of cores (should a booklet need a second layout
                     for a stale page reference, that counts against us, not in the floor)
  cold full build    `python -m handbook.build --force` with an empty PDF cache: site, offline copies, all PDFs
  warm full build    the same command again, nothing changed
  one contact        one Montenegrin contact's hours changed: rebuild; reports which PDFs were rendered again
  mkdocs-to-pdf      the maintained WeasyPrint-based MkDocs PDF plugin, installed in its own virtual environment
                     (.cache/bench/venv-mkdocs-to-pdf), run once per language on the same pages as our booklets
                     (directives already rendered), as a user of that plugin would; compared with the booklet
                     part of our cold PDF stage (start of the stage to the last booklet written)

Peak memory is reported for the cold build, sampled: the whole process tree's proportional set size (PSS, what the
processes use together: the booklet processes share pages with the fork server they come from), its resident sets
summed (which counts those shared pages once per process), and the largest single process.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH = ROOT / ".cache" / "bench"
PARTS = ["mkdocs.yml", "docs", "docs_sq", "docs_bs", "docs_hr", "docs_mk", "overrides", "hooks", "handbook", "data",
         "scripts", "requirements.txt", "constraints.txt"]
M2P_VERSION = "0.12.1"


def say(message: str) -> None:
    print(message, flush=True)


def make_copy() -> Path:
    project = BENCH / "project"
    if project.exists():
        shutil.rmtree(project)
    subprocess.run(["git", "clone", "-q", "--no-checkout", str(ROOT), str(project)], check=True)
    from handbook.build_inputs import copy_sources

    return copy_sources(ROOT, project, PARTS)  # the working tree as it is now (uncommitted edits included)


def env() -> dict[str, str]:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")


def timed(command: list[str], cwd: Path, python: str = sys.executable) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run([python, *command], cwd=cwd, env=env(), capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds, result.stdout + result.stderr


def tree_rss_kb(root: int) -> dict[int, int]:
    """The resident set (RSS, kB) of a process and of each of its descendants now (Linux /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields["VmRSS"].split()[0]) if "VmRSS" in fields else 0
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    return {pid: rss.get(pid, 0) for pid in tree}


def pss_kb(pids) -> int:
    """The proportional set sizes (PSS, kB) of ``pids`` summed: pages shared between processes, such as those a
    forked process shares with the server it was forked from, counted once in all (the RSS counts them in each)."""
    total = 0
    for pid in pids:
        try:
            total += int(re.search(r"^Pss:\s+(\d+) kB", Path(f"/proc/{pid}/smaps_rollup").read_text(), re.M)[1])
        except (OSError, TypeError):
            continue
    return total


def timed_with_memory(command: list[str], cwd: Path) -> tuple[float, str, tuple[float, float, float]]:
    """Like timed(), and the peaks of the process tree's memory, sampled every 0.25 s: PSS summed, RSS summed,
    largest RSS, in MB. The PSS (which walks each process's page tables) is read only when the RSS summed is near
    its peak, so the sampling takes little from the build it measures."""
    import threading

    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, *command], cwd=cwd, env=env(), stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    peak = [0, 0, 0]  # kB: PSS summed, RSS summed, largest RSS

    def sample() -> None:
        try:  # this thread only (Linux: a thread's own nice value): the build gets the cores first
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        except (AttributeError, OSError):
            pass
        while process.poll() is None:
            rss = tree_rss_kb(process.pid)
            total = sum(rss.values())
            if total >= 0.95 * peak[1]:
                peak[0] = max(peak[0], pss_kb(rss))
            peak[1], peak[2] = max(peak[1], total), max([peak[2], *rss.values()])
            time.sleep(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output, _ = process.communicate()
    seconds = time.perf_counter() - started
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{output[-3000:]}")
    return seconds, output, (peak[0] / 1024, peak[1] / 1024, peak[2] / 1024)


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- Scenarios ----------------------------------------------------------------------------------------------------

def floor_mkdocs(project: Path, runs: int) -> float:
    return median([timed(["-m", "mkdocs", "build", "--strict", "-d", str(BENCH / "plain")], project)[0]
                   for _ in range(runs)])


WEASY_ONLY = r"""
import gc, sys, time
from pathlib import Path
gc.disable()  # as the build renders booklets (handbook.booklet.render.no_cycle_collection): the floor at its best
site = Path(sys.argv[1])
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from handbook.booklet.assemble import assemble_booklet
from handbook.booklet.render import PDF_OPTIONS, fetcher_for
from handbook.flyers.config import all_flyers
from handbook.flyers.pdf import render_flyer
from handbook.languages import language_codes
total = 0.0
for code in language_codes():  # one layout and one write per booklet: WeasyPrint's own work, nothing of ours
    booklet = assemble_booklet(code, site)
    fetcher, fonts = fetcher_for(booklet), FontConfiguration()
    html = HTML(string=booklet.html, base_url=booklet.base_url, url_fetcher=fetcher)
    css = CSS(string=booklet.css, base_url=booklet.base_url, url_fetcher=fetcher, font_config=fonts)
    t = time.perf_counter()
    html.render(stylesheets=[css], font_config=fonts).write_pdf(**PDF_OPTIONS)
    total += time.perf_counter() - t
    gc.collect()
booklets = total
for code, lang in all_flyers():
    t = time.perf_counter(); render_flyer(code, lang); total += time.perf_counter() - t
print(f"{booklets:.3f} {total - booklets:.3f}")
"""


def floor_weasyprint(project: Path, site: Path) -> tuple[float, float]:
    _, out = timed(["-c", WEASY_ONLY, str(site)], project)
    booklets, flyers = (float(x) for x in out.strip().splitlines()[-1].split())
    return booklets, flyers


def full_build(project: Path, site: Path) -> tuple[float, str, tuple[float, float, float]]:
    return timed_with_memory(["-m", "handbook.build", "--site-dir", str(site), "--force"], project)


def rebuild(project: Path, site: Path) -> tuple[float, str]:
    return timed(["-m", "handbook.build", "--site-dir", str(site)], project)


def change_one_contact(project: Path) -> None:
    """Rename Montenegro's first contact institution (what a reader sees wherever that contact is shown)."""
    path = project / "data" / "jurisdictions" / "me.yaml"
    text = path.read_text(encoding="utf-8")
    changed = re.sub(r"(institution:\n\s+official: )([^\n]+)", r"\1\2 (bench)", text, count=1)
    if changed == text:
        raise SystemExit("bench: no contact institution found in data/jurisdictions/me.yaml")
    path.write_text(changed, encoding="utf-8")


def rendered_pdfs(output: str) -> list[str]:
    booklets = re.findall(r"(handbook-\w+\.pdf) rendered", output)
    flyers = re.findall(r"\] (flyer-[\w-]+\.pdf) ", output)
    return booklets + flyers


# --- mkdocs-to-pdf ------------------------------------------------------------------------------------------------

PREPARE = r"""
import sys, shutil, yaml
from pathlib import Path
from handbook.directives import render_directives
from handbook.languages import get_language, languages
code, out = sys.argv[1], Path(sys.argv[2])
lang = get_language(code)
english = next(l for l in languages() if l.default)
if out.exists():
    shutil.rmtree(out)
docs = out / "docs"
for base in ([english] if lang.default else [english, lang]):
    for path in Path(base.folder).rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            target = docs / path.relative_to(base.folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
for page in docs.rglob("*.md"):
    rel = page.relative_to(docs).as_posix()
    src = f"{lang.folder}/{rel}" if (Path(lang.folder) / rel).exists() else f"docs/{rel}"
    page.write_text(render_directives(page.read_text(encoding="utf-8"), code, src), encoding="utf-8")
from handbook.languages import _TolerantLoader  # mkdocs.yml has !ENV and !!python tags: read plain values
config = yaml.load(Path("mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
""".strip()


def mkdocs_to_pdf(project: Path, runs: int) -> float | None:
    venv = BENCH / "venv-mkdocs-to-pdf"
    python = venv / "bin" / "python"
    if not python.exists():
        say("    installing mkdocs-to-pdf into its own virtual environment (benchmark only)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                        f"mkdocs-to-pdf=={M2P_VERSION}", "-r", str(ROOT / "requirements.txt"),
                        "-c", str(ROOT / "constraints.txt")], check=True)
    from handbook.languages import languages

    totals = []
    for _ in range(runs):
        total = 0.0
        for lang in languages():
            work = BENCH / f"m2p-{lang.code}"
            subprocess.run([sys.executable, "-c", PREPARE_SCRIPT, lang.code, str(work)], cwd=project, env=env(),
                           check=True)
            seconds, _ = timed(["-m", "mkdocs", "build", "-q", "-f", str(work / "mkdocs.yml")], work, str(python))
            total += seconds
        totals.append(total)
    return median(totals)


PREPARE_SCRIPT = PREPARE + r"""
nav = config.get("nav")
site = {
    "site_name": config["site_name"], "docs_dir": "docs", "site_dir": "site", "nav": nav,
    "theme": {"name": "material", "language": code if code != "bs" else "hr", "font": False},
    "markdown_extensions": [  # the same extensions, without the Python objects mkdocs.yml passes to some
        {name: {k: v for k, v in (options or {}).items() if v is not None and k != "slugify"}}
        if isinstance(item, dict) else item
        for item in config.get("markdown_extensions") or []
        for name, options in (item.items() if isinstance(item, dict) else [(item, None)])
    ],
    "plugins": [{"to-pdf": {"output_path": f"handbook-{code}.pdf", "cover_title": config["site_name"],
                             "toc_level": 2, "ordered_chapter_level": 0}}],
}
(out / "mkdocs.yml").write_text(yaml.safe_dump(site, allow_unicode=True, sort_keys=False), encoding="utf-8")
"""


# --- Main ---------------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-mkdocs-to-pdf", action="store_true")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    BENCH.mkdir(parents=True, exist_ok=True)
    project = make_copy()
    site = BENCH / "site"
    say(f"Benchmark on {cores} cores, {args.runs} run(s) per scenario, project copy in {project}")

    say("==> floor: plain mkdocs build")
    plain = floor_mkdocs(project, args.runs)
    say(f"    {plain:.1f} s")

    say("==> cold full build (empty PDF cache)")
    colds, pdf_stage, booklet_stage, memory = [], [], [], []
    for _ in range(args.runs):
        shutil.rmtree(project / ".cache", ignore_errors=True)
        seconds, output, peaks = full_build(project, site)
        colds.append(seconds)
        memory.append(peaks)
        match = re.search(r"PDFs done in ([\d.]+) s", output)
        pdf_stage.append(float(match.group(1)) if match else float("nan"))
        match = re.search(r"Booklets done in ([\d.]+) s", output)
        booklet_stage.append(float(match.group(1)) if match else float("nan"))
    cold = median(colds)
    pss, rss, largest = (max(peaks[i] for peaks in memory) for i in range(3))
    say(f"    {cold:.1f} s (PDF stage {median(pdf_stage):.1f} s, of which the five booklets "
        f"{median(booklet_stage):.1f} s); peak memory of the whole build {pss:.0f} MB (PSS; RSS summed {rss:.0f} MB, "
        f"largest process {largest:.0f} MB)")

    say("==> floor: WeasyPrint layout and write of every PDF, one at a time")
    booklets_s, flyers_s = floor_weasyprint(project, site)
    weasy = (booklets_s + flyers_s) / cores
    floor = plain + weasy
    say(f"    booklets {booklets_s:.1f} s + flyers {flyers_s:.1f} s = {booklets_s + flyers_s:.1f} s; / {cores} cores"
        f" = {weasy:.1f} s")

    say("==> warm full build (nothing changed)")
    warm = median([rebuild(project, site)[0] for _ in range(args.runs)])
    say(f"    {warm:.2f} s")

    say("==> one contact changed (Montenegro)")
    change_one_contact(project)
    one_seconds, output = rebuild(project, site)
    again = rendered_pdfs(output)
    say(f"    {one_seconds:.1f} s; rendered again: {len(again)} PDF(s): {', '.join(again)}")

    m2p = None
    if not args.no_mkdocs_to_pdf:
        say("==> mkdocs-to-pdf, once per language")
        try:
            m2p = mkdocs_to_pdf(project, 1)
            say(f"    {m2p:.1f} s for five builds with their PDFs")
        except (SystemExit, subprocess.CalledProcessError) as error:
            say(f"    not measured: {str(error)[:400]}")

    ours_booklets = median(booklet_stage)
    rows = [
        ("plain mkdocs build (5 languages)", f"{plain:.1f} s", ""),
        ("WeasyPrint time of all PDFs / cores", f"{weasy:.1f} s", ""),
        ("floor (sum of the two)", f"{floor:.1f} s", ""),
        ("cold full build", f"{cold:.1f} s", f"{cold / floor:.2f}× floor (target ≤ 1.30×); PDF stage "
                                            f"{median(pdf_stage):.1f} s, the five booklets {ours_booklets:.1f} s"),
        ("warm full build, nothing changed", f"{warm:.2f} s", "target < 5 s"),
        ("one contact changed", f"{one_seconds:.1f} s", f"{len(again)} PDFs re-rendered"),
        ("peak memory, whole build (all processes)", f"{pss:.0f} MB",
         f"target < 1 GB; the processes' PSS summed (their RSS summed {rss:.0f} MB, shared pages counted in each; "
         f"largest process {largest:.0f} MB)"),
    ]
    if m2p is not None:
        rows.append(("mkdocs-to-pdf, 5 languages", f"{m2p:.1f} s",
                     f"our five booklets {ours_booklets:.1f} s: {m2p / ours_booklets:.2f}× faster (target ≥ 2.5×)"))
    say(f"\n| scenario ({cores} cores, median of {args.runs}) | time | notes |\n|---|---|---|")
    for row in rows:
        say(f"| {row[0]} | {row[1]} | {row[2]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
