"""Tests for dlcourse.scratch and dlcourse.backprop: the decks' numbers, TensorFlow cross-checks."""

import doctest

import numpy as np
import pytest

import dlcourse.backprop
import dlcourse.convolution
from dlcourse import scratch
from dlcourse.scratch import Net222

Z = np.linspace(-4.0, 4.0, 17)  # includes 0.0


# --------------------------------------------------------------------------- worked numbers


def test_docstring_examples_run():
    for module in (scratch, dlcourse.backprop, dlcourse.convolution):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0


def test_deck_losses():
    # deck Z: MSE of 7 predictions
    got = scratch.mse([1, 0, 0, 0, 1, 1, 1], [0.9, 0.2, 0.1, 0.2, 0.4, 0.9, 0.8])
    assert round(got, 6) == 0.072857
    # deck W: y = 2x + 4 against a = 3x + 2 for x = 1..8
    x = np.arange(1, 9)
    assert scratch.quadratic_cost(2 * x + 4, 3 * x + 2) == pytest.approx(5.75)
    # deck W: one-hot (0, 1, 0) against (0.228, 0.619, 0.153)
    # (-ln 0.619 = 0.47965: the deck truncates to 0.479; rounded it is 0.480)
    got = scratch.cross_entropy([0, 1, 0], [0.228, 0.619, 0.153])
    assert 0.479 <= got < 0.480
    assert got == pytest.approx(-np.log(0.619))


def test_cross_entropy_batch_is_mean_of_rows():
    p = np.array([[0, 1, 0], [1, 0, 0]])
    q = np.array([[0.2, 0.7, 0.1], [0.5, 0.25, 0.25]])
    expected = (-np.log(0.7) - np.log(0.5)) / 2
    assert scratch.cross_entropy(p, q) == pytest.approx(expected)


def test_binary_cross_entropy_matches_formula_and_clips():
    y = np.array([1, 0, 1, 0])
    p = np.array([0.9, 0.2, 0.6, 0.4])
    expected = -np.mean(np.log([0.9, 0.8, 0.6, 0.6]))
    assert scratch.binary_cross_entropy(y, p) == pytest.approx(expected)
    # a confident wrong answer is finite (clipped), not inf
    assert np.isfinite(scratch.binary_cross_entropy([1.0], [0.0]))
    assert scratch.binary_cross_entropy([1.0], [0.0]) == pytest.approx(-np.log(1e-7))


def test_activation_values():
    np.testing.assert_allclose(scratch.sigmoid([0.0, 2.0]), [0.5, 1 / (1 + np.exp(-2))])
    assert scratch.sigmoid(-1000.0) == 0.0  # no overflow error
    np.testing.assert_array_equal(scratch.relu([-2.0, 0.0, 3.0]), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(scratch.leaky_relu([-2.0, 3.0]), [-0.2, 3.0])
    np.testing.assert_allclose(scratch.elu([-1.0, 2.0]), [np.exp(-1) - 1, 2.0])
    np.testing.assert_array_equal(scratch.hardlim([-0.6, 0.0, 0.4]), [0.0, 1.0, 1.0])
    s = scratch.softmax([[1000.0, 1000.0], [0.0, np.log(3.0)]])  # stable for huge inputs
    np.testing.assert_allclose(s, [[0.5, 0.5], [0.25, 0.75]])
    out = scratch.maxout([1.0, 2.0], [[1.0], [0.0]], [0.0], [[0.0], [1.0]], [-0.5])
    np.testing.assert_allclose(out, [1.5])


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "elu", "linear"])
def test_derivatives_match_finite_differences(name):
    f, df = scratch.ACTIVATIONS[name]
    z = Z[np.abs(Z) > 0.1]  # away from the kinks
    h = 1e-6
    numeric = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(df(z), numeric, rtol=1e-5, atol=1e-8)


def test_forward_passes():
    x = np.array([[1.0, 2.2], [0.0, 0.0]])
    w = np.array([0.3, 0.1])
    np.testing.assert_allclose(scratch.dense_forward(x, w, 1.0), scratch.sigmoid([1.52, 1.0]))
    np.testing.assert_allclose(scratch.dense_forward(x, w, 1.0, activation="linear"), [1.52, 1.0])
    W1 = np.array([[1.0, -1.0], [0.5, 2.0]])
    b1 = np.array([0.1, -0.2])
    W2 = np.array([[2.0], [-3.0]])
    hidden = scratch.sigmoid(x @ W1 + b1)
    np.testing.assert_allclose(
        scratch.predict_hidden(x, W1, b1, W2, 0.5), scratch.sigmoid(hidden @ W2 + 0.5)
    )
    np.testing.assert_allclose(scratch.predict_no_hidden(x, W1, b1), scratch.sigmoid(x @ W1 + b1))
    probs = scratch.dense_forward(x, W1, b1, activation="softmax")
    np.testing.assert_allclose(probs.sum(axis=1), [1.0, 1.0])


