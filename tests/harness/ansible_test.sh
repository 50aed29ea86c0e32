#!/usr/bin/env bash
# Run ansible-test on a copy of the repo laid out as .../ansible_collections/qboxmail/qboxmail.
#
#   ansible_test.sh [--venv DIR] [--tree NAME] [--with-sim] -- ANSIBLE-TEST-ARGS...
#
# --venv DIR   virtualenv whose ansible-test runs (default .venv)
# --tree NAME  name of the copy under $QBX_WORK/trees (default: the first ansible-test argument)
# --with-sim   run ansible-test under one simulator (python -m tests.simulator run, from the
#              copy), write the copy's tests/integration/integration_config.yml from its SIM_URL
#
# It also puts the get-pip stub in ansible-test's cache, exposes pyenv's Pythons >= 3.10 on PATH
# without the pyenv shims, and (for sanity) installs shellcheck when it is missing.
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"; tree=""; with_sim=0
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$(cd "$2" && pwd)"; shift 2 ;;
        --tree) tree="$2"; shift 2 ;;
        --with-sim) with_sim=1; shift ;;
        --) shift; break ;;
        *) die "unknown option $1 (usage: see the head of $0)" ;;
    esac
done
[ $# -ge 1 ] || die "no ansible-test arguments"
[ -x "$venv/bin/ansible-test" ] || die "$venv has no ansible-test; run 'make venv'"
tree="${tree:-$1}"

install_get_pip_stub "$venv"
setup_pythons
PATH="$venv/bin:$PATH"
[ "$1" != sanity ] || ensure_shellcheck
[ "$1" != integration ] || ensure_test_ssh_key

coll="$(sync_tree "$tree")"
root="${coll%/ansible_collections/*}"
export ANSIBLE_COLLECTIONS_PATH="$root"
cd "$coll"
if [ "$1" = integration ] && ! compgen -G 'tests/integration/targets/*/' >/dev/null; then
    log "SKIPPED: no integration targets in tests/integration/targets/"
    exit 0
fi
log "ansible-test $* (in $coll, ansible-core $("$venv/bin/python" -c 'import ansible.release as r; print(r.__version__)'))"

if [ "$with_sim" = 1 ]; then
    # integration_config.yml is written in the copy only; the repo's copy (if any) is ignored.
    # shellcheck disable=SC2016  # expanded by the inner shell
    "$venv/bin/python" -m tests.simulator run -- bash -c '
        . "$1/lib.sh"; shift
        write_integration_config "$SIM_URL" tests/integration/integration_config.yml
        exec "$@"' _ "$HARNESS_DIR" "$venv/bin/ansible-test" "$@" 2>&1 | without_pip_location_warnings
else
    "$venv/bin/ansible-test" "$@" 2>&1 | without_pip_location_warnings
fi
