"""Which Keras backend runs the course, and how a cell that needs TensorFlow itself says so.

Keras 3 runs the same models on TensorFlow, JAX or PyTorch; the environment variable
`KERAS_BACKEND` (set before Keras is first imported) chooses, and TensorFlow is the default. The
course's notebooks run on all three. A few cells teach TensorFlow itself (a `tf.GradientTape`
over a Keras model's weights, `tf.distribute`): on another backend they are skipped with a
visible note instead of failing. What the course computes with TensorFlow's tape elsewhere
(the gradient of a model's loss, layer by layer) works on every backend through `gradients`.

A cell that needs TensorFlow itself reads:

    if backend.tensorflow_only("GradientTape over the model's weights"):
        ...  # the TensorFlow code

Example:

>>> from dlcourse import backend
>>> backend.name() in backend.BACKENDS
True
"""

import os

import numpy as np

BACKENDS = ("tensorflow", "jax", "torch")
_TITLES = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}


def name() -> str:
    """The Keras backend in use: "tensorflow", "jax" or "torch".

    Keras is imported when it is not yet, so `KERAS_BACKEND` must be set before this call
    (as before any `import keras`).

    Returns:
        The backend's name, as `keras.backend.backend()` gives it.
    """
    import keras

    return keras.backend.backend()


def title(backend_name: str | None = None) -> str:
    """The backend's name as people write it ("TensorFlow", "JAX", "PyTorch").

    Args:
        backend_name: a backend's name; defaults to None, meaning the one in use.

    Returns:
        The display name (an unknown name is returned as it is).
    """
    backend_name = name() if backend_name is None else backend_name
    return _TITLES.get(backend_name, backend_name)


def tensorflow_only(what: str) -> bool:
    """True on the TensorFlow backend; elsewhere print one line saying what is skipped and why.

    Args:
        what: what the cell does that needs TensorFlow itself, e.g. "tf.distribute".

    Returns:
        True when Keras runs on TensorFlow (the cell's code should run), False otherwise.

    Raises:
        ValueError: when `what` is not a non-empty string.

    Example:

    >>> from dlcourse import backend
    >>> if backend.tensorflow_only("tf.distribute"):  # doctest: +SKIP
    ...     print("runs on TensorFlow")
    Skipped on the JAX backend: this cell needs TensorFlow itself (tf.distribute). Run the
    notebook with KERAS_BACKEND=tensorflow (the default) to see it.
    """
    if not isinstance(what, str) or not what.strip():
        raise ValueError(f"`what` must say what needs TensorFlow, e.g. 'tf.distribute'. "
                         f"Received: what={what!r}")
    current = name()
    if current == "tensorflow":
        return True
    print(f"Skipped on the {title(current)} backend: this cell needs TensorFlow itself ({what}). "
          "Run the notebook with KERAS_BACKEND=tensorflow (the default) to see it.")
    return False


def gradients(model, loss_fn, x, y, variables=None) -> list[np.ndarray]:
    """The gradient of `loss_fn(y, model(x))` with respect to some of the model's weights.

    The same call on every backend: TensorFlow records the forward pass on a `tf.GradientTape`,
    JAX differentiates the model's pure function (`model.stateless_call`) with `jax.grad`, PyTorch
    runs `loss.backward()`. The model runs in inference mode (`training=False`).

    Args:
        model: a built keras.Model.
        loss_fn: called as `loss_fn(y, y_pred)`, returning a scalar (e.g. a `keras.losses` object).
        x, y: one batch of inputs and targets.
        variables: the weights to differentiate by, each one of `model.trainable_variables`
            (e.g. `[layer.kernel for layer in dense_layers]`). Defaults to None: all of them.

    Returns:
        One NumPy array per variable, of its shape.

    Raises:
        ValueError: when a variable is not one of the model's trainable variables.

    Example:

    >>> import keras, numpy as np
    >>> from dlcourse import backend
    >>> model = keras.Sequential([keras.Input((1,)), keras.layers.Dense(1, use_bias=False)])
    >>> _ = model.layers[0].kernel.assign([[2.0]])
    >>> x, y = np.array([[3.0]]), np.array([[5.0]])   # squared error (2*3 - 5)^2
    >>> backend.gradients(model, keras.losses.MeanSquaredError(), x, y)[0]  # 2 * 1 * 3
    array([[6.]], dtype=float32)
    """
    trainable = list(model.trainable_variables)
    index = {id(v): i for i, v in enumerate(trainable)}
    chosen = trainable if variables is None else list(variables)
    for v in chosen:
        if id(v) not in index:
            raise ValueError(f"`variables` must be trainable variables of the model; "
                             f"{getattr(v, 'path', v)!r} is not one of them")
    import keras

    y = None if y is None else keras.ops.convert_to_tensor(y)  # `y - y_pred` works on every backend
    current = name()
    if current == "tensorflow":
        import tensorflow as tf

        with tf.GradientTape() as tape:
            loss = loss_fn(y, model(x, training=False))
        return [np.asarray(g) for g in tape.gradient(loss, chosen)]
    if current == "jax":
        import jax

        fixed = [v.value for v in model.non_trainable_variables]

        def loss_of(values):
            y_pred, _ = model.stateless_call(values, fixed, x, training=False)
            return loss_fn(y, y_pred)

        grads = jax.grad(loss_of)([v.value for v in trainable])
        return [np.asarray(grads[index[id(v)]]) for v in chosen]
    if current == "torch":
        for v in trainable:
            v.value.grad = None
        loss_fn(y, model(x, training=False)).backward()
        return [v.value.grad.detach().cpu().numpy() for v in chosen]
    raise ValueError(f"gradients() supports the backends {BACKENDS}; this is {current!r}")


def requested() -> str:
    """The backend `KERAS_BACKEND` asks for (without importing Keras); "tensorflow" when unset."""
    return os.environ.get("KERAS_BACKEND", "").strip() or "tensorflow"


__all__ = ["BACKENDS", "gradients", "name", "requested", "tensorflow_only", "title"]
