"""Student copies and Colab cells on disk: a learner's work is never overwritten, files get the
usual permissions, and every write is atomic."""

import os
import stat

import nbformat
import pytest
from nbformat.v4 import new_output
from test_student import exercise_notebook

from dlcourse.authoring import _files, colab, student


@pytest.fixture
def course(tmp_path):
    """A notebooks/ folder with one solution notebook and its generated student copy."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(exercise_notebook(), folder / "01_test.ipynb")
    assert student.main([str(folder)]) == 0
    return folder


@pytest.fixture
def umask():
    """Set the process umask for one test (restored after)."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


def change_solution(folder):
    nb = nbformat.read(folder / "01_test.ipynb", as_version=4)
    nb.cells[0].source = "# 01 · Test, revised"
    nbformat.write(nb, folder / "01_test.ipynb")


def copy_of(folder):
    return folder / "student" / "01_test.ipynb"


def test_a_learners_filled_in_copy_is_never_overwritten(course, capsys):
    """The `student: true` flag survives Jupyter's save: the content stamp tells the change."""
    path = copy_of(course)
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source = nb.cells[2].source.replace("y = ...  # YOUR CODE HERE", "y = x * x")
    nb.metadata["language_info"] = {"name": "python", "version": "3.11.7"}  # as Jupyter saves
    nbformat.write(nb, path)
    mine = path.read_bytes()
    change_solution(course)
    assert student.main([str(course)]) == 1
    err = capsys.readouterr().err
    assert f"refusing to overwrite {path}: it was changed since it was generated" in err
    assert f"mv {path} {path.with_name('01_test.mine.ipynb')}" in err and "--force" in err
    assert path.read_bytes() == mine
    assert student.main([str(course), "--force"]) == 0
    assert "(1 changed copies replaced: --force)" in capsys.readouterr().out
    assert "y = ...  # YOUR CODE HERE" in nbformat.read(path, as_version=4).cells[2].source
    assert student.main([str(course), "--check"]) == 0


def test_a_copy_only_run_and_saved_is_regenerated(course, capsys):
    """Outputs, execution counts and Jupyter's metadata are not a learner's work."""
    path = copy_of(course)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [new_output("stream", name="stdout", text="ready\n")]
    nb.cells[1].execution_count = 7
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nbformat.write(nb, path)
    change_solution(course)
    assert student.main([str(course)]) == 0
    assert "1 student copies written" in capsys.readouterr().out
    assert nbformat.read(path, as_version=4).cells[0].source == "# 01 · Test, revised"


def test_a_copy_without_stamp_is_stamped_when_current_refused_when_not(course, capsys):
    """Copies written before the stamp existed: identical ones get it, others are kept."""
    path = copy_of(course)
    nb = nbformat.read(path, as_version=4)
    del nb.metadata["dlcourse"]["sha256"]
    nbformat.write(nb, path)
    assert student.main([str(course), "--check"]) == 0  # same content: up to date
    assert student.main([str(course)]) == 0
    assert "sha256" in nbformat.read(path, as_version=4).metadata["dlcourse"]
    nbformat.write(nb, path)  # unstamped again
    change_solution(course)
    before = path.read_bytes()
    assert student.main([str(course)]) == 1
    assert "it has no content stamp" in capsys.readouterr().err
    assert path.read_bytes() == before


def test_an_edited_orphan_is_kept(course, capsys):
    path = copy_of(course)
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source += "\nprint('my notes')"
    nbformat.write(nb, path)
    (course / "01_test.ipynb").rename(course / "02_renamed.ipynb")
    assert student.main([str(course)]) == 0
    assert "kept orphan student copy" in capsys.readouterr().out
    assert "my notes" in path.read_text()


@pytest.mark.parametrize("mask, mode", [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_copies_get_the_usual_permissions(tmp_path, umask, mask, mode):
    """What `open()` would give (0o666 minus the umask), not mkstemp's 0o600."""
    umask(mask)
    folder = tmp_path / "notebooks"
    folder.mkdir()
    nbformat.write(exercise_notebook(), folder / "01_test.ipynb")
    assert student.main([str(folder)]) == 0
    assert stat.S_IMODE(copy_of(folder).stat().st_mode) == mode


def test_a_replaced_file_keeps_its_mode(tmp_path, umask):
    umask(0o022)
    target = tmp_path / "shared.ipynb"
    target.write_text("old")
    target.chmod(0o664)
    _files.write_atomic(target, "new")
    assert target.read_text() == "new" and stat.S_IMODE(target.stat().st_mode) == 0o664


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "a.ipynb"
    target.write_text("old")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(_files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _files.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ipynb"]


def test_colab_writes_notebooks_atomically(tmp_path, monkeypatch, capsys):
    """`python -m dlcourse colab` goes through the atomic writer: a failed rename changes
    nothing, and a written notebook keeps its mode."""
    path = tmp_path / "07_title.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 07 · T")]),
                   path)
    path.chmod(0o664)
    before = path.read_bytes()

    def disk_error(src, dst):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:
        m.setattr(_files.os, "replace", disk_error)
        with pytest.raises(OSError, match="No space left"):
            colab.main([str(tmp_path)])
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["07_title.ipynb"]
    assert colab.main([str(tmp_path)]) == 0
    assert "updated" in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    assert colab.main([str(tmp_path), "--check"]) == 0
