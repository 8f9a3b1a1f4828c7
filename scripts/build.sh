#!/usr/bin/env bash
# The one command a new user runs: installs everything, then builds the site, the PDF booklets, the flyers and
# the offline copies into site/. A failed build leaves the previous site/ as it was.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh
scripts/install-python-deps.sh
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m handbook.build "$@"
