# typolint developer commands. `make run` and `make test` are the README's Quick start.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# cargo builds the compiled core (core/, lint._core) on every install; rustup puts it in ~/.cargo/bin,
# which a non-login shell's PATH may lack.
CARGO_BIN ?= $(or $(CARGO_HOME),$(HOME)/.cargo)/bin
export PATH := $(CARGO_BIN):$(PATH)

.PHONY: run test install languagetool bench bench-lsp bench-hostile eval precision corpus corpus-test clean

$(STAMP): pyproject.toml core/Cargo.toml $(wildcard core/src/*.rs)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	# Byte-compile the package as a wheel install does: an editable install is not, and with
	# PYTHONDONTWRITEBYTECODE set every run would compile it again (50 ms of a one-file run).
	$(BIN)/python -m compileall -q lint > /dev/null
	# The technical vocabulary (cspell's software-term word lists, npm; lint/terms.py).
	$(BIN)/typolint terms install
	touch $(STAMP)

install: $(STAMP)

## Fetch LanguageTool 6.8 from Maven Central into the user cache (idempotent).
languagetool: $(STAMP)
	$(BIN)/typolint languagetool install

## Install everything, then lint the sample articles (exit 1 means: findings, as expected).
run: languagetool
	$(BIN)/typolint check seeds/ || test $$? -eq 1

## Run the whole test suite against a real LanguageTool server.
test: languagetool
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

bench: languagetool
	# Byte-compile what changed since the install (the stamp does not follow Python files), so that
	# each timed run loads the package as an installed wheel does instead of compiling it again.
	$(BIN)/python -m compileall -q lint > /dev/null
	$(BIN)/python bench/run.py
	$(BIN)/python bench/corpus_scaling.py

## Language-server latencies only (also part of `make bench`): bench/results/lsp.md.
bench-lsp: languagetool
	$(BIN)/python bench/lsp_bench.py

## Hostile shapes of text at two sizes (cost growth and exit status, rules only): bench/results/hostile.md.
bench-hostile: install
	$(BIN)/python bench/hostile.py > bench/results/hostile.md

eval: languagetool
	$(BIN)/python bench/eval.py

## Precision on real documentation (fetches the corpus first if needed): bench/results/precision.md.
## TAG=before|after names the run; labels of the sampled findings are in bench/precision_labels.yaml.
## SET=validation|validation2|...|validation12 (with TAG and SEED) measures a set of validation sources instead.
TAG ?= after
SET ?= sources
SEED ?= 20261202
precision: languagetool
	$(BIN)/python bench/fetch_corpus.py --set $(SET) $(if $(filter sources,$(SET)),--check,)
	$(BIN)/python bench/precision.py --tag $(TAG) --set $(SET) --seed $(SEED)

clean:
	rm -rf $(VENV) build dist *.egg-info core/target lint/_core*.so

## Fetch the pinned corpus of real documentation (bench/corpus_sources.yaml) into bench/.work/.
corpus: $(STAMP)
	$(BIN)/python bench/fetch_corpus.py --check

## The --fix round-trip property test over the fetched corpus (fetches it first if needed).
corpus-test: $(STAMP)
	TYPOLINT_CORPUS_TEST=1 $(BIN)/python -m pytest -q tests/corpus
