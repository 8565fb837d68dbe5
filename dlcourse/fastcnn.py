"""A fast CIFAR-10 network after airbench (`fast_cnn`), with a frozen patch-whitening first layer.

Keller Jordan's airbench (2024; built on hlb-CIFAR10 by Tysam&) trains to 94 % on CIFAR-10 in
seconds on a GPU. Its network, ported here with plain Keras layers:

- a first 2x2 convolution (no padding) whose filters are the eigenvectors of the covariance of
  the training images' 2x2 patches, each divided by the square root of its eigenvalue, and the
  same filters negated: it maps every patch to decorrelated, unit-variance coordinates (patch
  whitening, `patch_whitening`) and is frozen; David Page's "How to train your ResNet" (Myrtle,
  2018) uses the same idea with 3x3 patches (``whiten_kernel=3``);
- three blocks Conv2D(3x3) -> MaxPooling2D(2) -> BatchNormalization -> GELU -> Conv2D(3x3) ->
  BatchNormalization -> GELU, of widths (w, 4w, 4w) (airbench: w = 64; a CPU wants less);
  batch norm has momentum 0.6 and no learned scale, as in airbench;
- global max pooling, a linear layer without bias and a fixed scaling of the logits (1/9).

The 3x3 convolutions start as identities where they can (airbench's dirac initialisation:
the first min(in, out) filters pass their input channel through unchanged, an implicit
residual connection). Not ported: the 64x learning rate of the batch-norm biases, training
the whitening bias for the first epochs. The training recipe
(Nesterov SGD, schedule, EMA of the weights, augmentation, test-time augmentation) is in
`dlcourse.fastrecipe`.

Example:

>>> import numpy as np
>>> from dlcourse import fastcnn
>>> images = np.random.default_rng(0).random((20, 32, 32, 3), dtype="float32")
>>> model = fastcnn.fast_cnn(whiten=images, width=8)
>>> model.output_shape
(None, 10)
"""

from __future__ import annotations

import keras
import numpy as np

from dlcourse._model_args import _check_activation, _check_image_shape, _check_positive_int

__all__ = ["dirac_init", "fast_cnn", "image_patches", "patch_whitening"]

_CHUNK = 500  # images per step of the covariance sum (bounds the memory of the patches)


def image_patches(images, size: int) -> np.ndarray:
    """Every ``size`` x ``size`` patch of every image, flattened (no padding, stride 1).

    A patch is flattened in the order of a Keras `Conv2D` kernel's first three axes (row,
    column, channel), so ``image_patches(x, k) @ kernel.reshape(-1, filters)`` is what
    ``Conv2D(filters, k, padding="valid")`` computes (without bias).

    Args:
        images: array (n, height, width, channels).
        size: patch height and width, >= 1.

    Returns:
        float64 array (n * (height - size + 1) * (width - size + 1), size * size * channels).

    Example:

    >>> image_patches(np.arange(8.0).reshape(1, 2, 2, 2), 2).shape
    (1, 8)
    """
    x = np.asarray(images, dtype=np.float64)
    windows = np.lib.stride_tricks.sliding_window_view(x, (size, size), axis=(1, 2))
    # (n, rows, cols, channels, size, size) -> (n, rows, cols, size, size, channels)
    return windows.transpose(0, 1, 2, 4, 5, 3).reshape(-1, size * size * x.shape[-1])


