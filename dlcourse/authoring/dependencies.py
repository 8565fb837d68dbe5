"""Which cells of a student copy can feel that its exercises were left undone.

A student copy is its solution notebook with the exercise cells stubbed. A cell that is not an
exercise and reads nothing an exercise cell made runs the same in both, and the solution's run
(nbval) proves it. `cells_to_run` reads the solution notebook and finds the cells that must be
run in the copy itself: the exercise cells, the later cells that read, directly or through other
cells, a name an exercise's solution binds or changes, and the earlier cells those need (the
cells that bind or change what they read, back to the imports). The rest, training runs
included, is left to nbval.

The analysis errs on the safe side. Everything a function or a loop body reads counts as read
(a call of the notebook's own function reads what its body reads). A method call, an attribute
or item assignment counts as a change of its object, and a call of the notebook's own function
as a change of every name passed to it. A change reaches every name that may share the object
(``first = model.layers[0]``, ``for layer in model.layers``, ``networks = {"a": net}``). A name is
only cleared by a plain top-level assignment that reads nothing suspect. A cell that configures a
library or the process (``warnings.simplefilter``, ``set_global_policy``, ``os.environ[...] =``,
``%env``, ``!pip``) always runs. Library functions (called through a module) are taken to return
new objects and leave their arguments alone, and random state is not followed: it changes
numbers, not whether a cell raises. Where the analysis misses a cell a kept cell needs, the kept
cell usually raises (a NameError) in the copy's run: a false alarm to look into, not a silent pass.
"""

from __future__ import annotations

import ast

import nbformat

from dlcourse.authoring._solutions import _BEGIN, _END

_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp, ast.SetComp,
           ast.DictComp, ast.GeneratorExp)
# Builtins whose result holds the objects of their arguments (not copies of them).
_SHARING = {"enumerate", "zip", "reversed", "iter", "list", "tuple", "dict", "set", "sorted",
            "filter", "map", "next", "min", "max", "vars", "getattr"}


def _python(source: str) -> ast.Module:
    """The cell as Python: IPython's ``%magics`` and ``!commands`` become calls, and the code a
    magic runs (``%time x = f()``, ``%%timeit`` cells) follows its call as statements."""
    from IPython.core.inputtransformer2 import TransformerManager

    tree = ast.parse(TransformerManager().transform_cell(source))
    body: list[ast.stmt] = []
    for stmt in tree.body:
        body.append(stmt)
        for node in ast.walk(stmt):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("run_line_magic", "run_cell_magic")):
                for arg in node.args[1:]:
                    if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                        try:
                            inner = ast.parse(arg.value).body
                        except SyntaxError:
                            continue
                        for child in inner:  # line numbers of the magic's line
                            for n in ast.walk(child):
                                if hasattr(n, "lineno"):
                                    n.lineno, n.end_lineno = stmt.lineno, stmt.end_lineno
                        body.extend(inner)
    tree.body = body
    return tree


def _walk(node: ast.AST):
    """`ast.walk` that yields function and class definitions but does not enter them."""
    yield node
    for child in ast.iter_child_nodes(node):
        if isinstance(child, _DEFS):
            yield child
        else:
            yield from _walk(child)


def _stored(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, (ast.Store, ast.Del))}


