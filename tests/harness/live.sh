#!/usr/bin/env bash
# make test-live / test-live-clean / test-live-sim / conformance (docs/developing.md, "Live API").
#
#   live.sh [--venv DIR] run|clean          the live suite against QBOXMAIL_LIVE_* (skipped, exit 0, when unset)
#   live.sh [--venv DIR] conformance FILE   replay a recording against a fresh simulator, table of differences
#   live.sh [--venv DIR] sim [PYTEST-ARGS]  the live suite on HTTPS against a simulator standing in for an account
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"
if [ "${1:-}" = --venv ]; then venv="$(cd "$2" && pwd)"; shift 2; fi
[ -x "$venv/bin/python" ] || die "$venv has no python; run 'make venv'"
[ $# -ge 1 ] || die "usage: see the head of $0"
root="$QBX_WORK/live"
link_tree "$root"
export PYTHONPATH="$root" PATH="$venv/bin:$PATH" NO_COLOR=1 PY_COLORS=0
pkg=ansible_collections.$COLLECTION_NS.$COLLECTION_NAME.tests.live
cmd="$1"; shift
case "$cmd" in
    run|clean) cd "$REPO" && exec python -m "$pkg.suite" "$cmd" ;;
    conformance)
        [ -n "${1:-}" ] || die "conformance needs RECORDING=FILE (a recording of tests/live/recordings/)"
        case "$1" in /*) file="$1" ;; *) file="$REPO/$1" ;; esac
        cd "$REPO" && exec python -m "$pkg.conformance" "$file" ;;
    sim)
        cd "$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
        exec python -m pytest tests/live -q -p no:cacheprovider "$@" ;;
    *) die "unknown command $cmd (run, clean, conformance, sim)" ;;
esac
