#!/usr/bin/env bash
# make dns-chain: the real DNS chain. BIND 9 on a loopback port (dns.sh) takes RFC 2136 updates signed
# with a TSIG key; a simulator started with --dns-server verifies the records by asking BIND; the
# hosted_email and delivery roles publish their records through playbooks/dns/nsupdate.yml
# (community.general.nsupdate, taken from the PyPI `ansible` package for this test only).
# tests/dns_chain/converge.yml + verify.yml (the domains verified, every record in BIND by dig) run
# twice; the second run must report changed=0. Logs: $QBX_WORK/dns-chain/run-{1,2}.log.
#
#   dns_chain.sh [--venv DIR]
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"; stage=outer
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$(cd "$2" && pwd)"; shift 2 ;;
        --stage) stage="$2"; shift 2 ;;  # internal: the steps run inside dns.sh and the simulator
        *) die "unknown option $1 (usage: see the head of $0)" ;;
    esac
done
[ -x "$venv/bin/ansible-playbook" ] || die "$venv has no ansible-playbook; run 'make venv'"
self="$HARNESS_DIR/dns_chain.sh"

case "$stage" in
    outer)
        export QBX_WORK  # the stages run from the copy, whose own default would differ
        ensure_bind
        "$venv/bin/python" -c 'import dns.version' 2>/dev/null || die "$venv has no dnspython; run 'make venv'"
        collections="$(ensure_community_general "$venv")"
        coll="$(sync_tree dns-chain)"
        export QBX_CHAIN_COLLECTIONS="${coll%/ansible_collections/*}:$collections"
        cd "$coll"
        # the copy's own harness scripts, so the stages run on what was copied
        exec "$coll/tests/harness/dns.sh" run --zone example.com --zone example.net -- \
            "$coll/tests/harness/dns_chain.sh" --venv "$venv" --stage sim
        ;;
    sim)
        exec "$venv/bin/python" -m tests.simulator run --dns-server "$DNS_SERVER" -- "$self" --venv "$venv" --stage play
        ;;
    play)
        ;;
    *) die "unknown stage $stage" ;;
esac

# stage play: in the copy, under BIND and the simulator.
export ANSIBLE_COLLECTIONS_PATH="$QBX_CHAIN_COLLECTIONS" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
export NO_COLOR=1 ANSIBLE_FORCE_COLOR=0 ANSIBLE_NOCOLOR=1 ANSIBLE_DEPRECATION_WARNINGS=false
export ANSIBLE_PYTHON_INTERPRETER="$venv/bin/python"
PATH="$venv/bin:$PATH"
logs="$QBX_WORK/dns-chain"
mkdir -p "$logs"

# recap LOG: the PLAY RECAP line of localhost.
recap() { grep -E '^localhost +: ok=' "$1" | tail -n 1; }

start=$SECONDS
playbooks=(tests/dns_chain/converge.yml tests/dns_chain/verify.yml)
log "first run: publish into BIND, verify through BIND, check the domains and ask BIND with dig"
ansible-playbook -i localhost, "${playbooks[@]}" 2>&1 | tee "$logs/run-1.log"
log "first run: $((SECONDS - start)) s; second run: nothing may change"
ansible-playbook -i localhost, "${playbooks[@]}" 2>&1 | tee "$logs/run-2.log"
second="$(recap "$logs/run-2.log")"
case "$second" in
    *" changed=0 "*" failed=0 "*) log "DNS chain OK, second run: $second ($((SECONDS - start)) s of playbooks)" ;;
    *) die "the second run changed something or failed: $second" ;;
esac
