# Two commands, as the README says:
#   make lab     create .venv if missing, install dlcourse, open the course in JupyterLab
#   make test    create .venv if missing, install dlcourse with its dev extra, run every test
# and one that changes the system, run it yourself (as root) when you want it:
#   make system  Debian packages the course can use: dataset-fashion-mnist, graphviz
#
# Installs are pinned to constraints.txt (the versions the stored outputs were made with) and run
# only when pyproject.toml or constraints.txt changed (stamp files in .venv).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
CONSTRAINTS := constraints.txt
PIP_INSTALL = $(PY) -m pip install --quiet -c $(CONSTRAINTS)
NOTEBOOKS := $(wildcard notebooks/[0-9]*.ipynb)
PYTEST_NBVAL := --nbval --nbval-current-env --nbval-cell-timeout=600 \
	--nbval-sanitize-with tests/nbval_sanitize.cfg
# make test runs on three pytest-xdist workers, one file at a time each (a notebook's cells stay
# in order in one kernel; each student-copy run is its own unit, conftest.py). Units are handed
# out in the order given, longest first: the two notebooks that train the most, the two longest
# test files (the grading of a class, about 2 minutes; the fresh-machine run), the other
# notebooks, the student-copy runs, then the other unit tests (short), which fill the end.
# TensorFlow spreads a training step over every core, but much of the run is single-threaded
# (kernels starting, importing TensorFlow; the grading waiting out its timeouts), so a third
# worker fills the gaps: measured on 2 cores, make test's pytest 569 s with 3 workers, 600 s with
# 2 (earlier: 698 s against 721 s). The backend runs keep 2 (BACKEND_WORKERS): each worker there
# has one thread. --durations lists the slowest tests.
WORKERS ?= 3
BACKEND_WORKERS ?= 2
XDIST := --dist loadfile --no-loadscope-reorder --durations=20
LONGEST := notebooks/14_lenet5.ipynb notebooks/15_cnn_cifar10.ipynb
LONGEST_TESTS := tests/test_grade.py tests/test_fresh_machine.py
TEST_ORDER := $(LONGEST) $(LONGEST_TESTS) $(filter-out $(LONGEST),$(NOTEBOOKS)) \
	tests/test_student_copies_run.py tests

# JupyterLab opens on the learners' exercise copies (notebooks/student/); the solutions are one
# folder up. Root (Docker, cloud VMs) needs --allow-root, a normal user must not get it.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
LAB = $(PY) -m jupyter lab --notebook-dir=notebooks --LabApp.default_url=/lab/tree/student \
	$(ALLOW_ROOT)

# Quiet TensorFlow everywhere; the test and output runs also switch oneDNN off, because the stored
# outputs are compared to the 7th decimal (docs/authoring.md). Learners (make lab) keep oneDNN:
# it trains faster on a CPU. So do the kernels of notebooks 14 and 15 in the test and output runs
# (conftest.py, dlcourse.authoring.needs.ONEDNN_ON): their compared outputs do not depend on it.
export TF_CPP_MIN_LOG_LEVEL ?= 2
REPRODUCIBLE := test unit nbval outputs test-backends
$(REPRODUCIBLE): export TF_ENABLE_ONEDNN_OPTS ?= 0

.PHONY: lab lab-command test install install-dev system system-data lint unit nbval student \
	colab outputs bench constraints test-latest clean-venv site install-site test-backends \
	install-backends

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PIP_INSTALL) -e .
	@touch $@

$(VENV)/.installed-dev: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PIP_INSTALL) -e ".[dev]"
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-site: $(PY) pyproject.toml $(CONSTRAINTS)
	$(PIP_INSTALL) -e ".[site]"
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-backends: $(VENV)/.installed-dev
	$(PIP_INSTALL) -e ".[dev,backends]"
	@touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

install-site: $(VENV)/.installed-site

install-backends: $(VENV)/.installed-backends

lab: install
	$(LAB)

lab-command:   ## print the command `make lab` runs (tests/test_make_lab.py starts it headless)
	@echo $(LAB)

system:   ## root only: apt-get install what the course can use (never run by make test)
	@sh scripts/install-system-data.sh

system-data: system

lint: install-dev
	$(PY) -m ruff check dlcourse tests benchmarks scripts notebooks site

test: install-dev lint
	$(PY) -m pytest -n $(WORKERS) $(XDIST) $(TEST_ORDER) $(PYTEST_NBVAL)

