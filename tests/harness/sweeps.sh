#!/usr/bin/env bash
# make sweeps: the reliability and security sweeps (tests/sweeps/, pytest on ansible-core 2.21): fault matrix,
# check mode, secrets at -vvvv, bad input, TLS, idempotency. Each starts its own simulator in-process and prints
# its counts (and the fault matrix) at the end.
#
#   sweeps.sh [--venv DIR] [PYTEST-ARGS...]      e.g. sweeps.sh -k faults
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"
root="$QBX_WORK/sweeps"
link_tree "$root"
export PYTHONPATH="$root"
export QBX_SWEEP_DIR="$QBX_WORK" PATH="$venv/bin:$PATH" NO_COLOR=1 PY_COLORS=0
cd "$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
python -m pytest tests/sweeps -q -p no:cacheprovider -n 2 "$@"
