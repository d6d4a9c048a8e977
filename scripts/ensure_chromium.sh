#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests when it is missing and we are root.
# Never fails the build: where it cannot install, the browser tests skip with a visible reason.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium missing and cannot be installed here (not root or no apt-get): browser tests will be skipped" >&2
  exit 0
fi
echo "installing Debian chromium for the browser tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq chromium fonts-noto-cjk >/dev/null 2>&1 \
  || echo "apt-get install chromium failed: browser tests will be skipped" >&2
exit 0
