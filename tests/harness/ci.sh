#!/usr/bin/env bash
# make test: run each step (a make target) in turn, keep going after a failure, print a summary
# and a last line `ci: N passed, M failed`; exit 1 when any step failed.
#
#   ci.sh STEP...       (MAKE from the environment, default make)
#
# A step written `a+b` runs the targets a and b at the same time (the machine has two cores and
# most steps keep one busy); their outputs are printed one after the other when both are done.
set -uo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || { echo "usage: ci.sh STEP..." >&2; exit 2; }
make_cmd="${MAKE:-make}"
logs="$QBX_WORK/ci-logs"
mkdir -p "$logs"
passed=0; failed=0; summary=""; start_all=$SECONDS

record() {  # record TARGET RESULT SECONDS
    if [ "$2" = ok ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
    printf '===== %s: %s (%ss)\n' "$1" "$2" "$3"
    summary="$summary$(printf '  %-16s %-6s %5ss' "$1" "$2" "$3")"$'\n'
}

for step in "$@"; do
    IFS=+ read -r -a targets <<<"$step"
    if [ ${#targets[@]} -eq 1 ]; then
        start=$SECONDS
        printf '\n===== %s\n' "$step"
        if "$make_cmd" --no-print-directory "$step"; then result=ok; else result=FAILED; fi
        record "$step" "$result" $((SECONDS - start))
        continue
    fi
    declare -A pids=()
    for target in "${targets[@]}"; do
        (
            s=$SECONDS
            "$make_cmd" --no-print-directory "$target" >"$logs/$target.log" 2>&1
            rc=$?
            echo $((SECONDS - s)) >"$logs/$target.seconds"
            exit "$rc"
        ) &
        pids[$target]=$!
    done
    for target in "${targets[@]}"; do
        if wait "${pids[$target]}"; then result=ok; else result=FAILED; fi
        printf '\n===== %s (run alongside the others of %s)\n' "$target" "$step"
        cat "$logs/$target.log"
        record "$target" "$result" "$(cat "$logs/$target.seconds" 2>/dev/null || echo '?')"
    done
    unset pids
done
printf '\n===== summary (%ss)\n%s' "$((SECONDS - start_all))" "$summary"
echo "ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
