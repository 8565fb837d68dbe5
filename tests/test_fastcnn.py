"""Tests of the fast CIFAR-10 network (dlcourse.fastcnn), its recipe (dlcourse.fastrecipe) and
its weights loader (dlcourse.pretrained.cifar10_fast_cnn)."""

import re

import keras
import numpy as np
import pytest

from dlcourse import fastcnn, fastrecipe, pretrained
from dlcourse._download import sha256_file


def correlated_images(n=40, size=12, seed=0):
    """Smooth, colour-correlated images: neighbouring pixels and channels covary strongly."""
    rng = np.random.default_rng(seed)
    base = rng.random((n, size + 2, size + 2, 1))
    smooth = (base[:, :-2, :-2] + base[:, 1:-1, 1:-1] + base[:, 2:, 2:]) / 3
    return (smooth * np.array([1.0, 0.8, 0.5]) + 0.05 * rng.random((n, size, size, 3)))


def test_image_patches_follow_the_conv2d_kernel_layout():
    x = np.random.default_rng(0).random((2, 5, 6, 3)).astype("float32")
    kernel = np.random.default_rng(1).random((2, 2, 3, 4)).astype("float32")
    conv = keras.layers.Conv2D(4, 2, use_bias=False)
    conv.build(x.shape)
    conv.set_weights([kernel])
    expected = keras.ops.convert_to_numpy(conv(x)).reshape(-1, 4)
    patches = fastcnn.image_patches(x, 2)
    assert patches.shape == (2 * 4 * 5, 12)
    np.testing.assert_allclose(patches @ kernel.reshape(12, 4), expected, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("size", [2, 3])
def test_whitened_patches_have_zero_mean_and_identity_covariance(size):
    x = correlated_images()
    patches = fastcnn.image_patches(x, size)
    d = size * size * 3
    assert np.abs(np.corrcoef(patches.T) - np.eye(d)).max() > 0.5  # strongly correlated
    kernel, bias = fastcnn.patch_whitening(x, kernel_size=size, eps=0.0)
    assert kernel.shape == (size, size, 3, d) and bias.shape == (d,)
    z = patches @ kernel.reshape(d, d).astype(np.float64) + bias
    np.testing.assert_allclose(z.mean(0), 0, atol=1e-3)
    np.testing.assert_allclose(np.cov(z.T, bias=True), np.eye(d), atol=2e-3)
    # eps > 0: variances lambda / (lambda + eps * mean(lambda)), largest eigenvalue first
    kernel, bias = fastcnn.patch_whitening(x, kernel_size=size, eps=0.05)
    variances = np.var(patches @ kernel.reshape(d, d).astype(np.float64), axis=0)
    values = np.linalg.eigvalsh(np.cov(patches.T, bias=True))[::-1]
    np.testing.assert_allclose(variances, values / (values + 0.05 * values.mean()), rtol=1e-3)
    assert variances[-1] < 0.9 < variances[0]


def test_whitening_uses_at_most_max_images():
    x = correlated_images(n=30)
    a = fastcnn.patch_whitening(x, max_images=10)
    b = fastcnn.patch_whitening(x[:10])
    np.testing.assert_array_equal(a[0], b[0])


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"images": np.zeros((4, 4, 3))}, r"`images` must be an array \(n, height"),
        ({"kernel_size": 0}, r"kernel_size"),
        ({"kernel_size": 9}, r"`kernel_size` must be at most the image size"),
        ({"eps": -1.0}, r"`eps` must be a number >= 0"),
        ({"max_images": 0}, r"max_images"),
    ],
)
def test_patch_whitening_rejects_bad_arguments(kwargs, match):
    args = {"images": np.zeros((2, 8, 8, 3))} | kwargs
    with pytest.raises(ValueError, match=match):
        fastcnn.patch_whitening(args.pop("images"), **args)


def test_fast_cnn_layers_shapes_and_parameter_count():
    model = fastcnn.fast_cnn(width=8)
    assert model.name == "fast_cnn" and not model.compiled
    assert model.output_shape == (None, 10)
    assert model.get_layer("whiten").output.shape[1:] == (31, 31, 24)
    assert model.get_layer("block3_pool").output.shape[1:] == (3, 3, 32)
    assert [model.get_layer(f"block{i}_conv2").filters for i in (1, 2, 3)] == [8, 32, 32]
    assert not model.get_layer("block1_bn1").scale  # no learned scale, as in airbench
    assert model.get_layer("logits").dtype_policy.compute_dtype == "float32"
    assert model.get_layer("whiten").trainable  # no images given: an ordinary first layer
    convs = [(24, 8), (8, 8), (8, 32), (32, 32), (32, 32), (32, 32)]
    bn = 3 * (8 + 8 + 32 + 32 + 32 + 32)  # beta, moving mean, moving variance
    expected = (2 * 2 * 3 * 24 + 24) + sum(9 * i * o for i, o in convs) + bn + 32 * 10
    assert model.count_params() == expected


