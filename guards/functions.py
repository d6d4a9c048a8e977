"""The function allowlist, resolved once from `sql_functions.yml` into sqlglot node classes.

Checking node classes rather than names is sound because only the guard's regenerated SQL runs:
a node of class `Coalesce` is always emitted as COALESCE, whatever spelling the user typed.
Functions sqlglot does not model stay `exp.Anonymous` and are checked by their lower-case name.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import sqlglot
import yaml
from sqlglot import exp

FUNCTIONS_FILE = Path(__file__).with_name("sql_functions.yml")
_TRIAL_ARGS = ("", "x", "x, y", "x, y, z", "'day', x, y")

# Nodes sqlglot models as functions although SQL writes them as syntax.
SYNTAX_FUNCS: tuple[type[exp.Expr], ...] = (
    exp.Cast,
    exp.TryCast,
    exp.Case,
    exp.If,
    exp.Extract,
    exp.Array,
    exp.Struct,
    exp.Columns,
    exp.Bracket,
    exp.CurrentDate,
    exp.CurrentTimestamp,
    exp.And,
    exp.Or,
    exp.Xor,
    exp.Exists,
    exp.Collate,
    # date truncation has several node classes (the semantic layer builds DateTrunc directly);
    # all of them only round a date or timestamp
    exp.DateTrunc,
    exp.TimestampTrunc,
    exp.DatetimeTrunc,
)


@dataclass(frozen=True)
class FunctionSet:
    classes: frozenset[type[exp.Expr]]
    names: frozenset[str]

    def contains(self, node: exp.Expr) -> bool:
        if isinstance(node, exp.Anonymous):
            return node.name.lower() in self.names
        return type(node) in self.classes


@dataclass(frozen=True)
class FunctionAllowlist:
    allowed: FunctionSet
    aggregate_only_allowed: FunctionSet
    numeric_only: FunctionSet


def function_label(node: exp.Expr) -> str:
    """The name to show in a notice: what the user typed where we know it."""
    if isinstance(node, exp.Anonymous):
        return node.name.lower()
    return node.sql_name().lower() if isinstance(node, exp.Func) else type(node).__name__.lower()


def _resolve(name: str) -> tuple[set[type[exp.Expr]], set[str]]:
    for args in _TRIAL_ARGS:
        try:
            parsed = sqlglot.parse_one(f"SELECT {name}({args})", read="duckdb")
        except sqlglot.errors.SqlglotError:
            continue
        call = parsed.expressions[0]
        funcs = [n for n in call.walk() if isinstance(n, exp.Func)]
        classes: set[type[exp.Expr]] = {type(n) for n in funcs if not isinstance(n, exp.Anonymous)}
        names = {n.name.lower() for n in funcs if isinstance(n, exp.Anonymous)}
        return classes, names
    raise ValueError(f"{FUNCTIONS_FILE.name}: cannot parse function {name!r}")


def _function_set(names: list[str], extra: tuple[type[exp.Expr], ...] = ()) -> FunctionSet:
    classes: set[type[exp.Expr]] = set(extra)
    anonymous: set[str] = set()
    for name in names:
        found_classes, found_names = _resolve(name)
        classes |= found_classes
        anonymous |= found_names
    return FunctionSet(frozenset(classes), frozenset(anonymous))


@cache
def load_function_allowlist() -> FunctionAllowlist:
    raw = yaml.safe_load(FUNCTIONS_FILE.read_text(encoding="utf-8"))
    everything = [*raw["scalar"], *raw["aggregate"], *raw["window"]]
    scalar = [*raw["scalar"], *raw["window"]]
    return FunctionAllowlist(
        allowed=_function_set(everything, SYNTAX_FUNCS),
        aggregate_only_allowed=_function_set([*scalar, *raw["aggregate_only_allowed"]], SYNTAX_FUNCS),
        numeric_only=_function_set(raw["numeric_only"]),
    )
