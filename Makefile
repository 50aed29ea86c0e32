# Development harness of the qboxmail.qboxmail collection. `make help` lists the targets.
# The scripts behind the targets live in tests/harness/ (see docs/developing.md).

SHELL := /bin/bash
.DEFAULT_GOAL := help

# Virtualenvs: .venv = newest ansible-core (2.21, Python 3.13) and the dev tools;
# .venv-2.19 = middle ansible-core (2.19, Python 3.11) for make units-219 (on demand, not in make test);
# .venv-2.16 = oldest supported ansible-core (2.16, Python 3.12) for sanity, units, integration, molecule.
VENV        ?= .venv
VENV_PY     ?= 3.13
VENV_REQ    ?= tests/harness/requirements-2.21.txt
VENV219     ?= .venv-2.19
VENV219_PY  ?= 3.11
VENV219_REQ ?= tests/harness/requirements-2.19.txt
# .venv-importer = galaxy-importer (Python 3.12); .venv-docs = antsibull-docs + Sphinx (Python 3.13).
VENVIMP     ?= .venv-importer
VENVIMP_PY  ?= 3.12
VENVIMP_REQ ?= tests/harness/requirements-importer.txt
VENVDOCS     ?= .venv-docs
VENVDOCS_PY  ?= 3.13
VENVDOCS_REQ ?= tests/harness/requirements-docs.txt
VENV216     ?= .venv-2.16
VENV216_PY  ?= 3.12
VENV216_REQ ?= tests/harness/requirements-2.16.txt
STAMP       := .harness-stamp

# Scratch space outside the repo (copied trees, builds, simulator state); see tests/harness/lib.sh.
QBX_WORK ?= /tmp/qbx-harness-$(shell printf '%s' '$(CURDIR)' | cksum | cut -d' ' -f1)
export QBX_WORK

# make sim: the simulator in the foreground, configured from the environment.
SIM_HOST        ?= 127.0.0.1
SIM_PORT        ?= 8765
SIM_MODE        ?= production
SIM_ASYNC_DELAY ?= 0.3
SIM_LATENCY_MS  ?= 0

# Simulator async delay for the demo (seconds); the venv it runs in (make demo DEMO_VENV=.venv-2.16: on 2.16).
DEMO_ASYNC_DELAY ?= 0.3
DEMO_VENV        ?= $(VENV)

# Module run from the installed tarball by release-check.
SMOKE_MODULE ?= domain_info

# Steps of make test: venv first (`/` waits for it), then CI_JOBS at a time (tests/harness/ci.sh), started in
# this order: the longest first, the ones that mostly wait (test-live-sim, awx) early, the short ones last.
CI_JOBS    ?= 2
TEST_STEPS := venv / integration integration-216 sweeps test-live-sim examples sanity-216 sanity units awx \
	units-216 molecule molecule-216 docs-check report galaxy-import release-check dns-chain lint

ANSIBLE_TEST      := tests/harness/ansible_test.sh
ANSIBLE_TEST_OPTS := --color no

.PHONY: help venv sim demo test sanity units units-219 integration integration-219 sweeps lint molecule dns-chain awx report examples \
	sanity-216 units-216 integration-216 molecule-216 \
	galaxy-import docs docs-check docs-screenshot report-screenshot bench release-check integration-config clean distclean \
	test-live test-live-clean test-live-sim conformance

