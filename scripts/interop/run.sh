#!/bin/sh
# Compares scim-core's filter evaluation with scim2-models (Python).
#
# Creates a virtual environment (scripts/interop/.venv, or $INTEROP_VENV),
# installs the pinned requirements into it, and runs filter_interop.py.
# Needs python3 (3.10 or later) with the venv module. Not run in CI.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv=${INTEROP_VENV:-"$here/.venv"}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
exec "$venv/bin/python" "$here/filter_interop.py" "$@"