def patch_whitening(images, *, kernel_size: int = 2, eps: float = 5e-4,
                    max_images: int = 5000) -> tuple[np.ndarray, np.ndarray]:
    """Kernel and bias of a convolution that whitens the images' patches (PCA whitening).

    With C the covariance of the ``kernel_size`` x ``kernel_size`` patches (d = k*k*channels
    numbers each) and C = V diag(lambda) V^T its eigendecomposition (`np.linalg.eigh`), filter
    j is the eigenvector v_j / sqrt(lambda_j + eps * mean(lambda)), largest eigenvalue first,
    and the bias subtracts the mean patch: the outputs on these images have mean 0 and
    covariance diag(lambda / (lambda + eps * mean(lambda))), the identity when ``eps`` is 0.
    ``eps`` (relative to the mean eigenvalue, so the pixel scale does not matter) keeps the
    noisy directions of tiny variance from being blown up.

    Args:
        images: array (n, height, width, channels), scaled as the network's inputs.
        kernel_size: patch size, >= 1 and at most the image size. Defaults to 2 (airbench).
        eps: regulariser, >= 0, as a fraction of the mean eigenvalue. Defaults to 5e-4.
        max_images: use at most the first ``max_images`` images, >= 1. Defaults to 5000.

    Returns:
        (kernel, bias): float32 arrays of shapes (k, k, channels, d) and (d,), for
        ``Conv2D(d, k, padding="valid")``.

    Raises:
        ValueError: naming the bad argument.

    Example:

    >>> x = np.random.default_rng(0).random((10, 8, 8, 3))
    >>> kernel, bias = patch_whitening(x)
    >>> kernel.shape, bias.shape
    ((2, 2, 3, 12), (12,))
    """
    x = np.asarray(images)
    if x.ndim != 4 or min(x.shape) < 1:
        raise ValueError("`images` must be an array (n, height, width, channels). "
                         f"Received: images with shape {x.shape}")
    _check_positive_int("kernel_size", kernel_size)
    if kernel_size > min(x.shape[1:3]):
        raise ValueError(f"`kernel_size` must be at most the image size {x.shape[1:3]}. "
                         f"Received: kernel_size={kernel_size}")
    if isinstance(eps, bool) or not isinstance(eps, int | float) or not eps >= 0:
        raise ValueError(f"`eps` must be a number >= 0, e.g. 5e-4. Received: eps={eps!r}")
    _check_positive_int("max_images", max_images)
    x = x[:max_images]
    d = kernel_size * kernel_size * x.shape[-1]
    total, outer, count = np.zeros(d), np.zeros((d, d)), 0
    for start in range(0, len(x), _CHUNK):
        patches = image_patches(x[start:start + _CHUNK], kernel_size)
        total += patches.sum(0)
        outer += patches.T @ patches
        count += len(patches)
    mean = total / count
    covariance = outer / count - np.outer(mean, mean)
    values, vectors = np.linalg.eigh(covariance)  # ascending
    values, vectors = np.maximum(values[::-1], 0.0), vectors[:, ::-1]
    filters = vectors / np.sqrt(values + eps * values.mean())
    kernel = filters.reshape(kernel_size, kernel_size, x.shape[-1], d)
    return kernel.astype("float32"), (-mean @ filters).astype("float32")


