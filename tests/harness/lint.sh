#!/usr/bin/env bash
# make lint: ansible-lint (production profile, offline; settings in .ansible-lint) on a copy of
# the repo inside an ansible_collections tree, so FQCNs of this collection resolve to the copy.
#
#   lint.sh [--venv DIR] [ANSIBLE-LINT-ARGS...]
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
[ -x "$venv/bin/ansible-lint" ] || die "$venv has no ansible-lint; run 'make venv'"
PATH="$venv/bin:$PATH"
coll="$(sync_tree lint)"
export ANSIBLE_COLLECTIONS_PATH="${coll%/ansible_collections/*}"
export NO_COLOR=1
cd "$coll"
exec ansible-lint --offline "$@"
