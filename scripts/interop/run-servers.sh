#!/usr/bin/env bash
# Interop with independent SCIM implementations, on 127.0.0.1:
#
# 1. installs (pinned) and starts scim2-server and SCIMMY (servers/);
# 2. builds and starts the endpoint example (the in-memory provider of
#    scim-client served over HTTP) and runs scim2-tester against it: every
#    check must pass;
# 3. runs scim-client's lifecycle suite (examples/tests/interop.rs) against
#    all of them, with each server's known quirks;
# 4. stops everything it started.
#
# A server whose package registry cannot be reached is skipped with a loud
# SKIPPED banner (so is scim2-tester); the endpoint example needs only
# cargo. Set SCIM_INTEROP_SKIP_BUILD=1 to reuse an endpoint binary already
# built. Used by .ci/run.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/servers/lib.sh"
cd "$repo_dir"

step() { printf '\n-- %s\n' "$*"; }

endpoint_pid=""
cleanup() {
    if [ -n "$endpoint_pid" ] && kill -0 "$endpoint_pid" 2>/dev/null; then
        kill "$endpoint_pid" 2>/dev/null || true
        wait "$endpoint_pid" 2>/dev/null || true
    fi
    "$here/servers/stop.sh" >/dev/null || true
}
trap cleanup EXIT

step "install the pinned servers"
"$here/servers/install.sh"

targets=()
skipped=()
for name in $known_servers; do
    line=$("$here/servers/start.sh" "$name")
    if [ -n "$line" ]; then
        echo "started $line"
        targets+=("$name=${line#* }")
    else
        skipped+=("$name")
    fi
done

step "build and start the endpoint example"
if [ "${SCIM_INTEROP_SKIP_BUILD:-}" != 1 ]; then
    cargo build --locked -p scim-examples --bin endpoint
fi
mkdir -p "$interop_state"
endpoint_log="$interop_state/endpoint.log"
target_dir=${CARGO_TARGET_DIR:-"$repo_dir/target"}
"$target_dir/debug/endpoint" --token "$interop_token" --quiet >"$endpoint_log" 2>&1 </dev/null &
endpoint_pid=$!
endpoint_url=""
for _ in $(seq 1 100); do
    endpoint_url=$(sed -n 's/^SCIM_BASE_URL=//p' "$endpoint_log")
    [ -n "$endpoint_url" ] && break
    kill -0 "$endpoint_pid" 2>/dev/null || break
    sleep 0.1
done
if [ -z "$endpoint_url" ]; then
    echo "the endpoint example did not start; log:" >&2
    cat "$endpoint_log" >&2
    exit 1
fi
echo "started endpoint $endpoint_url"
targets+=("endpoint=$endpoint_url")

failed=()

step "scim2-tester against the endpoint example"
if installed scim2-server; then
    "$interop_home/venv/bin/python" "$here/servers/conformance.py" "$endpoint_url" \
        --token "$interop_token" || failed+=("scim2-tester")
else
    loud "SKIPPED scim2-tester: not installed (the Python package registry could not be reached)"
    skipped+=("scim2-tester")
fi

step "scim2-tester against the reference servers (for comparison; never fails the run)"
if installed scim2-server; then
    for target in "${targets[@]}"; do
        name=${target%%=*}
        [ "$name" = endpoint ] && continue
        summary=$("$interop_home/venv/bin/python" "$here/servers/conformance.py" \
            "${target#*=}" --token "$interop_token" --summary | tail -n 1) || true
        # Reworded, so that a log reader does not take it for this run's result.
        echo "$name: $(echo "$summary" | sed -E 's/^scim2-tester: ([0-9]+) passed, ([0-9]+) failed.*/\1 scim2-tester checks pass, \2 do not/')"
    done
fi

step "scim-client lifecycle against: ${targets[*]}"
SCIM_INTEROP_URLS=$(IFS=,; echo "${targets[*]}") SCIM_INTEROP_TOKEN=$interop_token \
    cargo test --locked -p scim-examples --test interop -- --ignored --nocapture ||
    failed+=("client lifecycle")

if [ ${#skipped[@]} -gt 0 ]; then
    loud "SKIPPED in this run: ${skipped[*]} (see the messages above)"
fi
if [ ${#failed[@]} -gt 0 ]; then
    echo "interop FAILED: ${failed[*]}" >&2
    exit 1
fi
