"""Notebook 07: reference solutions and wrong answers."""

from dlcourse.backprop import Net222

NET = Net222.kuzovkin()
F = NET.forward()
W = dict(zip([f"w{k}" for k in range(1, 9)], (float(v) for v in NET.w), strict=True))
I1 = NET.INPUT[0]
Y1, Y2 = NET.TARGET
T1 = 0.01


def sig_grad(net):  # sigma'(net), as the notebook's f_prime
    import math

    s = 1 / (1 + math.exp(-net))
    return s * (1 - s)


def w5_answers(d_out, d_net, d_w5, product=None):
    return {"dE_dout_o1": d_out, "dout_o1_dnet_o1": d_net, "dnet_o1_dw5": d_w5,
            "dE_dw5": d_out * d_net * d_w5 if product is None else product}


RIGHT_1 = (-(T1 - F["out_o1"]), F["out_o1"] * (1 - F["out_o1"]), F["out_h1"])


def w3(wa, wb, net_h, i):
    return ((F["out_o1"] - Y1) * sig_grad(F["net_o1"]) * W[wa]
            + (F["out_o2"] - Y2) * sig_grad(F["net_o2"]) * W[wb]) * sig_grad(F[net_h]) * i


DJ_DW1 = w3("w5", "w7", "net_h1", I1)  # deck Z's formula, printed above Exercise 2

CASES = {
    "07.1": {
        "right": lambda: w5_answers(*RIGHT_1),
        "wrong": {
            "stub": lambda: {"dE_dout_o1": ..., "dout_o1_dnet_o1": ..., "dnet_o1_dw5": ...,
                             "dE_dw5": ...},
            "sign of the error flipped": lambda: w5_answers(T1 - F["out_o1"], *RIGHT_1[1:]),
            "sigmoid derivative at net, written with net": lambda: w5_answers(
                RIGHT_1[0], F["net_o1"] * (1 - F["net_o1"]), RIGHT_1[2]),
            "out_o1 copied as the third factor": lambda: w5_answers(*RIGHT_1[:2], F["out_o1"]),
            "out_h2 instead of out_h1": lambda: w5_answers(*RIGHT_1[:2], F["out_h2"]),
            "factors right, product summed": lambda: w5_answers(*RIGHT_1, product=sum(RIGHT_1)),
            "product without the last factor": lambda: w5_answers(
                *RIGHT_1, product=RIGHT_1[0] * RIGHT_1[1]),
            "the forward pass's out_o1 copied everywhere": lambda: w5_answers(
                *(F["out_o1"],) * 3, product=F["out_o1"]),
            "half done": lambda: {"dE_dout_o1": RIGHT_1[0], "dout_o1_dnet_o1": RIGHT_1[1],
                                  "dnet_o1_dw5": RIGHT_1[2], "dE_dw5": ...},
        },
    },
    "07.2": {
        "right": lambda: {"dE_dw3": w3("w6", "w8", "net_h2", I1)},
        "wrong": {
            "stub": lambda: {"dE_dw3": ...},
            "dJ/dw1 copied from the cell above": lambda: {"dE_dw3": DJ_DW1},
            "w5 and w7 kept": lambda: {"dE_dw3": w3("w5", "w7", "net_h2", I1)},
            "h1's derivative kept": lambda: {"dE_dw3": w3("w6", "w8", "net_h1", I1)},
            "input i2 (that is dE/dw4)": lambda: {"dE_dw3": w3("w6", "w8", "net_h2", NET.INPUT[1])},
            "w6 and w8 swapped": lambda: {"dE_dw3": w3("w8", "w6", "net_h2", I1)},
            "only the path through o1": lambda: {"dE_dw3": (F["out_o1"] - Y1) * sig_grad(
                F["net_o1"]) * W["w6"] * sig_grad(F["net_h2"]) * I1},
            "sign flipped": lambda: {"dE_dw3": -w3("w6", "w8", "net_h2", I1)},
        },
    },
}
