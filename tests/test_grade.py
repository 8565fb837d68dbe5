"""`python -m dlcourse grade` on a folder of real submissions: right, wrong, broken, malicious.

The submissions are made from the committed student copy of notebook 05 (the quickest course
notebook that has exercises), filled in with its solution notebook's own code, then changed the
way learners (or cheaters) change them. The whole class is graded once, by the command line in a
subprocess, with its own HOME, TMPDIR and working directory, so the tests can see that nothing
is written outside the CSV and the feedback folder, and that no submission changes.
"""

from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from dlcourse.authoring import _gradereport, grade
from dlcourse.authoring._solutions import STUB
from dlcourse.authoring.student import content_digest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = "05_loss_functions.ipynb"
TIMEOUT = 20  # seconds per cell: notebook 05's slowest cell (importing Keras) takes a few
MEMORY_MB = 2048


# -- building the class ---------------------------------------------------------------------------
def _student() -> nbformat.NotebookNode:
    return nbformat.read(ROOT / "notebooks" / "student" / NOTEBOOK, as_version=4)


def _exercise_cells(nb) -> dict[str, int]:
    """Exercise id -> index of its cell in the student copy."""
    return {i: n for n, c in enumerate(nb.cells) if c.cell_type == "code" and STUB in c.source
            for i in grade.check_ids(c.source)}


def _solved(nb=None) -> nbformat.NotebookNode:
    """The student copy with every stub region replaced by the solution notebook's code."""
    nb = nb or _student()
    solution = nbformat.read(ROOT / "notebooks" / NOTEBOOK, as_version=4)
    for cell, answer in zip(nb.cells, solution.cells, strict=True):
        if cell.cell_type == "code" and STUB in cell.source:
            cell.source = "\n".join(line for line in answer.source.split("\n")
                                    if "### BEGIN SOLUTION" not in line
                                    and "### END SOLUTION" not in line)
    return nb


def _setup_index(nb) -> int:
    return next(n for n, c in enumerate(nb.cells)
                if c.cell_type == "code" and "from dlcourse import exercises" in c.source)


def _insert_after_setup(nb, *sources: str) -> list[int]:
    """Insert code cells right after the setup cell; return their indices."""
    at = _setup_index(nb) + 1
    for offset, source in enumerate(sources):
        nb.cells.insert(at + offset, nbformat.v4.new_code_cell(source))
    return list(range(at, at + len(sources)))


def _replace_in_exercise(nb, id: str, old: str, new: str) -> None:
    cell = nb.cells[_exercise_cells(_student())[id]]
    assert old in cell.source, (id, old)
    cell.source = cell.source.replace(old, new)


