#!/bin/sh
# Regenerates the parse corpus and the answers of the independent parsers
# the Rust test `parse_interop` compares with (see README.md, "Filter and
# PATCH path parsing"): scim2-models and scim2-filter-parser (Python, pinned
# in requirements.txt, installed into scripts/interop/.venv or
# $INTEROP_VENV) and SCIMMY (Node, installed by servers/install.sh scimmy).
# Not run in CI: the results are committed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
venv=${INTEROP_VENV:-"$here/.venv"}
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt"
"$venv/bin/python" "$here/parse_corpus.py"
"$venv/bin/python" "$here/parse_interop.py"
node "$here/parse_scimmy.mjs"
