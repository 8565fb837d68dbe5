"""Tests of the CIFAR-10 network (dlcourse.cnn) and its shipped weights (dlcourse.pretrained)."""

import json
import shutil

import keras
import numpy as np
import pytest

from dlcourse import cnn, models, pretrained


def test_recipe_network_shapes_and_parameter_count():
    model = cnn.cnn()
    assert models.cnn is cnn.cnn  # the reusable form in dlcourse.models
    assert model.name == "cnn" and not model.compiled
    assert model.output_shape == (None, 10)
    # three blocks of two 3x3 convolutions (no bias) + batch norm (4 numbers per map) + softmax
    convs = [(3, 32), (32, 32), (32, 64), (64, 64), (64, 128), (128, 128)]
    expected = sum(3 * 3 * i * o + 4 * o for i, o in convs) + 128 * 10 + 10
    assert model.count_params() == expected == 289_642
    assert model.get_layer("block3_pool").output.shape[1:] == (4, 4, 128)
    assert model.get_layer("block1_conv1").padding == "same"
    assert not model.get_layer("block1_conv1").use_bias
    assert model.get_layer("output").dtype_policy.compute_dtype == "float32"


def test_old_compact_network_is_still_one_call_away():
    old = cnn.cnn(convs_per_block=1, dropout=0.25, augment=False)
    assert old.count_params() == 95_210  # the course's earlier default network


def test_softmax_stays_float32_under_mixed_precision():
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = cnn.cnn(filters=(4, 8), augment=False)
        assert model.get_layer("block1_conv1").compute_dtype == "float16"
        assert model.output.dtype == "float32"
    finally:
        keras.mixed_precision.set_global_policy("float32")


def test_compile_recipe_schedule_and_smoothed_loss():
    model = cnn.cnn(filters=(4, 8))
    cnn.compile_recipe(model, epochs=4, steps_per_epoch=10)
    schedule = model.optimizer._learning_rate  # the schedule object
    lr = [float(schedule(step)) for step in (0, 5, 10, 25, 40)]
    assert lr[0] == 0 and lr[1] < lr[2]  # warm-up over the first epoch
    assert lr[2] == pytest.approx(cnn.RECIPE["peak_learning_rate"])
    assert lr[2] > lr[3] > lr[4] and lr[4] == pytest.approx(0, abs=1e-9)  # cosine to 0
    loss = cnn.SparseSmoothedCrossentropy(0.1)
    p = np.array([[0.7, 0.2, 0.1]], dtype="float32")
    target = np.array([0.9 + 0.1 / 3, 0.1 / 3, 0.1 / 3])
    expected = -(target * np.log(p[0])).sum()
    assert float(loss(np.array([[0]]), p)) == pytest.approx(expected, rel=1e-5)
    x = np.random.default_rng(0).random((8, 32, 32, 3)).astype("float32")
    history = model.fit(x, np.arange(8) % 10, epochs=1, batch_size=4, verbose=0)
    assert np.isfinite(history.history["loss"][0])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"epochs": 0, "steps_per_epoch": 1}, r"epochs.*Received: epochs=0"),
        ({"epochs": 2, "steps_per_epoch": 1, "warmup_epochs": 2},
         r"warmup_epochs.*\[0, epochs=2\)"),
        ({"epochs": 2, "steps_per_epoch": 0}, r"steps_per_epoch.*Received: steps_per_epoch=0"),
        ({"epochs": 2, "steps_per_epoch": 1, "label_smoothing": 1.0}, r"smoothing.*\[0, 1\)"),
    ],
)
def test_compile_recipe_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        cnn.compile_recipe(cnn.cnn(filters=(4,)), **kwargs)


def test_predict_flip_averages_image_and_mirror():
    model = cnn.cnn(filters=(4,), augment=False)
    x = np.random.default_rng(1).random((3, 32, 32, 3)).astype("float32")
    p = cnn.predict_flip(model, x)
    expected = (model.predict(x, verbose=0) + model.predict(x[:, :, ::-1], verbose=0)) / 2
    np.testing.assert_allclose(p, expected, rtol=1e-5)


@pytest.fixture
def weights_copy(tmp_path):
    if not (pretrained.WEIGHTS_DIR / "cifar10_cnn.json").is_file():
        pytest.skip("no shipped weights in this checkout")
    for name in ("cifar10_cnn.json", "cifar10_cnn.weights.h5"):
        shutil.copy(pretrained.WEIGHTS_DIR / name, tmp_path / name)
    return tmp_path


def test_shipped_weights_load_after_their_sha256_is_checked(weights_copy):
    info = pretrained.manifest()
    assert info["builder"] == "dlcourse.cnn.cnn" and len(info["sha256"]) == 64
    assert info["log"] and info["log"][-1]["test_accuracy"] == info["test_accuracy"]
    assert info["bytes"] < 2_000_000  # small: no optimizer state
    model = pretrained.cifar10_cnn(folder=weights_copy)
    assert model.count_params() == info["params"]
    fresh = cnn.cnn(**{k: tuple(v) if isinstance(v, list) else v
                       for k, v in info["builder_kwargs"].items()})
    assert not np.allclose(model.get_layer("output").kernel, fresh.get_layer("output").kernel)


def test_corrupt_partial_or_missing_weights_give_clear_errors(weights_copy):
    path = weights_copy / "cifar10_cnn.weights.h5"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # one flipped byte: same size, different SHA-256
    path.write_bytes(bytes(data))
    with pytest.raises(pretrained.WeightsError, match=r"does not match its manifest's SHA-256"):
        pretrained.cifar10_cnn(folder=weights_copy)
    path.write_bytes(bytes(data[:1000]))  # an interrupted copy
    with pytest.raises(pretrained.WeightsError, match=r"1,000 bytes.*partial or corrupt"):
        pretrained.cifar10_cnn(folder=weights_copy)
    path.unlink()
    with pytest.raises(pretrained.WeightsError, match=r"missing.*train_cifar10.py"):
        pretrained.cifar10_cnn(folder=weights_copy)
    (weights_copy / "cifar10_cnn.json").write_text("{not json")
    with pytest.raises(pretrained.WeightsError, match=r"not valid JSON"):
        pretrained.manifest(folder=weights_copy)
    with pytest.raises(pretrained.WeightsError, match=r"No manifest other.json"):
        pretrained.manifest("other", folder=weights_copy)


def test_manifest_sha256_matches_the_file_in_the_package():
    if not (pretrained.WEIGHTS_DIR / "cifar10_cnn.json").is_file():
        pytest.skip("no shipped weights in this checkout")
    assert pretrained.verify().name == json.loads(
        (pretrained.WEIGHTS_DIR / "cifar10_cnn.json").read_text())["file"]
