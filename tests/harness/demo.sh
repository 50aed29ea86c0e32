#!/usr/bin/env bash
# make demo: run playbooks/demo.yml twice (the second run shows idempotence), then its send play
# (--tags send: one message sent and followed to its final TraceMail status), under one simulator
# in production mode (python -m tests.simulator run, from the repo root), stopped even when a run fails.
#
#   demo.sh [--venv DIR] [--async-delay S] [ANSIBLE-PLAYBOOK-ARGS...]
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"; delay=0.3
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$(cd "$2" && pwd)"; shift 2 ;;
        --async-delay) delay="$2"; shift 2 ;;
        *) break ;;
    esac
done
playbook="$REPO/playbooks/demo.yml"
[ -f "$playbook" ] || die "$playbook does not exist yet"
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"

# The collection is found through a symlinked ansible_collections tree (fine for ansible itself;
# only ansible-test needs a physical copy), so edits in the repo show up at once.
root="$QBX_WORK/demo"
mkdir -p "$root/ansible_collections/$COLLECTION_NS"
ln -sfn "$REPO" "$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
export ANSIBLE_COLLECTIONS_PATH="$root" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export QBOXMAIL_API_TOKEN=qbx-customer-dev-token
# Files the demo writes (the Send API token file): fresh for each `make demo`, shared by its two runs.
export QBX_DEMO_DIR="$QBX_WORK/demo/state"
rm -rf "$QBX_DEMO_DIR"
mkdir -p "$QBX_DEMO_DIR"
PATH="$venv/bin:$PATH"
cd "$REPO"

# shellcheck disable=SC2016  # expanded by the inner shell
exec "$venv/bin/python" -m tests.simulator run --mode production --async-delay "$delay" -- bash -c '
    playbook="$1"; shift
    for run in 1 2; do
        echo "=== demo run $run of 2: ansible-playbook $playbook (simulator $SIM_URL)"
        ansible-playbook "$playbook" -e "qboxmail_api_url=$SIM_URL" -e "qboxmail_sim_url=$SIM_URL" "$@" || exit
    done
    echo "=== demo: send one message and follow it (ansible-playbook $playbook --tags send)"
    ansible-playbook "$playbook" --tags send -e "qboxmail_api_url=$SIM_URL" -e "qboxmail_sim_url=$SIM_URL" "$@"' \
    _ "$playbook" "$@"
