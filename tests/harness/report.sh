#!/usr/bin/env bash
# make report: the deliverability report playbook (playbooks/delivery_report.yml) run by ansible-playbook against an
# in-thread simulator seeded with known mixes of TraceMail outcomes; the HTML is parsed and checked
# (tests/playbooks/test_delivery_report.py, pytest on ansible-core 2.21).
#
#   report.sh [--venv DIR] [PYTEST-ARGS...]
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"
root="$QBX_WORK/report"
link_tree "$root"
export PYTHONPATH="$root"
export PATH="$venv/bin:$PATH" NO_COLOR=1 PY_COLORS=0
cd "$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
python -m pytest tests/playbooks -q -p no:cacheprovider -s "$@"
