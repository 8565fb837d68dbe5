"""`make site` fails on a broken link, a missing image or a notebook missing from the contents.

A copy of `site/` over three small generated notebooks is built the way the Makefile does it
(`-W -n`: every warning fails the build): unchanged it must build; with a broken link, a missing
image, a notebook left out of the contents and two out of order, each defect must be reported (one
build for all, to stay quick). The browser test of the real site is tests/test_site.py.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import sys
from pathlib import Path

import pytest

pytest.importorskip("myst_nb", reason='the site packages are missing: pip install -e ".[site]"')
pytest.importorskip("sphinx_book_theme", reason='pip install -e ".[site]"')
nbformat = pytest.importorskip("nbformat")
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output  # noqa: E402
from sphinx.application import Sphinx  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "site" / "_ext"))
import coursesite  # noqa: E402

# myst-parser and sphinx-book-theme still use APIs Sphinx 11 removes (not this project's code).
pytestmark = pytest.mark.filterwarnings(
    "ignore:.*Check CHANGES for Sphinx API:PendingDeprecationWarning")

STEMS = ["01_setup_and_gpu", "02_neurons_and_activations", "03_perceptron"]  # rows in the README


KERNEL = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
          "language_info": {"name": "python"}}


def tiny_notebook(stem: str, extra_markdown: str = "") -> nbformat.NotebookNode:
    badge = new_markdown_cell(
        "[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"(https://colab.research.google.com/github/dlcourse/dlcourse/blob/v0/notebooks/{stem}.ipynb)"
    )
    badge.metadata["tags"] = ["colab-badge"]
    exercise = new_code_cell("x = 2\n### BEGIN SOLUTION\ny = x * x\n### END SOLUTION\nprint(y)",
                             execution_count=1)
    exercise.outputs = [new_output("stream", name="stdout", text="4\n")]
    return new_notebook(metadata=KERNEL, cells=[
        badge,
        new_markdown_cell(f"# {stem[:2]} · Tiny\n\nRuns in about 5 seconds on a CPU.\n\n"
                          f"The mean is $\\frac{{1}}{{n}}\\sum_i x_i$.\n\n{extra_markdown}"),
        new_code_cell("x = 1\nprint(x)"),
        exercise,
    ])


def make_site(root: Path, extra_markdown: str = "", toctree: list[str] = STEMS) -> Path:
    """A copy of site/ over tiny notebooks (and their student copies) under `root`."""
    shutil.copytree(REPO / "site", root / "site", symlinks=True,
                    ignore=shutil.ignore_patterns("_build", "__pycache__"))
    shutil.copy(REPO / "README.md", root / "README.md")
    (root / "notebooks" / "student").mkdir(parents=True)
    for i, stem in enumerate(STEMS):
        nb = tiny_notebook(stem, extra_markdown if i == 1 else "")
        nbformat.write(nb, root / "notebooks" / f"{stem}.ipynb")
        nbformat.write(nb, root / "notebooks" / "student" / f"{stem}.ipynb")
    index = root / "site" / "index.md"
    text = re.sub(r"^notebooks/\d\d_\w+\n", "", index.read_text(encoding="utf-8"), flags=re.M)
    listed = "".join(f"notebooks/{stem}\n" for stem in toctree)
    text = re.sub(r"(```\{toctree\}\n(?::.*\n)*\n)", lambda m: m.group(1) + listed, text, count=1)
    index.write_text(text, encoding="utf-8")
    return root / "site"


def build(site: Path) -> tuple[int, str]:
    """Build in this process (the imports are paid once) as `make site` does; (status, warnings)."""
    out, warnings = site / "_build", io.StringIO()
    app = Sphinx(str(site), str(site), str(out / "html"), str(out / "doctrees"), "html",
                 confoverrides={"nitpicky": True}, status=None, warning=warnings,
                 warningiserror=True)
    app.build()
    return app.statuscode, warnings.getvalue()


def test_unchanged_copy_builds(tmp_path):
    site = make_site(tmp_path)
    status, warnings = build(site)
    assert status == 0, warnings
    page = (site / "_build" / "html" / "notebooks" / f"{STEMS[1]}.html").read_text("utf-8")
    assert "Show the solution" in page and "colab-badge.svg" in page
    home = (site / "_build" / "html" / "index.html").read_text("utf-8")
    assert "about 5 seconds" in home and "02_neurons_and_activations.html" in home


def test_build_fails_on_each_defect(tmp_path):
    broken = "See [the next one](04_missing.ipynb). ![a plot](missing_plot.png)"
    status, warnings = build(make_site(tmp_path, broken, toctree=[STEMS[2], STEMS[0]]))
    assert status != 0
    for defect in ["04_missing", "missing_plot.png", f"{STEMS[1]}.ipynb is missing from the table",
                   "out of course order"]:
        assert defect in warnings, f"not reported: {defect}\n{warnings}"


def test_prepare_notebook_folds_solutions_and_localises_the_badge():
    nb = tiny_notebook("05_x")
    out = json.loads(coursesite.prepare_notebook(nbformat.writes(nb), "05_x"))
    badge, _, plain, exercise = out["cells"]
    assert "colab.research.google.com/assets" not in badge["source"]
    assert f"]({coursesite.BADGE_IMAGE})" in badge["source"]
    assert "(https://colab.research.google.com/github/" in badge["source"]
    assert "{download}`Download the exercise notebook <student/05_x.ipynb>`" in badge["source"]
    assert "hide-input" in exercise["metadata"]["tags"]
    assert "hide-input" not in plain["metadata"].get("tags", [])
    assert "".join(exercise["source"]) == nb.cells[3].source  # the code itself is untouched


def test_notebook_summary_and_readme_course_map():
    nb = json.loads(nbformat.writes(tiny_notebook("05_x")))
    nb["metadata"]["accelerator"] = "GPU"
    assert coursesite.notebook_summary(nb) == {
        "title": "05 · Tiny", "runtime": "about 5 seconds", "gpu": True}
    rows, legend = coursesite.readme_course_map((REPO / "README.md").read_text("utf-8"))
    assert set(rows) == {p.stem for p in (REPO / "notebooks").glob("[0-9]*.ipynb")}
    assert "Decks" in legend