def test_gradient_descent_traces():
    trace = scratch.gradient_descent(lambda x: 2 * (x - 3), 0.0, lr=0.1, steps=50)
    assert trace.shape == (51,)
    assert trace[0] == 0.0 and trace[1] == pytest.approx(0.6)
    assert trace[-1] == pytest.approx(3.0, abs=1e-4)
    # 2-D: f(x, y) = x**2 + 10 y**2
    trace2 = scratch.gradient_descent(
        lambda v: np.array([2 * v[0], 20 * v[1]]), [1.0, 1.0], lr=0.05, steps=100
    )
    assert trace2.shape == (101, 2)
    np.testing.assert_allclose(trace2[1], [0.9, 0.0])
    # too large a learning rate diverges instead of raising
    diverging = scratch.gradient_descent(lambda x: 2 * x, 1.0, lr=1.5, steps=5)
    assert abs(diverging[-1]) == pytest.approx(32.0)


# --------------------------------------------------------------------------- Net222 (deck K)


def test_net222_forward_and_error():
    net = Net222.kuzovkin()
    f = net.forward()
    assert round(f["net_h1"], 4) == 0.3775
    assert round(f["out_h1"], 9) == 0.593269992
    assert round(f["out_o1"], 8) == 0.75136507
    assert round(f["out_o2"], 9) == 0.772928465
    assert round(net.errors()["E_total"], 9) == 0.298371109


def test_net222_chain_rule_and_update():
    net = Net222.kuzovkin()
    g = net.gradients()
    assert round(g["w5"], 9) == 0.082167041
    assert g["w5"] == pytest.approx(g["dE_dout_o1"] * g["dout_o1_dnet_o1"] * g["dnet_o1_dw5"])
    new = net.step()
    assert round(new.w[4], 8) == 0.35891648
    np.testing.assert_array_equal(new.b, net.b)  # deck convention: biases fixed
    np.testing.assert_array_equal(net.w, Net222.kuzovkin().w)  # step() returns a new network
    assert round(new.errors()["E_total"], 9) == 0.291027774


def test_net222_training_reproduces_curriculum():
    trained, errors = Net222.kuzovkin().train(10_000)
    assert errors.shape == (10_000,)
    assert round(errors[0], 9) == 0.291027774
    assert f"{errors[-1]:.4e}" == "3.5102e-05"
    assert trained.errors()["E_total"] == errors[-1]
    # updating the biases too is a different convention with a different error
    _, with_bias = Net222.kuzovkin().train(1, update_biases=True)
    assert round(with_bias[0], 9) == 0.285750887


# --------------------------------------------------------------------------- convolution, pooling

DECK_N_IMAGE = [[1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 1, 1], [0, 0, 1, 1, 0], [0, 1, 1, 0, 0]]
DECK_N_KERNEL = [[1, 0, 1], [0, 1, 0], [1, 0, 1]]


def test_conv2d_deck_n():
    got = scratch.conv2d(DECK_N_IMAGE, DECK_N_KERNEL)
    np.testing.assert_array_equal(got, [[4, 3, 4], [2, 4, 3], [2, 3, 4]])


def test_conv2d_shapes():
    image = np.arange(42.0).reshape(6, 7)
    kernel = np.ones((3, 3))
    assert scratch.conv2d(image, kernel).shape == (4, 5)
    assert scratch.conv2d(image, kernel, padding="same").shape == (6, 7)
    assert scratch.conv2d(image, kernel, stride=2).shape == (2, 3)
    assert scratch.conv2d(image, kernel, padding="same", stride=2).shape == (3, 4)


def test_conv2d_is_cross_correlation():
    image = np.zeros((3, 3))
    image[0, 0] = 1.0
    kernel = np.array([[1.0, 2.0], [3.0, 4.0]])
    # no flip: the top-left pixel meets the kernel's top-left weight
    assert scratch.conv2d(image, kernel)[0, 0] == 1.0


