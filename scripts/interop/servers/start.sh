#!/usr/bin/env bash
# Starts one installed SCIM server on a free port of 127.0.0.1 and waits
# until it answers an authenticated request.
#
# Usage: start.sh scim2-server|scimmy
#
# On success prints one line `NAME BASE_URL` on standard output and keeps
# NAME.pid, NAME.url and NAME.log in $SCIM_INTEROP_STATE; stop it with
# stop.sh NAME. When the server is not installed (install.sh skipped it),
# prints a loud SKIPPED message, prints nothing on standard output and exits
# 0. Exits 1 when an installed server does not come up.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: start.sh scim2-server|scimmy}
case " $known_servers " in
    *" $name "*) ;;
    *) echo "unknown server $name (known: $known_servers)" >&2; exit 2 ;;
esac
if ! installed "$name"; then
    loud "SKIPPED $name: not installed (see the install.sh output above)"
    exit 0
fi

mkdir -p "$interop_state"
"$servers_dir/stop.sh" "$name" >/dev/null
log="$interop_state/$name.log"

# Polls the server until it accepts the token (up to ~30 s), or it dies.
wait_ready() {
    local pid=$1 url=$2
    for _ in $(seq 1 150); do
        if ! kill -0 "$pid" 2>/dev/null; then
            return 1
        fi
        if curl -fsS -o /dev/null --max-time 2 -H "Authorization: Bearer $interop_token" \
            "$url/ServiceProviderConfig" 2>/dev/null; then
            return 0
        fi
        sleep 0.2
    done
    return 1
}

start_scim2_server() {
    local port
    port=$(free_port)
    nohup "$interop_home/venv/bin/scim2-server" --hostname 127.0.0.1 --port "$port" \
        --bearer-token "$interop_token" >"$log" 2>&1 </dev/null &
    pid=$!
    url="http://127.0.0.1:$port/v2"
}

start_scimmy() {
    local dir="$interop_home/scimmy"
    cp "$servers_dir/scimmy/server.mjs" "$dir/server.mjs"
    SCIM_INTEROP_TOKEN=$interop_token nohup node "$dir/server.mjs" --host 127.0.0.1 --port 0 \
        >"$log" 2>&1 </dev/null &
    pid=$!
    url=""
    for _ in $(seq 1 100); do
        url=$(sed -n 's/^SCIM_BASE_URL=//p' "$log")
        [ -n "$url" ] && return 0
        kill -0 "$pid" 2>/dev/null || return 0
        sleep 0.1
    done
}

# A port picked free may be taken before the server binds it: try again.
for attempt in 1 2 3; do
    pid="" url=""
    case "$name" in
        scim2-server) start_scim2_server ;;
        scimmy) start_scimmy ;;
    esac
    echo "$pid" >"$interop_state/$name.pid"
    if [ -n "$url" ] && wait_ready "$pid" "$url"; then
        echo "$url" >"$interop_state/$name.url"
        echo "$name $url"
        exit 0
    fi
    echo "$name: not ready (attempt $attempt); log:" >&2
    sed 's/^/    /' "$log" >&2
    "$servers_dir/stop.sh" "$name" >/dev/null
done
echo "$name: could not be started" >&2
exit 1
