# ketenmining — two commands do all the setup: `make demo` and `make test`.
# Needs only python3 (>= 3.11) with pip; Graphviz `dot` is installed with apt-get
# when missing and we run as root, otherwise we stop and say how to install it.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
DEMO   := out/demo
EXAMPLE := examples/midden-brabant

.PHONY: demo test test-fast setup dot chromium lint bench docs clean lock public-logs

setup: $(STAMP) dot chromium

# Installs are reproducible: every dependency comes from requirements.lock, pinned
# with hashes; the package itself is installed on top without resolving anything.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "ketenmining needs Python >= 3.11")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# Regenerate the lock after changing the dependency ranges in pyproject.toml.
lock:
	$(PYTHON) -m pip install --quiet uv
	$(PYTHON) -m uv pip compile pyproject.toml --extra test --extra spark --generate-hashes \
	  --python-version 3.11 --python-platform x86_64-manylinux_2_28 -o requirements.lock

dot:
	@command -v dot >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Graphviz 'dot' not found: installing it with apt-get"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq graphviz >/dev/null) \
	      || { echo "error: apt-get could not install graphviz; install it by hand (apt-get install graphviz)"; exit 2; }; \
	  else \
	    echo "error: Graphviz 'dot' is needed for maps. Install it: sudo apt-get install graphviz (Debian/Ubuntu), brew install graphviz (macOS), then run make again."; \
	    exit 2; \
	  fi; }

# The interactive map's browser test drives the system Chromium (Playwright never downloads one).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Chromium not found: installing it with apt-get (for the interactive map's browser test)"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	      || { echo "error: apt-get could not install chromium; install it by hand (apt-get install chromium)"; exit 2; }; \
	  else \
	    echo "error: Chromium is needed for the browser test of the interactive map. Install it: sudo apt-get install chromium (Debian/Ubuntu), then run make again."; \
	    exit 2; \
	  fi; }

# The demo key is committed for the synthetic example only; real keys never go in git.
# --internal: the demo holds every key on one machine; a chain log for an analyst goes
# through the trusted third party's step (--ttp-key-file, docs/privacy.md).
# The demo runs the whole job: stitch the six exports into a chain log (with its
# data-quality report), then audit the chain against the protocol.
KM := $(VENV)/bin/ketenmining
demo: setup
	@chmod 600 $(EXAMPLE)/demo.key  # git does not keep file modes
	KETENMINING_KEY_FILE=$(EXAMPLE)/demo.key $(KM) stitch $(EXAMPLE)/keten.yaml --internal -o $(DEMO)/keten.parquet
	$(KM) audit $(DEMO)/keten.parquet --protocol configs/protocols/meldcode-keten.yaml -o $(DEMO)/rapport

test: setup
	$(PY) -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests collected"; exit 0; fi; exit $$rc

# While developing: everything but the tests marked slow (make test still runs them all).
test-fast: setup
	$(PY) -m pytest -q -m "not slow"

# The public event logs some tests read: found in $$KETENMINING_PUBLIC_LOGS, in
# ../shared/data/public-logs or in the per-user cache; this downloads them into
# the cache from their original sources and checks their SHA-256 (tests/public-logs.sha256).
public-logs:
	$(PYTHON) tests/public_logs.py fetch

lint: setup
	$(VENV)/bin/ruff check ketenmining tests benchmarks
	$(VENV)/bin/ruff format --check ketenmining tests benchmarks
	$(VENV)/bin/lint-imports --no-cache  # the layer and no-cycle contracts in pyproject.toml

bench: setup
	$(PY) benchmarks/run_all.py

# Generated references: the lint rules (from their docstrings) and the JSON Schemas of the
# protocol and the chain config (from their declarations); tests check the committed files.
docs: setup
	$(PY) -m ketenmining.protocol.docgen
	$(PY) -m ketenmining.protocol.schema
	$(PY) -m ketenmining.config.spec

clean:
	rm -rf $(VENV) out .pytest_cache .ruff_cache
