"""Exercise checks of notebook 15 (a CNN on CIFAR-10)."""

from __future__ import annotations

from dlcourse.exercises._core import Parts, exercise
from dlcourse.exercises._layers import Want, check_stack


@exercise(
    "15.1",
    names=("params_two_3x3", "params_one_5x5", "receptive_field"),
    nudge="Count the weights of one convolution first: kernel area x input maps x filters.",
    hint="A convolution without bias has (kernel height x kernel width x input maps) weights per "
    "filter. The second 3x3 convolution looks at 3x3 outputs of the first, and each of those "
    "looks at its own 3x3 window of the input: draw the windows on a grid and count the side.",
)
def _vgg_pair(p: Parts) -> None:
    maps = 128
    one_3x3 = 3 * 3 * maps * maps
    p.equal("params_two_3x3", 2 * one_3x3, mistakes={
        "counts one of the two convolutions": one_3x3,
        "adds a bias per filter: the convolutions are followed by batch normalization and have "
        "none": 2 * (one_3x3 + maps),
        "leaves out the input maps: each filter spans all of them": 2 * 3 * 3 * maps,
        "counts the kernel's side, not its area": 2 * 3 * maps * maps,
    })
    p.equal("params_one_5x5", 5 * 5 * maps * maps, mistakes={
        "adds a bias per filter: there is none here": 5 * 5 * maps * maps + maps,
        "leaves out the input maps": 5 * 5 * maps,
        "counts the kernel's side, not its area": 5 * maps * maps,
    })
    p.equal("receptive_field", 5, mistakes={
        "adds the two kernel sides, but neighbouring windows overlap": 6,
        "multiplies the kernel sides: the windows grow by 2 pixels per 3x3 layer": 9,
        "is one kernel's side: the second layer sees further": 3,
    })


# Block 4 on top of the network's 4x4x128 maps: VGG's two 3x3 convolutions with batch norm.
BLOCK4 = (
    Want("conv", 256, (3, 3), padding="same", use_bias=False),
    Want("bn", momentum=0.9),
    Want("relu"),
    Want("conv", 256, (3, 3), padding="same", use_bias=False),
    Want("bn", momentum=0.9),
    Want("relu"),
    Want("maxpool", kernel=(2, 2)),
)


@exercise(
    "15.2",
    names=("block4",),
    nudge="Compare your block with block 3 of the network built above, layer by layer.",
    hint="Copy the pattern of one block of the hand-built network: Conv2D without bias and "
    "without activation, BatchNormalization, Activation('relu'), twice, then MaxPooling2D. Only "
    "the number of filters and the input shape change.",
)
def _block4(p: Parts) -> None:
    check_stack(p, "block4", (None, 4, 4, 128), (None, 2, 2, 256), BLOCK4)