def test_whitened_first_layer_is_frozen_and_weights_load_into_an_unwhitened_build():
    x = correlated_images(n=20, size=32).astype("float32")
    model = fastcnn.fast_cnn(whiten=x, width=4)
    first = model.get_layer("whiten")
    assert not first.trainable
    kernel, bias = fastcnn.patch_whitening(x)
    np.testing.assert_allclose(first.kernel, np.concatenate([kernel, -kernel], -1), rtol=1e-6)
    np.testing.assert_allclose(first.bias, np.concatenate([bias, -bias]), rtol=1e-6)
    trainable_before = {v.path for v in model.trainable_variables}
    assert not any(p.startswith("whiten/") for p in trainable_before)
    other = fastcnn.fast_cnn(width=4)  # how saved weights are loaded (scripts/train_cifar10)
    other.set_weights(model.get_weights())
    np.testing.assert_allclose(other.predict(x[:3], verbose=0), model.predict(x[:3], verbose=0),
                               rtol=1e-5, atol=1e-5)


def test_dirac_init_makes_convolutions_start_as_identities():
    model = fastcnn.fast_cnn(width=4)
    same = keras.ops.convert_to_numpy(model.get_layer("block2_conv2").kernel)  # 16 -> 16
    identity = np.zeros((3, 3, 16, 16), "float32")
    identity[1, 1, np.arange(16), np.arange(16)] = 1
    np.testing.assert_array_equal(same, identity)
    wider = keras.ops.convert_to_numpy(model.get_layer("block2_conv1").kernel)  # 4 -> 16
    np.testing.assert_array_equal(wider[..., :4], identity[:, :, :4, :4])
    assert np.abs(wider[..., 4:]).max() > 0  # the other filters keep their random start
    x = np.random.default_rng(0).random((1, 6, 6, 16)).astype("float32")
    out = keras.ops.convert_to_numpy(model.get_layer("block2_conv2")(x))
    np.testing.assert_allclose(out, x, rtol=1e-6)  # an identity map at the start
    plain = fastcnn.fast_cnn(width=4, dirac=False)
    assert not np.array_equal(keras.ops.convert_to_numpy(
        plain.get_layer("block2_conv2").kernel), identity)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"width": 0}, r"width"),
        ({"dirac": 1}, r"`dirac` must be True or False"),
        ({"whiten_kernel": 0}, r"whiten_kernel"),
        ({"input_shape": (8, 8, 3)}, r"too small for fast_cnn.*at least 9"),
        ({"num_classes": 1}, r"num_classes"),
        ({"activation": "nope"}, r"`activation` must be a Keras activation"),
        ({"batch_norm_momentum": 1.0}, r"`batch_norm_momentum` must be a number in \(0, 1\)"),
        ({"logit_scale": 0}, r"`logit_scale` must be a number in \(0, inf\)"),
        ({"whiten": np.zeros((2, 28, 28, 3))}, r"`whiten` must be training images of shape"),
    ],
)
def test_fast_cnn_rejects_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        fastcnn.fast_cnn(**kwargs)


def test_triangular_schedule_values_and_config():
    schedule = fastrecipe.TriangularSchedule(2.0, 100, warmup_fraction=0.2, start_factor=0.1,
                                             end_factor=0.05)
    lr = [float(schedule(s)) for s in (0, 10, 20, 60, 100, 150)]
    assert lr == pytest.approx([0.2, 1.1, 2.0, 2.0 * (1 - 0.95 * 0.5), 0.1, 0.1], rel=1e-5)
    again = fastrecipe.TriangularSchedule.from_config(schedule.get_config())
    assert float(again(37)) == pytest.approx(float(schedule(37)))
    no_warmup = fastrecipe.TriangularSchedule(1.0, 10, warmup_fraction=0.0)
    assert float(no_warmup(0)) == pytest.approx(1.0)
    with pytest.raises(ValueError, match=r"`peak` must be a learning rate > 0"):
        fastrecipe.TriangularSchedule(0.0, 10)
    with pytest.raises(ValueError, match=r"warmup_fraction"):
        fastrecipe.TriangularSchedule(1.0, 10, warmup_fraction=1.0)


