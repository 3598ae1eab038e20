#!/usr/bin/env bash
# Installs the pinned SCIM servers used by the interop checks:
#   scim2-server (and scim2-tester)  pip, into $SCIM_INTEROP_HOME/venv,
#                                    from requirements.txt;
#   scimmy + scimmy-routers + express 4
#                                    npm ci, into $SCIM_INTEROP_HOME/scimmy,
#                                    from scimmy/package-lock.json.
# An installation whose pins have not changed is kept.
#
# Usage: install.sh [scim2-server|scimmy]...   (default: both)
#
# When a package registry cannot be reached, or python3/node is missing, the
# server is skipped with a loud SKIPPED message and the script still exits 0;
# callers check `installed` (lib.sh) before starting a server. Any other
# failure (a pin that does not exist, a broken build) exits 1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$interop_home"

install_python() {
    if ! command -v "$python_bin" >/dev/null 2>&1; then
        loud "SKIPPED scim2-server: $python_bin not found"
        return 0
    fi
    if installed scim2-server; then
        echo "scim2-server: installed in $interop_home/venv"
        return 0
    fi
    echo "scim2-server: installing into $interop_home/venv"
    rm -rf "$interop_home/venv" "$interop_home/python.stamp"
    "$python_bin" -m venv "$interop_home/venv"
    local pip=("$interop_home/venv/bin/python" -m pip --disable-pip-version-check --no-input --timeout 20 --retries 2)
    if "${pip[@]}" install --quiet -r "$servers_dir/requirements.txt"; then
        python_stamp >"$interop_home/python.stamp"
        echo "scim2-server: $("$interop_home/venv/bin/python" -m pip show scim2-server | sed -n 's/^Version: //p')"
        return 0
    fi
    rm -rf "$interop_home/venv"
    # Tell an unreachable registry from a broken pin: a plain look-up.
    if "${pip[@]}" index versions scim2-server >/dev/null 2>&1; then
        echo "scim2-server: pip install failed although the registry answers" >&2
        return 1
    fi
    loud "SKIPPED scim2-server and scim2-tester: the Python package registry cannot be reached"
}

install_node() {
    if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
        loud "SKIPPED scimmy: node or npm not found"
        return 0
    fi
    if installed scimmy; then
        echo "scimmy: installed in $interop_home/scimmy"
        return 0
    fi
    echo "scimmy: installing into $interop_home/scimmy"
    local dir="$interop_home/scimmy"
    rm -rf "$dir" "$interop_home/node.stamp"
    mkdir -p "$dir"
    cp "$servers_dir/scimmy/package.json" "$servers_dir/scimmy/package-lock.json" "$dir/"
    local npm_opts=(--no-audit --no-fund --loglevel=error --fetch-timeout=20000 --fetch-retries=2 --fetch-retry-mintimeout=2000 --fetch-retry-maxtimeout=5000)
    if (cd "$dir" && npm ci "${npm_opts[@]}" >/dev/null); then
        node_stamp >"$interop_home/node.stamp"
        echo "scimmy: $(cd "$dir" && node -p 'const l = require("./package-lock.json").packages; ["scimmy", "scimmy-routers", "express"].map((n) => `${n} ${l["node_modules/" + n].version}`).join(", ")')"
        return 0
    fi
    rm -rf "$dir"
    if npm view scimmy@1.3.5 version "${npm_opts[@]}" >/dev/null 2>&1; then
        echo "scimmy: npm ci failed although the registry answers" >&2
        return 1
    fi
    loud "SKIPPED scimmy: the npm registry cannot be reached"
}

targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(scim2-server scimmy)
for target in "${targets[@]}"; do
    case "$target" in
        scim2-server) install_python ;;
        scimmy) install_node ;;
        *) echo "unknown server $target (known: $known_servers)" >&2; exit 2 ;;
    esac
done
