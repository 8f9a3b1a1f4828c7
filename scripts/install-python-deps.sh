#!/usr/bin/env bash
# Create .venv (Python 3.11) if needed and install the pinned Python dependencies.
#   scripts/install-python-deps.sh          -> requirements.txt (what the build needs)
#   scripts/install-python-deps.sh --test   -> requirements-test.txt (build + tests)
set -euo pipefail
cd "$(dirname "$0")/.."

requirements=requirements.txt
[[ "${1:-}" == "--test" ]] && requirements=requirements-test.txt

python=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "==> Creating .venv with $($python --version)"
  $python -m venv .venv
fi
stamp=".venv/.installed-$(cat "$requirements" constraints.txt requirements.txt | sha256sum | cut -c1-16)"
if [[ -f "$stamp" ]]; then
  echo "==> Python packages: up to date ($requirements)"
  exit 0
fi
echo "==> Installing Python packages from $requirements"
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$requirements" -c constraints.txt
touch "$stamp"
