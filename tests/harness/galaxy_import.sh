#!/usr/bin/env bash
# make galaxy-import: the check Galaxy and Automation Hub run on every upload. The tarball is built
# (ansible-galaxy collection build, from a copy of what would be committed) and fed to galaxy-importer
# (PyPI, local mode: no container engine, no ansible-test; it runs ansible-doc and ansible-lint offline).
# Fails on an import error and on any WARNING or ERROR line of the import log (the known ones are
# handled, see docs/developing.md, "Galaxy import"). Log: $QBX_WORK/galaxy-import/import.log.
#
#   galaxy_import.sh [--venv DIR]      (default .venv-importer: Python 3.12, tests/harness/requirements-importer.txt)
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv-importer"
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$(cd "$2" && pwd)"; shift 2 ;;
        *) die "unknown option $1" ;;
    esac
done
"$venv/bin/python" -c 'import galaxy_importer' 2>/dev/null || die "$venv has no galaxy_importer; run 'make venv'"
# the importer calls ansible-doc and ansible-lint from PATH (without them it skips those checks)
PATH="$venv/bin:$PATH"
export ANSIBLE_NOCOLOR=1 NO_COLOR=1
# Automation Hub's rule on top of Galaxy's defaults: a tag from its fixed list
export GALAXY_IMPORTER_CHECK_REQUIRED_TAGS=true

out="$QBX_WORK/galaxy-import"
rm -rf "$out"
mkdir -p "$out"
coll="$(sync_tree galaxy-import)"
ansible-galaxy collection build --force --output-path "$out" "$coll" >/dev/null
tarball="$(find "$out" -maxdepth 1 -name "$COLLECTION_NS-$COLLECTION_NAME-*.tar.gz" | head -n1)"
[ -n "$tarball" ] || die "no tarball in $out"

log "galaxy-importer $(basename "$tarball")"
cd "$out"
rc=0
"$venv/bin/python" -m galaxy_importer.main "$tarball" >"$out/import.log" 2>&1 || rc=$?
problems="$(grep -E '^(WARNING|ERROR)\b' "$out/import.log" || true)"
if [ "$rc" -ne 0 ] || [ -n "$problems" ] || ! grep -q '^Importer processing completed successfully' "$out/import.log"; then
    sed 's/^/  | /' "$out/import.log" >&2
    die "galaxy-importer: the import of $(basename "$tarball") failed or warned (exit $rc)"
fi
log "galaxy-importer: $(basename "$tarball") imports clean ($(grep -c '^Loading ' "$out/import.log") items, no warning)"
