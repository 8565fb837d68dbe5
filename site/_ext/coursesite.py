"""Sphinx extension that turns the course notebooks into site pages without editing them.

At build time, and only in the text Sphinx reads (the `.ipynb` files are never written):

- the Colab badge cell (tagged `colab-badge`) shows a local copy of the badge image, keeps its link
  to Colab, and gains a download link to the exercise copy `notebooks/student/<same name>`;
- every exercise cell (a code cell containing `### BEGIN SOLUTION`) gets the `hide-input` tag, so
  its solution is folded until the learner opens it;
- the marker `<!-- course-map -->` in `index.md` becomes the course map: one row per notebook with
  its title, the README's topic and decks, its run time on a CPU and whether Colab asks for a GPU;
- the build warns (an error under `-W`) when a notebook is missing from the table of contents, is
  out of course order, or has no badge cell or no README course-map row.

Example (conf.py):
    extensions = ["myst_nb", "coursesite"]
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

logger = logging.getLogger(__name__)

NOTEBOOK_GLOB = "notebooks/[0-9]*.ipynb"
BADGE_TAG = "colab-badge"
SOLUTION_MARKER = "### BEGIN SOLUTION"
FOLD_TAG = "hide-input"
FOLD_LABELS = {"code_prompt_show": "Show the solution", "code_prompt_hide": "Hide the solution"}
MAP_MARKER = "<!-- course-map -->"
BADGE_IMAGE = "/images/colab-badge.svg"  # relative to the Sphinx source folder
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)\s]+\)")
_RUNTIME = re.compile(
    r"\b(?:about|under|in)\s+((?:half a|a|one|two|\d+(?:\.\d+)?)\s+(?:seconds?|minutes?))",
    re.IGNORECASE,
)


def _text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def notebook_docnames(srcdir: str | Path) -> list[str]:
    """Return the docnames of the course notebooks, in course (file-name) order.

    Args:
        srcdir: the Sphinx source folder (holding `notebooks/`).

    Returns:
        Docnames such as `"notebooks/07_backpropagation"`.
    """
    return [f"notebooks/{p.stem}" for p in sorted(Path(srcdir).glob(NOTEBOOK_GLOB))]


def notebook_summary(nb: dict) -> dict:
    """Return what the course map shows of one notebook.

    Args:
        nb: the notebook as parsed JSON.

    Returns:
        `title` (its first `# ` heading), `runtime` (e.g. "about 10 seconds", or "" when the
        header names none) and `gpu` (whether the notebook asks Colab for a GPU).

    Example:
        >>> notebook_summary({"cells": [{"cell_type": "markdown",
        ...     "source": "# 01 · Setup\\n\\nRuns in about 10 seconds on a CPU."}], "metadata": {}})
        {'title': '01 · Setup', 'runtime': 'about 10 seconds', 'gpu': False}
    """
    title, runtime = "", ""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = _text(cell)
        heading = re.search(r"^# (.+)$", text, re.MULTILINE)
        if heading and not title:
            title = heading.group(1).strip()
            match = _RUNTIME.search(text.replace("\n", " "))
            runtime = match.group(0).lower() if match else ""
            break
    gpu = nb.get("metadata", {}).get("accelerator") == "GPU"
    return {"title": title, "runtime": runtime, "gpu": gpu}


def readme_course_map(readme: str) -> tuple[dict[str, tuple[str, str]], str]:
    """Parse the README's "Course map" section.

    Args:
        readme: the README's text.

    Returns:
        `{notebook stem: (topic, decks)}` from the section's table, and the section's other
        text (the decks' legend).
    """
    section = re.search(r"^## Course map\n(.*?)(?=^## |\Z)", readme, re.MULTILINE | re.DOTALL)
    rows: dict[str, tuple[str, str]] = {}
    legend: list[str] = []
    for line in (section.group(1) if section else "").splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) >= 3 and re.match(r"\d", cells[0]):
                rows[cells[0]] = (cells[1], cells[2])
        else:
            legend.append(line)
    return rows, "\n".join(legend).strip()


def course_map(srcdir: str | Path, readme: str) -> str:
    """Return the course map as MyST Markdown: a table, one row per notebook, and the legend.

    Args:
        srcdir: the Sphinx source folder.
        readme: the README's text (topics and decks per notebook).

    Returns:
        The Markdown that replaces the `<!-- course-map -->` marker.
    """
    rows, legend = readme_course_map(readme)
    lines = [
        "| | notebook | what it teaches | decks | on a CPU | GPU on Colab |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for docname in notebook_docnames(srcdir):
        stem = docname.rsplit("/", 1)[1]
        with open(Path(srcdir, docname + ".ipynb"), encoding="utf-8") as f:
            info = notebook_summary(json.load(f))
        if stem not in rows:
            logger.warning("%s has no row in the README's course map", stem, type="coursesite")
        topic, decks = rows.get(stem, ("", ""))
        title = info["title"].partition(" · ")[2]
        gpu = "recommended (the notebook asks for one)" if info["gpu"] else "not needed"
        lines.append(
            f"| {stem[:2]} | {{doc}}`{title or stem} <{docname}>` | {topic} | {decks} "
            f"| {info['runtime'] or 'see the notebook'} | {gpu} |"
        )
    return "\n".join(lines) + "\n\n" + legend + "\n"


def prepare_notebook(text: str, stem: str) -> str:
    """Return the notebook JSON as the site shows it (badge, download link, folded solutions).

    Args:
        text: the notebook file's JSON text.
        stem: the notebook's file name without `.ipynb`.

    Returns:
        The changed JSON text; the file itself is not touched.
    """
    nb = json.loads(text)
    badge, folded = None, 0
    for cell in nb["cells"]:
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if badge is None and cell["cell_type"] == "markdown" and BADGE_TAG in tags:
            badge = cell
        if cell["cell_type"] == "code" and SOLUTION_MARKER in _text(cell):
            tags.extend([] if FOLD_TAG in tags else [FOLD_TAG])
            cell["metadata"].setdefault("mystnb", {}).update(FOLD_LABELS)
            folded += 1
    if badge is None:
        logger.warning("notebooks/%s.ipynb has no cell tagged %r", stem, BADGE_TAG,
                       type="coursesite")
        badge = {"cell_type": "markdown", "metadata": {}, "source": ""}
        nb["cells"].insert(0, badge)
    local = _IMAGE.sub(lambda m: f"![{m.group(1)}]({BADGE_IMAGE})", _text(badge))
    note = " (the solutions below are folded: open one when you have tried the exercise)"
    badge["source"] = (
        f"{local.rstrip()}\n\n"
        f"{{download}}`Download the exercise notebook <student/{stem}.ipynb>`"
        f"{note if folded else ''}\n"
    )
    return json.dumps(nb)


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if docname == app.config.root_doc and MAP_MARKER in source[0]:
        readme = Path(app.confdir, app.config.coursesite_readme).read_text(encoding="utf-8")
        source[0] = source[0].replace(MAP_MARKER, course_map(app.srcdir, readme))
    elif docname in notebook_docnames(app.srcdir):
        source[0] = prepare_notebook(source[0], docname.rsplit("/", 1)[1])


def _always_reread_root(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    # The course map is made from the notebooks: rebuild it whenever the site is built.
    return [app.config.root_doc]


def _check_toctree(app: Sphinx, env: BuildEnvironment) -> None:
    notebooks = notebook_docnames(app.srcdir)
    listed = [d for docs in env.toctree_includes.values() for d in docs if d in notebooks]
    for docname in notebooks:
        if docname not in listed:
            logger.warning("%s.ipynb is missing from the table of contents (index.md)", docname,
                           type="coursesite")
    if listed != [d for d in notebooks if d in listed]:
        logger.warning("the table of contents lists the notebooks out of course order: %s",
                       ", ".join(listed), type="coursesite")


def setup(app: Sphinx) -> dict:
    app.add_config_value("coursesite_readme", "../README.md", "env")
    app.connect("source-read", _on_source_read)
    app.connect("env-get-outdated", _always_reread_root)
    app.connect("env-check-consistency", _check_toctree)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
