"""Exercise checks of notebook 14 (LeNet-5)."""

from __future__ import annotations

from dlcourse.exercises._core import Parts, exercise
from dlcourse.exercises._layers import Want, check_stack


@exercise(
    "14.1",
    names=("c3_weights_per_filter", "c3_params"),
    nudge="A filter of C3 spans every feature map of S2.",
    hint="One filter of C3 is a k x k window on each input map: count its weights over all the "
    "maps S2 hands on. Every filter then adds one bias, and the layer has as many filters as it "
    "makes feature maps.",
)
def _c3(p: Parts) -> None:
    kernel, maps_in, maps_out = 5, 6, 16
    per_filter = kernel * kernel * maps_in
    p.equal("c3_weights_per_filter", per_filter, mistakes={
        "counts one input map only: each filter spans all the maps of S2": kernel * kernel,
        "uses C3's output maps, not S2's maps, as the filter's depth": kernel * kernel * maps_out,
        "counts the kernel's side, not its area": kernel * maps_in,
    })
    p.require(p["c3_params"] != p["c3_weights_per_filter"] + 1, "c3_params",
              "counts one filter only: the layer has a filter per output map")
    p.equal("c3_params", (per_filter + 1) * maps_out, mistakes={
        "has no bias: every filter adds one": per_filter * maps_out,
        "has one bias for the whole layer: every filter has its own": per_filter * maps_out + 1,
        "has one bias per input map: the bias belongs to each filter (output map)":
            per_filter * maps_out + maps_in,
        "counts one input map per filter: each filter spans all the maps of S2":
            (kernel * kernel + 1) * maps_out,
        "counts the parameters of one filter only": per_filter + 1,
    })


# Deck Z's "Define convnet architecture" in Keras 3 (28x28 input, no padding).
DECK_Z = (
    Want("conv", 6, (5, 5), activation="relu"),
    Want("maxpool", kernel=(2, 2)),
    Want("conv", 16, (5, 5), activation="relu"),
    Want("maxpool", kernel=(2, 2)),
    Want("flatten"),
    Want("dense", 120, activation="relu"),
    Want("dense", 84, activation="relu"),
    Want("dense", 10, activation="softmax"),
)


@exercise(
    "14.2",
    names=("deck_z_net",),
    nudge="Compare your layers with the slide, one line at a time.",
    hint="Keras 3's Conv2D takes (filters, kernel_size, strides, ...): the kernel size is one "
    "tuple. Channels come last in keras.Input. Each slide line becomes one layer, with the same "
    "activation.",
)
def _deck_z(p: Parts) -> None:
    check_stack(p, "deck_z_net", (None, 28, 28, 1), (None, 10), DECK_Z)

