#!/usr/bin/env bash
# Installs what the tests need (system packages, Chromium, Python packages) and runs the whole test suite.
# .ci/run calls exactly this. Extra arguments go to pytest (e.g. scripts/test.sh -k flyers).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-system-deps.sh --test
scripts/install-python-deps.sh --test
export NO_MKDOCS_2_WARNING=1
exec .venv/bin/python -m pytest "$@"
