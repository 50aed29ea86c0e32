#!/usr/bin/env bash
# make demo: the example ops repo (playbooks/site.yml with the inventory playbooks/inventory/) against the simulator
# in production mode: site.yml twice (the second run must report changed=0), then the delivery play with a test
# message and its final TraceMail status, then the deliverability report (when the playbook exists).
# One simulator (python -m tests.simulator run, from the repo root), stopped even when a run fails.
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
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"

root="$QBX_WORK/demo"
link_tree "$root"
# What an AWX credential of extensions/awx/credential_type.yml would inject (the URLs are set to the simulator's).
export QBOXMAIL_API_TOKEN=qbx-customer-dev-token
# Files the demo writes (the Send API token file, the report): fresh for each `make demo`, shared by its runs.
export QBX_DEMO_DIR="$QBX_WORK/demo/state"
rm -rf "$QBX_DEMO_DIR"
mkdir -p "$QBX_DEMO_DIR"
PATH="$venv/bin:$PATH"
cd "$REPO"

# shellcheck disable=SC2016  # expanded by the inner shell
exec "$venv/bin/python" -m tests.simulator run --mode production --async-delay "$delay" -- bash -c '
    set -o pipefail
    cd playbooks
    export QBOXMAIL_API_URL="$SIM_URL" QBOXMAIL_SEND_API_URL="$SIM_URL"
    site=(ansible-playbook -i inventory site.yml -e @demo/simulator.yml "$@")
    echo "=== demo run 1 of 2: ${site[*]} (simulator $SIM_URL)"
    "${site[@]}" || exit
    echo "=== demo run 2 of 2: the same, which must change nothing"
    "${site[@]}" | tee "$QBX_DEMO_DIR/run-2.log" || exit
    grep -Eq "^qboxmail-api +: .*changed=0 " "$QBX_DEMO_DIR/run-2.log" || { echo "demo: the second run changed something" >&2; exit 1; }
    echo "=== demo: a test message through the delivery role, followed to its final TraceMail status"
    ansible-playbook -i inventory delivery.yml -e @demo/simulator.yml -e @demo/test_message.yml "$@" || exit
    echo "=== demo: the deliverability report from TraceMail"
    ansible-playbook delivery_report.yml -e "delivery_report_file=$QBX_DEMO_DIR/delivery_report.html" "$@" || exit
    echo "demo: report written to $QBX_DEMO_DIR/delivery_report.html"' _ "$@"
