# Shared settings of the interop server scripts; sourced, not run.
#
# SCIM_INTEROP_HOME   where the servers are installed (a virtual environment
#                     and a node_modules tree); default ~/.cache/scim-interop.
#                     Kept outside the repository, reused while the pins do
#                     not change.
# SCIM_INTEROP_STATE  where running servers keep their pid, log and URL files;
#                     default <repository>/target/interop.
# SCIM_INTEROP_TOKEN  the bearer token the servers accept; default
#                     interop-token.

servers_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo_dir=$(cd "$servers_dir/../../.." && pwd)
interop_home=${SCIM_INTEROP_HOME:-"${HOME:-/tmp}/.cache/scim-interop"}
interop_state=${SCIM_INTEROP_STATE:-"$repo_dir/target/interop"}
interop_token=${SCIM_INTEROP_TOKEN:-interop-token}
python_bin=${PYTHON:-python3}

# The names of the servers these scripts know.
known_servers="scim2-server scimmy"

# Prints a banner that cannot be missed in a CI log.
loud() {
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' >&2
    printf '!!! %s\n' "$@" >&2
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n' >&2
}

# A digest of the given files, to tell whether an install is current.
digest() {
    cat "$@" | sha256sum | cut -d' ' -f1
}

python_stamp() {
    { digest "$servers_dir/requirements.txt"; "$python_bin" --version 2>&1; } | tr '\n' ' '
}

node_stamp() {
    { digest "$servers_dir/scimmy/package.json" "$servers_dir/scimmy/package-lock.json"; node --version 2>&1; } | tr '\n' ' '
}

# Whether a server's installation is present and matches the pins.
installed() {
    case "$1" in
        scim2-server)
            [ -x "$interop_home/venv/bin/scim2-server" ] &&
                [ "$(cat "$interop_home/python.stamp" 2>/dev/null)" = "$(python_stamp)" ]
            ;;
        scimmy)
            command -v node >/dev/null 2>&1 &&
                [ -d "$interop_home/scimmy/node_modules/scimmy-routers" ] &&
                [ "$(cat "$interop_home/node.stamp" 2>/dev/null)" = "$(node_stamp)" ]
            ;;
        *) return 1 ;;
    esac
}

# A TCP port on 127.0.0.1 that nothing listens on right now.
free_port() {
    "$python_bin" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
}
