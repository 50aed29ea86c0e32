#!/usr/bin/env bash
# make docs / docs-check / docs-screenshot: the collection's docs site, as Ansible's own collection docs are built.
#   1. antsibull-docs sphinx-init --use-current writes a Sphinx project into $QBX_WORK/docs/src; its conf.py is
#      made offline: intersphinx reads a local inventory of the few docs.ansible.com targets the pages link to
#      (tests/harness/docs_site.py writes it), nothing is fetched.
#   2. antsibull-docs collection --use-current writes the RST of every plugin and role; sphinx-build (-W) writes the
#      HTML into docs/site/ (git-ignored). Any Sphinx warning fails the build and is printed.
#   --check: every module, plugin and role page opened in Debian's headless Chromium (installed when missing) and
#      checked: page present, title names the plugin, no rendered docutils error, every internal link and anchor
#      resolves (tests/harness/docs_site.py check; before it, `selftest` proves the checker finds each fault).
#   --screenshot PNG: the send module page rendered into PNG (make docs-screenshot: docs/images/docs_send_module.png).
#
#   docs.sh [--venv DIR] [--check] [--screenshot PNG]      (default .venv-docs)
set -euo pipefail
# shellcheck source=tests/harness/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

venv="$REPO/.venv-docs"; check=0; shot=""
while [ $# -gt 0 ]; do
    case "$1" in
        --venv) venv="$(cd "$2" && pwd)"; shift 2 ;;
        --check) check=1; shift ;;
        --screenshot) shot="$2"; shift 2 ;;
        *) die "unknown option $1" ;;
    esac
done
for tool in antsibull-docs sphinx-build ansible-doc; do
    [ -x "$venv/bin/$tool" ] || die "$venv has no $tool; run 'make venv'"
done
PATH="$venv/bin:$PATH"
export ANSIBLE_NOCOLOR=1 NO_COLOR=1
fqcn="$COLLECTION_NS.$COLLECTION_NAME"
work="$QBX_WORK/docs"
src="$work/src"
site="$REPO/docs/site"
rm -rf "$work"
mkdir -p "$work"
link_tree "$work/collections"
# antsibull-docs wants its directories owned by us and writable only by us
mkdir -m 700 "$src"

start=$SECONDS
antsibull-docs sphinx-init --use-current --dest-dir "$src" "$fqcn" >"$work/sphinx-init.log" 2>&1 \
    || { cat "$work/sphinx-init.log" >&2; die "antsibull-docs sphinx-init failed"; }
"$venv/bin/python" "$HARNESS_DIR/docs_site.py" offline "$src"
mkdir -m 700 "$src/rst.tmp" && cp -a "$src/rst/." "$src/rst.tmp/" && rm -rf "$src/rst" && mv "$src/rst.tmp" "$src/rst"
antsibull-docs --config-file "$src/antsibull-docs.cfg" collection --cleanup everything --use-current \
    --dest-dir "$src/rst" "$fqcn" >"$work/antsibull-docs.log" 2>&1 \
    || { cat "$work/antsibull-docs.log" >&2; die "antsibull-docs collection failed"; }
rm -rf "$site"
if ! sphinx-build -q -b html -c "$src" -W --keep-going "$src/rst" "$site" >"$work/sphinx.log" 2>&1; then
    sed 's/^/  | /' "$work/sphinx.log" >&2
    die "sphinx-build failed or warned ($(grep -c 'WARNING' "$work/sphinx.log" || true) warnings; log $work/sphinx.log)"
fi
log "docs site built in $((SECONDS - start))s: $site/index.html"

if [ "$check" = 1 ] || [ -n "$shot" ]; then
    ensure_chromium
fi
if [ "$check" = 1 ]; then
    start=$SECONDS
    # first the checker itself, on a made-up site with one fault of each kind (2 s)
    "$venv/bin/python" "$HARNESS_DIR/docs_site.py" selftest
    "$venv/bin/python" "$HARNESS_DIR/docs_site.py" check "$site" --repo "$REPO" --work "$work"
    log "docs site checked in headless Chromium in $((SECONDS - start))s"
fi
if [ -n "$shot" ]; then
    profile="$(mktemp -d)"
    trap 'rm -rf "$profile"' EXIT
    mkdir -p "$(dirname "$shot")"
    chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
        --window-size=1280,1500 --screenshot="$shot" --run-all-compositor-stages-before-draw \
        --virtual-time-budget=2000 "file://$site/collections/$COLLECTION_NS/$COLLECTION_NAME/send_module.html" \
        2>"$work/chromium-shot.log" || { cat "$work/chromium-shot.log" >&2; die "chromium failed"; }
    [ -s "$shot" ] || die "no screenshot written to $shot"
    log "screenshot $shot"
fi