def test_pool2d():
    x = np.array([[1, 2, 0, 1], [3, 4, 1, 0], [0, 0, 5, 6], [1, 1, 7, 8]])
    np.testing.assert_array_equal(scratch.pool2d(x), [[4, 1], [1, 8]])
    np.testing.assert_allclose(scratch.pool2d(x, mode="avg"), [[2.5, 0.5], [0.5, 6.5]])
    assert scratch.pool2d(x, size=2, stride=1).shape == (3, 3)
    assert scratch.pool2d(np.ones((5, 5)), size=2).shape == (2, 2)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: scratch.conv2d(np.ones((5, 5, 1)), np.ones((3, 3))), r"image.*2-D.*one channel"),
        (lambda: scratch.conv2d(np.ones((5, 5)), np.ones(3)), r"kernel.*2-D.*\(3,\)"),
        (lambda: scratch.conv2d(np.ones((2, 2)), np.ones((3, 3))), r"larger than `image`"),
        (lambda: scratch.conv2d(np.ones((5, 5)), np.ones((3, 3)), stride=0), r"stride=0"),
        (lambda: scratch.conv2d(np.ones((5, 5)), np.ones((3, 3)), padding="full"), "'full'"),
        (lambda: scratch.pool2d(np.ones((4, 4)), mode="min"), r"mode='min'"),
        (lambda: scratch.pool2d(np.ones((4, 4)), size=5), r"larger than `x`.*size=5"),
        (lambda: scratch.pool2d(np.ones((4, 4)), stride=-1), r"stride=-1"),
        (lambda: scratch.pool2d(np.ones(4)), r"x.*2-D.*\(4,\)"),
        (lambda: scratch.sigmoid("abc"), r"`z` must be numbers.*'abc'"),
        (lambda: scratch.softmax(1.0), r"scalar"),
        (lambda: scratch.dense_forward([1.0, 2.0, 3.0], np.ones((2, 4)), 0.0), r"3 features.*2"),
        (lambda: scratch.dense_forward([1.0, 2.0], np.ones((2, 4)), np.ones(3)), r"b.shape=\(3,\)"),
        (lambda: scratch.dense_forward([1.0, 2.0], [1.0, 1.0], 0.0, "swish"), r"'swish'"),
        (lambda: scratch.dense_forward(np.ones((1, 1, 2)), np.ones(2), 0.0), r"\(1, 1, 2\)"),
        (lambda: scratch.mse([1, 2], [1, 2, 3]), r"same shape.*\(2,\).*\(3,\)"),
        (lambda: scratch.mse([], []), r"non-empty"),
        (lambda: scratch.cross_entropy([0, 1], [-1.0, 3.0]), r"q_pred.*probabilities.*max=3"),
        (lambda: scratch.binary_cross_entropy([0, 2], [0.5, 0.5]), r"`y` must hold"),
        (lambda: scratch.gradient_descent(lambda x: x, 1.0, lr=0, steps=3), r"lr=0"),
        (lambda: scratch.gradient_descent(lambda x: x, 1.0, lr=0.1, steps=-1), r"steps=-1"),
        (lambda: scratch.gradient_descent(lambda x: [1, 2], 1.0, lr=0.1, steps=1), r"\(2,\)"),
        (lambda: scratch.gradient_descent(len, np.ones((2, 2)), lr=0.1, steps=1), r"\(2, 2\)"),
        (lambda: Net222(np.ones(7), [0, 0]), r"eight weights.*\(7,\)"),
        (lambda: Net222(np.ones(8), [0]), r"two biases.*\[0\.0\]"),
        (lambda: Net222.kuzovkin().forward((1, 2, 3)), r"`i` must be two numbers.*\(1, 2, 3\)"),
        (lambda: Net222.kuzovkin().step(lr=-0.5), r"lr=-0.5"),
        (lambda: Net222.kuzovkin().train(0), r"steps=0"),
    ],
)
def test_bad_input_names_the_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ------------------------------------------------------------------------ TensorFlow cross-checks


def test_net222_gradients_match_gradient_tape(tf):
    net = Net222.kuzovkin()
    w = tf.Variable(net.w, dtype=tf.float64)
    b = tf.Variable(net.b, dtype=tf.float64)
    i = tf.constant(Net222.INPUT, dtype=tf.float64)
    t = tf.constant(Net222.TARGET, dtype=tf.float64)
    with tf.GradientTape() as tape:
        h = tf.sigmoid(tf.stack([w[0] * i[0] + w[1] * i[1], w[2] * i[0] + w[3] * i[1]]) + b[0])
        o = tf.sigmoid(tf.stack([w[4] * h[0] + w[5] * h[1], w[6] * h[0] + w[7] * h[1]]) + b[1])
        e_total = tf.reduce_sum(0.5 * (t - o) ** 2)
    dw, db = tape.gradient(e_total, [w, b])
    g = net.gradients()
    np.testing.assert_allclose([g[f"w{k}"] for k in range(1, 9)], dw.numpy(), rtol=1e-12)
    np.testing.assert_allclose([g["b1"], g["b2"]], db.numpy(), rtol=1e-12)
    assert net.errors()["E_total"] == pytest.approx(float(e_total), rel=1e-12)


