"""dlcourse: the helper package of the deep-learning course workbook.

Importing ``dlcourse`` is cheap: it does not import TensorFlow. Submodules that need Keras
(``models``, ``callbacks``, parts of ``plots``) import it when they are imported.

Before TensorFlow is first imported, ``dlcourse`` sets one environment default (only when unset)
so notebooks are quiet: ``TF_CPP_MIN_LOG_LEVEL=2`` (TensorFlow's C++ info and warning lines are
hidden; errors still show). Import ``dlcourse`` first. It leaves oneDNN alone, so learners train at
full CPU speed; the test and output-generation environment (the Makefile,
``scripts/execute_notebooks.py``) sets ``TF_ENABLE_ONEDNN_OPTS=0`` on its own, because the stored
outputs are compared to the 7th decimal, which oneDNN's reordered sums change (except in the
notebooks ``dlcourse.authoring.needs.ONEDNN_ON`` lists, whose compared outputs it does not).

The version is written once, here (``__version__``); ``pyproject.toml`` reads it.

Example:

>>> import dlcourse
>>> dlcourse.seed(0)          # repeatable results
>>> dlcourse.doctor()         # versions, GPUs, data sources  # doctest: +SKIP
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

__version__ = "0.1.0"


def seed(n: int = 0, *, deterministic: bool = False) -> None:
    """Make a notebook's results repeatable; see `dlcourse.seeding.seed`."""
    from dlcourse.seeding import seed as _seed

    _seed(n, deterministic=deterministic)


def doctor(*, verbose: bool = True) -> bool:
    """Check the installation; see `dlcourse.diagnose.doctor`. Returns True when all is well."""
    from dlcourse.diagnose import doctor as _doctor

    return _doctor(verbose=verbose)


__all__ = ["__version__", "doctor", "seed"]
