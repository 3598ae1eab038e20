#!/usr/bin/env bash
# Stops servers started by start.sh, by the pid it recorded.
#
# Usage: stop.sh [NAME]...   (default: every known server)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

names=("$@")
[ ${#names[@]} -eq 0 ] && read -r -a names <<<"$known_servers"
for name in "${names[@]}"; do
    pid_file="$interop_state/$name.pid"
    [ -f "$pid_file" ] || continue
    pid=$(cat "$pid_file")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 1 50); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -9 "$pid" 2>/dev/null || true
        fi
        echo "$name: stopped (pid $pid)"
    fi
    rm -f "$pid_file" "$interop_state/$name.url"
done
