"""The training recipe of the fast CIFAR-10 network (`dlcourse.fastcnn.fast_cnn`).

Ported from airbench (Keller Jordan, 2024) and David Page's "How to train your ResNet" (2018),
as far as Keras on a CPU allows:

- Nesterov SGD, with the learning rate rising linearly from 0.2x to its peak over the first
  23 % of the steps, then falling linearly to 0.07x (`TriangularSchedule`, airbench's shape),
  decoupled weight decay;
- label smoothing 0.2 on the logits (`dlcourse.cnn.SparseSmoothedCrossentropy`);
- an exponential moving average (EMA) of the weights kept by the optimizer
  (``use_ema=True``): after ``fit`` the model holds the average (airbench copies a warmed-up
  average back every 5 steps, Lookahead-style: ``ema_overwrite_every=5`` is the closest
  Keras has);
- random translation by up to 2 pixels (reflect-padded crops) and alternating flips: each
  image is flipped at random once, then every other epoch all images are mirrored, so each
  image is seen in both orientations in every pair of epochs (`FlipTranslate`);
- test-time augmentation: the logits of the image, its mirror image and of 1-pixel
  translations of both, averaged (`predict_tta`);
- on a GPU, mixed precision and XLA (`device_policy`); a CPU keeps float32, without XLA.

`FAST_RECIPE` holds the numbers. Trained with them on all 50,000 CIFAR-10 training images (the
JPEG copy) on an idle 2-core CPU: 12 epochs in 1,308 s of training wall time (2,425 CPU s),
88.37 % on the 10,000 test images, 88.83 % with test-time augmentation
(`dlcourse/weights/cifar10_fast_cnn.json` holds the log; ``scripts/train_cifar10.py --recipe
fast`` trains and measures it; ``--ablation`` measures each trick).

Example:

>>> from dlcourse import fastcnn, fastrecipe
>>> model = fastcnn.fast_cnn(width=8)
>>> fastrecipe.compile_fast(model, epochs=2, steps_per_epoch=10)
>>> round(float(model.optimizer.learning_rate), 3)
0.15
"""

from __future__ import annotations

import math

import keras
import numpy as np

from dlcourse._model_args import _check_positive_int, _check_rate
from dlcourse.cnn import SparseSmoothedCrossentropy

__all__ = ["FAST_RECIPE", "FlipTranslate", "TriangularSchedule", "compile_fast",
           "device_policy", "predict_tta", "use_device_policy"]

FAST_RECIPE = {
    "builder": {"width": 48, "whiten_kernel": 2, "activation": "gelu", "dirac": True},
    "whiten_images": 5000,  # first training images used for the patch covariance
    "epochs": 12,  # ~105 s each at width 48 on 2 idle cores: 22 minutes in all
    "batch_size": 512,
    "peak_learning_rate": 0.75,  # airbench's 1.5 at batch 1024 (mean loss), scaled to 512
    "momentum": 0.85,
    "weight_decay": 0.009,  # decoupled (x learning rate); ~ airbench's decay per example
    "warmup_fraction": 0.23,
    "start_factor": 0.2,
    "end_factor": 0.07,
    "label_smoothing": 0.2,
    "ema_momentum": 0.99,  # None: no EMA
    "ema_overwrite_every": None,  # e.g. 5: copy the average into the weights (Lookahead)
    "flip": "alternating",  # or "random", or None
    "translate": 2,  # pixels; 0: none
    "tta_level": 2,  # 0: none, 1: mirror, 2: mirror + translate
}


