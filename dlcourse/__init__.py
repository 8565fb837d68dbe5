"""dlcourse: the helper package of the deep-learning course workbook.

Importing ``dlcourse`` is cheap: it does not import TensorFlow. Submodules that need Keras
(``models``, ``callbacks``, parts of ``plots``) import it when they are imported.

Before TensorFlow is first imported, ``dlcourse`` sets two environment defaults (only when unset)
so notebooks are quiet and repeatable on CPU: ``TF_CPP_MIN_LOG_LEVEL=2`` and
``TF_ENABLE_ONEDNN_OPTS=0`` (oneDNN changes losses in the 7th decimal). Import ``dlcourse`` first.

Example:

>>> import dlcourse
>>> dlcourse.seed(0)          # repeatable results
>>> dlcourse.doctor()         # versions, GPUs, data sources  # doctest: +SKIP
"""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

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
