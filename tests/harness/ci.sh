#!/usr/bin/env bash
# make test: run the steps (make targets), keep going after a failure, print a summary
# and a last line `ci: N passed, M failed`; exit 1 when any step failed.
#
#   ci.sh STEP... [/ STEP...]...      (MAKE from the environment, default make; CI_JOBS, default 2)
#
# The steps run CI_JOBS at a time, started in the order given (list the longest first: the short ones then
# fill the cores around them); a `/` waits for everything before it (venv, so no two steps build one).
# The machine has two cores: two steps at a time keep both busy (three took as long, each step slower),
# and unlike fixed groups no core waits for a group's slowest member. Each step's output is printed
# when it ends.
set -uo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

[ $# -ge 1 ] || { echo "usage: ci.sh STEP... [/ STEP...]..." >&2; exit 2; }
make_cmd="${MAKE:-make}"
max_jobs="${CI_JOBS:-2}"
case "$max_jobs" in ''|*[!0-9]*|0) echo "ci.sh: CI_JOBS must be a positive number, not '$max_jobs'" >&2; exit 2 ;; esac
logs="$QBX_WORK/ci-logs"
mkdir -p "$logs"
passed=0; failed=0; start_all=$SECONDS
declare -A running=()   # pid -> target
declare -A line=()      # target -> its summary line
order=()

finished() {  # finished PID RC: print the step's log and record it
    local target="${running[$1]}" result=ok
    unset "running[$1]"
    if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else result=FAILED; failed=$((failed + 1)); fi
    local seconds; seconds="$(cat "$logs/$target.seconds" 2>/dev/null || echo '?')"
    printf '\n===== %s (%s others still running)\n' "$target" "${#running[@]}"
    cat "$logs/$target.log"
    printf '===== %s: %s (%ss)\n' "$target" "$result" "$seconds"
    line[$target]="$(printf '  %-16s %-6s %5ss' "$target" "$result" "$seconds")"
}

wait_one() {
    local pid rc
    wait -n -p pid "${!running[@]}"
    rc=$?
    finished "$pid" "$rc"
}

for step in "$@"; do
    if [ "$step" = / ]; then
        while [ ${#running[@]} -gt 0 ]; do wait_one; done
        continue
    fi
    while [ ${#running[@]} -ge "$max_jobs" ]; do wait_one; done
    order+=("$step")
    (
        s=$SECONDS
        "$make_cmd" --no-print-directory "$step" >"$logs/$step.log" 2>&1
        rc=$?
        echo $((SECONDS - s)) >"$logs/$step.seconds"
        exit "$rc"
    ) &
    running[$!]="$step"
    printf '===== %s started (%ss)\n' "$step" "$((SECONDS - start_all))"
done
while [ ${#running[@]} -gt 0 ]; do wait_one; done

printf '\n===== summary (%ss, %s at a time)\n' "$((SECONDS - start_all))" "$max_jobs"
for target in "${order[@]}"; do printf '%s\n' "${line[$target]}"; done
echo "ci: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
