#!/usr/bin/env bash
# Install the Debian packages the build (and, with --test, the tests) need, only those that are missing.
#   build: Pango/HarfBuzz for WeasyPrint, libharfbuzz-subset0 (fast, reproducible font subsetting),
#          DejaVu and Noto fonts (Latin Extended and Cyrillic), git (edition date from the last commit).
#   test:  Chromium and its driver (browser tests, screenshots), poppler-utils (pdftoppm).
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core git)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(chromium chromium-driver poppler-utils)
fi

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "==> System packages: all present"
  exit 0
fi

echo "==> Installing system packages: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then sudo="sudo"; else
    echo "error: need root (or sudo) to install: ${missing[*]}" >&2
    echo "       install them with your package manager, then run this script again" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "==> System packages installed"
