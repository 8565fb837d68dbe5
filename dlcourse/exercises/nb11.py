"""Exercise checks of notebook 11 (overfitting and regularisation)."""

from __future__ import annotations

import itertools

import numpy as np

from dlcourse.exercises._core import Parts, exercise, kind

LABELS = ("overfitting", "underfitting", "good fit")


def checklist(stats: dict) -> str:
    """Deck Z's checklist with the notebook's thresholds (the reference of Exercise 11.1).

    Args:
        stats: `{"rise": ..., "gap": ..., "train_acc": ...}` of the model that was kept.

    Returns:
        "overfitting", "underfitting" or "good fit".
    """
    if stats["rise"] > 0.10 or stats["gap"] > 0.60:
        return "overfitting"
    if stats["gap"] < 0.25 and stats["train_acc"] < 0.90:
        return "underfitting"
    return "good fit"


def _grid() -> list[dict]:
    """Curves on both sides of every threshold (none on a threshold), and the notebook's kinds."""
    rises, gaps, accs = (0.0, 0.05, 0.15, 0.4), (0.05, 0.2, 0.3, 0.45, 0.55, 0.65, 0.8), (0.7, 0.95)
    grid = itertools.product(rises, gaps, accs)
    return [{"rise": r, "gap": g, "train_acc": a} for r, g, a in grid]


@exercise(
    "11.1",
    names=("diagnose",),
    nudge="Test the overfitting rule first, then the underfitting rule; everything else is a good "
    "fit.",
    hint="The numbers are fractions (a rise of 15 % is 0.15). Overfitting needs only one of its "
    "two signs (a rise or a large gap); underfitting needs both of its conditions at once (a "
    "small gap and a training accuracy below 0.90). A curve that shows both patterns counts as "
    "overfitting, so that rule is tested first.",
)
def _diagnose(p: Parts) -> None:
    name = "diagnose"
    wide = {"rise": 0.0, "gap": 0.5, "train_acc": 0.7}  # a large gap, no rise: a good fit
    if p.call(name, p[name], dict(wide)) == "underfitting":
        p.fail(name, "calls a curve with a large gap (50 %) and a low training accuracy "
               "underfitting: underfitting needs a small gap too, not only a low accuracy")
    for stats in _grid():
        want = checklist(stats)
        got = p.call(name, p[name], dict(stats))
        p.require(isinstance(got, str), name, f"returns {kind(got)}, not one of the three labels")
        p.require(got in LABELS, name, f"returns {got!r}: use exactly 'overfitting', "
                  "'underfitting' or 'good fit'")
        if got == want:
            continue
        shown = f"rise {stats['rise']:.0%}, gap {stats['gap']:.0%}, training accuracy " \
                f"{stats['train_acc']:.2f}"
        if want == "overfitting" and stats["rise"] > 0.10 and stats["gap"] <= 0.60:
            p.fail(name, f"misses a rising validation loss ({shown}): one sign of overfitting "
                   "is enough")
        if want == "overfitting" and stats["gap"] > 0.60 and stats["rise"] <= 0.10:
            p.fail(name, f"misses a large gap ({shown}): one sign of overfitting is enough")
        if want == "overfitting" and got == "underfitting":
            p.fail(name, f"calls an overfitting curve underfitting ({shown}): test the "
                   "overfitting rule first")
        if want == "underfitting":
            p.fail(name, f"misses underfitting ({shown}): small gap and low training accuracy")
        p.fail(name, f"says {got!r} for a curve the checklist calls a {want!r} ({shown}): "
               "check the thresholds (fractions, not percent) and which comparisons are strict")
    p.passed(name)


@exercise(
    "11.2",
    names=("penalty",),
    nudge="Two sums over every entry of W, each times its own lambda.",
    hint="Each term is a sum over all twelve weights of W, multiplied by its own lambda: look at "
    "the formula of the section for what each term sums. Keras' L2 term has no factor 1/2 and no "
    "square root, and neither term is a mean.",
)
def _penalty(p: Parts) -> None:
    import keras

    lambda1, lambda2 = 0.01, 0.001
    W = np.asarray(keras.initializers.GlorotUniform(seed=0)((4, 3)), dtype=np.float64)
    l1, l2 = np.sum(np.abs(W)), np.sum(W**2)
    p.close("penalty", lambda1 * l1 + lambda2 * l2, rtol=1e-4, mistakes={
        "has the L2 term halved: Keras' L2 penalty is lambda * sum of w², with no factor 1/2":
            lambda1 * l1 + lambda2 * l2 / 2,
        "is the L1 term only: add the L2 term": lambda1 * l1,
        "is the L2 term only: add the L1 term": lambda2 * l2,
        "forgets the absolute value in the L1 term": lambda1 * np.sum(W) + lambda2 * l2,
        "uses the length (square root) instead of the sum of squares":
            lambda1 * l1 + lambda2 * np.sqrt(l2),
        "uses means instead of sums": lambda1 * np.mean(np.abs(W)) + lambda2 * np.mean(W**2),
        "has the two lambdas swapped": lambda2 * l1 + lambda1 * l2,
        "leaves out the lambdas": l1 + l2,
    })
