# One command to run the program, one to run the tests; each sets up .venv if missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench docs clean

# pip is kept quiet (-qq: errors only) so the first run shows one line, then the program.
PIP := $(BIN)/python -m pip --disable-pip-version-check

$(STAMP): pyproject.toml
	@echo "Setting up $(VENV) (first run only, about a minute)..."
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) install -qq --upgrade pip
	@$(PIP) install -qq -e '.[test]'
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/classwalk $(ARGS)

# The suite runs in parallel: TEST_WORKERS pytest processes (twice the cores: many tests wait
# on a terminal, a browser or a child process). TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) * 2 )))

test: $(STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

docs: $(STAMP)
	$(BIN)/python docs/generate_records.py
	$(BIN)/python docs/generate_data.py
	$(BIN)/python docs/generate_keys.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
