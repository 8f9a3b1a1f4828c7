"""python -m handbook.booklet SITE_DIR [--lang xx ...] [--jobs N]: the PDF booklets of a built site."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from handbook.booklet.build import build_booklets
from handbook.errors import HandbookError
from handbook.languages import language_codes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m handbook.booklet",
        description="Render site/downloads/handbook-<lang>.pdf from a site built with mkdocs build.")
    parser.add_argument("site_dir", type=Path, help="the built site (mkdocs build -d SITE_DIR)")
    parser.add_argument("--lang", action="append", choices=language_codes(), metavar="LANG",
                        help=f"a language to render (repeat for several; default: all of {' '.join(language_codes())})")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="worker processes rendering in parallel (default: the number of cores)")
    parser.add_argument("--out-dir", type=Path, help="where to write the PDFs (default: SITE_DIR/downloads)")
    parser.add_argument("--cache-dir", type=Path,
                        help="reuse a booklet rendered before when nothing that goes into it changed")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        results = build_booklets(args.site_dir, args.lang, args.jobs, args.out_dir, args.cache_dir,
                                 log=lambda line: print(line, flush=True))
    except HandbookError as error:
        for finding in error.findings:
            print(finding, file=sys.stderr)
        print("\nBooklets failed: nothing was replaced for the languages listed above.", file=sys.stderr)
        return 1
    pages = sum(result.pages for result in results)
    print(f"{len(results)} booklet(s), {pages} pages in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
