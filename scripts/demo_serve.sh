#!/bin/sh
# `make demo`'s last step: a task worker and the scheduler in the background, the web server in front.
set -eu
BIN=${BIN:-.venv/bin}
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
mkdir -p var

"$BIN/civicdesk" db_worker --queue-name '*' >var/worker.log 2>&1 &
WORKER=$!
"$BIN/civicdesk" scheduler >var/scheduler.log 2>&1 &
SCHEDULER=$!
trap 'kill $WORKER $SCHEDULER 2>/dev/null || true' EXIT INT TERM

"$BIN/civicdesk" demo_banner --url "http://$HOST:$PORT"
exec_status=0
"$BIN/civicdesk" runserver --noreload "$HOST:$PORT" || exec_status=$?
exit $exec_status