def test_compile_fast_sets_nesterov_sgd_ema_smoothing_and_trains():
    model = fastcnn.fast_cnn(width=4)
    fastrecipe.compile_fast(model, epochs=2, steps_per_epoch=3, ema_momentum=0.5,
                            label_smoothing=0.1)
    opt = model.optimizer
    assert isinstance(opt, keras.optimizers.SGD) and opt.nesterov and opt.use_ema
    assert opt.ema_momentum == 0.5 and opt.weight_decay == fastrecipe.FAST_RECIPE["weight_decay"]
    assert model.loss.from_logits and model.loss.smoothing == 0.1
    assert float(opt.learning_rate) == pytest.approx(0.2 * 0.75)
    x = np.random.default_rng(0).integers(0, 256, (12, 32, 32, 3), dtype=np.uint8)
    data = fastrecipe.FlipTranslate(x, np.arange(12) % 10, batch_size=4)
    history = model.fit(data, epochs=2, verbose=0)
    assert np.isfinite(history.history["loss"]).all() and int(opt.iterations) == 6
    plain = fastcnn.fast_cnn(width=4)
    fastrecipe.compile_fast(plain, epochs=1, steps_per_epoch=1, ema_momentum=None)
    assert not plain.optimizer.use_ema


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"epochs": 0}, r"epochs"),
        ({"momentum": 1.0}, r"momentum"),
        ({"weight_decay": -1}, r"`weight_decay` must be a number >= 0"),
        ({"ema_momentum": 1.5}, r"ema_momentum"),
        ({"ema_overwrite_every": 0}, r"ema_overwrite_every"),
    ],
)
def test_compile_fast_rejects_bad_arguments(kwargs, match):
    args = {"epochs": 1, "steps_per_epoch": 1} | kwargs
    with pytest.raises(ValueError, match=match):
        fastrecipe.compile_fast(fastcnn.fast_cnn(width=2), **args)


def test_flip_translate_alternates_flips_and_shifts_within_the_padding():
    x = np.arange(6 * 8 * 8 * 1, dtype=np.float32).reshape(6, 8, 8, 1)
    data = fastrecipe.FlipTranslate(x, np.arange(6), batch_size=6, translate=0, scale=1.0)
    seen = {}
    for _ in range(3):
        images, labels = data[0]
        for img, label in zip(images, labels, strict=True):
            flipped = np.array_equal(img, x[label, :, ::-1])
            assert flipped or np.array_equal(img, x[label])
            seen.setdefault(int(label), []).append(flipped)
        data.on_epoch_end()
    assert all(f[0] != f[1] and f[0] == f[2] for f in seen.values())  # alternating per image
    assert {f[0] for f in seen.values()} == {True, False}  # the first flips are random
    shifted = fastrecipe.FlipTranslate(x, np.arange(6), batch_size=6, translate=2, flip=None,
                                       scale=1.0, seed=3)
    images, labels = shifted[0]
    padded = np.pad(x, ((0, 0), (2, 2), (2, 2), (0, 0)), mode="reflect")
    for img, label in zip(images, labels, strict=True):
        assert any(np.array_equal(img, padded[label, r:r + 8, c:c + 8])
                   for r in range(5) for c in range(5))
    assert images.dtype == np.float32 and len(shifted) == 1
    with pytest.raises(ValueError, match=r"`flip` must be"):
        fastrecipe.FlipTranslate(x, np.arange(6), batch_size=2, flip="sometimes")
    with pytest.raises(ValueError, match=r"`translate` must be an integer"):
        fastrecipe.FlipTranslate(x, np.arange(6), batch_size=2, translate=8)


def test_predict_tta_averages_logits_of_the_views():
    model = fastcnn.fast_cnn(width=2)
    x = np.random.default_rng(2).random((3, 32, 32, 3)).astype("float32")

    def logits(images):
        return model.predict(images, verbose=0)

    np.testing.assert_allclose(fastrecipe.predict_tta(model, x, level=0), logits(x), rtol=1e-5)
    mirror = (logits(x) + logits(x[:, :, ::-1])) / 2
    np.testing.assert_allclose(fastrecipe.predict_tta(model, x, level=1), mirror, rtol=1e-5,
                               atol=1e-6)
    padded = np.pad(x, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="reflect")
    views = [padded[:, :32, :32], padded[:, 2:, 2:]]
    expected = mirror / 2 + sum((logits(v) + logits(v[:, :, ::-1])) / 2 for v in views) / 4
    np.testing.assert_allclose(fastrecipe.predict_tta(model, x), expected, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError, match=r"`level` must be 0, 1 or 2"):
        fastrecipe.predict_tta(model, x, level=3)