def _build_class(folder: Path) -> dict[str, dict]:
    """Write the submissions into `folder`; return what each one is meant to show."""
    folder.mkdir()
    cases: dict[str, dict] = {}

    nbformat.write(_solved(), folder / "alice.ipynb")  # right
    cases["alice"] = {}

    bob = _solved()  # a learner with a bug, a wrong answer and an unfinished exercise
    solved_cells = _exercise_cells(_student())
    bob.cells[solved_cells["05.3"]].source = _student().cells[solved_cells["05.3"]].source + (
        '\nprint("OK: Exercise 05.3 — lik3 and nll3 are right.")')  # a fake line: no credit
    _replace_in_exercise(bob, "05.2", "np.log(q)", "np.log2(q)")  # log base 2: wrong
    cases["bob"] = {"raised": _insert_after_setup(bob, "my_list = [1, 2, 3]\nmy_lst[0]")[0]}
    nbformat.write(bob, folder / "bob.ipynb")

    (folder / "carol.ipynb").write_bytes(b'{"cells": [ this is not JSON')  # broken

    eve = _solved()  # right answers, but the checks are tampered with
    _insert_after_setup(eve, (
        "import dlcourse.exercises._core as core\n"
        'exercises.check = lambda id, **kw: print(f"OK: Exercise {id} — all right.")\n'
        'core.run = lambda id, answers: core.Result(True, f"OK: Exercise {id}")'))
    nbformat.write(eve, folder / "eve.ipynb")

    frank = _solved()  # loops, floods, hogs memory, writes files, attacks its own file
    frank_path = folder / "frank.ipynb"
    loop, flood, hog, writes = _insert_after_setup(
        frank,
        "while True:\n    pass",
        'print("x" * 3_000_000)',
        f"big = bytearray({4 * MEMORY_MB} * 2**20)",
        "import os\n"
        'open("planted.txt", "w").write("cwd")\n'
        'open(os.path.expanduser("~/planted.txt"), "w").write("home")\n'
        'for target in [os.environ.get("JPY_SESSION_NAME"), "frank.ipynb", "../frank.ipynb",\n'
        '               "../submissions/frank.ipynb", "../../submissions/frank.ipynb"]:\n'
        "    try:\n"
        '        open(target, "w").write("{}")\n'
        "    except Exception:\n"
        "        pass")
    cases["frank"] = {"loop": loop, "flood": flood, "hog": hog}
    nbformat.write(frank, frank_path)

    grace = _solved()  # one exercise cell deleted, another's check renamed
    cells = _exercise_cells(_student())
    _replace_in_exercise(grace, "05.3", 'exercises.check("05.3"', 'exercises.check("05.9"')
    del grace.cells[cells["05.2"]]
    nbformat.write(grace, folder / "grace.ipynb")

    heidi = _solved()  # handed out from another version of the course
    older = _student()
    older.cells[1].source += "\n(an older wording)"  # cell 0, the Colab badge, is not stamped
    heidi.metadata["dlcourse"]["sha256"] = content_digest(older)
    nbformat.write(heidi, folder / "heidi.ipynb")

    judy = _solved()  # a last cell that ignores the interrupt: the kernel is stopped
    judy.cells += [nbformat.v4.new_code_cell(
        "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n"
        "    time.sleep(0.2)"), nbformat.v4.new_code_cell("print('after the stuck cell')")]
    cases["judy"] = {"stuck": len(judy.cells) - 2}
    nbformat.write(judy, folder / "judy.ipynb")

    ivan = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('my own work')")])
    nbformat.write(ivan, folder / "ivan.ipynb")  # not a notebook of the course
    return cases


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {str(p.relative_to(folder)): (hashlib.sha256(p.read_bytes()).hexdigest(),
                                         p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class, graded once by the command line; what it wrote and what it saw."""
    top = tmp_path_factory.mktemp("grade")
    tree, home, tmp = top / "tree", top / "teacher_home", top / "tmp"
    for path in (tree, home, tmp):
        path.mkdir()
    cases = _build_class(tree / "submissions")
    before = _snapshot(top)
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(tmp),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "dlcourse", "grade", "submissions", "--csv", "grades.csv",
         "--feedback", "feedback", "--timeout", str(TIMEOUT), "--memory-mb", str(MEMORY_MB)],
        cwd=tree, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    with open(tree / "grades.csv", newline="", encoding="utf-8") as file:
        rows = {row["learner"]: row for row in csv.DictReader(file)}
    return {"top": top, "tree": tree, "cases": cases, "before": before, "rows": rows,
            "stdout": done.stdout, "env": env}


def _feedback(graded, learner: str) -> str:
    return (graded["tree"] / "feedback" / f"{learner}.md").read_text(encoding="utf-8")


# -- the grades ---------------------------------------------------------------------------------
def test_csv_has_one_row_per_submission_a_column_per_exercise_and_a_total(graded):
    with open(graded["tree"] / "grades.csv", newline="", encoding="utf-8") as file:
        header = next(csv.reader(file))
    ids = list(_exercise_cells(_student()))
    assert header == ["learner", "file", "notebook", *ids, "total", "max", "status", "notes"]
    rows = graded["rows"]
    assert sorted(rows) == ["alice", "bob", "carol", "eve", "frank", "grace", "heidi", "ivan",
                            "judy"]
    scores = {name: [row[i] for i in ids] + [row["total"], row["status"]]
              for name, row in rows.items()}
    assert scores["alice"] == ["1", "1", "1", "3", "ok"]
    assert scores["bob"] == ["1", "0", "0", "1", "faults"]
    assert scores["carol"] == ["", "", "", "0", "not-a-notebook"]
    assert scores["eve"] == ["0", "0", "0", "0", "tampered"]
    assert scores["frank"] == ["1", "1", "1", "3", "faults"]
    assert scores["grace"] == ["1", "0", "0", "1", "faults"]
    assert scores["heidi"] == ["1", "1", "1", "3", "other-version"]
    assert scores["ivan"] == ["", "", "", "0", "unknown-notebook"]
    assert scores["judy"] == ["1", "1", "1", "3", "faults"]
    assert {rows[n]["max"] for n in ("alice", "bob", "eve", "frank", "grace", "heidi")} == {"3"}


def test_every_fault_ends_in_a_clear_line(graded):
    rows, cases = graded["rows"], graded["cases"]
    assert "not a readable notebook" in rows["carol"]["notes"]
    assert f"Cell {cases['bob']['raised'] + 1} " in rows["bob"]["notes"]
    assert "raised NameError: name 'my_lst' is not defined" in rows["bob"]["notes"]
    frank = rows["frank"]["notes"]
    assert f"Cell {cases['frank']['loop'] + 1} (`while True:`) ran over the {TIMEOUT} s timeout" \
        in frank
    assert f"Cell {cases['frank']['flood'] + 1} " in frank
    assert "printed 3,000,001 characters" in frank
    assert f"Cell {cases['frank']['hog'] + 1} " in frank and "raised MemoryError" in frank
    assert "Missing: Exercise 05.2" in _feedback(graded, "grace")
    assert "Missing: Exercise 05.3" in _feedback(graded, "grace")
    assert "checks exercise 05.9, which 05_loss_functions.ipynb does not have" in rows["grace"][
        "notes"]
    assert "another version of 05_loss_functions.ipynb" in rows["heidi"]["notes"]
    assert "not a copy of a notebook of this course" in rows["ivan"]["notes"]
    stuck = cases["judy"]["stuck"]
    assert f"Cell {stuck + 1} (`import signal, time`) ran over the timeout and did not stop " \
        "when interrupted" in rows["judy"]["notes"]
    assert f"Cell {stuck + 2} (`print('after the stuck cell')`) not run" in rows["judy"]["notes"]
    eve = rows["eve"]["notes"]
    assert "no credit" in eve and "dlcourse.exercises.check was replaced" in eve
    assert "dlcourse.exercises._core.run was replaced" in eve
    first_check = _exercise_cells(_student())["05.1"] + 1  # the tampering cell moved it by one
    assert f"seen after Cell {first_check + 1} (`# Exercise 1:" in eve
    for learner in ("alice", "heidi"):
        assert "tamper" not in rows[learner]["notes"] and "changed the checks" not in rows[
            learner]["notes"]
    for learner in rows:  # the report on stdout names every learner
        assert f"{learner}: " in graded["stdout"]


def test_feedback_files_hold_each_exercise_check_line(graded):
    files = sorted(p.name for p in (graded["tree"] / "feedback").iterdir())
    assert files == sorted(f"{name}.md" for name in graded["rows"])
    alice = _feedback(graded, "alice")
    assert alice.count("- OK: Exercise 05.") == 3 and "(3 of 3)" in alice
    bob = _feedback(graded, "bob")
    assert "- OK: Exercise 05.1" in bob
    assert "- Not yet: Exercise 05.2" in bob  # the learner's wrong code, diagnosed by the check
    assert "- Not done yet: Exercise 05.3" in bob  # the printed fake OK line counts for nothing
    assert "NameError" in bob
    assert "not a readable notebook" in _feedback(graded, "carol")


# -- safety -------------------------------------------------------------------------------------
def test_submissions_are_unchanged_and_nothing_is_written_outside_the_outputs(graded):
    top = graded["top"]
    after = _snapshot(top)
    outputs = {k for k in after if k == "tree/grades.csv" or k.startswith("tree/feedback/")}
    assert {k: v for k, v in after.items() if k not in outputs} == graded["before"]
    assert not any("planted" in k for k in after)
    assert list((top / "teacher_home").iterdir()) == []
    assert list((top / "tmp").iterdir()) == []


def test_existing_outputs_are_not_replaced_without_force(graded, tmp_path):
    tree = graded["tree"]
    csv_before = (tree / "grades.csv").read_bytes()
    again = subprocess.run(
        [sys.executable, "-m", "dlcourse", "grade", "submissions", "--csv", "grades.csv",
         "--feedback", "feedback"], cwd=tree, env=graded["env"], capture_output=True, text=True)
    assert again.returncode == 2
    assert "refusing to overwrite" in again.stderr and "--force" in again.stderr
    assert (tree / "grades.csv").read_bytes() == csv_before
    out = tmp_path / "grades.csv"
    out.write_text("the teacher's own file\n")
    args = [str(tree / "submissions" / "carol.ipynb"), "--csv", str(out), "--feedback",
            str(tmp_path / "fb")]
    assert grade.main(args) == 2 and out.read_text() == "the teacher's own file\n"
    assert grade.main([*args, "--force"]) == 0  # carol is not a notebook: no kernel starts
    assert "carol" in out.read_text() and "not-a-notebook" in out.read_text()


# -- the pieces ---------------------------------------------------------------------------------
def test_check_ids_reads_only_real_check_calls():
    source = ('%matplotlib inline\n# exercises.check("05.1", a=a)\ns = \'exercises.check("05.2")\''
              '\nexercises.check("05.3", lik3=lik3, nll3=nll3)\nexercises.hint("05.4")')
    assert grade.check_ids(source) == ["05.3"]
    assert grade.check_ids("def broken(:\n") == []


def test_collect_names_learners_by_file_or_by_path_below_a_folder(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "05.ipynb").write_text("{}")
    (tmp_path / ".ipynb_checkpoints").mkdir()
    (tmp_path / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
    (tmp_path / "bob.ipynb").write_text("{}")
    found = _gradereport.collect([tmp_path, tmp_path / "bob.ipynb"])
    assert [learner for learner, _ in found] == ["alice/05", "bob", "bob-2"]
    with pytest.raises(FileNotFoundError):
        _gradereport.collect([tmp_path / "nobody.ipynb"])


def test_csv_text_a_learner_controls_is_never_a_formula(tmp_path):
    row = grade.Graded("=HYPERLINK(1)", "-x.ipynb", status="not-a-notebook", notes=["@SUM(1)"])
    _gradereport.write_csv(tmp_path / "g.csv", [row], {})
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as file:
        written = list(csv.DictReader(file))[0]
    assert written["learner"] == "'=HYPERLINK(1)" and written["file"] == "'-x.ipynb"
    assert written["notes"] == "'@SUM(1)"


def test_a_folder_without_student_copies_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.ipynb").write_text("{}")
    code = grade.main([str(tmp_path / "a.ipynb"), "--csv", str(tmp_path / "g.csv"),
                       "--feedback", str(tmp_path / "fb"), "--course", str(tmp_path)])
    assert code == 2 and "No student copy" in capsys.readouterr().err
    assert not (tmp_path / "g.csv").exists()
