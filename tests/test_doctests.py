"""The Examples in every module's docstrings run and print what they show (doctest).

Examples that need a trained model, the network or the course's notebooks are marked
``# doctest: +SKIP`` in the docstring itself; everything else runs here.
"""

import doctest
import importlib
import importlib.util
import pkgutil
import re

import pytest

import dlcourse

MODULES = sorted(
    ["dlcourse"] + [m.name for m in pkgutil.walk_packages(dlcourse.__path__, "dlcourse.")]
)
AUTHORING = ("dlcourse.authoring",)
NO_CODE = {"dlcourse.authoring"}  # a package docstring only: nothing to show an example of
REGISTRIES = re.compile(r"^dlcourse\.exercises\.nb\d+$")  # per-notebook checks: test_exercises.py
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


@pytest.mark.parametrize("name", MODULES)
def test_module_examples(name, tmp_path, monkeypatch, capsys):
    if name.startswith(AUTHORING):
        pytest.importorskip("nbformat", reason="the authoring extra is not installed")
    monkeypatch.chdir(tmp_path)  # an example never writes into the checkout
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    tests = [t for t in finder.find(module, name) if t.examples]
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    report = capsys.readouterr().out
    assert result.failed == 0, report


def test_every_public_module_has_examples():
    """Doctests only help where there are some: each public module shows one at least."""
    without = []
    for name in MODULES:
        private = name.rsplit(".", 1)[-1].startswith("_") and name != "dlcourse"
        if private or name in NO_CODE or REGISTRIES.match(name):
            continue
        if name.startswith(AUTHORING) and importlib.util.find_spec("nbformat") is None:
            continue
        module = importlib.import_module(name)
        if not any(t.examples for t in doctest.DocTestFinder().find(module, name)):
            without.append(name)
    assert without == []