# Keras' other backends (CPU builds of JAX and PyTorch, pinned in constraints.txt): every notebook
# that is not about TensorFlow itself runs to its end with its checks passing
# (tests/backend_notebooks.py), and the unit tests of the package's Keras code run, once per
# backend. The TensorFlow run is `make test`'s.
BACKENDS ?= jax torch
# The two workers share the two cores, so each backend runs one thread per worker: PyTorch's
# OpenMP threads spin when oversubscribed (measured: the torch run took 436 s with its default
# threads, 169 s with one); XLA's gain was small (jax 316 s -> 297 s). Outputs are not compared
# digit for digit on these backends, so thread counts change nothing that is checked.
test-backends: export OMP_NUM_THREADS ?= 1
test-backends: export XLA_FLAGS ?= --xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1
# JAX compiles each new model's training step with XLA, and notebooks 11, 12 and 15 build many
# models of the same shapes. JAX's persistent compilation cache (every program, however small)
# compiles each program once per run: measured on 2 cores, notebook 12 alone 78 s -> 56 s, the
# whole jax run alone 422 s -> 344 s (in two fresh-clone .ci/run: 372 s and 412 s; it varies).
# It lives in the venv, so a second run here starts warm (notebook 12: 24 s) and
# `make clean-venv` removes it; CI starts cold.
test-backends: export JAX_COMPILATION_CACHE_DIR ?= $(abspath $(VENV))/jax-cache
test-backends: export JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS ?= 0
test-backends: export JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES ?= 0
BACKEND_UNIT_TESTS := tests/test_backend.py tests/test_models.py tests/test_cnn.py \
	tests/test_callbacks.py tests/test_plots.py tests/test_checks.py tests/test_scratch.py \
	tests/test_seeding.py tests/test_exercises.py tests/test_fastcnn.py
# One pytest session runs the notebooks on every backend (each kernel gets its KERAS_BACKEND),
# longest first, and the first backend's unit tests fill its end; then each other backend's unit
# tests (a pytest process imports Keras once, on one backend). Two sessions of notebooks, one per
# backend, each ended with one worker idle while the other finished its longest notebook.
test-backends: install-backends
	@echo "== notebooks on $(BACKENDS); unit tests with KERAS_BACKEND=$(firstword $(BACKENDS))"
	DLCOURSE_TEST_BACKENDS="$(BACKENDS)" KERAS_BACKEND=$(firstword $(BACKENDS)) $(PY) -m pytest \
		-n $(BACKEND_WORKERS) $(XDIST) tests/backend_notebooks.py $(BACKEND_UNIT_TESTS)
	@for b in $(wordlist 2,$(words $(BACKENDS)),$(BACKENDS)); do \
		echo "== unit tests with KERAS_BACKEND=$$b"; \
		KERAS_BACKEND=$$b $(PY) -m pytest -n $(BACKEND_WORKERS) $(XDIST) $(BACKEND_UNIT_TESTS) \
			|| exit 1; \
	done

# Authors' tools (not needed by learners):
unit: install-dev
	$(PY) -m pytest tests

nbval: install-dev
	$(PY) -m pytest $(NOTEBOOKS) $(PYTEST_NBVAL)

outputs: install-dev   ## re-execute every notebook in place (stored outputs come from a real run)
	$(PY) scripts/execute_notebooks.py $(NOTEBOOKS)

colab: install-dev
	$(PY) -m dlcourse colab notebooks

student: install-dev
	$(PY) -m dlcourse student notebooks

bench: install-dev
	for b in benchmarks/bench_*.py; do $(PY) $$b || exit 1; done

constraints: install-dev   ## after an upgrade in .venv (and `make outputs`): pin what is installed
	{ sed -n '/^#/p' $(CONSTRAINTS); $(PY) -m pip freeze --exclude-editable; } > $(CONSTRAINTS).new
	mv $(CONSTRAINTS).new $(CONSTRAINTS)
	@touch $(VENV)/.installed $(VENV)/.installed-dev

# The newest releases, in their own venv: which pins drifted, and do the tests still pass?
LATEST ?= .venv-latest
test-latest:
	test -x $(LATEST)/bin/python || $(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade pip
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[dev]"
	$(LATEST)/bin/python -m pip freeze --exclude-editable > $(LATEST)/freeze.txt
	$(LATEST)/bin/python scripts/report_drift.py $(CONSTRAINTS) $(LATEST)/freeze.txt
	$(MAKE) test VENV=$(LATEST) PIP_INSTALL="$(LATEST)/bin/python -m pip install --quiet"

clean-venv:
	rm -rf $(VENV) $(LATEST)

# The course website from the notebooks' stored outputs (no execution, no network): site/_build/html.
# -W: a broken link, a missing image or a notebook missing from the table of contents fails it.
SITE_OUT ?= site/_build/html
site: install-site
	$(PY) -m sphinx -W --keep-going -n -b html -d site/_build/doctrees site $(SITE_OUT)
