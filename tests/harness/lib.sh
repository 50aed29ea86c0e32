# shellcheck shell=bash
# Helpers shared by the harness scripts (sourced, never run). See docs/developing.md.
#
# QBX_WORK  scratch directory outside the repo (copied trees, simulator state, builds).
#           Default: /tmp/qbx-harness-<checksum of the repo path>, so two clones do not collide.
#           It must not be inside the repo: ansible-test would then find the repo's .git and
#           list the copied tree through git (where it is ignored).

HARNESS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HARNESS_DIR/../.." && pwd)"
QBX_WORK="${QBX_WORK:-/tmp/qbx-harness-$(printf '%s' "$REPO" | cksum | cut -d' ' -f1)}"
COLLECTION_NS=qboxmail
COLLECTION_NAME=qboxmail
export PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf 'harness: %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# pyenv_root: prints pyenv's root directory, or nothing.
pyenv_root() {
    if [ -n "${PYENV_ROOT:-}" ] && [ -d "$PYENV_ROOT" ]; then
        printf '%s\n' "$PYENV_ROOT"
    elif command -v pyenv >/dev/null 2>&1; then
        pyenv root 2>/dev/null || true
    fi
}

# find_python X.Y: prints the path of a working pythonX.Y interpreter (pyenv's newest X.Y.*
# first, then PATH), or fails. pyenv shims are skipped: they fail without PYENV_VERSION.
find_python() {
    local want="$1" root cand
    root="$(pyenv_root)"
    if [ -n "$root" ]; then
        while IFS= read -r cand; do
            if "$cand" -c 'import sys' >/dev/null 2>&1; then printf '%s\n' "$cand"; return 0; fi
        done < <(find "$root/versions" -maxdepth 3 -path "*/versions/$want.*/bin/python$want" 2>/dev/null | sort -rV)
    fi
    for cand in "/usr/bin/python$want" "/usr/local/bin/python$want" "$(command -v "python$want" 2>/dev/null || true)"; do
        if [ -z "$cand" ] || [ ! -x "$cand" ]; then continue; fi
        case "$cand" in */shims/*) continue ;; esac
        if "$cand" -c 'import sys' >/dev/null 2>&1; then printf '%s\n' "$cand"; return 0; fi
    done
    return 1
}

# setup_pythons: a directory of pythonX.Y symlinks (3.10 and newer) on PATH, and pyenv shims off
# PATH. ansible-test keeps only HOME/PATH of the environment, so shims (which need PYENV_VERSION)
# would fail with exit 127.
setup_pythons() {
    local pybin="$QBX_WORK/pybin" minor py clean="" dir
    mkdir -p "$pybin"
    for minor in 10 11 12 13 14; do
        if py="$(find_python "3.$minor")"; then
            ln -sfn "$py" "$pybin/python3.$minor"
        else
            rm -f "$pybin/python3.$minor"
        fi
    done
    local IFS=:
    for dir in $PATH; do
        case "$dir" in */shims) continue ;; esac
        clean="${clean:+$clean:}$dir"
    done
    PATH="$pybin:$clean"
    export PATH
}

# install_get_pip_stub VENV: ansible-test (--venv and --local) downloads get-pip from
# ci-files.testing.ansible.com, which this machine cannot reach. Put our stub in its cache under
# the name this ansible-test version looks for.
install_get_pip_stub() {
    local venv="$1" ver
    ver="$("$venv/bin/python" - <<'EOF'
import pathlib, re, ansible_test
text = (pathlib.Path(ansible_test.__file__).parent / '_internal' / 'python_requirements.py').read_text()
print(re.search(r"pip='([0-9.]+)'", text).group(1).replace('.', '_'))
EOF
)" || die "cannot read the pip version of $venv's ansible-test"
    mkdir -p "$HOME/.ansible/test/cache"
    # Steps run side by side install it at the same time: copy to a private name, then rename
    # (atomic), so no step sees a half-written file or fails on the other's copy.
    local tmp="$HOME/.ansible/test/cache/.get_pip_$ver.py.$$"
    cp "$HARNESS_DIR/get_pip_stub.py" "$tmp" && mv -f "$tmp" "$HOME/.ansible/test/cache/get_pip_$ver.py"
}

