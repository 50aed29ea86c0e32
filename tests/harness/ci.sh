#!/usr/bin/env bash
# make test: run each step (a make target) in turn, keep going after a failure, print a summary
# and a last line `ci: N passed, M failed`; exit 1 when any step failed.
#
#   ci.sh STEP...       (MAKE from the environment, default make)
set -uo pipefail

[ $# -ge 1 ] || { echo "usage: ci.sh STEP..." >&2; exit 2; }
make_cmd="${MAKE:-make}"
passed=0; failed=0; summary=""; start_all=$SECONDS
for step in "$@"; do
    start=$SECONDS
    printf '\n===== %s\n' "$step"
    if "$make_cmd" --no-print-directory "$step"; then
        result=ok; passed=$((passed + 1))
    else
        result=FAILED; failed=$((failed + 1))
    fi
    took=$((SECONDS - start))
    printf '===== %s: %s (%ss)\n' "$step" "$result" "$took"
    summary="$summary$(printf '  %-16s %-6s %5ss' "$step" "$result" "$took")"$'\n'
done
printf '\n===== summary (%ss)\n%s' "$((SECONDS - start_all))" "$summary"
echo "ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