def _local(scope: ast.AST) -> set[str]:
    """Names a function, lambda or comprehension binds for itself (its arguments and stores)."""
    names = _stored(scope)
    if not isinstance(scope, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
        names |= {a.arg for a in ast.walk(scope.args) if isinstance(a, ast.arg)}
    return names


def _read(node: ast.AST) -> set[str]:
    """Global names a statement reads (names local to its functions and comprehensions not)."""
    if isinstance(node, _SCOPES):
        inner = set().union(*(_read(child) for child in ast.iter_child_nodes(node)))
        return inner - _local(node)
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    return set().union(*(_read(child) for child in ast.iter_child_nodes(node)))


def _base(node: ast.expr) -> str | None:
    """The name at the root of ``a.b[0].c(...).d``, or None."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call, ast.Starred)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _shared(expr: ast.AST | None) -> set[str]:
    """Names whose objects the value of ``expr`` may hold or be: ``y``, ``y.layers``,
    ``y[0]``, ``d.items()``, ``[a, b]``, ``{"k": a}``, ``zip(a, b)``... A call of a function
    (not a method) other than those few gives a new object."""
    if isinstance(expr, ast.Name):
        return {expr.id}
    if isinstance(expr, (ast.Attribute, ast.Subscript, ast.Starred)):
        return _shared(expr.value)
    if isinstance(expr, ast.Call):
        if isinstance(expr.func, ast.Attribute):
            return _shared(expr.func.value)
        if isinstance(expr.func, ast.Name) and expr.func.id in _SHARING:
            return set().union(*(_shared(a) for a in expr.args))
        return set()
    if isinstance(expr, (ast.Tuple, ast.List, ast.Set)):
        return set().union(*(_shared(e) for e in expr.elts))
    if isinstance(expr, ast.Dict):
        return set().union(*(_shared(e) for e in [*expr.keys, *expr.values]))
    if isinstance(expr, ast.IfExp):
        return _shared(expr.body) | _shared(expr.orelse)
    if isinstance(expr, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
        parts = [expr.key, expr.value] if isinstance(expr, ast.DictComp) else [expr.elt]
        return set().union(*(_shared(e) for e in [*parts, *(g.iter for g in expr.generators)]))
    return set()


def _links(stmt: ast.stmt) -> list[tuple[set[str], set[str]]]:
    """(targets, shared) pairs of a statement: after it, each target may share objects with
    the shared names (``x = y.layers[0]``, ``for layer in model.layers``, ``d["k"] = net``)."""
    pairs = []
    for node in _walk(stmt):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            pairs.append((targets, node.value))
        elif isinstance(node, (ast.For, ast.AsyncFor, ast.comprehension)):
            pairs.append(([node.target], node.iter))
        elif isinstance(node, ast.withitem) and node.optional_vars is not None:
            pairs.append(([node.optional_vars], node.context_expr))
    return [({n for t in targets for n in [_base(t), *_stored(t)] if n}, _shared(value))
            for targets, value in pairs]


def _bound_and_changed(stmt: ast.stmt, modules: set[str]) -> tuple[set[str], set[str]]:
    """Names a statement binds (assignments, defs, imports, loop targets...), and names whose
    objects it changes in place (``x.append(...)``, ``x[0] = ...``, ``x.attr = ...``,
    ``model.fit(...)``; modules excluded). In a function's body only changes count: they happen
    when it is called."""
    if isinstance(stmt, _DEFS):
        return {stmt.name}, set()
    bound: set[str] = set()
    changed: set[str] = set()
    for node in _walk(stmt):
        if isinstance(node, _DEFS):
            bound.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            bound |= _imported(node)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            bound.add(node.id)
        elif ((isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute))
              or (isinstance(node, (ast.Attribute, ast.Subscript))
                  and isinstance(node.ctx, (ast.Store, ast.Del)))):
            base = _base(node)
            if base and base not in modules:
                changed.add(base)
    return bound, changed


def _changes_when_called(definition: ast.stmt, modules: set[str]) -> set[str]:
    """Outer names a function (or class) changes when it is called: not its own locals."""
    inner = set().union(*(set().union(*_bound_and_changed(s, modules)) for s in definition.body))
    return inner - _local(definition) if not isinstance(definition, ast.ClassDef) else inner


def _own_calls_change(stmt: ast.stmt, changes: dict[str, set[str]]) -> set[str]:
    """What calls of the notebook's own functions may change: the names passed to them and the
    outer names their bodies change."""
    found: set[str] = set()
    for node in ast.walk(stmt):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in changes:
            found |= changes[node.func.id]
            found |= {a.id for a in [*node.args, *(k.value for k in node.keywords)]
                      if isinstance(a, ast.Name)}
    return found


def _cleared(stmt: ast.stmt) -> set[str]:
    """Names a plain top-level assignment gives a fresh value (``x = 1``, ``a, b = f()``)."""
    if isinstance(stmt, (ast.Assign, ast.AnnAssign)):
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)
                and isinstance(n.ctx, ast.Store) and not isinstance(t, (ast.Attribute,
                                                                        ast.Subscript))}
    return set()


def _modules(trees: list[ast.Module]) -> set[str]:
    """Names bound by ``import`` anywhere in the notebook (calling a module changes no name)."""
    return {name for tree in trees for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) for name in _imported(node)}


def _imported(node: ast.Import | ast.ImportFrom) -> set[str]:
    """Names an import binds: ``import a.b as c`` binds c, ``import a.b`` binds a."""
    return {(a.asname or a.name).split(".")[0] for a in node.names}


# Calls through a module that change how later code runs (random seeds excepted: random state is
# not followed), and the IPython magics and shell commands that can change the environment.
_CONFIG_PREFIXES = ("set_", "enable_", "disable_")
_CONFIG_CALLS = {"simplefilter", "filterwarnings", "resetwarnings", "seterr", "chdir", "putenv",
                 "clear_session", "run_functions_eagerly", "use", "system", "getoutput"}
_RANDOM_SEEDS = {"set_seed", "set_random_seed"}
_CONFIG_MAGICS = {"env", "set_env", "cd", "matplotlib", "config", "load_ext", "autoreload", "pip",
                  "conda", "run"}


def _configures(stmt: ast.stmt, modules: set[str], functions: set[str],
                inside: bool = False) -> bool:
    """Whether a statement configures a library or the process: ``warnings.simplefilter(...)``,
    ``keras.mixed_precision.set_global_policy(...)``, ``os.environ["X"] = ...``, ``%env``,
    ``!pip install``, or a call of one of the notebook's `functions` that does. With `inside`,
    the statement's function bodies count too (for a function's own definition)."""
    for node in ast.walk(stmt) if inside else _walk(stmt):
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, ast.Store):
            if _base(node) in modules:
                return True
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id in functions:
            return True
        if not isinstance(func, ast.Attribute):
            continue
        if func.attr in ("run_line_magic", "run_cell_magic"):
            magic = node.args[0] if node.args else None
            if isinstance(magic, ast.Constant) and magic.value in _CONFIG_MAGICS:
                return True
        elif func.attr in ("system", "getoutput") and _base(func) == "get_ipython":
            return True
        elif (_base(func) in modules and func.attr not in _RANDOM_SEEDS
              and (func.attr.startswith(_CONFIG_PREFIXES) or func.attr in _CONFIG_CALLS)):
            return True
    return False


def _in_regions(source: str) -> set[int]:
    """Line numbers (from 1) between ``### BEGIN SOLUTION`` and ``### END SOLUTION``."""
    lines, start = set(), 0
    for number, line in enumerate(source.split("\n"), start=1):
        if _BEGIN.match(line):
            start = number
        elif _END.match(line):
            lines |= set(range(start, number + 1))
    return lines