help:
	@echo 'make venv            create/update .venv (ansible-core 2.21, Python 3.13), .venv-2.16 (2.16, 3.12), the importer and docs venvs'
	@echo 'make sim             simulator in the foreground (SIM_HOST SIM_PORT SIM_MODE SIM_ASYNC_DELAY SIM_LATENCY_MS)'
	@echo 'make demo            site.yml twice (2nd: changed=0), a test message traced, the report; fresh simulator'
	@echo 'make test            sanity(-216) units(-216) integration(-216) dns-chain sweeps lint molecule(-216) release-check awx report galaxy-import docs-check test-live-sim examples'
	@echo 'make sanity          ansible-test sanity (ansible-core 2.21; make sanity-216: its own rules on 2.16, Pythons 3.10-3.12)'
	@echo 'make units           ansible-test units on 2.21 / Python 3.13   (units-219: 2.19 / 3.11, units-216: 2.16 / 3.12)'
	@echo 'make integration     ansible-test integration on 2.21 / 3.13 against one simulator (integration-216: 2.16 / 3.12)'
	@echo 'make sweeps          reliability sweeps: faults, check mode, secrets, bad input, TLS, idempotency (2.21)'
	@echo 'make lint            ansible-lint (production profile)'
	@echo 'make molecule        molecule test of each role scenario (delegated driver, simulator per scenario; molecule-216: on 2.16)'
	@echo 'make dns-chain       roles -> nsupdate -> BIND 9 (TSIG) -> simulator verifying through BIND, twice'
	@echo 'make awx             the AWX credential type rendered for ansible-runner; site.yml run twice as an AWX job'
	@echo 'make report          playbooks/delivery_report.yml against seeded TraceMail mixes; the HTML parsed and checked'
	@echo 'make examples        every YAML example of README, guide, role READMEs and EXAMPLES run (--check, then real)'
	@echo 'make report-screenshot  the report of a realistic month in headless Chromium -> docs/images/delivery_report.png'
	@echo 'make bench           the figures the issues name, one table (tests/benchmarks/bench.py)'
	@echo 'make release-check   changelog + docs lint, build, install + run the tarball, ansible-builder create'
	@echo 'make galaxy-import   galaxy-importer (what Galaxy / Automation Hub run on an upload) on the built tarball'
	@echo 'make docs            the docs site (antsibull-docs + Sphinx, offline) into docs/site/ (open docs/site/index.html)'
	@echo 'make docs-check      make docs, then every plugin and role page opened in headless Chromium and checked'
	@echo 'make docs-screenshot make docs, then the send module page in headless Chromium -> docs/images/docs_send_module.png'
	@echo 'make test-live       the live suite against QBOXMAIL_LIVE_* (skipped without them; docs/developing.md "Live API")'
	@echo 'make test-live-clean remove qbxlive-* leftovers of earlier live runs from QBOXMAIL_LIVE_DOMAIN'
	@echo 'make test-live-sim   the live suite on HTTPS against a simulator standing in for an account (+ conformance tests)'
	@echo 'make conformance RECORDING=tests/live/recordings/FILE.jsonl  replay a recording against the simulator, differences'
	@echo 'make integration-config SIM_URL=...  write tests/integration/integration_config.yml for manual runs'
	@echo 'make clean           remove build and test output (make distclean: also the venvs)'

# --- virtualenvs (reused when present; refreshed when the pinned requirements change)
$(VENV)/$(STAMP): $(VENV_REQ) tests/harness/mkvenv.sh
	@tests/harness/mkvenv.sh $(VENV) $(VENV_PY) $(VENV_REQ)

$(VENV219)/$(STAMP): $(VENV219_REQ) tests/harness/mkvenv.sh
	@tests/harness/mkvenv.sh $(VENV219) $(VENV219_PY) $(VENV219_REQ)

$(VENVIMP)/$(STAMP): $(VENVIMP_REQ) tests/harness/mkvenv.sh
	@tests/harness/mkvenv.sh $(VENVIMP) $(VENVIMP_PY) $(VENVIMP_REQ)

$(VENVDOCS)/$(STAMP): $(VENVDOCS_REQ) tests/harness/mkvenv.sh
	@tests/harness/mkvenv.sh $(VENVDOCS) $(VENVDOCS_PY) $(VENVDOCS_REQ)

$(VENV216)/$(STAMP): $(VENV216_REQ) tests/harness/mkvenv.sh
	@tests/harness/mkvenv.sh $(VENV216) $(VENV216_PY) $(VENV216_REQ)

venv: $(VENV)/$(STAMP) $(VENV216)/$(STAMP) $(VENVIMP)/$(STAMP) $(VENVDOCS)/$(STAMP)

# --- simulator and demo
sim: $(VENV)/$(STAMP)
	$(VENV)/bin/python -m tests.simulator --host '$(SIM_HOST)' --port '$(SIM_PORT)' --mode '$(SIM_MODE)' \
		--async-delay '$(SIM_ASYNC_DELAY)' --latency-ms '$(SIM_LATENCY_MS)'

demo: $(DEMO_VENV)/$(STAMP)
	@tests/harness/demo.sh --venv $(DEMO_VENV) --async-delay $(DEMO_ASYNC_DELAY)

# --- tests
test:
	@MAKE='$(MAKE)' CI_JOBS='$(CI_JOBS)' tests/harness/ci.sh $(TEST_STEPS)

sanity: $(VENV)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV) -- sanity --venv $(ANSIBLE_TEST_OPTS)

units: $(VENV)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV) --tree units -- units --local --python $(VENV_PY) $(ANSIBLE_TEST_OPTS)

integration: $(VENV)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV) --tree integration --with-sim -- \
		integration --local --python $(VENV_PY) $(ANSIBLE_TEST_OPTS)

integration-219: $(VENV219)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV219) --tree integration-219 --with-sim -- \
		integration --local --python $(VENV219_PY) $(ANSIBLE_TEST_OPTS)

