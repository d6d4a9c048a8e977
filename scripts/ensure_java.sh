#!/usr/bin/env bash
# Installs Debian's Java 17 runtime for the Spark backend (CDM_ENGINE=spark) and its tests when `java`
# is missing and we are root. The Spark tests fail with a clear message when Java is still missing.
set -u
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "java missing and cannot be installed here (not root or no apt-get): install openjdk-17-jre-headless" >&2
  exit 0
fi
echo "installing Debian openjdk-17-jre-headless for the Spark backend..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
# the package's post-install script expects the man page folder that slim images delete
mkdir -p /usr/share/man/man1
apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless >/dev/null 2>&1 \
  || echo "apt-get install openjdk-17-jre-headless failed: the Spark tests will fail" >&2
exit 0
