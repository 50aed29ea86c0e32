#!/usr/bin/env bash
# make bench: the figures the issues name, measured by tests/benchmarks/bench.py under one simulator
# (python -m tests.simulator run --async-delay 0; SIM_URL exported), printed as one table.
#
#   bench.sh [--venv DIR] [-- BENCH-ARGS...]      e.g. bench.sh -- --only first_converge
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
if [ "${1:-}" = -- ]; then shift; fi
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"
root="$QBX_WORK/bench"
link_tree "$root"
export PYTHONPATH="$root"
PATH="$venv/bin:$PATH"
cd "$REPO"
python -m tests.simulator run --async-delay 0 --quiet -- python tests/benchmarks/bench.py "$@"
