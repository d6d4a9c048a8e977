#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries for the chat-history tests (tests/ui/postgres_server.py
# starts a throw-away cluster on loopback as the `postgres` user) when initdb is missing and we are
# root. Nothing is started here and the distribution's own cluster is not used.
set -u
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "postgresql missing and cannot be installed here (not root or no apt-get): the PostgreSQL history tests skip" >&2
  exit 0
fi
echo "installing Debian postgresql for the chat-history tests..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null 2>&1 || true
apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 \
  || echo "apt-get install postgresql failed: the PostgreSQL history tests skip" >&2
exit 0