def fast_cnn(
    *,
    whiten=None,
    width: int = 32,
    input_shape=(32, 32, 3),
    num_classes: int = 10,
    whiten_kernel: int = 2,
    activation: str = "gelu",
    batch_norm_momentum: float = 0.6,
    logit_scale: float = 1 / 9,
    dirac: bool = True,
) -> keras.Model:
    """airbench's network in Keras: frozen patch whitening, three conv blocks, scaled logits.

    Layers: "whiten", a Conv2D of 2d filters (d = ``whiten_kernel`` ** 2 * channels; kernel
    ``whiten_kernel``, no padding): the d whitening filters of `patch_whitening` and their
    negatives, so that the activation keeps both signs; frozen. Then "whiten_act" and, per
    block i = 1, 2, 3 of widths (``width``, 4 * ``width``, 4 * ``width``): "block{i}_conv1"
    (3x3, same padding, no bias), "block{i}_pool" (2x2 max), "block{i}_bn1" (batch norm
    without learned scale), "block{i}_act1", "block{i}_conv2", "block{i}_bn2",
    "block{i}_act2"; then "pool" (global max), "logits" (Dense without bias) and "scale"
    (logits times ``logit_scale``), both computed in float32 (safe under mixed precision).
    The model outputs logits, not probabilities: train it with ``from_logits=True``.

    Args:
        whiten: training images (n, height, width, channels), scaled as the inputs will be
            (e.g. to [0, 1]), from which the first layer's whitening is computed and frozen;
            or None for an ordinary trainable first convolution of the same shape (the
            ablation without whitening; also the shape into which saved weights load).
            Defaults to None.
        width: width of the first block, >= 1; the others have 4 * ``width``. Defaults to 32
            (airbench: 64).
        input_shape: (height, width, channels); height and width at least
            ``whiten_kernel + 7``. Defaults to (32, 32, 3).
        num_classes: number of classes, >= 2. Defaults to 10.
        whiten_kernel: size of the whitened patches, >= 1. Defaults to 2 (airbench; Page: 3).
        activation: Keras activation name. Defaults to "gelu" (airbench; "relu" is cheaper).
        batch_norm_momentum: momentum of the batch-norm running statistics, in (0, 1).
            Defaults to 0.6 (airbench, for short runs).
        logit_scale: factor applied to the logits, > 0. Defaults to 1/9 (airbench).
        dirac: start the first min(in, out) filters of each 3x3 convolution as the identity
            (`dirac_init`); the others keep Keras' random initialisation. Defaults to True.

    Returns:
        An uncompiled `keras.Model` named "fast_cnn".

    Raises:
        ValueError: naming the bad argument.

    Example:

    >>> model = fast_cnn(width=8)
    >>> model.get_layer("block3_conv2").filters
    32
    """
    _check_positive_int("whiten_kernel", whiten_kernel)
    shape = _check_image_shape(input_shape, min_size=whiten_kernel + 7, builder="fast_cnn")
    _check_positive_int("width", width)
    _check_positive_int("num_classes", num_classes, minimum=2)
    _check_activation("activation", activation)
    if not isinstance(dirac, bool):
        raise ValueError(f"`dirac` must be True or False. Received: dirac={dirac!r}")
    for name, value, upper in (("batch_norm_momentum", batch_norm_momentum, 1.0),
                               ("logit_scale", logit_scale, float("inf"))):
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < upper:
            interval = "(0, 1)" if upper == 1.0 else "(0, inf)"
            raise ValueError(f"`{name}` must be a number in {interval}. "
                             f"Received: {name}={value!r}")
    whitening = None
    if whiten is not None:
        images = np.asarray(whiten)
        if images.ndim != 4 or images.shape[1:] != shape:
            raise ValueError(f"`whiten` must be training images of shape (n, {shape[0]}, "
                             f"{shape[1]}, {shape[2]}) (the input_shape), or None. Received: "
                             f"whiten with shape {images.shape}")
        whitening = patch_whitening(images, kernel_size=whiten_kernel)

    d = whiten_kernel * whiten_kernel * shape[-1]
    inputs = keras.Input(shape=shape, name="input")
    first = keras.layers.Conv2D(2 * d, whiten_kernel, padding="valid", name="whiten",
                                trainable=whitening is None)
    x = first(inputs)
    if whitening is not None:
        kernel, bias = whitening
        first.set_weights([np.concatenate([kernel, -kernel], axis=-1),
                           np.concatenate([bias, -bias])])
    x = keras.layers.Activation(activation, name="whiten_act")(x)
    for i, filters in enumerate((width, 4 * width, 4 * width), start=1):
        x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False,
                                name=f"block{i}_conv1")(x)
        x = keras.layers.MaxPooling2D(2, name=f"block{i}_pool")(x)
        for j in (1, 2):
            if j == 2:
                x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False,
                                        name=f"block{i}_conv2")(x)
            x = keras.layers.BatchNormalization(momentum=batch_norm_momentum, scale=False,
                                                name=f"block{i}_bn{j}")(x)
            x = keras.layers.Activation(activation, name=f"block{i}_act{j}")(x)
    x = keras.layers.GlobalMaxPooling2D(name="pool")(x)
    x = keras.layers.Dense(num_classes, use_bias=False, dtype="float32", name="logits")(x)
    outputs = keras.layers.Rescaling(logit_scale, dtype="float32", name="scale")(x)
    model = keras.Model(inputs, outputs, name="fast_cnn")
    if dirac:
        for layer in model.layers:
            if layer.name.startswith("block") and "_conv" in layer.name:
                dirac_init(layer)
    return model


def dirac_init(layer: keras.layers.Conv2D) -> None:
    """Make the first min(in, out) filters of a built, odd-sized Conv2D identities (in place).

    Filter j < min(in, out) becomes 1 at the kernel's centre on input channel j and 0
    elsewhere, so with "same" padding output channel j starts as a copy of input channel j
    (`torch.nn.init.dirac_`, as airbench uses it). The other filters are left as they are.

    Args:
        layer: a built `keras.layers.Conv2D` with an odd kernel size.

    Returns:
        None.

    Example:

    >>> conv = keras.layers.Conv2D(4, 3, padding="same")
    >>> conv.build((None, 8, 8, 2))
    >>> dirac_init(conv)
    >>> float(keras.ops.convert_to_numpy(conv.kernel)[1, 1, 1, 1])
    1.0
    """
    kernel = keras.ops.convert_to_numpy(layer.kernel).copy()
    kh, kw, cin, cout = kernel.shape
    n = min(cin, cout)
    kernel[..., :n] = 0.0
    kernel[kh // 2, kw // 2, np.arange(n), np.arange(n)] = 1.0
    layer.kernel.assign(kernel)
