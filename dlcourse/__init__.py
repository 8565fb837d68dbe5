"""dlcourse: the helper package of the deep-learning course workbook.

Importing ``dlcourse`` is cheap: it does not import TensorFlow. Submodules that need Keras
(``models``, ``callbacks``, parts of ``plots``) import it when they are imported.

Before TensorFlow is first imported, ``dlcourse`` sets ``TF_CPP_MIN_LOG_LEVEL=2`` (only when
unset) so notebooks are quiet. It leaves oneDNN on: TensorFlow then trains at full CPU speed
(1.4-1.9x faster per epoch here, see benchmarks/results/models.md). The stored outputs and the
tests are made with ``TF_ENABLE_ONEDNN_OPTS=0`` (set by the Makefile and
scripts/execute_notebooks.py), which makes losses repeat to the 7th decimal. Import ``dlcourse``
first.

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