def test_device_policy_cpu_branch_and_gpu_choice(monkeypatch):
    import tensorflow as tf

    assert fastrecipe.device_policy(gpus=[]) == {"dtype_policy": "float32",
                                                 "jit_compile": False}
    monkeypatch.setattr(tf.config, "list_physical_devices", lambda kind=None: [])
    assert fastrecipe.use_device_policy()["dtype_policy"] == "float32"
    assert keras.mixed_precision.global_policy().name == "float32"
    fake_gpu = tf.config.PhysicalDevice(name="/physical_device:GPU:0", device_type="GPU")
    monkeypatch.setattr(tf.config, "list_physical_devices",
                        lambda kind=None: [fake_gpu] if kind == "GPU" else [])
    try:
        policy = fastrecipe.use_device_policy()
        assert policy["dtype_policy"] == "mixed_float16"
        assert policy["jit_compile"] is (keras.backend.backend() != "torch")
        model = fastcnn.fast_cnn(width=2)
        assert model.get_layer("block1_conv1").compute_dtype == "float16"
        assert model.output.dtype == "float32"  # logits stay float32
    finally:
        keras.mixed_precision.set_global_policy("float32")


def test_pretrained_fast_cnn_checks_the_manifest_and_loads(tmp_path):
    import json

    with pytest.raises(pretrained.WeightsError, match=r"No manifest cifar10_fast_cnn.json"):
        pretrained.cifar10_fast_cnn(folder=tmp_path)
    trained = fastcnn.fast_cnn(whiten=correlated_images(n=8, size=32), width=2)
    path = tmp_path / "cifar10_fast_cnn.weights.h5"
    trained.save_weights(path)
    (tmp_path / "cifar10_fast_cnn.json").write_text(json.dumps(
        {"file": path.name, "sha256": sha256_file(path), "bytes": path.stat().st_size,
         "builder": "dlcourse.fastcnn.fast_cnn", "builder_kwargs": {"width": 2}}))
    model = pretrained.cifar10_fast_cnn(folder=tmp_path)
    x = correlated_images(n=2, size=32, seed=1).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), trained.predict(x, verbose=0),
                               rtol=1e-5, atol=1e-6)