@keras.saving.register_keras_serializable(package="dlcourse")
class TriangularSchedule(keras.optimizers.schedules.LearningRateSchedule):
    """Linear warm-up then linear decay of the learning rate (airbench's "triangle").

    The rate is ``peak * start_factor`` at step 0, rises linearly to ``peak`` at step
    ``warmup_fraction * total_steps``, then falls linearly to ``peak * end_factor`` at
    ``total_steps`` and stays there.

    Args:
        peak: the highest learning rate, > 0.
        total_steps: steps of the whole run, >= 1.
        warmup_fraction: fraction of the steps spent rising, in [0, 1). Defaults to 0.23.
        start_factor: first rate as a fraction of ``peak``, in [0, 1). Defaults to 0.2.
        end_factor: last rate as a fraction of ``peak``, in [0, 1). Defaults to 0.07.

    Example:

    >>> schedule = TriangularSchedule(1.0, 100, warmup_fraction=0.25)
    >>> [round(float(schedule(s)), 2) for s in (0, 25, 100)]
    [0.2, 1.0, 0.07]
    """

    def __init__(self, peak: float, total_steps: int, *, warmup_fraction: float = 0.23,
                 start_factor: float = 0.2, end_factor: float = 0.07):
        if isinstance(peak, bool) or not isinstance(peak, int | float) or not peak > 0:
            raise ValueError(f"`peak` must be a learning rate > 0. Received: peak={peak!r}")
        _check_positive_int("total_steps", total_steps)
        for name, value in (("warmup_fraction", warmup_fraction),
                            ("start_factor", start_factor), ("end_factor", end_factor)):
            _check_rate(name, value)
        self.peak, self.total_steps = float(peak), int(total_steps)
        self.warmup_fraction = float(warmup_fraction)
        self.start_factor, self.end_factor = float(start_factor), float(end_factor)

    def __call__(self, step):
        step = keras.ops.minimum(keras.ops.cast(step, "float32"), float(self.total_steps))
        warm = self.warmup_fraction * self.total_steps
        rise = self.start_factor + (1 - self.start_factor) * step / max(warm, 1.0)
        fall = 1 + (self.end_factor - 1) * (step - warm) / (self.total_steps - warm)
        return self.peak * keras.ops.where(step < warm, rise, fall)

    def get_config(self):
        return {"peak": self.peak, "total_steps": self.total_steps,
                "warmup_fraction": self.warmup_fraction, "start_factor": self.start_factor,
                "end_factor": self.end_factor}


def compile_fast(model: keras.Model, *, epochs: int, steps_per_epoch: int,
                 peak_learning_rate: float = FAST_RECIPE["peak_learning_rate"],
                 momentum: float = FAST_RECIPE["momentum"],
                 weight_decay: float = FAST_RECIPE["weight_decay"],
                 label_smoothing: float = FAST_RECIPE["label_smoothing"],
                 ema_momentum: float | None = FAST_RECIPE["ema_momentum"],
                 ema_overwrite_every: int | None = FAST_RECIPE["ema_overwrite_every"],
                 jit_compile: bool = False) -> None:
    """Compile ``model`` (logits out) with the fast recipe: Nesterov SGD, triangle, EMA.

    Args:
        model: the network, e.g. `dlcourse.fastcnn.fast_cnn()`; it must output logits.
        epochs: epochs the schedule spans, >= 1.
        steps_per_epoch: batches per epoch, >= 1.
        peak_learning_rate: top of the `TriangularSchedule`. Defaults to 0.75.
        momentum: Nesterov momentum, in [0, 1). Defaults to 0.85.
        weight_decay: decoupled weight decay (times the learning rate), >= 0.
            Defaults to 0.009.
        label_smoothing: in [0, 1). Defaults to 0.2.
        ema_momentum: momentum of the optimizer's moving average of the weights, in [0, 1),
            or None for no average. Defaults to 0.99.
        ema_overwrite_every: copy the average into the weights every this many steps
            (Lookahead-like), or None: only at the end of ``fit``. Defaults to None.
        jit_compile: passed to ``model.compile`` (see `device_policy`). Defaults to False.

    Returns:
        None (``model`` is compiled in place).

    Raises:
        ValueError: naming the bad argument.
    """
    _check_positive_int("epochs", epochs)
    _check_positive_int("steps_per_epoch", steps_per_epoch)
    _check_rate("momentum", momentum)
    if isinstance(weight_decay, bool) or not isinstance(weight_decay, int | float) \
            or not weight_decay >= 0:
        raise ValueError(f"`weight_decay` must be a number >= 0. Received: "
                         f"weight_decay={weight_decay!r}")
    if ema_momentum is not None:
        _check_rate("ema_momentum", ema_momentum)
    if ema_overwrite_every is not None:
        _check_positive_int("ema_overwrite_every", ema_overwrite_every)
    schedule = TriangularSchedule(peak_learning_rate, epochs * steps_per_epoch)
    optimizer = keras.optimizers.SGD(
        schedule, momentum=momentum, nesterov=True, weight_decay=weight_decay or None,
        use_ema=ema_momentum is not None, ema_momentum=ema_momentum or 0.0,
        ema_overwrite_frequency=ema_overwrite_every if ema_momentum is not None else None)
    model.compile(optimizer=optimizer,
                  loss=SparseSmoothedCrossentropy(label_smoothing, from_logits=True),
                  metrics=["accuracy"], jit_compile=jit_compile)


