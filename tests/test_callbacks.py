"""Tests of dlcourse.callbacks: LivePlot, StopAtMetric, plot_history."""

import types

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
from IPython.display import Image

from dlcourse import callbacks
from dlcourse.callbacks import LivePlot, StopAtMetric
from dlcourse.plots import plot_history

RNG = np.random.default_rng(0)
X = RNG.random((32, 4)).astype("float32")
Y = (X.sum(axis=1) > 2).astype("int64")


def tiny_model(metrics=("accuracy",)):
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=list(metrics),
                  run_eagerly=True)  # no tracing: keeps these tests fast
    return model


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


class FakeHandle:
    def __init__(self, obj):
        self.shown = [obj]
        self.updates = []

    def update(self, obj):
        self.updates.append(obj)


@pytest.fixture
def notebook(monkeypatch):
    """Pretend to run in a notebook kernel; record every display call."""
    calls = []

    def fake_display(fig, *, display_id=False):
        handle = FakeHandle(fig) if display_id else None
        calls.append((fig, display_id, handle))
        return handle

    monkeypatch.setattr(callbacks, "_in_notebook", lambda: True)
    monkeypatch.setattr(callbacks, "_display", fake_display)
    return calls


def test_liveplot_updates_one_handle_in_place(notebook):
    live = LivePlot(max_overhead=None)
    tiny_model().fit(X, Y, validation_split=0.25, epochs=3, verbose=0, callbacks=[live])
    assert len(notebook) == 1  # one display, then updates through its handle
    image, display_id, handle = notebook[0]
    assert display_id is True
    assert len(handle.updates) == 2  # epochs 2 and 3
    for shown in [image, *handle.updates]:
        assert isinstance(shown, Image) and shown.data[:8] == PNG_MAGIC
    assert handle.updates[0].data != handle.updates[1].data  # the curves changed
    fig = live.figure
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == ["loss", "accuracy"]
    labels = [t.get_text() for t in fig.axes[0].get_legend().texts]
    assert labels == ["train", "validation"]
    xs, ys = fig.axes[0].lines[1].get_data()  # val_loss
    np.testing.assert_array_equal(xs, [1, 2, 3])
    np.testing.assert_allclose(ys, live.history["val_loss"][1])
    assert fig.number not in plt.get_fignums()  # closed: inline will not show it twice


def test_liveplot_every_and_last_epoch_always_drawn(notebook):
    live = LivePlot(every=2, max_overhead=None)
    tiny_model().fit(X, Y, epochs=5, verbose=0, callbacks=[live])
    _, _, handle = notebook[0]
    # drawn at epochs 2 and 4 during training, and epoch 5 at the end
    assert len(handle.updates) == 2
    xs, _ = live.figure.axes[0].lines[0].get_data()
    np.testing.assert_array_equal(xs, [1, 2, 3, 4, 5])


def test_liveplot_resets_when_fit_is_run_again(notebook):
    live = LivePlot(max_overhead=None)
    model = tiny_model()
    model.fit(X, Y, epochs=2, verbose=0, callbacks=[live])
    first = live.figure
    model.fit(X, Y, epochs=3, verbose=0, callbacks=[live])
    assert live.figure is not first and len(notebook) == 2
    assert live.history["loss"][0] == [1, 2, 3]


def test_liveplot_final_only_in_notebook_displays_once(notebook):
    live = LivePlot(final_only=True)
    tiny_model().fit(X, Y, epochs=3, verbose=0, callbacks=[live])
    assert len(notebook) == 1
    image, display_id, _ = notebook[0]
    assert display_id is False and image.data[:8] == PNG_MAGIC
    np.testing.assert_array_equal(live.figure.axes[0].lines[0].get_data()[0], [1, 2, 3])


