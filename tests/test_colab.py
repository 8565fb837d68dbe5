"""Tests for dlcourse.authoring.colab: badge, bootstrap cell, GPU metadata, idempotence, --check."""

import ast
import json
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

import dlcourse
from dlcourse.__main__ import main as dlcourse_main
from dlcourse.authoring import colab

REPO = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO / "notebooks").glob("*.ipynb"))


def course_notebook(code: str = "import dlcourse\nx = 1") -> nbformat.NotebookNode:
    return new_notebook(cells=[
        new_markdown_cell("# 07 · Title\n\n**Learning objectives.** ..."),
        new_markdown_cell("## Setup"),
        new_code_cell(code),
    ])


def as_json(nb) -> dict:
    return json.loads(nbformat.writes(nb))


def tags(nb) -> list:
    return [c.metadata.get("tags") for c in nb.cells]


# -- templates ------------------------------------------------------------------------------------
def test_badge_source_points_to_the_tagged_release():
    assert colab.badge_source("03_perceptron.ipynb", version="9.9.9") == (
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        "(https://colab.research.google.com/github/dlcourse/dlcourse/blob/v9.9.9/"
        "notebooks/03_perceptron.ipynb)"
    )
    assert f"/blob/v{dlcourse.__version__}/" in colab.badge_source("x.ipynb")


@pytest.mark.parametrize("name", ["03_perceptron", "/abs/03.ipynb", None])
def test_badge_source_rejects_bad_names(name):
    with pytest.raises(ValueError, match=r"`name` must be the notebook's path below notebooks/"):
        colab.badge_source(name)


def test_bootstrap_installs_same_version_without_dependencies():
    source = colab.bootstrap_source(version="1.2.3")
    ast.parse(source)  # plain Python, no magics
    assert '"git+https://github.com/dlcourse/dlcourse@v1.2.3"' in source
    assert "--no-deps" in source and '"mlxtend==0.25.0 filelock==4.3.1"' in source
    assert "tensorflow" not in source.replace("TensorFlow", "").lower()


def fake_ipython(calls):
    class Shell:
        def run_line_magic(self, magic, line):
            calls.append((magic, line))

    return Shell()


def test_bootstrap_is_a_no_op_outside_colab(monkeypatch, capsys):
    calls = []
    monkeypatch.setattr("IPython.get_ipython", lambda: fake_ipython(calls))
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    exec(colab.bootstrap_source(), {})
    assert calls == [] and capsys.readouterr() == ("", "")


def test_bootstrap_pip_installs_on_colab(monkeypatch):
    calls = []
    monkeypatch.setattr("IPython.get_ipython", lambda: fake_ipython(calls))
    monkeypatch.setitem(sys.modules, "google.colab", object())
    monkeypatch.delenv("DLCOURSE_INSTALL_SOURCE", raising=False)
    exec(colab.bootstrap_source(version="0.1.0"), {})
    assert calls == [(
        "pip",
        "install --quiet --no-deps mlxtend==0.25.0 filelock==4.3.1 "
        "git+https://github.com/dlcourse/dlcourse@v0.1.0",
    )]


def test_install_source_is_one_setting(monkeypatch):
    """The module constant when generating, the environment variable when the cell runs."""
    calls = []
    monkeypatch.setattr("IPython.get_ipython", lambda: fake_ipython(calls))
    monkeypatch.setitem(sys.modules, "google.colab", object())
    monkeypatch.setattr(colab, "INSTALL_SOURCE", "dlcourse=={version}")
    source = colab.bootstrap_source(version="0.2.0")
    assert '"dlcourse==0.2.0"' in source and "github" not in source
    assert '"https://example.org/dlcourse.whl"' in colab.bootstrap_source(
        source="https://example.org/dlcourse.whl")
    monkeypatch.setenv("DLCOURSE_INSTALL_SOURCE", "/wheels/dlcourse-0.2.0-py3-none-any.whl")
    exec(source, {})
    assert calls[-1][1].endswith("filelock==4.3.1 /wheels/dlcourse-0.2.0-py3-none-any.whl")


# -- inserting into notebooks ---------------------------------------------------------------------
def test_apply_inserts_badge_and_bootstrap_after_title():
    nb = course_notebook()
    new = colab.apply_colab(nb, name="07_title.ipynb")
    assert tags(new) == [["colab-badge"], None, ["colab-bootstrap"], None, None]
    assert new.cells[0].cell_type == "markdown"
    assert new.cells[0].source == colab.badge_source("07_title.ipynb")
    assert new.cells[2].source == colab.bootstrap_source()
    assert new.cells[2].outputs == [] and new.cells[2].execution_count is None
    assert [c.source for c in new.cells[1:2] + new.cells[3:]] == [c.source for c in nb.cells]
    assert len(nb.cells) == 3  # input untouched
    nbformat.validate(new)


def test_apply_is_idempotent_and_stable():
    nb = course_notebook()
    once = colab.apply_colab(nb, name="07_title.ipynb")
    twice = colab.apply_colab(once, name="07_title.ipynb")
    assert nbformat.writes(twice) == nbformat.writes(once)
    again = colab.apply_colab(nb, name="07_title.ipynb")
    assert nbformat.writes(again) == nbformat.writes(once)  # fixed ids: same input, same bytes


def test_apply_keeps_a_current_bootstrap_cell_as_executed():
    """A real run gives the bootstrap cell an execution count: that is not a stale cell."""
    once = colab.apply_colab(course_notebook(), name="07_title.ipynb")
    once.cells[2].execution_count = 1
    once.cells[2].metadata["execution"] = {"iopub.status.idle": "2026-11-24T21:00:00Z"}
    again = colab.apply_colab(once, name="07_title.ipynb")
    assert nbformat.writes(again) == nbformat.writes(once)
    stale = colab.apply_colab(once, name="07_title.ipynb", version="9.9.9")
    assert stale.cells[2].execution_count is None and "@v9.9.9" in stale.cells[2].source