class FlipTranslate(keras.utils.PyDataset):
    """Shuffled training batches, randomly translated and flipped (alternating flips).

    Every epoch the images are shuffled; each is cut from a copy padded by ``translate``
    pixels (reflected) at a random offset, i.e. shifted by up to ``translate`` pixels each
    way. With ``flip="alternating"`` each image gets one random flip bit at the start, and
    odd epochs mirror every image relative to it (airbench); ``"random"`` flips each image
    with probability 1/2 every time; None never flips. Images are scaled by ``scale``.

    Args:
        x: images (n, height, width, channels), e.g. uint8 as the loaders give them.
        y: labels (n,) or (n, 1).
        batch_size: images per batch, >= 1.
        flip: "alternating", "random" or None. Defaults to "alternating".
        translate: largest shift in pixels, >= 0 and less than the image size.
            Defaults to 2.
        scale: factor applied to the pixels. Defaults to 1/255.
        seed: seed of the shuffling, shifts and flips. Defaults to 0.
        epoch: the epoch the first pass counts as (after a resume). Defaults to 0.

    Example:

    >>> x = np.zeros((10, 8, 8, 3), "uint8")
    >>> data = FlipTranslate(x, np.arange(10), batch_size=4)
    >>> len(data), data[0][0].shape
    (3, (4, 8, 8, 3))
    """

    def __init__(self, x, y, *, batch_size: int, flip: str | None = "alternating",
                 translate: int = 2, scale: float = 1 / 255, seed: int = 0, epoch: int = 0,
                 **kwargs):
        super().__init__(**kwargs)
        x = np.asarray(x)
        if x.ndim != 4 or len(x) != len(y):
            raise ValueError("`x` must be images (n, height, width, channels) and `y` their n "
                             f"labels. Received: x with shape {x.shape}, {len(y)} labels")
        _check_positive_int("batch_size", batch_size)
        if flip not in ("alternating", "random", None):
            raise ValueError(f'`flip` must be "alternating", "random" or None. Received: '
                             f"flip={flip!r}")
        if not (isinstance(translate, int) and 0 <= translate < min(x.shape[1:3])):
            raise ValueError("`translate` must be an integer >= 0 and below the image size. "
                             f"Received: translate={translate!r}")
        t = translate
        self.padded = np.pad(x, ((0, 0), (t, t), (t, t), (0, 0)), mode="reflect") if t else x
        self.y, self.size = np.asarray(y), x.shape[1:3]
        self.batch_size, self.flip, self.translate, self.scale = batch_size, flip, t, scale
        self.rng = np.random.default_rng(seed)
        self.flip_bits = self.rng.random(len(x)) < 0.5
        self.epoch = epoch
        self.order = self.rng.permutation(len(x))

    def __len__(self) -> int:
        return math.ceil(len(self.y) / self.batch_size)

    def __getitem__(self, index: int):
        idx = self.order[index * self.batch_size:(index + 1) * self.batch_size]
        shifts = self.rng.integers(0, 2 * self.translate + 1, size=(len(idx), 2))
        rows = shifts[:, :1] + np.arange(self.size[0])
        cols = shifts[:, 1:] + np.arange(self.size[1])
        batch = self.padded[idx[:, None, None], rows[:, :, None], cols[:, None, :]]
        if self.flip == "alternating":
            mirror = self.flip_bits[idx] ^ (self.epoch % 2 == 1)
        else:
            mirror = self.rng.random(len(idx)) < (0.5 if self.flip else 0.0)
        batch = np.where(mirror[:, None, None, None], batch[:, :, ::-1], batch)
        return batch.astype("float32") * np.float32(self.scale), self.y[idx]

    def on_epoch_end(self) -> None:
        self.epoch += 1
        self.order = self.rng.permutation(len(self.y))


