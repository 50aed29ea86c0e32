# Copyright (c) Qboxmail contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The docs site of make docs / docs-check (tests/harness/docs.sh calls this).

    docs_site.py offline SRC                         make the Sphinx project of `antsibull-docs sphinx-init` offline
    docs_site.py check SITE --repo DIR [--work DIR]  open every module, plugin and role page in headless Chromium
    docs_site.py selftest                            check a small made-up site with one fault of each kind

offline: conf.py's intersphinx_mapping names inventories on docs.python.org, jinja.palletsprojects.com and
docs.ansible.com that Sphinx would download on every build. It is replaced by one local inventory (written next to
conf.py) that holds the few docs.ansible.com targets the generated pages link to (TARGETS), still linking to
docs.ansible.com. A page that links to a target not listed fails the build with Sphinx's "undefined label" warning:
add the target here.

check: the pages expected from the collection's files (plugins/modules, plugins/lookup, plugins/inventory, roles)
are opened one after the other in one headless Chromium (Debian's /usr/bin/chromium, driven over
--remote-debugging-pipe, a throwaway profile) and each fails when it is missing, when its title does not name the
plugin, when it shows a rendered docutils error (.system-message, .problematic) or when Sphinx warned about it
(sphinx.log in --work), and when one of its internal links points to a missing file or to an anchor that the
target page (also opened in Chromium) does not have.
"""
from __future__ import annotations

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zlib

DOCS = "https://docs.ansible.com/projects/ansible/devel/"
# (name, domain:role, uri relative to DOCS) of the docs.ansible.com targets the generated pages link to.
TARGETS = [
    ("common_return_values", "std:label", "reference_appendices/common_return_values.html#common-return-values",
     "Return Values"),
    ("ansible_configuration_settings", "std:label", "reference_appendices/config.html#ansible-configuration-settings",
     "Ansible Configuration Settings"),
] + [(name, "std:envvar", "reference_appendices/config.html#envvar-" + name, "-")
     for name in ("ANSIBLE_CACHE_PLUGIN", "ANSIBLE_CACHE_PLUGIN_CONNECTION", "ANSIBLE_CACHE_PLUGIN_PREFIX",
                  "ANSIBLE_CACHE_PLUGIN_TIMEOUT")]
INVENTORY = "ansible_devel.inv"
# Appended to conf.py. The Ansible theme's logo links to theme option documentation_home_url, "/" by default (the
# root of a docs server); in a site opened from disk that is the file system's root, so each page links its index.
CONF_TAIL = """
# --- tests/harness/docs_site.py offline
intersphinx_cache_limit = -1


def _home_link(app, pagename, templatename, context, doctree):
    context['theme_documentation_home_url'] = context['pathto']('index')


def setup(app):
    app.connect('html-page-context', _home_link)
