"""Parser positions (line, column, offsets) on sqlglot nodes, dropped from the trees the guard keeps.

sqlglot's parser records them in each node's meta dict, and every copy of a tree deep-copies those
dicts in Python (a fifth of a guarded tree's copy); nothing after parsing reads them.
"""

from __future__ import annotations

from sqlglot import exp

POSITION_KEYS = frozenset({"line", "col", "start", "end"})


def forget_positions(node: exp.Expr) -> None:
    """Drops the node's meta when it holds parser positions only (never the guard's own marks)."""
    meta = node._meta
    if meta is not None and meta.keys() <= POSITION_KEYS:
        node._meta = None
