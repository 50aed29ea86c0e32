#!/usr/bin/env bash
# make molecule: `molecule test` of every role scenario (roles/*/molecule/default) on a copy of the
# repo inside an ansible_collections tree, so the roles and modules resolve to the copy. Each
# `molecule test` runs under its own simulator (python -m tests.simulator run, SIM_URL exported);
# the scenario's prepare (tests/molecule/prepare.yml) only resets it.
#
#   molecule.sh [--venv DIR] [ROLE...]      (default: every role with a molecule scenario)
#
# The copy is named after the venv (molecule, molecule-2.16 for .venv-2.16), so two cores can run side by side.
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
[ -x "$venv/bin/molecule" ] || die "$venv has no molecule; run 'make venv'"
PATH="$venv/bin:$PATH"
suffix="$(basename "$venv")"; suffix="${suffix#.venv}"
coll="$(sync_tree "molecule$suffix")"
export ANSIBLE_COLLECTIONS_PATH="${coll%/ansible_collections/*}" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export NO_COLOR=1 PY_COLORS=0 ANSIBLE_FORCE_COLOR=0 ANSIBLE_NOCOLOR=1
roles=("$@")
if [ ${#roles[@]} -eq 0 ]; then
    for dir in "$coll"/roles/*/molecule/default; do
        [ -d "$dir" ] && roles+=("$(basename "$(dirname "$(dirname "$dir")")")")
    done
fi
[ ${#roles[@]} -gt 0 ] || { log "SKIPPED: no role has a molecule scenario"; exit 0; }
for role in "${roles[@]}"; do
    log "molecule test: role $role"
    # Molecule names its ephemeral directory after the role folder's name only: two copies side by side would share
    # it (one run's Send token file read by the other's verify), so each copy gets its own.
    eph="$QBX_WORK/molecule-ephemeral/molecule$suffix/$role"
    rm -rf "$eph"; mkdir -p "$eph"
    # shellcheck disable=SC2016  # expanded by the inner shell
    (cd "$coll" && MOLECULE_EPHEMERAL_DIRECTORY="$eph" "$venv/bin/python" -m tests.simulator run -- \
        bash -c 'cd "$1" && exec molecule test' _ "roles/$role")
done
