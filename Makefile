# Two commands on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test test-deps lint typecheck unit venv clean bench bench-large

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,rdf,xlsx,documents]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/icsgov demo

lint: $(STAMP)
	$(BIN)/ruff check
	$(BIN)/ruff format --check

typecheck: $(STAMP)
	$(BIN)/mypy

# System tools the tests need (Debian packages): rapper (raptor2-utils) parses exported Turtle,
# chromium runs the browser tests, dot (graphviz) draws SVG, a JDK and Maven build and run the
# test Neo4j server (tests/neo4j_java). Installed only when missing. Then the Neo4j server is
# built once per machine: jars from Maven Central into ~/.m2 (about 170 MB), classes into
# ~/.cache/icsgov-tests/.
TEST_DEBS := raptor2-utils chromium graphviz openjdk-17-jdk-headless maven
test-deps: $(STAMP)
	@missing=""; \
	command -v rapper >/dev/null || missing="$$missing raptor2-utils"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v dot >/dev/null || missing="$$missing graphviz"; \
	command -v javac >/dev/null || missing="$$missing openjdk-17-jdk-headless"; \
	command -v mvn >/dev/null || missing="$$missing maven"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update && apt-get install -y $$missing; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get update && sudo apt-get install -y $$missing; \
	  else echo "The tests need these Debian packages:$$missing" \
	    "(sudo apt-get install$$missing), then run make test again." >&2; exit 1; fi; fi
	$(BIN)/python -c "from tests.neo4j_server import classpath; classpath()"

unit: $(STAMP) test-deps
	PYTHONFAULTHANDLER=1 $(BIN)/pytest

test: test-deps lint typecheck unit

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

bench-large: $(STAMP)
	$(BIN)/python benchmarks/run.py --large

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
