"""Running one submission in a fresh, confined kernel and re-checking its answers (for `grade`).

`run_submission` starts a new `python3` kernel of this environment for every submission:

- **Its own places.** A temporary folder holds the kernel's working directory, its HOME (so
  `~/.keras`, `~/.ipython`, matplotlib's cache land there), its TMPDIR and its connection file; the
  folder is deleted afterwards. Variables that name a teacher's own folders (`XDG_*`, `IPYTHONDIR`,
  `MPLCONFIGDIR`, `JUPYTER_*`, `JPY_*`) are dropped; `DLCOURSE_DATA_DIR` and `KERAS_HOME` are kept,
  so the data the teacher set up stays reachable. `PYTHONDONTWRITEBYTECODE=1`: no `.pyc` files.
  The kernel is never told where the submission lives.
- **A memory limit** where the OS has one: `RLIMIT_DATA` (soft and hard, so learner code cannot
  raise it) on Linux, set before any learner code runs. Not `RLIMIT_AS`: TensorFlow reserves
  gigabytes of address space it never uses. An allocation over the limit raises `MemoryError` in
  the cell, which is recorded like any exception.
- **A per-cell timeout.** A cell running longer is interrupted (KeyboardInterrupt) and the next
  cell runs; a kernel that does not stop within `GRACE` seconds of the interrupt, or dies, is shut
  down and the remaining cells are not run (each is said so).
- **Outputs are not kept**: only each cell's exception (name and first line of the message) and
  how many characters it printed, so a cell that prints megabytes costs no memory.

After each cell that calls `exercises.check(...)`, the grader sends its own code (`_probe`,
silent, out of the history) that **loads `dlcourse` fresh from the package's files** (not from
`sys.modules`, which learner code can change; the learner's modules are put back afterwards),
re-runs each exercise's check on the learner's names (the exercise's registered `names`, read
from the kernel's globals right after the cell), and compares the check machinery the learner's
code sees (`dlcourse.exercises`, its `_core`, `_layers` and `nbNN` modules, `dlcourse._feedback`,
`dlcourse.checks`, the exercise registry, the notebook's name `exercises`) with the fresh one. The
result comes back through the `user_expressions` of the execute reply, under a name holding a
random nonce, never through printed text. So printing "OK: ..." lines, redefining
`exercises.check`, replacing `run`, `REGISTRY` entries or `Parts` methods, or changing the
references in `nbNN` gives no credit, and a replaced function is reported as tampering.

Not defended (a learner's code runs in the same process): changing numpy, builtins, Python's
import system, IPython's input transformers or display formatters, or the kernel itself, and
anything a process of the teacher's user may do to files it can reach. Run the grader in a
container for isolation (README, "For teachers").
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import secrets
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from time import monotonic

__all__ = ["GRACE", "CellFault", "KernelRun", "run_submission"]

GRACE = 10.0  # seconds a kernel gets to stop after an interrupt, and to start
_DROPPED = ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME",
            "XDG_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR")
_DROPPED_PREFIXES = ("JUPYTER_", "JPY_")


@dataclass
class CellFault:
    """Something that went wrong in one cell: `kind` is "raised", "timeout", "output",
    "stopped" (the kernel died or would not stop), "not run" or "grader" (the re-check after
    the cell got no answer)."""

    cell: int
    kind: str
    text: str


@dataclass
class KernelRun:
    """What one run found.

    `results` maps each re-checked exercise id to `{"ok", "done", "line"}` (the fresh check's
    own result); `faults` lists the cells that raised, ran over the timeout, printed too much or
    were not run; `tampering` says which parts of the check machinery the learner's code
    changed (kind "tampering", the cell after which it was first seen); `limits` says which
    memory limit was set.
    """

    results: dict[str, dict] = field(default_factory=dict)
    faults: list[CellFault] = field(default_factory=list)
    tampering: list[CellFault] = field(default_factory=list)
    limits: str = ""


# -- code that runs inside the kernel (sent as source, so it must be self-contained) ------------
def _limits(memory_bytes):
    """Set the kernel's memory limit (soft and hard) and say what was set."""
    try:
        import resource
    except ImportError:
        return "no memory limit on this OS"
    if memory_bytes is None or not hasattr(resource, "RLIMIT_DATA"):
        return "no memory limit"
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (memory_bytes, memory_bytes))
    except (ValueError, OSError) as error:
        return f"no memory limit ({error})"
    return f"memory limit {memory_bytes // 2**20} MB"


