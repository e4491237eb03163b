#!/usr/bin/env bash
# Headless Chromium and its WebDriver for the browser tests (tests/test_web_browser.py).
# Idempotent: does nothing when both binaries are already installed.
#   bash scripts/service-chromium.sh install
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver

install() {
  if [ -x "$CHROMIUM" ] && [ -x "$CHROMEDRIVER" ]; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium chromium-driver
  test -x "$CHROMIUM" && test -x "$CHROMEDRIVER"
}

case "${1:-install}" in
  install) install ;;
  *) echo "usage: $0 install" >&2; exit 2 ;;
esac