def cells_to_run(solution: nbformat.NotebookNode) -> list[int]:
    """Indices of the cells a student copy must run to show that its stubs break nothing.

    Args:
        solution: The solution notebook; its exercise cells hold ``### BEGIN SOLUTION`` regions
            (whose effects the copy lacks). The copy has the same cells.

    Returns:
        In order: the dependent cells (the exercise cells, and the later cells that read a name
        a solution region, or in turn such a cell, binds or changes), and the earlier cells they
        need: those that bind or change a name they read, and so on back to the imports, and
        those that configure a library (`_configures`). Empty without exercises.

    Example:

    >>> sources = ("a = 1", "### BEGIN SOLUTION\\nb = a\\n### END SOLUTION", "c = 2", "b + 1", "c")
    >>> cells = [nbformat.v4.new_code_cell(s) for s in sources]
    >>> cells_to_run(nbformat.v4.new_notebook(cells=cells))
    [0, 1, 3]
    """
    code = {i: _python(c.source) for i, c in enumerate(solution.cells) if c.cell_type == "code"}
    modules = _modules(list(code.values()))
    calls: dict[str, set[str]] = {}  # what calling each of the notebook's functions reads
    changes: dict[str, set[str]] = {}  # and what it may change
    configuring: set[str] = set()  # the notebook's functions that configure a library
    shares: dict[str, set[str]] = {}  # names that may share objects (both ways)
    steps: dict[int, list[tuple[set[str], set[str], set[str]]]] = {}  # read, written, cleared
    dependent, configures, suspect = set(), set(), set()
    for i in sorted(code):
        regions = _in_regions(solution.cells[i].source)
        if regions:
            dependent.add(i)
        steps[i] = []
        for stmt in code[i].body:
            for targets, shared in _links(stmt):
                for a in targets:
                    for b in shared - modules - {a}:
                        shares.setdefault(a, set()).add(b)
                        shares.setdefault(b, set()).add(a)
            read = _read(stmt)
            while extra := set().union(*(calls.get(n, set()) for n in read)) - read:
                read |= extra
            if isinstance(stmt, _DEFS):
                calls[stmt.name] = read
                changes[stmt.name] = _changes_when_called(stmt, modules)
                if _configures(stmt, modules, configuring, inside=True):
                    configuring.add(stmt.name)
            elif _configures(stmt, modules, configuring):
                configures.add(i)
            bound, changed = _bound_and_changed(stmt, modules)
            changed |= _own_calls_change(stmt, changes)
            while extra := set().union(*(shares.get(n, set()) for n in changed)) - changed:
                changed |= extra
            cleared = _cleared(stmt)
            steps[i].append((read, bound | changed, cleared))
            if regions & set(range(stmt.lineno, stmt.end_lineno + 1)) or read & suspect:
                suspect |= bound | changed
                dependent.add(i)
            else:
                suspect -= cleared
    if not dependent:
        return []
    needed, wanted = set(dependent), set()  # wanted: names read later by a needed cell
    for i in sorted((i for i in code if i <= max(dependent)), reverse=True):
        if i in needed or i in configures or any(written & wanted for _, written, _ in steps[i]):
            needed.add(i)
            for read, _, cleared in reversed(steps[i]):
                wanted = (wanted - cleared) | read
    return sorted(needed)