def _probe(ids, root, ns):
    """Re-check exercises `ids` on the names in `ns` with `dlcourse` loaded fresh from `root`."""
    import importlib
    import importlib.machinery as machinery
    import importlib.util
    import json
    import sys

    def ours(name):
        return name == "dlcourse" or name.startswith("dlcourse.")

    def same(a, b):
        if inspect_isfunction(a) or inspect_isfunction(b):
            return getattr(a, "__code__", None) == getattr(b, "__code__", None)
        if isinstance(a, type) and isinstance(b, type):
            names = [k for k, v in vars(a).items() if inspect_isfunction(v)]
            return sorted(names) == sorted(k for k, v in vars(b).items()
                                           if inspect_isfunction(v)) and all(
                same(vars(a)[k], vars(b)[k]) for k in names)
        return True

    def inspect_isfunction(value):
        return type(value).__name__ == "function"

    old = {k: m for k, m in list(sys.modules.items()) if ours(k)}
    saved_path = list(sys.meta_path)
    results, tampering = {}, []
    for k in old:
        del sys.modules[k]
    try:
        sys.meta_path[:] = [machinery.BuiltinImporter, machinery.FrozenImporter,
                            machinery.PathFinder]
        spec = importlib.util.spec_from_file_location(
            "dlcourse", root + "/__init__.py", submodule_search_locations=[root])
        package = importlib.util.module_from_spec(spec)
        sys.modules["dlcourse"] = package
        spec.loader.exec_module(package)
        core = importlib.import_module("dlcourse.exercises._core")
        watched = ["dlcourse.exercises", "dlcourse.exercises._core", "dlcourse.exercises._layers",
                   "dlcourse._feedback", "dlcourse.checks"]
        for id in ids:
            watched.append(f"dlcourse.exercises.nb{int(id.split('.')[0]):02d}")
        for name in watched:
            importlib.import_module(name)
        for id in ids:
            exercise = core.REGISTRY.get(id)
            if exercise is None:
                results[id] = {"ok": False, "done": False,
                               "line": f"Exercise {id} is not in this version of the course."}
                continue
            absent = [n for n in exercise.names if n not in ns]
            if absent:
                results[id] = {"ok": False, "done": False, "line": (
                    f"Not done yet: Exercise {id} — {', '.join(absent)} "
                    f"{'is' if len(absent) == 1 else 'are'} not defined (did the cell raise "
                    "before defining it?).")}
                continue
            try:
                result = core.run(id, {n: ns[n] for n in exercise.names})
                results[id] = {"ok": bool(result.ok), "done": bool(result.done),
                               "line": str(result.line)}
            except BaseException as error:  # a learner's function that loops or raises oddly
                results[id] = {"ok": False, "done": True, "line": (
                    f"Not yet: Exercise {id} — the check stopped with {type(error).__name__} "
                    "while running your code (does it end, and return a value?).")}
            old_core = old.get("dlcourse.exercises._core")
            old_exercise = getattr(old_core, "REGISTRY", {}).get(id) if old_core else None
            if old_exercise is not None and (
                    not same(getattr(old_exercise, "check", None), exercise.check)
                    or tuple(getattr(old_exercise, "names", ())) != exercise.names):
                tampering.append(f"the registered check of exercise {id} was replaced")
        for name in watched:
            if name not in old:
                continue
            fresh_module = sys.modules[name]
            for attr, value in vars(fresh_module).items():
                if getattr(value, "__module__", None) != name or not (
                        inspect_isfunction(value) or isinstance(value, type)):
                    continue
                got = getattr(old[name], attr, None)
                if got is None or not same(got, value):
                    tampering.append(f"{name}.{attr} was replaced")
        if "exercises" in ns and ns["exercises"] is not old.get("dlcourse.exercises"):
            tampering.append("the name `exercises` no longer names dlcourse.exercises")
    except BaseException as error:
        tampering.append(f"the grader's check could not load dlcourse ({type(error).__name__}: "
                         f"{error})")
    finally:
        sys.meta_path[:] = saved_path
        for k in [k for k in list(sys.modules) if ours(k)]:
            del sys.modules[k]
        sys.modules.update(old)
    return json.dumps({"results": results, "tampering": tampering})