def load_train_script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "scripts" / "train_cifar10.py"
    spec = importlib.util.spec_from_file_location("train_cifar10", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_train_script_ablation_variants_and_table():
    script = load_train_script()
    recipe = fastrecipe.FAST_RECIPE
    plain = script.merged(recipe, script.ABLATIONS["no dirac (identity) initialisation"])
    assert plain["builder"] == recipe["builder"] | {"dirac": False}
    assert recipe["builder"]["dirac"] is True  # the recipe itself is left alone
    for change in script.ABLATIONS.values():  # every variant changes a key the recipe has
        assert set(change) <= set(recipe) | {"whiten"}
        assert set(change.get("builder", {})) <= set(recipe["builder"])

    def row(name, accs, cpu):
        tta = {f"tta{k}": {"accuracy": a, "cpu_seconds": 5.0} for k, a in enumerate(accs)}
        log = [{"test_accuracy": 0.5, "cpu_seconds": cpu / 2}] * 2
        return {"variant": name, "params": 10, "log": log, "tta": tta,
                "totals": {"train_cpu": cpu, "train_wall": cpu / 2}}

    text = script.ablation_table([row("full recipe", (0.90, 0.91, 0.92), 1000.0),
                                  row("no EMA", (0.88, 0.89, 0.90), 990.0)],
                                 recipe, 12, "CIFAR-10 (JPEG copy)", 50_000, 10_000)
    assert "| no EMA | 10 | 88.00 % | 89.00 % | 90.00 % | +2.00 points | 495 | 990 | +10 | 5 |" \
        in text
    assert "- full recipe: 50.0 % @ 500, 50.0 % @ 1000" in text


def test_train_script_ablation_runs_the_full_recipe_first_then_the_variants_named(
        tmp_path, monkeypatch):
    script = load_train_script()
    trained = []

    class Model:
        def count_params(self):
            return 10

    def fake_build(kind, recipe, x=None):
        trained.append(recipe)
        return Model()

    monkeypatch.setattr(script, "build", fake_build)
    monkeypatch.setattr(script, "compile_model", lambda *args, **kwargs: None)
    monkeypatch.setattr(script, "train", lambda *args: args[7]["log"].append(
        {"test_accuracy": 0.5, "cpu_seconds": 1.0}))
    monkeypatch.setattr(script, "final_accuracy", lambda *args: {"tta": {
        f"tta{k}": {"accuracy": 0.8, "cpu_seconds": 1.0} for k in range(3)}})
    x, xt = np.zeros((4, 32, 32, 3), "uint8"), np.zeros((2, 32, 32, 3), "float32")
    path = tmp_path / "ablation.md"
    name = "no dirac (identity) initialisation"
    script.ablation(fastrecipe.FAST_RECIPE, x, np.zeros(4), xt, np.zeros(2), 1, path,
                    "test data", variants=[name])
    assert [r["builder"]["dirac"] for r in trained] == [True, False]
    rows = [line.split(" | ")[0] for line in path.read_text().splitlines()
            if line.startswith("| ") and "%" in line]
    assert rows == ["| full recipe", f"| {name}"]


@pytest.mark.parametrize(
    ("argv", "match"),
    [(["--ablation"], "--ablation needs --recipe fast"),
     (["--recipe", "fast", "--subset", "100"], "--subset .* needs --out"),
     (["--recipe", "fast", "--variants", "no translation"], "--variants needs --ablation"),
     (["--recipe", "fast", "--ablation", "--variants", "no dropout"], "invalid choice")],
)
def test_train_script_refuses_inconsistent_options(argv, match, capsys):
    with pytest.raises(SystemExit):
        load_train_script().main(argv)
    assert re.search(match, capsys.readouterr().err)


def shipped_fast_manifest() -> dict:
    if not (pretrained.WEIGHTS_DIR / "cifar10_fast_cnn.json").is_file():
        pytest.skip("no shipped fast weights in this checkout")
    return pretrained.manifest("cifar10_fast_cnn")


def test_shipped_fast_weights_meet_the_issue_in_their_own_log():
    info = shipped_fast_manifest()
    assert pretrained.verify("cifar10_fast_cnn").name == info["file"]  # SHA-256 checked
    assert info["complete"] and len(info["log"]) == info["recipe"]["epochs"]
    assert info["data"].endswith("50,000 train / 10,000 test") and not info["resumed"]
    # >= 85 % on the 10,000 test images with the final weights, without test-time augmentation
    assert info["test_accuracy"] >= 0.85 and info["test_accuracy_tta"] >= info["test_accuracy"]
    # <= 30 minutes of training wall time: the per-epoch log adds up to the recorded total
    assert info["train_wall_seconds"] <= 1800
    assert sum(r["wall_seconds"] for r in info["log"]) <= info["train_wall_seconds"] + 1
    assert info["load_average_at_start"] is not None
    assert info["bytes"] < 6_000_000  # no optimizer state


def test_shipped_fast_network_whitening_layer_holds_filters_and_their_negatives():
    info = shipped_fast_manifest()
    model = pretrained.cifar10_fast_cnn()
    assert model.count_params() == info["params"]
    kernel, bias = (keras.ops.convert_to_numpy(w) for w in model.get_layer("whiten").weights)
    d = kernel.shape[-1] // 2
    np.testing.assert_array_equal(kernel[..., d:], -kernel[..., :d])  # filters and negatives
    np.testing.assert_array_equal(bias[d:], -bias[:d])
    fresh = fastcnn.fast_cnn(**info["builder_kwargs"])
    assert not np.allclose(keras.ops.convert_to_numpy(model.get_layer("logits").kernel),
                           keras.ops.convert_to_numpy(fresh.get_layer("logits").kernel))


def test_shipped_fast_network_on_the_test_images_this_machine_has():
    shipped_fast_manifest()
    from dlcourse import data

    try:
        _, (x_test, y_test) = data.load_cifar10(download=False, verbose=False)
    except data.DatasetNotFoundError as error:
        pytest.skip(f"no local CIFAR-10: {str(error).splitlines()[0]}")
    model = pretrained.cifar10_fast_cnn()
    x = x_test.astype("float32") / 255
    plain = np.mean(fastrecipe.predict_tta(model, x, level=0).argmax(1) == y_test[:, 0])
    assert plain >= 0.85, plain  # any copy: the full test set, or the CI subset of it
    flipped = np.mean(fastrecipe.predict_tta(model, x, level=1).argmax(1) == y_test[:, 0])
    assert flipped >= plain - 0.005