def test_liveplot_skips_redraws_that_would_exceed_max_overhead(notebook, monkeypatch):
    # A fake clock: every epoch takes 10 s, every drawing 2 s. With max_overhead=0.1 the budget
    # allows the first epoch, then epoch 4 (4 s spent <= 0.1 * 42 s), then the final drawing.
    clock = types.SimpleNamespace(t=0.0)
    monkeypatch.setattr(callbacks, "time", types.SimpleNamespace(perf_counter=lambda: clock.t))
    render = callbacks._png_image

    def slow_render(fig):
        clock.t += 2.0
        return render(fig)

    monkeypatch.setattr(callbacks, "_png_image", slow_render)

    class TenSecondEpochs(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            clock.t += 10.0

    drawn = []
    live = LivePlot(max_overhead=0.1)
    original_draw = live._draw
    live._draw = lambda: (drawn.append(live._epoch), original_draw())
    tiny_model().fit(X, Y, epochs=5, verbose=0, callbacks=[TenSecondEpochs(), live])
    assert drawn == [1, 4, 5]
    assert len(notebook[0][2].updates) == 2
    np.testing.assert_array_equal(live.figure.axes[0].lines[0].get_data()[0], [1, 2, 3, 4, 5])


def test_liveplot_outside_ipython_draws_once_at_the_end(monkeypatch, tmp_path):
    monkeypatch.setattr(callbacks, "_in_notebook", lambda: False)
    calls = []
    monkeypatch.setattr(callbacks, "_display", lambda *a, **k: calls.append(a))
    live = LivePlot(metrics=["loss"], save_path=tmp_path / "curves.png")
    seen = []

    class Spy(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            seen.append(live.figure)

    tiny_model().fit(X, Y, epochs=2, verbose=0, callbacks=[live, Spy()])
    assert seen == [None, None]  # nothing drawn while training
    assert calls == []  # and nothing sent to a display
    assert [ax.get_title() for ax in live.figure.axes] == ["loss"]
    png = (tmp_path / "curves.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    plt.close(live.figure)


def test_in_notebook_is_false_in_plain_python():
    assert callbacks._in_notebook() is False


def test_liveplot_warns_once_for_unknown_metric(notebook):
    live = LivePlot(metrics=["loss", "f1"])
    with pytest.warns(UserWarning, match=r"no logs for \['f1'\]; available keys: .*'loss'") as rec:
        tiny_model().fit(X, Y, epochs=2, verbose=0, callbacks=[live])
    assert sum("no logs for" in str(w.message) for w in rec) == 1
    assert [ax.get_title() for ax in live.figure.axes] == ["loss"]


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"every": 0}, ValueError, r"every.*Received: every=0"),
        ({"final_only": "yes"}, ValueError, r"final_only.*Received: final_only='yes'"),
        ({"save_path": "curves.jpg"}, ValueError, r"\.png file.*Received: save_path='curves.jpg'"),
        ({"save_path": "/no/such/dir/c.png"}, FileNotFoundError, r"does not exist: '/no/such/dir'"),
        ({"figsize": (10,)}, ValueError, r"figsize.*Received: figsize=\(10,\)"),
        ({"max_overhead": 0}, ValueError, r"max_overhead.*Received: max_overhead=0"),
        ({"metrics": [1]}, ValueError, r"metrics.*Received: metrics=\[1\]"),
    ],
)
def test_liveplot_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        LivePlot(**kwargs)


def test_plot_history_from_history_and_dict():
    history = tiny_model().fit(X, Y, validation_split=0.25, epochs=2, verbose=0)
    fig = plot_history(history, title="tiny")
    assert [ax.get_title() for ax in fig.axes] == ["loss", "accuracy"]
    assert fig._suptitle.get_text() == "tiny"
    plt.close(fig)
    fig = plot_history({"accuracy": [0.5, 0.7], "loss": [1.0, 0.6]}, "accuracy")
    assert [ax.get_title() for ax in fig.axes] == ["accuracy"]
    np.testing.assert_allclose(fig.axes[0].lines[0].get_data()[1], [0.5, 0.7])
    plt.close(fig)
    _, ax = plt.subplots()
    fig = plot_history({"val_loss": [1.0, 0.8], "loss": [0.9, 0.7]}, ax=ax)
    assert fig is ax.figure and len(ax.lines) == 2
    plt.close(fig)


@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        (([1, 2],), {}, r"History returned by model.fit.*Received: history of type list"),
        (({},), {}, r"history` is empty"),
        (({"loss": 0.5},), {}, r"history\['loss'\]` must be a list"),
        (({"loss": [1.0]}, ["f1"]), {}, r"\['f1'\] that are not in the history. "
         r"Available: \['loss'\]"),
        (({"loss": [1.0], "acc": [0.5]},), {"ax": "x"}, r"one Axes per metric: 2"),
    ],
)
def test_plot_history_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        plot_history(*args, **kwargs)


