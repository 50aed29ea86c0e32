#!/usr/bin/env bash
# make awx: the AWX layer (tests/awx/, pytest on ansible-core 2.21 with ansible-runner): the credential type
# extensions/awx/credential_type.yml rendered into an ansible-runner private data directory, and playbooks/site.yml
# run twice through ansible-runner as an AWX job, against an in-thread simulator.
#
#   awx.sh [--venv DIR] [PYTEST-ARGS...]
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
"$venv/bin/python" -c 'import ansible_runner' 2>/dev/null || die "$venv has no ansible-runner; run 'make venv'"
root="$QBX_WORK/awx"
link_tree "$root"
export PYTHONPATH="$root"
export PATH="$venv/bin:$PATH" NO_COLOR=1 PY_COLORS=0
cd "$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
# The simulator runs in its own process: ansible-runner forks ansible-playbook from a pty, which must not happen in a
# process with threads.
python -m tests.simulator run --quiet --async-delay 0 -- python -m pytest tests/awx -q -p no:cacheprovider "$@"