# without_pip_location_warnings: stdin to stdout without pip's harmless "WARNING: Location '...' is ignored" lines
# (this machine's pip config names extra index folders that may not exist); everything else is kept.
without_pip_location_warnings() { grep --line-buffered -v -E "^WARNING: Location '[^']*' is ignored" || true; }

# apt_install PKG...: Debian packages, quietly, with sudo -n unless root; fails (status 1) when that fails.
apt_install() {
    log "apt-get install $*"
    local sudo=""
    [ "$(id -u)" = 0 ] || sudo="sudo -n"
    { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@"; } >/dev/null 2>&1
}

# ensure_shellcheck: the shellcheck sanity test wants it; install from apt when possible.
ensure_shellcheck() {
    command -v shellcheck >/dev/null 2>&1 && return 0
    apt_install shellcheck || log "WARNING: could not install shellcheck; ansible-test will skip that sanity test"
}

# link_tree DIR: DIR/ansible_collections/NS/NAME, a symlink to the repo (enough for ansible itself; only
# ansible-test needs the copy sync_tree makes, and edits show up at once), and ANSIBLE_COLLECTIONS_PATH=DIR
# exported, without the collections Python's sys.path holds.
link_tree() {
    mkdir -p "$1/ansible_collections/$COLLECTION_NS"
    ln -sfn "$REPO" "$1/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
    export ANSIBLE_COLLECTIONS_PATH="$1" ANSIBLE_COLLECTIONS_SCAN_SYS_PATH=false
}

# sync_tree NAME: copy the repo to $QBX_WORK/trees/NAME/ansible_collections/NS/NAME (ansible-test
# needs that physical layout) and print the copy's path. In a git checkout the copy holds the
# tracked and the untracked-but-not-ignored files, i.e. what would be committed; otherwise
# everything except virtualenvs, tests/output and .git.
sync_tree() {
    local root="$QBX_WORK/trees/$1"
    local dest="$root/ansible_collections/$COLLECTION_NS/$COLLECTION_NAME"
    # keep the copy's tests/output: it holds ansible-test's delegation venv (saves ~15 s a run)
    rm -rf "$root.output"
    if [ -d "$dest/tests/output" ]; then mv "$dest/tests/output" "$root.output"; fi
    rm -rf "$root"
    mkdir -p "$dest"
    if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        (
            cd "$REPO" || exit 1
            git ls-files -z --cached --others --exclude-standard \
                | while IFS= read -r -d '' f; do
                    if [ -e "$f" ] || [ -L "$f" ]; then printf '%s\0' "$f"; fi
                done \
                | tar --null --no-recursion -T - -cf -
        ) | (cd "$dest" && tar -xf -)
    else
        (cd "$REPO" && tar --exclude=./.git --exclude='./.venv*' --exclude=./tests/output \
            --exclude='*.tar.gz' --exclude='__pycache__' -cf - .) | (cd "$dest" && tar -xf -)
    fi
    if [ -d "$root.output" ]; then mkdir -p "$dest/tests" && mv "$root.output" "$dest/tests/output"; fi
    printf '%s\n' "$dest"
}

# write_integration_config URL FILE: the values integration targets get as extra vars.
write_integration_config() {
    cat >"$2" <<EOF
---
# Generated by tests/harness (do not edit, do not commit).
sim_url: "$1"
qbx_admin_token: qbx-admin-dev-token
qbx_token: qbx-customer-dev-token
qbx_nobilling_token: qbx-nobilling-dev-token
qbx_reseller_token: qbx-reseller-dev-token
qbx_manager_token: qbx-manager-dev-token
qbx_team_token: qbx-team-dev-token
EOF
}

# ensure_bind: BIND 9 (named, tsig-keygen) and dig for the DNS chain (make dns-chain); installed from
# Debian's packages when missing (CI runs as root on a clean machine).
ensure_bind() {
    PATH="$PATH:/usr/sbin:/sbin"
    if command -v named >/dev/null 2>&1 && command -v tsig-keygen >/dev/null 2>&1 && command -v dig >/dev/null 2>&1; then
        return 0
    fi
    apt_install bind9 bind9-utils bind9-dnsutils || die "could not install bind9 bind9-utils bind9-dnsutils"
    command -v named >/dev/null 2>&1 || die "bind9 installed but named not found"
}

# The ansible package whose community.general the DNS chain test uses (never a dependency of this
# collection; its community.general must have nsupdate and accept the ansible-core of .venv).
TEST_ANSIBLE_PACKAGE=ansible==14.5.0

# ensure_community_general VENV: extract only ansible_collections/community/general from the PyPI
# `ansible` package (downloaded once into $QBX_WORK/downloads) into $QBX_WORK/test-collections and
# print that collections root. Reruns reuse both.
ensure_community_general() {
    local venv="$1" root="$QBX_WORK/test-collections" downloads="$QBX_WORK/downloads"
    local stamp="$root/.extracted-from" archive
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$TEST_ANSIBLE_PACKAGE" ]; then
        printf '%s\n' "$root"; return 0
    fi
    mkdir -p "$downloads"
    archive="$(find "$downloads" -maxdepth 1 -name "ansible-${TEST_ANSIBLE_PACKAGE#ansible==}[.-]*" -print -quit)"
    if [ -z "$archive" ]; then
        log "downloading $TEST_ANSIBLE_PACKAGE (for community.general in the tests only)"
        "$venv/bin/python" -m pip download -q --no-deps --only-binary :all: -d "$downloads" "$TEST_ANSIBLE_PACKAGE" 2>&1 \
            | without_pip_location_warnings >&2
        archive="$(find "$downloads" -maxdepth 1 -name "ansible-${TEST_ANSIBLE_PACKAGE#ansible==}[.-]*" -print -quit)"
        [ -n "$archive" ] || die "pip download $TEST_ANSIBLE_PACKAGE failed"
    fi
    rm -rf "$root.tmp"
    "$venv/bin/python" - "$archive" "$root.tmp" <<'PY' || die "cannot extract community.general from $archive"
import pathlib, sys, zipfile
prefix = "ansible_collections/community/general/"
dest = pathlib.Path(sys.argv[2])
with zipfile.ZipFile(sys.argv[1]) as wheel:
    members = [name for name in wheel.namelist() if name.startswith(prefix) and not name.endswith("/")]
    if not any(name.endswith("/plugins/modules/nsupdate.py") for name in members):
        sys.exit("no community.general nsupdate module in %s" % sys.argv[1])
    for name in members:
        wheel.extract(name, dest)
PY
    printf '%s\n' "$TEST_ANSIBLE_PACKAGE" >"$root.tmp/.extracted-from"
    rm -rf "$root" && mv "$root.tmp" "$root"
    printf '%s\n' "$root"
}

# ensure_chromium: Debian's headless-capable Chromium for make report-screenshot (never part of make test); installed
# with apt-get when `chromium` is missing.
ensure_chromium() {
    if command -v chromium >/dev/null 2>&1; then
        return 0
    fi
    apt_install chromium || die "could not install chromium"
    command -v chromium >/dev/null 2>&1 || die "chromium installed but not found on PATH"
}

# ansible-test integration makes ~/.ansible/test/id_rsa on first use; two runs starting together on a fresh
# machine (make test's integration+integration-216) race on ssh-keygen's "Overwrite (y/n)?". Made once, locked.
ensure_test_ssh_key() {
    local dir="$HOME/.ansible/test"
    mkdir -p "$dir"
    (
        flock 9
        if [ ! -f "$dir/id_rsa" ] || [ ! -f "$dir/id_rsa.pub" ]; then
            rm -f "$dir/id_rsa" "$dir/id_rsa.pub"
            ssh-keygen -m PEM -q -t rsa -N '' -f "$dir/id_rsa"
            sed -i -E 's/(BEGIN|END) PRIVATE KEY/\1 RSA PRIVATE KEY/' "$dir/id_rsa"  # what ansible-test writes (paramiko)
        fi
    ) 9>"$dir/.qbx-keygen.lock"
}
