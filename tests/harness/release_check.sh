#!/usr/bin/env bash
# Release engineering checks (make release-check):
#   1. antsibull-changelog lint (fragments) and lint-changelog-yaml; meta/runtime.yml's action
#      group `all` names exactly the modules in plugins/modules/
#   2. antsibull-docs lint-collection-docs --plugin-docs .
#   3. ansible-galaxy collection build; the tarball must hold no development files
#   4. install the tarball into a temporary collections path, verify it, and run a module from
#      the installed copy (not the source tree) against a simulator started for it
#   5. ansible-builder create from meta/execution-environment.yml (build context only, no image);
#      bindep parses bindep.txt
#
#   release_check.sh [--venv DIR] [--module NAME]    (default .venv, domain_info)
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv"; module=domain_info
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$(cd "$2" && pwd)"; shift 2 ;;
        --module) module="$2"; shift 2 ;;
        *) die "unknown option $1" ;;
    esac
done
PATH="$venv/bin:$PATH"
for tool in antsibull-changelog antsibull-docs ansible-galaxy ansible ansible-builder bindep; do
    [ -x "$venv/bin/$tool" ] || die "$venv has no $tool; run 'make venv'"
done

out="$QBX_WORK/release"
rm -rf "$out"
mkdir -p "$out"
coll="$(sync_tree release)"
export ANSIBLE_COLLECTIONS_PATH="${coll%/ansible_collections/*}"
export ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false ANSIBLE_NOCOLOR=1
cd "$coll"
fqcn="$COLLECTION_NS.$COLLECTION_NAME"

step() { log "--- $*"; }

step "changelog: antsibull-changelog lint"
antsibull-changelog lint
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

step "runtime: action group 'all' lists every module"
"$venv/bin/python" - <<'EOF'
import pathlib, sys, yaml
listed = yaml.safe_load(pathlib.Path('meta/runtime.yml').read_text())['action_groups']['all']
present = sorted(p.stem for p in pathlib.Path('plugins/modules').glob('*.py') if p.stem != '__init__')
missing, extra = sorted(set(present) - set(listed)), sorted(set(listed) - set(present))
for name in missing:
    print('meta/runtime.yml: module %s is missing from action_groups.all' % name)
for name in extra:
    print('meta/runtime.yml: action_groups.all names %s, which is not in plugins/modules/' % name)
sys.exit(1 if missing or extra else 0)
EOF

step "docs: antsibull-docs lint-collection-docs --plugin-docs ."
antsibull-docs lint-collection-docs --plugin-docs .

step "build: ansible-galaxy collection build"
ansible-galaxy collection build --force --output-path "$out/dist" . >/dev/null
tarball="$(find "$out/dist" -maxdepth 1 -name "$COLLECTION_NS-$COLLECTION_NAME-*.tar.gz" | head -n1)"
[ -n "$tarball" ] || die "no tarball in $out/dist"
tar -tzf "$tarball" | sed 's#^\./##' | sort >"$out/contents.txt"
bad="$(grep -E '^(\.ci|\.git|\.venv|\.pytest_cache|tests/output|tests/harness)(/|$)|^(Makefile|\.ansible-lint|\.yamllint|\.gitignore)$|(^|/)__pycache__/|\.tar\.gz$|integration_config\.yml$|changelogs/\.plugin-cache\.yaml$' \
    "$out/contents.txt" || true)"
[ -z "$bad" ] || die "development files in $(basename "$tarball"):
$bad"
for f in MANIFEST.json FILES.json README.md meta/runtime.yml plugins/modules/$module.py tests/simulator/requirements.txt; do
    grep -qxF "$f" "$out/contents.txt" || die "$(basename "$tarball") lacks $f"
done
log "$(basename "$tarball"): $(wc -l <"$out/contents.txt") entries, $(du -k "$tarball" | cut -f1) KiB, no development files"

step "install: ansible-galaxy collection install $(basename "$tarball")"
# Only the installed copy is visible from here on: not the source tree, not ~/.ansible/collections.
export ANSIBLE_COLLECTIONS_PATH="$out/inst"
cd "$out"
ansible-galaxy collection install --offline --force -p "$out/inst" "$tarball" >/dev/null
ansible-galaxy collection verify --offline "$fqcn" >/dev/null
installed="$(ansible-galaxy collection list "$fqcn" 2>/dev/null | awk -v c="$fqcn" '$1 == c {print $2}')"
[ -n "$installed" ] || die "$fqcn is not listed in $out/inst"
where="$(ansible-doc -t module "$fqcn.$module" --json \
    | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]]["doc"]["filename"])' "$fqcn.$module")"
case "$where" in
    "$out/inst/"*) ;;
    *) die "$fqcn.$module resolves to $where, not to the installed copy" ;;
esac
log "installed $fqcn $installed in $out/inst (verified; $module from the installed copy)"

step "smoke test: ansible localhost -m $fqcn.$module (installed copy)"
export ANSIBLE_LOCALHOST_WARNING=false
# The simulator runs from the installed copy as the README shows (found through `collection list`, needing only
# what tests/simulator/requirements.txt lists); the smoke test itself runs in $out, away from it.
sim_root="$(ansible-galaxy collection list "$fqcn" 2>/dev/null | awk '/^# /{print $2; exit}')/$COLLECTION_NS/$COLLECTION_NAME"
[ -f "$sim_root/tests/simulator/__main__.py" ] || die "the installed copy has no tests/simulator (looked in $sim_root)"
# shellcheck disable=SC2016  # expanded by the inner shell
(cd "$sim_root" && "$venv/bin/python" -m tests.simulator run -- bash -c '
    cd "$3" || exit 1
    ansible localhost -m "$1" -a "api_url=$SIM_URL api_token=qbx-customer-dev-token" >"$2" 2>&1 \
        || { sed "s/^/  | /" "$2" >&2; exit 1; }
    grep -q "SUCCESS" "$2" || { sed "s/^/  | /" "$2" >&2; echo "no SUCCESS in the output" >&2; exit 1; }
    grep -m1 SUCCESS "$2" >&2' _ "$fqcn.$module" "$out/smoke.log" "$out")

step "execution environment: ansible-builder create"
cd "$coll"
mkdir -p "$out/ee"
# Paths in meta/execution-environment.yml are relative to the collection root (as ansible-builder's
# introspection reads them), so validate a copy placed next to the files it names.
cp meta/execution-environment.yml "$out/ee/execution-environment.yml"
cp requirements.txt bindep.txt "$out/ee/"
ansible-builder create -f "$out/ee/execution-environment.yml" -c "$out/ee/context" \
    --output-filename Containerfile >/dev/null
for f in Containerfile _build/requirements.txt _build/bindep.txt; do
    [ -s "$out/ee/context/$f" ] || die "ansible-builder create wrote no $f"
done
bindep -f bindep.txt --list_all newline >/dev/null  # parse check only
log "execution environment: build context in $out/ee/context"

log "release-check passed"