def run_stop(cb, logs_per_epoch):
    """Drive a callback with given logs, the way fit does, on a real model."""
    model = tiny_model()
    cb.set_model(model)
    cb.on_train_begin()
    for epoch, logs in enumerate(logs_per_epoch):
        cb.on_epoch_end(epoch, logs)
        if model.stop_training:
            return epoch
    return None


@pytest.mark.parametrize(
    ("metric", "key"),
    [
        ("accuracy", "accuracy"),
        ("accuracy", "acc"),
        ("acc", "accuracy"),
        ("accuracy", "sparse_categorical_accuracy"),
        ("accuracy", "compile_metrics"),
        ("accuracy", "output_accuracy"),
        ("val_accuracy", "val_acc"),
    ],
)
def test_stop_at_metric_finds_key_variants(metric, key, capsys):
    cb = StopAtMetric(metric, 0.9)
    logs = [{"loss": 1.0, key: 0.5}, {"loss": 0.5, key: 0.9123}, {"loss": 0.4, key: 0.95}]
    assert run_stop(cb, logs) == 1
    assert cb.stopped_epoch == 1
    assert capsys.readouterr().out == f"Reached {key} = 0.9123 >= 0.9 at epoch 2: stopping.\n"


def test_stop_at_metric_validation_key_ignores_training_key():
    cb = StopAtMetric("val_accuracy", 0.9, verbose=0)
    assert run_stop(cb, [{"accuracy": 0.99, "val_accuracy": 0.5}]) is None
    assert cb.stopped_epoch is None


def test_stop_at_metric_loss_is_min_mode(capsys):
    cb = StopAtMetric("val_loss", 0.3)
    assert cb.mode == "min" and StopAtMetric("mae", 1.0).mode == "min"
    assert StopAtMetric("accuracy").mode == "max"
    assert run_stop(cb, [{"val_loss": 0.5}, {"val_loss": 0.25}]) == 1
    assert "val_loss = 0.2500 <= 0.3 at epoch 2" in capsys.readouterr().out
    assert run_stop(StopAtMetric("accuracy", 0.5, mode="min", verbose=0), [{"accuracy": 0.4}]) == 0


def test_stop_at_metric_missing_key_warns_once_and_trains_on():
    cb = StopAtMetric("accuracy", 0.9)
    match = r"'accuracy' is not in the logs; available keys: \['loss', 'mse'\]"
    with pytest.warns(UserWarning, match=match) as rec:
        assert run_stop(cb, [{"loss": 0.1, "mse": 0.1}] * 3) is None
    assert len([w for w in rec if "not in the logs" in str(w.message)]) == 1


def test_stop_at_metric_in_a_real_fit_and_reset():
    model = tiny_model()
    cb = StopAtMetric("loss", 1e9, verbose=0)  # any loss is below: stops after the first epoch
    history = model.fit(X, Y, epochs=5, verbose=0, callbacks=[cb])
    assert len(history.history["loss"]) == 1 and cb.stopped_epoch == 0
    cb.target = -1.0  # unreachable now: a new fit resets stopped_epoch and runs all epochs
    history = model.fit(X, Y, epochs=2, verbose=0, callbacks=[cb])
    assert len(history.history["loss"]) == 2 and cb.stopped_epoch is None


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"metric": ""}, r"metric.*Received: metric=''"),
        ({"target": float("inf")}, r"target.*Received: target=inf"),
        ({"target": "0.9"}, r"target.*Received: target='0.9'"),
        ({"mode": "maximum"}, r"mode.*Received: mode='maximum'"),
        ({"verbose": 2}, r"verbose.*Received: verbose=2"),
    ],
)
def test_stop_at_metric_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        StopAtMetric(**kwargs)


def test_liveplot_without_logs_draws_nothing(notebook):
    live = LivePlot()
    live.on_train_begin()
    live.on_epoch_end(0, {})
    live.on_train_end()
    assert live.figure is None and notebook == []
