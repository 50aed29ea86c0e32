#!/usr/bin/env bash
# make examples: every YAML example of README.md, docs/guide.md, roles/*/README.md and the plugins' EXAMPLES run
# against a fresh simulator, in --check then for real (tests/examples/test_examples.py, pytest on ansible-core 2.21,
# two xdist workers, one in-thread simulator each, reset between examples).
#
#   examples.sh [--venv DIR] [PYTEST-ARGS...]      e.g. examples.sh -- -k README
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
if [ "${1:-}" = -- ]; then shift; fi
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"
root="$QBX_WORK/examples"
link_tree "$root"
export PYTHONPATH="$root"
export PATH="$venv/bin:$PATH" NO_COLOR=1 PY_COLORS=0
cd "$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
start=$SECONDS
status=0
python -m pytest tests/examples -q -p no:cacheprovider -n "${EXAMPLES_WORKERS:-2}" -rfE "$@" || status=$?
echo "examples: $((SECONDS - start)) s"
exit $status