def test_apply_replaces_stale_version_and_moves_misplaced_cells():
    old = colab.apply_colab(course_notebook(), name="07_title.ipynb", version="0.0.1")
    old.cells.append(old.cells.pop(2))  # bootstrap moved to the end by hand
    new = colab.apply_colab(old, name="07_title.ipynb")
    assert tags(new) == [["colab-badge"], None, ["colab-bootstrap"], None, None]
    assert "@v0.0.1" not in nbformat.writes(new)
    assert f"@v{dlcourse.__version__}" in new.cells[2].source


def test_bootstrap_is_first_code_cell_even_without_title():
    nb = new_notebook(cells=[new_code_cell("x = 1"), new_markdown_cell("text")])
    assert tags(colab.apply_colab(nb, name="a.ipynb")) == [
        ["colab-badge"], ["colab-bootstrap"], None, None
    ]


def test_apply_handles_old_notebooks_without_cell_ids():
    nb = course_notebook()
    nb.nbformat_minor = 4
    for cell in nb.cells:
        del cell["id"]
    new = colab.apply_colab(nb, name="a.ipynb")
    assert all("id" not in cell for cell in new.cells)
    nbformat.validate(new)


@pytest.mark.parametrize(
    "code, gpu",
    [
        ("model = models.lenet5('modern')", True),
        ("model = cnn(augment=True)", True),
        ("x = keras.layers.Conv2D(6, (5, 5))(x)", True),
        ("model = mlp(784)", False),
        ("out = scratch.conv2d(image, kernel)", False),
    ],
)
def test_gpu_metadata_rule(code, gpu):
    new = colab.apply_colab(course_notebook(code), name="a.ipynb")
    assert colab.needs_gpu(new) is gpu
    if gpu:
        assert new.metadata["accelerator"] == "GPU"
        assert new.metadata["colab"] == {"gpuType": "T4"}
    else:
        assert "accelerator" not in new.metadata and "colab" not in new.metadata


def test_gpu_metadata_removed_when_conv_net_goes_and_other_colab_keys_kept():
    nb = colab.apply_colab(course_notebook("m = lenet5()"), name="a.ipynb")
    nb.metadata["colab"]["provenance"] = []
    assert nb.cells[4].source == "m = lenet5()"
    nb.cells[4].source = "m = mlp(784)"
    new = colab.apply_colab(nb, name="a.ipynb")
    assert "accelerator" not in new.metadata
    assert new.metadata["colab"] == {"provenance": []}


def test_apply_rejects_what_is_not_a_notebook():
    with pytest.raises(ValueError, match=r"`nb` must be a version-4 notebook.*Received: nb of"):
        colab.apply_colab("07_title.ipynb", name="07_title.ipynb")


# -- command line ---------------------------------------------------------------------------------
@pytest.fixture
def folder(tmp_path):
    nbformat.write(course_notebook(), tmp_path / "07_title.ipynb")
    nbformat.write(course_notebook("m = lenet5()"), tmp_path / "12_lenet.ipynb")
    return tmp_path


def test_main_check_writes_nothing_and_lists_problems(folder, capsys):
    before = (folder / "07_title.ipynb").read_bytes()
    assert colab.main([str(folder), "--check"]) == 1
    out = capsys.readouterr().out
    assert "07_title.ipynb: badge missing; bootstrap cell missing" in out
    assert "12_lenet.ipynb: badge missing; bootstrap cell missing; GPU metadata wrong" in out
    assert (folder / "07_title.ipynb").read_bytes() == before


def test_main_writes_then_check_passes_and_rerun_changes_nothing(folder, capsys):
    assert colab.main([str(folder)]) == 0
    written = {p.name: p.read_bytes() for p in folder.glob("*.ipynb")}
    assert colab.main([str(folder), "--check"]) == 0
    assert dlcourse_main(["colab", str(folder)]) == 0
    assert {p.name: p.read_bytes() for p in folder.glob("*.ipynb")} == written
    assert "2 notebooks up to date" in capsys.readouterr().out


def test_main_check_detects_stale_version(folder, capsys):
    path = folder / "07_title.ipynb"
    nb = colab.apply_colab(nbformat.read(path, as_version=4), name=path.name, version="0.0.1")
    nbformat.write(nb, path)
    assert colab.main([str(path), "--check"]) == 1
    assert "badge stale or misplaced; bootstrap cell stale or misplaced" in capsys.readouterr().out


def test_main_gives_student_copies_their_own_badge(folder):
    nb = course_notebook()
    nb.metadata["dlcourse"] = {"student": True, "source": "../07_title.ipynb"}
    (folder / "student").mkdir()
    nbformat.write(nb, folder / "student" / "07_title.ipynb")
    assert colab.main([str(folder / "student")]) == 0
    badge = nbformat.read(folder / "student" / "07_title.ipynb", as_version=4).cells[0].source
    assert badge == colab.badge_source("student/07_title.ipynb")


def test_main_bad_path(tmp_path, capsys):
    assert colab.main([str(tmp_path / "nope.ipynb")]) == 2
    assert "No notebook or folder of notebooks at" in capsys.readouterr().err


# -- the real notebooks ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_course_notebook_has_current_badge_and_bootstrap(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.cells[0].source == colab.badge_source(path.name), "run `make colab`"
    first_code = next(c for c in nb.cells if c.cell_type == "code")
    assert first_code.source == colab.bootstrap_source(), "run `make colab`"
    assert as_json(colab.apply_colab(nb, name=path.name)) == as_json(nb), "run `make colab`"
