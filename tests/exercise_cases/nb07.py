"""Notebook 07: reference solutions and wrong answers (functions of the forward pass)."""

from dlcourse.backprop import Net222
from dlcourse.scratch import sigmoid_grad as f_prime

NET = Net222.kuzovkin()
GRADS = NET.gradients()


def chain(d_out=lambda f, t1: -(t1 - f["out_o1"]), d_net=lambda f: f["out_o1"] * (1 - f["out_o1"]),
          d_w5=lambda f: f["out_h1"], product=None):
    """A learner's w5_chain(fwd, t1), each factor replaceable by a mistake."""

    def w5_chain(fwd, t1):
        a, b, c = d_out(fwd, t1), d_net(fwd), d_w5(fwd)
        return a, b, c, a * b * c if product is None else product(a, b, c)

    return {"w5_chain": w5_chain}


def w3(wa="w6", wb="w8", net_h="net_h2", swap_targets=False, sign=1.0, input_=None):
    """A learner's dE_dw3(fwd, w, y1, y2, i1), adapted from deck Z's formula (or not quite)."""

    def dE_dw3(fwd, w, y1, y2, i1):
        if swap_targets:
            y1, y2 = y2, y1
        i = i1 if input_ is None else input_
        return sign * ((fwd["out_o1"] - y1) * f_prime(fwd["net_o1"]) * w[wa]
                       + (fwd["out_o2"] - y2) * f_prime(fwd["net_o2"]) * w[wb]) * f_prime(
            fwd[net_h]) * i

    return {"dE_dw3": dE_dw3}


CASES = {
    "07.1": {
        "right": lambda: chain(),
        "wrong": {
            "stub": lambda: {"w5_chain": ...},
            "stub function": lambda: {"w5_chain": lambda fwd, t1: ...},
            "sign of the error flipped": lambda: chain(d_out=lambda f, t1: t1 - f["out_o1"]),
            "sigmoid derivative at net, written with net": lambda: chain(
                d_net=lambda f: f["net_o1"] * (1 - f["net_o1"])),
            "out_o1 as the third factor": lambda: chain(d_w5=lambda f: f["out_o1"]),
            "out_h2 instead of out_h1": lambda: chain(d_w5=lambda f: f["out_h2"]),
            "factors right, product summed": lambda: chain(product=lambda a, b, c: a + b + c),
            "product without the last factor": lambda: chain(product=lambda a, b, c: a * b),
            "net.gradients() of the notebook's network": lambda: {"w5_chain": lambda fwd, t1: (
                GRADS["dE_dout_o1"], GRADS["dout_o1_dnet_o1"], GRADS["dnet_o1_dw5"], GRADS["w5"])},
            "target 0.01 typed in instead of t1": lambda: chain(
                d_out=lambda f, t1: f["out_o1"] - 0.01),
            "three values, no product": lambda: {"w5_chain": lambda fwd, t1: (
                fwd["out_o1"] - t1, fwd["out_o1"] * (1 - fwd["out_o1"]), fwd["out_h1"])},
        },
    },
    "07.2": {
        "right": lambda: w3(),
        "wrong": {
            "stub": lambda: {"dE_dw3": ...},
            "stub function": lambda: {"dE_dw3": lambda fwd, w, y1, y2, i1: ...},
            "deck Z's dJ/dw1 as it stands": lambda: w3("w5", "w7", "net_h1"),
            "w5 and w7 kept": lambda: w3("w5", "w7", "net_h2"),
            "h1's derivative kept": lambda: w3(net_h="net_h1"),
            "input i2 (that is dE/dw4)": lambda: w3(input_=Net222.INPUT[1]),
            "w6 and w8 swapped": lambda: w3("w8", "w6"),
            "sign flipped": lambda: w3(sign=-1.0),
            "targets swapped": lambda: w3(swap_targets=True),
            "grads['w3'] of the notebook's network": lambda: {
                "dE_dw3": lambda fwd, w, y1, y2, i1: GRADS["w3"]},
        },
    },
}

# Issue 20: further mistakes, each with the words its diagnosis must contain.
DIAGNOSED = {
    "07.1": {
        "dE/dout with a factor 2": (lambda: chain(d_out=lambda f, t1: 2 * (f["out_o1"] - t1)),
                                    "factor 2"),
        "the weight w5 as dnet/dw5": (lambda: chain(d_w5=lambda f: 0.40), "weight w5 itself"),
        "sigma'(out_o1) for the middle factor": (lambda: chain(
            d_net=lambda f: f_prime(f["out_o1"])), "sigma'(out_o1)"),
        "the values of the notebook's network": (lambda: {"w5_chain": lambda fwd, t1: (
            0.7413650695523157, 0.18681560180895948, 0.593269992, 0.08216704056423078)},
            "whatever network"),
    },
    "07.2": {
        "only the path through o1": (lambda: {"dE_dw3": lambda fwd, w, y1, y2, i1: (
            (fwd["out_o1"] - y1) * f_prime(fwd["net_o1"]) * w["w6"]) * f_prime(
            fwd["net_h2"]) * i1}, "only the path through o1"),
        "the input left out": (lambda: w3(input_=1.0), "leaves out the input"),
        "the numbers of the notebook's network": (lambda: {
            "dE_dw3": lambda fwd, w, y1, y2, i1: GRADS["w3"]}, "whatever network"),
    },
}
