# Two commands, as the README says:
#   make lab    create .venv if missing, install dlcourse, open the course in JupyterLab
#   make test   create .venv if missing, install dlcourse with its dev extra, run every test
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
NOTEBOOKS := $(wildcard notebooks/[0-9]*.ipynb)
PYTEST_NBVAL := --nbval --nbval-current-env --nbval-cell-timeout=600 \
	--nbval-sanitize-with tests/nbval_sanitize.cfg

# Quiet, repeatable TensorFlow on CPU (docs/authoring.md explains why both are needed).
export TF_CPP_MIN_LOG_LEVEL ?= 2
export TF_ENABLE_ONEDNN_OPTS ?= 0

.PHONY: lab test install install-dev system-data lint unit nbval student colab outputs bench clean-venv

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --upgrade pip

install: $(PY)
	$(PY) -m pip install -e .

install-dev: $(PY)
	$(PY) -m pip install -e ".[dev]"

lab: install
	$(PY) -m jupyter lab --notebook-dir=notebooks

system-data:
	@sh scripts/install-system-data.sh

lint: install-dev
	$(PY) -m ruff check dlcourse tests benchmarks scripts notebooks

test: install-dev system-data lint
	$(PY) -m pytest tests $(NOTEBOOKS) $(PYTEST_NBVAL)

# Authors' tools (not needed by learners):
unit: install-dev
	$(PY) -m pytest tests

nbval: install-dev
	$(PY) -m pytest $(NOTEBOOKS) $(PYTEST_NBVAL)

outputs: install-dev   ## re-execute every notebook in place (stored outputs come from a real run)
	$(PY) scripts/execute_notebooks.py $(NOTEBOOKS)

colab: install
	$(PY) -m dlcourse colab notebooks

student: install
	$(PY) -m dlcourse student notebooks

bench: install-dev
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

# The course website from the notebooks' stored outputs (no execution, no network): site/_build/html.
# -W: a broken link, a missing image or a notebook missing from the table of contents fails it.
.PHONY: site
SITE_OUT ?= site/_build/html
site: $(PY)
	$(PY) -m pip install -e ".[site]"
	$(PY) -m sphinx -W --keep-going -n -b html -d site/_build/doctrees site $(SITE_OUT)
