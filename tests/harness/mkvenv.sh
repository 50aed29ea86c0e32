#!/usr/bin/env bash
# Create (or reuse) a virtualenv and install a pinned requirements file into it.
#
#   mkvenv.sh VENV_DIR PYTHON_VERSION REQUIREMENTS_FILE
#
# An existing venv with the right Python is reused; pip then only installs what differs from the
# pins. On success it touches VENV_DIR/.harness-stamp (the Makefile's target for this venv).
# PYTHON (env) overrides the interpreter used to create the venv.
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -eq 3 ] || die "usage: mkvenv.sh VENV_DIR PYTHON_VERSION REQUIREMENTS_FILE"
venv="$1"; want="$2"; req="$3"

# pip_quiet ARGS: pip without the harmless "Location ... is ignored" warnings from the machine's
# pip config; other output (errors) is kept.
pip_quiet() {
    local rc
    # with pipefail the pipeline's status is pip's (the filter always succeeds)
    "$venv/bin/python" -m pip "$@" 2>&1 | without_pip_location_warnings >&2 \
        && rc=0 || rc=$?
    return "$rc"
}

have="$("$venv/bin/python" -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null || true)"
if [ "$have" != "$want" ]; then
    py="${PYTHON:-}"
    [ -n "$py" ] || py="$(find_python "$want")" || die "no Python $want found (pyenv or PATH); set PYTHON=/path/to/python$want"
    log "creating $venv with $py"
    rm -rf "$venv"
    "$py" -m venv "$venv"
    pip_quiet install -q --upgrade pip
fi
log "installing $req into $venv"
pip_quiet install -q -r "$req"
touch "$venv/.harness-stamp"