# ansible-core 2.16 (the oldest in requires_ansible), Python 3.12: its own sanity rules, units, integration, molecule.
sanity-216: $(VENV216)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV216) --tree sanity-216 -- sanity --venv $(ANSIBLE_TEST_OPTS)

# The older cores run the tests of the collection's plugins; the simulator and contract tests do not depend on
# ansible-core and run once, in make units.
UNITS_OLD_TARGETS := tests/unit/plugins/ tests/unit/test_module_size.py
units-219: $(VENV219)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV219) --tree units-219 -- units --local --python $(VENV219_PY) $(ANSIBLE_TEST_OPTS) \
		$(UNITS_OLD_TARGETS)

units-216: $(VENV216)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV216) --tree units-216 -- units --local --python $(VENV216_PY) $(ANSIBLE_TEST_OPTS) \
		$(UNITS_OLD_TARGETS)

integration-216: $(VENV216)/$(STAMP)
	@$(ANSIBLE_TEST) --venv $(VENV216) --tree integration-216 --with-sim -- \
		integration --local --python $(VENV216_PY) $(ANSIBLE_TEST_OPTS)

sweeps: $(VENV)/$(STAMP)
	@tests/harness/sweeps.sh --venv $(VENV)

lint: $(VENV)/$(STAMP)
	@tests/harness/lint.sh --venv $(VENV)

molecule: $(VENV)/$(STAMP)
	@tests/harness/molecule.sh --venv $(VENV)

molecule-216: $(VENV216)/$(STAMP)
	@tests/harness/molecule.sh --venv $(VENV216)

dns-chain: $(VENV)/$(STAMP)
	@tests/harness/dns_chain.sh --venv $(VENV)

awx: $(VENV)/$(STAMP)
	@tests/harness/awx.sh --venv $(VENV)

report: $(VENV)/$(STAMP)
	@tests/harness/report.sh --venv $(VENV)

examples: $(VENV)/$(STAMP)
	@tests/harness/examples.sh --venv $(VENV)

# Not part of make test: installs Debian's chromium when missing, writes docs/images/delivery_report.png.
report-screenshot: $(VENV)/$(STAMP)
	@tests/harness/report_screenshot.sh --venv $(VENV)

bench: $(VENV)/$(STAMP)
	@tests/harness/bench.sh --venv $(VENV)

release-check: $(VENV)/$(STAMP)
	@tests/harness/release_check.sh --venv $(VENV) --module $(SMOKE_MODULE)

galaxy-import: $(VENVIMP)/$(STAMP)
	@tests/harness/galaxy_import.sh --venv $(VENVIMP)

docs: $(VENVDOCS)/$(STAMP)
	@tests/harness/docs.sh --venv $(VENVDOCS)

# Installs Debian's chromium when missing.
docs-check: $(VENVDOCS)/$(STAMP)
	@tests/harness/docs.sh --venv $(VENVDOCS) --check

# Not part of make test: writes docs/images/docs_send_module.png (commit it when the page's look changes).
docs-screenshot: $(VENVDOCS)/$(STAMP)
	@tests/harness/docs.sh --venv $(VENVDOCS) --screenshot docs/images/docs_send_module.png
# --- live API (never in make test: it needs a real account; test-live-sim is the stand-in)
test-live: $(VENV)/$(STAMP)
	@tests/harness/live.sh --venv $(VENV) run

test-live-clean: $(VENV)/$(STAMP)
	@tests/harness/live.sh --venv $(VENV) clean

test-live-sim: $(VENV)/$(STAMP)
	@tests/harness/live.sh --venv $(VENV) sim

RECORDING ?=
conformance: $(VENV)/$(STAMP)
	@tests/harness/live.sh --venv $(VENV) conformance '$(RECORDING)'

# For running ansible-test by hand against `make sim` (the harness writes its own copy).
SIM_URL ?= http://$(SIM_HOST):$(SIM_PORT)
integration-config:
	@bash -c '. tests/harness/lib.sh && write_integration_config "$(SIM_URL)" tests/integration/integration_config.yml'
	@echo 'wrote tests/integration/integration_config.yml (sim_url: $(SIM_URL))'

# --- housekeeping
clean:
	rm -rf '$(QBX_WORK)' docs/site tests/output tests/integration/integration_config.yml .pytest_cache
	rm -f $(wildcard qboxmail-qboxmail-*.tar.gz)
	find . -path ./.git -prune -o -path './.venv*' -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) $(VENV219) $(VENV216) $(VENVIMP) $(VENVDOCS)