"""
KINDS = (("plugins/modules", "module"), ("plugins/lookup", "lookup"), ("plugins/inventory", "inventory"))


def write_inventory(path: pathlib.Path) -> None:
    """A Sphinx objects.inv (version 2) holding TARGETS."""
    body = "".join("%s %s 1 %s %s\n" % target for target in TARGETS)
    head = "# Sphinx inventory version 2\n# Project: Ansible\n# Version: devel\n" \
           "# The remainder of this file is compressed using zlib.\n"
    path.write_bytes(head.encode() + zlib.compress(body.encode()))


def offline(src: pathlib.Path) -> None:
    conf = src / "conf.py"
    text = conf.read_text()
    mapping = re.compile(r"^intersphinx_mapping = \{.*?^\}\n", re.S | re.M)
    if not mapping.search(text):
        sys.exit("docs_site.py: no intersphinx_mapping block in %s (antsibull-docs changed its template?)" % conf)
    write_inventory(src / INVENTORY)
    local = "intersphinx_mapping = {\n    'ansible_devel': (%r, %r),\n}\n" % (DOCS, str((src / INVENTORY).resolve()))
    text = mapping.sub(lambda _m: local, text)
    text = text.replace("project = 'Ansible collections'", "project = 'qboxmail.qboxmail'")
    text = re.sub(r"^(title|html_short_title) = .*$", r"\1 = 'qboxmail.qboxmail collection'", text, flags=re.M)
    conf.write_text(text + CONF_TAIL)


def expected_pages(repo: pathlib.Path) -> dict:
    """{page path relative to the site: plugin name} of every module, plugin and role."""
    pages = {}
    for folder, kind in KINDS:
        for path in sorted((repo / folder).glob("*.py")):
            if not path.name.startswith("_"):
                pages["collections/qboxmail/qboxmail/%s_%s.html" % (path.stem, kind)] = path.stem
    for path in sorted(repo.glob("roles/*/meta/argument_specs.yml")):
        name = path.parent.parent.name
        pages["collections/qboxmail/qboxmail/%s_role.html" % name] = name
    return pages


class Chromium:
    """One headless Chromium, driven with the DevTools protocol over --remote-debugging-pipe (fds 3 and 4)."""

    def __init__(self, binary: str):
        self.profile = tempfile.mkdtemp(prefix="qbx-docs-chromium-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def fds():  # in the child: the pipe ends as fds 3 and 4 (through fresh copies, so neither clobbers the other)
            reads, writes = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(reads, 3)
            os.dup2(writes, 4)

        self.proc = subprocess.Popen(
            [binary, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe", "--no-first-run",
             "--user-data-dir=" + self.profile, "about:blank"],
            preexec_fn=fds, close_fds=False, stdout=subprocess.DEVNULL,  # our other fds are close-on-exec
            stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buffer, self._next = b"", 0
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]

    def _read(self) -> dict:
        while b"\0" not in self._buffer:
            chunk = os.read(self._from_chrome, 1 << 16)
            if not chunk:
                raise RuntimeError("chromium closed its DevTools pipe (exit %s)" % self.proc.poll())
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None = None, **params) -> dict:
        self._next += 1
        message = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (method, reply["error"]))
                return reply.get("result", {})

    def page(self, url: str) -> dict:
        """Load url and return what the page shows: title, ids, links (absolute), docutils error texts."""
        self.call("Page.navigate", self.session, url=url)
        deadline = time.monotonic() + 30
        while self.evaluate("document.readyState") != "complete" or self.evaluate("location.href") != url:
            if time.monotonic() > deadline:
                raise RuntimeError("%s did not load in 30 s" % url)
            time.sleep(0.02)
        return self.evaluate("""JSON.stringify({
            title: document.title,
            ids: Array.from(document.querySelectorAll('[id]'), e => e.id)
                .concat(Array.from(document.querySelectorAll('a[name]'), e => e.getAttribute('name'))),
            links: Array.from(document.querySelectorAll('a[href]'), e => e.href),
            errors: Array.from(document.querySelectorAll('.system-message, .problematic'),
                               e => e.textContent.trim().slice(0, 200)),
            body: document.body ? document.body.innerText.length : 0})""", parse=True)

    def evaluate(self, expression: str, parse: bool = False):
        result = self.call("Runtime.evaluate", self.session, expression=expression, returnByValue=True)
        value = result.get("result", {}).get("value")
        return json.loads(value) if parse else value

    def close(self) -> None:
        try:
            self.call("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def sphinx_warnings(work: pathlib.Path | None) -> list:
    log = work / "sphinx.log" if work else None
    if not log or not log.is_file():
        return []
    return [line for line in log.read_text().splitlines() if "WARNING" in line or "ERROR" in line]


def check(site: pathlib.Path, repo: pathlib.Path, work: pathlib.Path | None, binary: str) -> list:
    site = site.resolve()
    pages = expected_pages(repo)
    problems = ["%s: missing (the page of %s)" % (page, name) for page, name in pages.items()
                if not (site / page).is_file()]
    warnings = sphinx_warnings(work)
    for page, name in pages.items():
        source = page.replace(".html", ".rst")
        problems += ["%s: Sphinx warned: %s" % (page, line) for line in warnings if source in line]
    problems += ["Sphinx warned: %s" % line for line in warnings if not any(
        page.replace(".html", ".rst") in line for page in pages)]
    browser = Chromium(binary)
    seen, links = {}, []
    try:
        for page, name in pages.items():
            if not (site / page).is_file():
                continue
            url = (site / page).as_uri()
            shown = seen[url] = browser.page(url)
            if name not in shown["title"]:
                problems.append("%s: title %r does not name %s" % (page, shown["title"], name))
            if not shown["body"]:
                problems.append("%s: renders empty" % page)
            problems += ["%s: docutils error rendered: %s" % (page, error) for error in shown["errors"]]
            links += [(page, link) for link in shown["links"]]
        for page, link in links:
            parts = urllib.parse.urlsplit(link)
            if parts.scheme != "file":
                continue
            target = pathlib.Path(urllib.parse.unquote(parts.path))
            if site not in target.parents:
                problems.append("%s: link leaves the site: %s" % (page, link))
                continue
            if not target.is_file():
                problems.append("%s: broken link %s (no such file)" % (page, target.relative_to(site)))
                continue
            if not parts.fragment or target.suffix != ".html":
                continue
            key = target.as_uri()
            if key not in seen:
                seen[key] = browser.page(key)
            if urllib.parse.unquote(parts.fragment) not in seen[key]["ids"]:
                problems.append("%s: broken anchor %s#%s" % (page, target.relative_to(site), parts.fragment))
    finally:
        browser.close()
    opened = sum(1 for page in pages if (site / page).is_file())
    print("docs-check: %d of %d pages of plugins and roles opened, %d other pages, %d internal links followed" % (
        opened, len(pages), len(seen) - opened, sum(1 for _p, link in links if link.startswith("file:"))), flush=True)
    return problems


PAGE = '<html><head><title>%s</title></head><body><h1 id="top">%s</h1>%s</body></html>'


def selftest(binary: str) -> int:
    """check() on a made-up repo and site: a clean role page, a module page with each fault, a missing page."""
    with tempfile.TemporaryDirectory(prefix="qbx-docs-selftest-") as tmp:
        repo, site = pathlib.Path(tmp, "repo"), pathlib.Path(tmp, "site")
        for path in ("plugins/modules/good.py", "plugins/modules/bad.py", "plugins/modules/gone.py",
                     "plugins/modules/_private.py", "roles/web/meta/argument_specs.yml"):
            (repo / path).parent.mkdir(parents=True, exist_ok=True)
            (repo / path).write_text("")
        pages = site / "collections/qboxmail/qboxmail"
        pages.mkdir(parents=True)
        (site / "index.html").write_text(PAGE % ("index", "index", '<p id="plugins">plugins</p>'))
        (pages / "good_module.html").write_text(PAGE % ("good module", "good", '<a href="#top">up</a>'
                                                        '<a href="../../../index.html#plugins">index</a>'))
        (pages / "web_role.html").write_text(PAGE % ("web role", "web", '<a href="good_module.html#top">good</a>'
                                                     '<a href="https://example.invalid/x#y">out</a>'))
        (pages / "bad_module.html").write_text(PAGE % (
            "something else", "bad", '<div class="system-message">Unknown directive type "nope".</div>'
            '<a href="good_module.html#no-such-anchor">a</a><a href="missing_module.html">b</a>'))
        work = pathlib.Path(tmp, "work")
        work.mkdir()
        (work / "sphinx.log").write_text("rst/collections/qboxmail/qboxmail/bad_module.rst:3: WARNING: a warning\n")
        found = check(site, repo, work, binary)
    prefix = "collections/qboxmail/qboxmail/"
    expected = [prefix + "gone_module.html: missing (the page of gone)",
                prefix + "bad_module.html: Sphinx warned: rst/collections/qboxmail/qboxmail/bad_module.rst:3: WARNING: "
                         "a warning",
                prefix + "bad_module.html: title 'something else' does not name bad",
                prefix + 'bad_module.html: docutils error rendered: Unknown directive type "nope".',
                prefix + "bad_module.html: broken anchor " + prefix + "good_module.html#no-such-anchor",
                prefix + "bad_module.html: broken link " + prefix + "missing_module.html (no such file)"]
    if found != expected:
        print("docs-check selftest failed:\n  expected %s\n  found    %s" % (expected, found), file=sys.stderr)
        return 1
    print("docs-check selftest: the %d faults of the made-up site found, nothing else" % len(expected))
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", maxsplit=1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("offline").add_argument("src", type=pathlib.Path)
    checker = sub.add_parser("check")
    checker.add_argument("site", type=pathlib.Path)
    checker.add_argument("--repo", type=pathlib.Path, required=True)
    checker.add_argument("--work", type=pathlib.Path)
    checker.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    sub.add_parser("selftest")
    args = parser.parse_args(argv)
    if args.command == "selftest":
        return selftest(shutil.which("chromium") or "/usr/bin/chromium")
    if args.command == "offline":
        offline(args.src)
        return 0
    problems = check(args.site, args.repo, args.work, args.chromium)
    for problem in problems:
        print("docs-check: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
