"""Reference solutions and plausible wrong answers for every exercise, one module per notebook.

Each module `nbNN.py` defines `CASES = {"NN.k": {"right": make, "wrong": {label: make, ...}}}`
where every `make()` returns the keyword arguments `exercises.check("NN.k", ...)` receives.
`tests/test_exercises.py` proves that each reference solution passes, that every wrong answer
(at least three: the stub, a typical mistake, a copy of data already in view) fails, and that no
feedback line shows a value of the reference solution.
"""