def _call_source(function, nonce: str, args: str) -> tuple[str, str]:
    """Kernel code that defines `function` under a nonce name, stores its result, deletes it;
    and the expression that takes the result back out of the kernel's globals."""
    name = f"_dlcourse_{function.__name__.strip('_')}_{nonce}"
    source = inspect.getsource(function).replace(f"def {function.__name__}(", f"def {name}(", 1)
    code = f"{source}\nglobals()[{name + '_out'!r}] = {name}({args})\ndel {name}\n"
    return code, f"globals().pop({name + '_out'!r}, None)"


# -- the host side ------------------------------------------------------------------------------
def _kernel_env(home: Path, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in _DROPPED and not k.startswith(_DROPPED_PREFIXES)}
    env.update(HOME=str(home), USERPROFILE=str(home), TMPDIR=str(tmp), TEMP=str(tmp),
               TMP=str(tmp), PYTHONDONTWRITEBYTECODE="1")
    return env


class _Kernel:
    """A started kernel and its client, with cell execution bounded by time."""

    def __init__(self, folder: Path):
        from jupyter_client import KernelManager

        home, work, tmp = folder / "home", folder / "work", folder / "tmp"
        for path in (home, work, tmp):
            path.mkdir()
        # Finding the kernel spec imports IPython, which creates ~/.ipython unless IPYTHONDIR
        # names another folder: the teacher's home is left alone.
        saved = os.environ.get("IPYTHONDIR")
        os.environ["IPYTHONDIR"] = str(folder / "ipython")
        try:
            self.km = KernelManager(kernel_name="python3",
                                    connection_file=str(folder / "kernel.json"))
            self.km.start_kernel(env=_kernel_env(home, tmp), cwd=str(work),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        finally:
            if saved is None:
                os.environ.pop("IPYTHONDIR", None)
            else:
                os.environ["IPYTHONDIR"] = saved
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)
        self.alive = True

    def close(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run_cell(self, code: str, timeout: float) -> tuple[str, str, int]:
        """Run one learner cell. Returns (status, error text, characters printed); status is
        "ok", "error", "timeout" (interrupted, the kernel went on), "stuck" or "dead"."""
        msg_id = self.kc.execute(code, store_history=True, allow_stdin=False, stop_on_error=False)
        deadline, interrupted, printed, error = monotonic() + timeout, False, 0, ""
        idle = False
        while not idle:
            left = deadline - monotonic()
            if left <= 0:
                if interrupted:
                    return "stuck", error, printed
                self.km.interrupt_kernel()
                interrupted, deadline = True, monotonic() + GRACE
                continue
            try:
                msg = self.kc.get_iopub_msg(timeout=min(left, 1.0))
            except Empty:
                if not self.km.is_alive():
                    return "dead", error, printed
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream":
                printed += len(content.get("text", ""))
            elif kind in ("execute_result", "display_data"):
                printed += len(str(content.get("data", {}).get("text/plain", "")))
            elif kind == "error":
                message = (content.get("evalue") or "").strip().splitlines()
                error = content.get("ename", "Error") + (f": {message[0][:200]}" if message else "")
            elif kind == "status" and content.get("execution_state") == "idle":
                idle = True
        self._reply(msg_id, deadline)
        if interrupted:
            return "timeout", error, printed
        return ("error" if error else "ok"), error, printed

    def call(self, code: str, expression: str, timeout: float) -> str | None:
        """Run grader code silently; return the string `expression` evaluates to, or None when
        the kernel did not answer in time (it is then interrupted)."""
        msg_id = self.kc.execute(code, silent=True, store_history=False, allow_stdin=False,
                                 user_expressions={"r": expression}, stop_on_error=False)
        reply = self._reply(msg_id, monotonic() + timeout)
        if reply is None:
            self.km.interrupt_kernel()
            reply = self._reply(msg_id, monotonic() + GRACE)
            if reply is None:
                return None
        data = reply["content"].get("user_expressions", {}).get("r", {}).get("data", {})
        try:
            value = ast.literal_eval(data.get("text/plain", ""))
        except (ValueError, SyntaxError):
            return None
        return value if isinstance(value, str) else None

    def _reply(self, msg_id: str, deadline: float) -> dict | None:
        while (left := deadline - monotonic()) > 0:
            try:
                msg = self.kc.get_shell_msg(timeout=min(left, 1.0))
            except Empty:
                if not self.km.is_alive():
                    return None
                continue
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg
        return None


def run_submission(
    cells: list[str],
    checks_after: dict[int, list[str]],
    *,
    package_root: str | os.PathLike,
    timeout: float = 60,
    memory_mb: int | None = 8192,
    max_output: int = 1_000_000,
) -> KernelRun:
    """Run a submission's code cells in order in a fresh kernel and re-check its exercises.

    Args:
        cells: The source of each code cell, in order (outputs are never read).
        checks_after: Cell index -> the exercise ids to re-check right after that cell.
        package_root: The folder of the `dlcourse` package the checks are loaded from.
        timeout: Seconds allowed per cell (and per re-check). Defaults to 60.
        memory_mb: The kernel's memory limit in MB, None for none. Defaults to 8192.
        max_output: A cell printing more characters than this gets an "output" fault.
            Defaults to 1,000,000.

    Returns:
        A `KernelRun`: each re-checked exercise's result, the faults and any tampering seen.
        Cell numbers in it are indices into `cells`.

    Example:

    >>> run = run_submission(["from dlcourse import exercises\\nx = 1 / 0"], {},
    ...                      package_root="dlcourse")  # doctest: +SKIP
    >>> run.faults[0].text  # doctest: +SKIP
    'ZeroDivisionError: division by zero'
    """
    report = KernelRun()
    root = str(Path(package_root).resolve())
    nonce = secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="dlcourse-grade-") as folder:
        kernel = _Kernel(Path(folder))
        try:
            memory = None if memory_mb is None else int(memory_mb) * 2**20
            code, expression = _call_source(_limits, nonce, repr(memory))
            report.limits = kernel.call(code, expression, timeout) or "no memory limit (no answer)"
            for index, source in enumerate(cells):
                if not kernel.alive:
                    report.faults.append(CellFault(index, "not run", "not run: the kernel was "
                                                   "stopped in an earlier cell"))
                    continue
                status, error, printed = kernel.run_cell(source, timeout)
                if printed > max_output:
                    report.faults.append(CellFault(index, "output", f"printed {printed:,} "
                                                   "characters (not kept)"))
                if status == "error":
                    report.faults.append(CellFault(index, "raised", f"raised {error}"))
                elif status == "timeout":
                    report.faults.append(CellFault(index, "timeout", f"ran over the {timeout:g} s "
                                                   "timeout and was interrupted"))
                elif status in ("stuck", "dead"):
                    why = ("ran over the timeout and did not stop when interrupted"
                           if status == "stuck" else "stopped the kernel (a crash, or killed)")
                    report.faults.append(CellFault(index, "stopped", why))
                    kernel.alive = False
                    continue
                if index in checks_after:
                    _recheck(kernel, checks_after[index], root, nonce, timeout, index, report)
        finally:
            kernel.close()
    return report


def _recheck(kernel: _Kernel, ids: list[str], root: str, nonce: str, timeout: float,
             index: int, report: KernelRun) -> None:
    code, expression = _call_source(_probe, nonce, f"{ids!r}, {root!r}, globals()")
    answer = kernel.call(code, expression, timeout)
    try:
        found = json.loads(answer) if answer is not None else None
    except ValueError:
        found = None
    if not isinstance(found, dict):
        for id in ids:
            report.results[id] = {"ok": False, "done": False, "line": (
                f"Not yet: Exercise {id} — the grader could not check it (the kernel did not "
                "answer).")}
        report.faults.append(CellFault(index, "grader", "the grader's check of "
                                       f"{', '.join(ids)} got no answer from the kernel"))
        return
    report.results.update(found.get("results", {}))
    for line in found.get("tampering", []):
        if all(seen.text != line for seen in report.tampering):
            report.tampering.append(CellFault(index, "tampering", line))