def predict_tta(model: keras.Model, x, *, level: int = 2, translate: int = 1,
                batch_size: int = 500) -> np.ndarray:
    """Logits averaged over views of each image (test-time augmentation, as airbench does).

    Level 0: the image alone. Level 1: the mean over the image and its mirror image. Level
    2: half the level-1 mean, plus half the mean of level 1 on two translated copies (shifted
    by ``translate`` pixels up-left and down-right, reflect-padded): 6 views.

    Args:
        model: a classifier whose outputs are logits (e.g. `dlcourse.fastcnn.fast_cnn`).
        x: the images (n, height, width, channels), scaled as in training.
        level: 0, 1 or 2. Defaults to 2.
        translate: shift of the level-2 copies in pixels, >= 1. Defaults to 1.
        batch_size: images per batch. Defaults to 500.

    Returns:
        NumPy array (n, num_classes) of averaged logits.

    Raises:
        ValueError: naming the bad argument.
    """
    if level not in (0, 1, 2) or isinstance(level, bool):
        raise ValueError(f"`level` must be 0, 1 or 2. Received: level={level!r}")
    _check_positive_int("translate", translate)
    x = np.asarray(x)

    def mirror(images):
        logits = model.predict(images, batch_size=batch_size, verbose=0)
        if level == 0:
            return logits
        return (logits + model.predict(images[:, :, ::-1], batch_size=batch_size,
                                       verbose=0)) / 2

    logits = mirror(x)
    if level < 2:
        return logits
    t, (h, w) = translate, x.shape[1:3]
    padded = np.pad(x, ((0, 0), (t, t), (t, t), (0, 0)), mode="reflect")
    shifted = [mirror(padded[:, :h, :w]), mirror(padded[:, 2 * t:2 * t + h, 2 * t:2 * t + w])]
    return logits / 2 + (shifted[0] + shifted[1]) / 4


def device_policy(gpus: list | None = None) -> dict:
    """Mixed precision and XLA on a GPU, float32 without XLA on a CPU.

    TensorFlow's mixed-precision guide: the "mixed_float16" policy computes in float16 and
    keeps the variables in float32 (Keras wraps the optimizer in a `LossScaleOptimizer` when
    compiling); the last layers stay float32 (`fast_cnn`'s "logits" and "scale" are). XLA
    (``jit_compile=True``) fuses the small operations of a network this size. On a CPU,
    float16 is slower and Keras itself switches XLA off, so neither is used. On the PyTorch
    backend ``jit_compile`` would mean ``torch.compile``, left off.

    Args:
        gpus: the GPU devices; defaults to ``tf.config.list_physical_devices("GPU")``.

    Returns:
        {"dtype_policy": "mixed_float16" or "float32", "jit_compile": bool}.

    Example:

    >>> device_policy(gpus=[])
    {'dtype_policy': 'float32', 'jit_compile': False}
    """
    if gpus is None:
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
    if not gpus:
        return {"dtype_policy": "float32", "jit_compile": False}
    return {"dtype_policy": "mixed_float16",
            "jit_compile": keras.backend.backend() != "torch"}


def use_device_policy() -> dict:
    """Set Keras' global dtype policy from `device_policy` and return the choice.

    Call it before building the model; pass ``policy["jit_compile"]`` to `compile_fast`.

    Returns:
        The dict of `device_policy`.
    """
    policy = device_policy()
    keras.mixed_precision.set_global_policy(policy["dtype_policy"])
    return policy
