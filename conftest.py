"""pytest set-up shared by the unit tests and the notebook validation (nbval).

It lives at the repository root so that it applies however pytest is called: `make test`,
`pytest notebooks/03_perceptron.ipynb --nbval`, or from another working directory.
"""

import os

import nbval.kernel
import pytest

# Kernels inherit this process's environment. A headless server often sets MPLBACKEND=Agg; in a
# kernel that replaces Jupyter's inline backend, so figures would neither show nor match the stored
# outputs (and plt.show() warns on stderr). Notebooks are validated as Jupyter runs them: inline.
# (The unit tests draw off-screen with Agg whatever is set: tests/conftest.py.)
if "inline" not in os.environ.get("MPLBACKEND", "inline"):
    del os.environ["MPLBACKEND"]


def _execute_like_jupyter(self, cell_input, allow_stdin=None):
    """Run a cell the way Jupyter and nbclient do: with ``store_history=True``.

    nbval 0.11 (pinned in pyproject.toml) executes with ``store_history=False``. IPython then cannot
    see the cell's own source when it decides whether a trailing ``;`` silences the last value, so
    ``checks.close(...);`` shows ``True`` under nbval but not in Jupyter, where the stored outputs
    were made. Executing exactly as Jupyter does keeps the comparison honest.
    """
    return self.kc.execute(
        cell_input, store_history=True, allow_stdin=allow_stdin, stop_on_error=False
    )


nbval.kernel.RunningKernel.execute_cell_input = _execute_like_jupyter


def pytest_collectstart(collector):
    """Do not compare stderr in notebooks.

    nbval starts kernels with stderr sent to /dev/null, so TensorFlow's C++ log lines and warnings
    that a Jupyter run stores are missing under nbval (see docs/authoring.md). This is the hook
    nbval's documentation gives for it.
    """
    path = getattr(collector, "path", None)
    if path is not None and path.suffix == ".ipynb":
        collector.skip_compare += ("stderr",)


def pytest_collection_modifyitems(items):
    """Skip, with one line naming the data and how to get it, each notebook whose data set cannot
    be loaded here (a fresh machine offline without Fashion-MNIST): a skip, never a traceback.
    """
    from dlcourse.authoring.needs import missing_data

    reasons = {}
    for item in items:
        path = getattr(item, "path", None)
        if path is None or path.suffix != ".ipynb":
            continue
        if path not in reasons:
            reasons[path] = missing_data(path)
        if reasons[path] is not None:
            item.add_marker(pytest.mark.skip(reason=reasons[path]))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    """Start a notebook's kernel with the environment its test run asks for (`needs.kernel_env`:
    oneDNN on for the notebooks whose compared outputs do not depend on it).

    nbval starts the kernel when the notebook's first cell is set up, with this process's
    environment; the variables are set for that moment only.
    """
    path = getattr(item, "path", None)
    extra = {}
    if path is not None and path.suffix == ".ipynb":
        from dlcourse.authoring.needs import kernel_env

        extra = kernel_env(path)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in extra.items():
            patch.setenv(name, value)
        return (yield)


# Test files whose tests are independent notebook runs, spread over the workers one by one.
_ONE_UNIT_EACH = ("test_student_copies_run.py", "backend_notebooks.py")


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadfile`` (`make test`), except that each student-copy run (and, in `make
    test-backends`, each notebook run on another backend) is a unit of its own.

    pytest-xdist sends whole files to its workers: a notebook's cells stay in order in one kernel,
    a test module's fixtures are made once. `tests/test_student_copies_run.py` holds fifteen
    independent runs of 10-25 s each (a kernel start and TensorFlow's import among them); as one
    file they would keep one worker busy for minutes while the other waits, so they are spread
    like single tests.
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class FileScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            path = nodeid.split("::", 1)[0]
            return nodeid if path.endswith(_ONE_UNIT_EACH) else path

    return FileScheduling(config, log)
