"""No import cycles between the project's modules, counting imports inside functions.

A function-level import hides a cycle from Python (the import runs late) but not from a reader:
the two modules still depend on each other. Every `import` and `from ... import` anywhere in a
module counts, `if TYPE_CHECKING:` blocks included.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("data", "engines", "semantic_layer", "guards", "feedback", "assistant", "eval", "stewardship", "cdm")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        if (ROOT / package).is_dir()
        for path in (ROOT / package).rglob("*.py")
    }


def _absolute(node: ast.ImportFrom, module: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = module.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _targets(module: str, path: Path, modules: dict[str, Path]) -> Iterator[str]:
    """The project modules `module` imports: `from pkg import name` counts pkg.name when it is a module."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in modules)
        elif isinstance(node, ast.ImportFrom):
            source = _absolute(node, module, path.name == "__init__.py")
            submodules = [f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in modules]
            yield from submodules
            if source in modules and len(submodules) < len(node.names):
                yield source


def import_graph() -> dict[str, set[str]]:
    modules = project_modules()
    return {name: set(_targets(name, path, modules)) - {name} for name, path in modules.items()}


def _package_inits(name: str) -> set[str]:
    """Importing a.b.c runs a/__init__ and a/b/__init__ first; those edges are not design cycles."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: every group of modules that import each other round a loop."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))
                continue
            if child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return groups


def test_no_import_cycles_between_modules() -> None:
    graph = import_graph()
    graph = {name: targets - _package_inits(name) for name, targets in graph.items()}
    assert strongly_connected(graph) == []


def test_the_cycle_finder_finds_a_hidden_cycle() -> None:
    """The checker itself: a function-level import back to the importer is a cycle."""
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": {"a.x"}}
    assert strongly_connected(graph) == [["a.x", "a.y", "a.z"]]
