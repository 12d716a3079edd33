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

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench $(ARGS)

docs: $(STAMP)
	$(BIN)/python docs/generate_records.py
	$(BIN)/python docs/generate_data.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
