"""Sphinx configuration of the course site: `make site` builds it from the stored outputs.

Offline by design: the notebooks are not executed (myst-nb, `nb_execution_mode = "off"`), MathJax is
served with the site (sphinx-mathjax-offline), the Colab badge image is a local copy, and nothing
is loaded from another host. `notebooks` here is a link to the repository's `notebooks/` folder.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "dlcourse"
author = "the dlcourse authors"
copyright = "the dlcourse authors, MIT licence"

extensions = ["myst_nb", "sphinx-mathjax-offline", "sphinx.ext.githubpages", "coursesite"]

# Sources: the pages in this folder and the solution notebooks; student copies are downloads.
root_doc = "index"
include_patterns = ["index.md", "teachers.md", "notebooks/[0-9]*.ipynb"]
exclude_patterns = ["_build"]

nb_execution_mode = "off"  # stored outputs as they are, never re-executed
nb_merge_streams = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
nitpicky = True

html_theme = "sphinx_book_theme"
html_title = "Deep learning with Keras 3: the dlcourse workbook"
html_favicon = "_static/favicon.svg"
html_static_path = ["_static"]
html_context = {"default_mode": "auto"}  # the theme logs a console error without one
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": False,  # the page's own links offer the exercise copy
    "use_fullscreen_button": False,
}
html_show_sourcelink = False
html_copy_source = False
