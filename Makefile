# Two commands matter (see README.md):
#   make edition   builds the bundled sample corpus: sources/ → tei/ → output/
#   make test      runs the test suite
# Both set up what they need first: a virtualenv in .venv with the project installed,
# and the Debian packages pip cannot install (apt-get only for what is missing).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

# WeasyPrint's libraries and the fonts of the print edition (Latin, Cyrillic, CJK).
SYSTEM_PACKAGES      := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-core fonts-noto-cjk
# The tests also drive a real browser and read PDFs back.
TEST_SYSTEM_PACKAGES := $(SYSTEM_PACKAGES) chromium poppler-utils

.PHONY: edition test system-packages test-system-packages lint clean fuzz

edition: system-packages $(VENV)/.installed
	$(BIN)/tei-edition build

test: test-system-packages $(VENV)/.installed-test
	$(BIN)/python -m pytest

# Property-based and fuzz tests only, 1,000 cases per entry point (the default run of
# tests/test_fuzz.py takes a few dozen fixed cases); TEI_EDITION_FUZZ_EXAMPLES=N for another number.
fuzz: $(VENV)/.installed-test
	TEI_EDITION_FUZZ=1 $(BIN)/python -m pytest tests/test_fuzz.py --hypothesis-show-statistics

lint: $(VENV)/.installed-test
	$(BIN)/ruff check pipeline tests bench

# Install the Debian packages in $(1) that are missing. Not root: print the one
# apt-get line to run, and stop.
define ensure_debian_packages
	@if ! command -v dpkg-query >/dev/null 2>&1; then \
	  echo "note: not a Debian system; make sure these are installed: $(1)"; exit 0; fi; \
	missing=""; \
	for p in $(1); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	$(PYTHON) -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "These Debian packages are missing. Run this as root, then 'make' again:"; \
	  echo "  apt-get update && apt-get install -y$$missing"; \
	  exit 1; \
	fi; \
	echo "installing Debian packages:$$missing"; \
	apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q$$missing
endef

system-packages:
	$(call ensure_debian_packages,$(SYSTEM_PACKAGES))

test-system-packages:
	$(call ensure_debian_packages,$(TEST_SYSTEM_PACKAGES))

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(VENV)/bin/python
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

clean:
	rm -rf output/html output/print output/pdf output/txt output/reports
