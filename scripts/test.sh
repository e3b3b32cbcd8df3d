#!/bin/sh
# `make test`: static checks, then the suite on SQLite, then on PostgreSQL when a server answers.
set -eu
BIN=${BIN:-.venv/bin}
export CIVICDESK_ENV=test

step() { printf '\n==> %s\n' "$*"; }

step "ruff (lint and format)"
"$BIN/ruff" check .
"$BIN/ruff" format --check .

step "mypy"
"$BIN/mypy"

step "migrations are up to date"
DATABASE_URL="sqlite:///:memory:" "$BIN/civicdesk" makemigrations --check --dry-run

step "deploy checks with production settings"
CIVICDESK_ENV=production SECRET_KEY="check-deploy-$(date +%s)-a-long-random-enough-value-for-django" \
  ALLOWED_HOSTS=311.example.org DATABASE_URL="sqlite:///:memory:" \
  "$BIN/civicdesk" check --deploy --fail-level WARNING

step "Chromium for the browser tests"
CHROMIUM=${CIVICDESK_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$CHROMIUM" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium (needs root; one time)..."
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } \
    >/dev/null 2>&1 || echo "Could not install chromium."
fi
if [ -x "$CHROMIUM" ]; then
  "$CHROMIUM" --version 2>/dev/null || echo "Chromium at $CHROMIUM"
else
  echo "Chromium is not available at $CHROMIUM: tests marked 'browser' will be skipped."
fi

step "tests on SQLite"
env -u DATABASE_URL "$BIN/pytest" -p no:cacheprovider -q "$@"
legs="SQLite"

PG_URL=$("$BIN/python" scripts/postgres_url.py || true)
if [ -n "$PG_URL" ]; then
  step "tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" "$BIN/pytest" -p no:cacheprovider -q "$@"
  legs="$legs and PostgreSQL"
else
  printf '\nPostgreSQL did not answer at DATABASE_URL or 127.0.0.1:5432: the PostgreSQL leg was skipped.\n'
fi
printf '\nmake test passed. Test legs that ran: %s.\n' "$legs"
