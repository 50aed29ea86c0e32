#!/usr/bin/env bash
# Run the Qboxmail API simulator (tests/simulator) in the background for the harness.
#
#   sim.sh start [OPTIONS]            start on a free port, wait until it answers, print
#                                     SIM_URL=... and SIM_PID=... (eval-able); state in --state-dir
#   sim.sh stop [--state-dir DIR]     stop the simulator started with the same state dir
#   sim.sh run [OPTIONS] -- CMD...    start, run CMD with SIM_URL/SIM_PID exported, always stop;
#                                     exits with CMD's status
#
# OPTIONS: --python PY (default: .venv/bin/python, else python3), --mode production|sandbox
# (production), --async-delay S (0.1), --latency-ms N (0), --state-dir DIR
# (start/stop: $QBX_WORK/sim; run: a private one).
# SIM_MODULE (default tests.simulator) names the module run with `python -m`.
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

[ $# -ge 1 ] || usage
action="$1"; shift
python=""; mode=production; delay=0.1; latency=0; state=""
while [ $# -gt 0 ]; do
    case "$1" in
        --python) python="$2"; shift 2 ;;
        --mode) mode="$2"; shift 2 ;;
        --async-delay) delay="$2"; shift 2 ;;
        --latency-ms) latency="$2"; shift 2 ;;
        --state-dir) state="$2"; shift 2 ;;
        --) shift; break ;;
        *) usage ;;
    esac
done
if [ -z "$python" ]; then
    if [ -x "$REPO/.venv/bin/python" ]; then python="$REPO/.venv/bin/python"; else python=python3; fi
fi

# sim_pid_ok PID DIR: true if PID is still our simulator (guards against a recycled PID).
sim_pid_ok() {
    [ -r "/proc/$1/cmdline" ] || { kill -0 "$1" 2>/dev/null; return; }
    tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "--port-file $2/port"
}

sim_start() {
    local dir="$1" pid port="" url="" i
    mkdir -p "$dir"
    rm -f "$dir/port" "$dir/url" "$dir/pid"
    (
        cd "$REPO"
        exec "$python" -m "${SIM_MODULE:-tests.simulator}" --host 127.0.0.1 --port 0 \
            --port-file "$dir/port" --mode "$mode" --async-delay "$delay" --latency-ms "$latency"
    ) </dev/null >"$dir/log" 2>&1 &
    pid=$!
    printf '%s\n' "$pid" >"$dir/pid"
    for i in $(seq 1 300); do
        if ! kill -0 "$pid" 2>/dev/null; then
            log "the simulator exited during startup; its log ($dir/log):"
            sed 's/^/  | /' "$dir/log" >&2
            rm -f "$dir/pid"
            return 1
        fi
        if [ -z "$port" ] && [ -s "$dir/port" ]; then
            port="$(tr -dc '0-9' <"$dir/port")"
            url="http://127.0.0.1:$port"
        fi
        if [ -n "$url" ] && "$python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
                "$url/_sim/config" >/dev/null 2>&1; then
            printf '%s\n' "$url" >"$dir/url"
            printf 'SIM_URL=%s\nSIM_PID=%s\n' "$url" "$pid"
            return 0
        fi
        [ "$i" -eq 300 ] || sleep 0.1
    done
    log "the simulator did not answer within 30 s; its log ($dir/log):"
    sed 's/^/  | /' "$dir/log" >&2
    sim_stop "$dir"
    return 1
}

sim_stop() {
    local dir="$1" pid i
    [ -s "$dir/pid" ] || return 0
    pid="$(cat "$dir/pid")"
    if sim_pid_ok "$pid" "$dir"; then
        kill "$pid" 2>/dev/null || true
        for i in $(seq 1 50); do
            sim_pid_ok "$pid" "$dir" || break
            [ "$i" -lt 50 ] || kill -9 "$pid" 2>/dev/null || true
            sleep 0.1
        done
    fi
    rm -f "$dir/pid" "$dir/url" "$dir/port"
}

case "$action" in
    start)
        sim_start "${state:-$QBX_WORK/sim}"
        ;;
    stop)
        sim_stop "${state:-$QBX_WORK/sim}"
        ;;
    run)
        [ $# -ge 1 ] || usage
        state="${state:-$QBX_WORK/sim.$$}"
        trap 'sim_stop "$state"; rm -rf "$state"' EXIT
        trap 'exit 130' INT
        trap 'exit 143' TERM
        out="$(sim_start "$state")"
        eval "$out"
        export SIM_URL SIM_PID
        log "simulator $SIM_URL (pid $SIM_PID, mode $mode, async delay ${delay}s)"
        rc=0
        "$@" || rc=$?
        exit "$rc"
        ;;
    *)
        usage
        ;;
esac
