#!/usr/bin/env bash
# make report-screenshot (not part of make test): the deliverability report (playbooks/delivery_report.yml) of a
# realistic month seeded into a simulator (tests/playbooks/report_data.py), rendered by Debian's headless Chromium
# into docs/images/delivery_report.png. Installs chromium with apt-get when it is missing. The lists are cut to 6 bounce
# domains and 5 suppressed recipients so that the page fits the 1200x1600 window (ANSIBLE-PLAYBOOK-ARGS may override).
#
#   report_screenshot.sh [--venv DIR] [--out PNG] [--size WIDTH,HEIGHT] [ANSIBLE-PLAYBOOK-ARGS...]
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"; out="$REPO/docs/images/delivery_report.png"; size="1200,1600"
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$(cd "$2" && pwd)"; shift 2 ;;
        --out) out="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        *) break ;;
    esac
done
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"
ensure_chromium

root="$QBX_WORK/report"
link_tree "$root"
mkdir -p "$(dirname "$out")"
export ANSIBLE_LOCALHOST_WARNING=false
export QBOXMAIL_API_TOKEN=qbx-customer-dev-token
export PATH="$venv/bin:$PATH"
html="$root/delivery_report.html"
end="$(date -u +%Y-%m-%d)"
rm -f "$html"
cd "$REPO"

# shellcheck disable=SC2016  # expanded by the inner shell
python -m tests.simulator run --quiet --async-delay 0 -- bash -c '
    html="$1"; end="$2"; shift 2
    python -m tests.playbooks.report_data --days 30 --end "$end"
    QBOXMAIL_API_URL="$SIM_URL" ansible-playbook playbooks/delivery_report.yml \
        -e "delivery_report_file=$html" -e delivery_report_days=30 -e "delivery_report_end_date=$end" \
        -e delivery_report_top=6 -e delivery_report_recent=5 "$@"' \
    _ "$html" "$end" "$@"

# A throwaway profile, so that no Chromium state is left in $HOME; the last two options make Chromium finish layout
# and painting before the shot (with a fresh profile it otherwise sometimes leaves the bottom of the page blank).
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
    --window-size="$size" --screenshot="$out" --run-all-compositor-stages-before-draw --virtual-time-budget=2000 \
    "file://$html" 2>"$root/chromium.log" \
    || { cat "$root/chromium.log" >&2; die "chromium failed"; }
[ -s "$out" ] || die "no screenshot written to $out"
log "report $html, screenshot $out"
