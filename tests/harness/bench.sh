#!/usr/bin/env bash
# make bench: the benchmarks behind the figures the issues ask for (tests/benchmarks/), each run
# under its own simulator (python -m tests.simulator run --async-delay 0; SIM_URL exported):
# simulator throughput, a 500-mailbox list task (converge, no-op re-run, check mode), and
# suppression (10,000-line CSV import/export, 1,000-entry list task).
#
#   bench.sh [--venv DIR]
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"
root="$QBX_WORK/bench"
mkdir -p "$root/ansible_collections/$COLLECTION_NS"
ln -sfn "$REPO" "$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
export ANSIBLE_COLLECTIONS_PATH="$root" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false PYTHONPATH="$root"
PATH="$venv/bin:$PATH"
cd "$REPO"
for bench in sim_throughput bulk_mailboxes suppression_bulk; do
    log "=== tests/benchmarks/$bench.py"
    python -m tests.simulator run --async-delay 0 -- python "tests/benchmarks/$bench.py"
done
