#!/usr/bin/env bash
# Stops a slapd started by scripts/slapd/start.sh DIR (SIGTERM via its pid file). REMOVE=1 also deletes DIR.
set -euo pipefail
DIR="${1:?usage: stop.sh DIR}"
if [ -s "$DIR/slapd.pid" ]; then
  PID="$(cat "$DIR/slapd.pid")"
  kill "$PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
fi
[ "${REMOVE:-0}" = "1" ] && rm -rf "$DIR"
exit 0