def _tol(float32_rtol: float = 1e-5) -> dict:
    """Tolerances for Keras layers asked to compute in float64. TensorFlow does, to 1e-10. JAX
    (without `jax_enable_x64`) and PyTorch give float32 precision here (differences of about 1e-8
    relative were measured), so on them the scratch code is compared at float32 precision: a wrong
    formula is still off by far more."""
    import keras

    if keras.backend.backend() == "tensorflow":
        return {"rtol": 1e-10, "atol": 1e-12}
    return {"rtol": float32_rtol, "atol": 1e-6}


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "elu", "linear"])
def test_dense_forward_and_derivative_match_keras(name):
    import keras

    from dlcourse import backend

    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 3))
    W = rng.normal(size=(3, 4))
    b = rng.normal(size=4)
    layer = keras.layers.Dense(4, activation=name, dtype="float64")
    layer.build((None, 3))
    layer.set_weights([W, b])
    np.testing.assert_allclose(scratch.dense_forward(x, W, b, name),
                               keras.ops.convert_to_numpy(layer(x)), **_tol())
    # the derivative agrees with automatic differentiation of Keras' activation: with an identity
    # kernel and the summed output as loss, dLoss/dW[j, j] = z_j * f'(z_j)
    z = Z[Z != 0.0]
    model = keras.Sequential([keras.Input((len(z),)), keras.layers.Dense(
        len(z), activation=name, use_bias=False, dtype="float64")])
    model.layers[0].set_weights([np.eye(len(z))])
    (grad,) = backend.gradients(model, lambda y, out: keras.ops.sum(out), z[None, :], None)
    _, df = scratch.ACTIVATIONS[name]
    np.testing.assert_allclose(df(z), np.diag(grad) / z, **_tol())


def test_softmax_and_leaky_relu_match_keras(tf):
    import keras

    z = np.random.default_rng(1).normal(size=(4, 6))
    rtol = 1e-7 if keras.backend.backend() == "tensorflow" else 1e-6  # float32 either way
    softmax = keras.ops.convert_to_numpy(keras.activations.softmax(z))
    np.testing.assert_allclose(scratch.softmax(z), softmax, rtol=rtol)
    out = keras.ops.convert_to_numpy(keras.activations.leaky_relu(z, negative_slope=0.1))
    np.testing.assert_allclose(scratch.leaky_relu(z), out, rtol=rtol)


@pytest.mark.parametrize(
    ("padding", "stride"), [("valid", 1), ("valid", 2), ("same", 1), ("same", 2)]
)
def test_conv2d_matches_keras_conv2d(tf, padding, stride):
    import keras

    rng = np.random.default_rng(2)
    for shape, kshape in [((7, 8), (3, 3)), ((6, 6), (2, 3)), ((5, 5), (4, 4))]:
        image = rng.normal(size=shape)
        kernel = rng.normal(size=kshape)
        layer = keras.layers.Conv2D(
            1, kshape, strides=stride, padding=padding, use_bias=False, dtype="float64"
        )
        layer.build((None, *shape, 1))
        layer.set_weights([kernel[:, :, None, None]])
        expected = keras.ops.convert_to_numpy(layer(image[None, :, :, None]))[0, :, :, 0]
        got = scratch.conv2d(image, kernel, padding=padding, stride=stride)
        np.testing.assert_allclose(got, expected, **_tol())


@pytest.mark.parametrize(("mode", "size", "stride"), [("max", 2, None), ("avg", 2, None),
                                                      ("max", 3, 1), ("avg", 3, 2)])
def test_pool2d_matches_keras_pooling(tf, mode, size, stride):
    import keras

    x = np.random.default_rng(3).normal(size=(7, 6))
    cls = keras.layers.MaxPooling2D if mode == "max" else keras.layers.AveragePooling2D
    layer = cls(pool_size=size, strides=stride, dtype="float64")
    expected = keras.ops.convert_to_numpy(layer(x[None, :, :, None]))[0, :, :, 0]
    np.testing.assert_allclose(scratch.pool2d(x, size=size, stride=stride, mode=mode), expected,
                               **_tol(float32_rtol=1e-7))
