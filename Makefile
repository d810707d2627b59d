# Two commands from a fresh clone: `make run` (the app) and `make test` (every test).
# Each creates .venv and installs what it needs the first time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

$(BIN)/alnco: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(BIN)/alnco
	$(BIN)/alnco

test: $(BIN)/alnco
	$(BIN)/python -m pytest

# From another folder: in this one, `python -m alnco` (which the benches' child
# processes run) would import the source tree's alnco/, which has no store.
bench: $(BIN)/alnco
	for b in bench/bench_*.py; do (cd /tmp && $(CURDIR)/$(BIN)/python $(CURDIR)/$$b) || exit 1; done

clean:
	rm -rf $(VENV) build *.egg-info
