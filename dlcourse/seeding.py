"""One call that makes a notebook's results repeatable: `seed`."""


from dlcourse import _validate


def seed(n: int = 0, *, deterministic: bool = False) -> None:
    """Seed Python's `random`, NumPy and Keras (TensorFlow) with one number.

    Keras and TensorFlow are seeded through `keras.utils.set_random_seed`, which also seeds
    Python and NumPy. With `deterministic=True`, TensorFlow is also asked to use deterministic
    kernels (`tf.config.experimental.enable_op_determinism()`), which is slower but gives
    bit-identical runs on the same machine.

    Args:
        n: the seed, a non-negative integer. Defaults to 0.
        deterministic: also enable TensorFlow's op determinism. Defaults to False.

    Returns:
        None.

    Raises:
        ValueError: if `n` is not a non-negative integer.

    Example:

    >>> import dlcourse
    >>> dlcourse.seed(0)
    >>> import numpy as np

from dlcourse import _validate
    >>> a = np.random.rand()
    >>> dlcourse.seed(0)
    >>> a == np.random.rand()
    True
    """
    n = _validate.integer(n, "n", minimum=0, maximum=2**32 - 1)
    import keras

    keras.utils.set_random_seed(int(n))  # seeds Python's `random` and NumPy too
    if deterministic:
        import tensorflow as tf

        tf.config.experimental.enable_op_determinism()
