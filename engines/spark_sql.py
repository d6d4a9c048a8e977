"""Rendering a canonical (DuckDB-dialect) sqlglot tree as Spark SQL with DuckDB's meaning.

sqlglot transpiles most constructs faithfully (NULLS LAST for ascending sorts, `//` as DIV,
strftime formats, string_split, regexp_extract's group). Where DuckDB and Spark disagree on what the
same spelling *means*, a small transform below rewrites the tree first; each is a pure function
from tree to tree, applied in the order of `TRANSFORMS` to a copy:

* `main.orders` -> `orders`: the export is mounted as temp views, which have no schema.
* `a / b` -> `try_divide(a, b)`: DuckDB gives inf (shown as null) for x/0, ANSI Spark raises.
* day of week: DuckDB's dayofweek / extract(dow) count Sunday as 0, Spark's as 1; isodow has a
  Spark spelling of its own (sqlglot's arithmetic for it is off by one).
* regular expressions: RE2 (DuckDB) and Java (Spark) agree on most syntax; POSIX classes and
  `(?P<name>` are translated, flags become inline `(?i)`, DuckDB's `\\1` back-references in a
  replacement become Java's `$1` (and a literal `$` is escaped), and regexp_replace without the
  'g' flag replaces only the first match, as in DuckDB.
* date_diff counts unit boundaries in DuckDB (10:59 -> 11:01 is one hour; weeks excepted, which
  count whole weeks), Spark's TIMESTAMPDIFF whole units: both ends are truncated to the unit
  first. DuckDB's date_sub (whole units) is TIMESTAMPDIFF itself.
* percentiles: quantile_cont / percentile_cont are exact and interpolated in DuckDB (Spark's
  PERCENTILE; sqlglot would pick the approximate one for WITHIN GROUP), quantile and
  quantile_disc are discrete (Spark's PERCENTILE_DISC ... WITHIN GROUP).
* epoch seconds: Spark has no EXTRACT(EPOCH ...); DuckDB's fractional seconds since 1970 (UTC for
  a timestamp without time zone) are UNIX_MICROS of the value read as UTC, divided by 10^6.
* dayname / monthname are full names in DuckDB, abbreviations in Spark: DATE_FORMAT instead.
* QUALIFY with ORDER BY or LIMIT: sqlglot's rewrite for engines without QUALIFY would sort and
  limit before filtering; the filter, sort keys and limit are moved to an outer query instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp

POSIX_CLASSES = {
    "alpha": r"\p{Alpha}", "digit": r"\p{Digit}", "alnum": r"\p{Alnum}", "upper": r"\p{Upper}",
    "lower": r"\p{Lower}", "space": r"\s", "punct": r"\p{Punct}", "xdigit": r"\p{XDigit}", "word": r"\w",
    "blank": r"\p{Blank}", "cntrl": r"\p{Cntrl}", "print": r"\p{Print}", "graph": r"\p{Graph}",
}  # fmt: skip
REGEX_NODES = (exp.RegexpLike, exp.RegexpILike, exp.RegexpExtract, exp.RegexpReplace, exp.RegexpSplit)
DOW_NAMES = frozenset({"dow", "dayofweek", "weekday"})


def unqualify_main(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Table) and node.db.lower() == "main":
        node.set("db", None)
        node.set("catalog", None)
    return node


def safe_division(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.Div):
        return exp.Anonymous(this="TRY_DIVIDE", expressions=[node.this, node.expression])
    return node


def sunday_zero_weekday(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.DayOfWeekIso):
        return exp.Extract(this=exp.var("DAYOFWEEK_ISO"), expression=node.this)
    if isinstance(node, exp.Extract) and node.name.lower() == "isodow":
        return exp.Extract(this=exp.var("DAYOFWEEK_ISO"), expression=node.expression)
    if isinstance(node, exp.DayOfWeek) or (isinstance(node, exp.Extract) and node.name.lower() in DOW_NAMES):
        return exp.paren(exp.Sub(this=node, expression=exp.Literal.number(1)), copy=False)
    if isinstance(node, exp.Anonymous) and node.name.lower() in ("date_part", "datepart") and node.expressions:
        part = node.expressions[0]
        if isinstance(part, exp.Literal) and part.name.lower() in DOW_NAMES:
            return exp.paren(exp.Sub(this=node, expression=exp.Literal.number(1)), copy=False)
    return node


def java_pattern(pattern: str) -> str:
    """RE2 syntax that Java spells differently (or reads differently): POSIX classes, named groups."""
    translated = re.sub(r"\[:(\w+):\]", lambda m: POSIX_CLASSES.get(m.group(1), m.group(0)), pattern)
    return translated.replace("(?P<", "(?<")


def java_replacement(replacement: str, shift: int = 0) -> str:
    """DuckDB's `\\N` group references become `$N` (shifted by `shift`); `$` and `\\\\` are escaped for Java."""
    out, i = [], 0
    while i < len(replacement):
        char = replacement[i]
        following = replacement[i + 1] if i + 1 < len(replacement) else ""
        if char == "\\" and following.isdigit():
            out.append(f"${int(following) + shift}")
            i += 2
            continue
        if char == "\\" and following == "\\":
            out.append("\\\\")
            i += 2
            continue
        out.append("\\$" if char == "$" else "\\\\" if char == "\\" else char)
        i += 1
    return "".join(out)


def _literal_text(node: exp.Expr | None) -> str | None:
    return node.name if isinstance(node, exp.Literal) and node.is_string else None


def java_regex(node: exp.Expr) -> exp.Expr:
    if not isinstance(node, REGEX_NODES):
        return node
    pattern = _literal_text(node.expression)
    if pattern is not None:
        node.set("expression", exp.Literal.string(java_pattern(pattern)))
    if isinstance(node, exp.RegexpReplace):
        return _regexp_replace(node)
    return node


def _regexp_replace(node: exp.RegexpReplace) -> exp.Expr:
    pattern, replacement = _literal_text(node.expression), _literal_text(node.args.get("replacement"))
    modifiers = _literal_text(node.args.get("modifiers")) or ""
    if pattern is None or replacement is None:
        return node
    flags = "(?i)" if "i" in modifiers and "c" not in modifiers.split("i")[-1] else ""
    if "g" in modifiers:
        new_pattern, new_replacement = f"{flags}{pattern}", java_replacement(replacement)
    else:  # first match only: consume the shortest prefix, then the match, and put the prefix back
        new_pattern, new_replacement = f"{flags}^(?s:(.*?))(?:{pattern})", "$1" + java_replacement(replacement, 1)
    return exp.Anonymous(
        this="REGEXP_REPLACE",
        expressions=[node.this, exp.Literal.string(new_pattern), exp.Literal.string(new_replacement)],
    )


BOUNDARY_UNITS = frozenset({"year", "quarter", "month", "day", "hour", "minute", "second"})
NAME_FORMATS: dict[type[exp.Expr], str] = {exp.Dayname: "EEEE", exp.Monthname: "MMMM"}


def _unit(node: exp.Expr | None) -> str | None:
    if isinstance(node, (exp.Var, exp.Literal)):
        return node.name.lower().rstrip("s") or None
    return None


def _timestampdiff(unit: str, start: exp.Expr, end: exp.Expr, truncate: bool) -> exp.Expr:
    if truncate:
        start = exp.Anonymous(this="DATE_TRUNC", expressions=[exp.Literal.string(unit.upper()), start])
        end = exp.Anonymous(this="DATE_TRUNC", expressions=[exp.Literal.string(unit.upper()), end])
    return exp.Anonymous(this="TIMESTAMPDIFF", expressions=[exp.var(unit.upper()), start, end])


def duckdb_date_diff(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.DateDiff):
        unit = _unit(node.args.get("unit")) or "day"
        if unit in BOUNDARY_UNITS or unit == "week":
            return _timestampdiff(unit, node.expression, node.this, truncate=unit != "week")
    if isinstance(node, exp.Anonymous) and node.name.lower() in ("date_sub", "datesub") and len(node.expressions) == 3:
        part = _unit(node.expressions[0]) or ""
        if part in BOUNDARY_UNITS or part == "week":
            return _timestampdiff(part, node.expressions[1], node.expressions[2], truncate=False)
    return node


def _discrete(value: exp.Expr, quantile: exp.Expr) -> exp.Expr:
    ordered = exp.Order(expressions=[exp.Ordered(this=value, desc=False, nulls_first=False)])
    return exp.WithinGroup(this=exp.Anonymous(this="PERCENTILE_DISC", expressions=[quantile]), expression=ordered)


def exact_percentiles(node: exp.Expr) -> exp.Expr:
    if isinstance(node, exp.WithinGroup) and isinstance(node.this, (exp.PercentileCont, exp.PercentileDisc)):
        order = node.expression.expressions[0] if node.expression and node.expression.expressions else None
        value = order.this if isinstance(order, exp.Ordered) else order
        if value is None:
            return node
        if isinstance(node.this, exp.PercentileCont):
            return exp.Anonymous(this="PERCENTILE", expressions=[value, node.this.this])
        return _discrete(value.copy(), node.this.this)
    if isinstance(node, exp.PercentileCont) and node.expression is not None:
        return exp.Anonymous(this="PERCENTILE", expressions=[node.this, node.expression])
    if isinstance(node, (exp.PercentileDisc, exp.Quantile)) and node.args.get("quantile", node.expression):
        return _discrete(node.this, node.args.get("quantile") or node.expression)
    return node


def epoch_seconds(node: exp.Expr) -> exp.Expr:
    value = None
    if isinstance(node, exp.Extract) and node.name.lower() == "epoch":
        value = node.expression
    elif isinstance(node, exp.TimeToUnix):
        value = node.this
    if value is None:
        return node
    utc = exp.cast(value, exp.DataType.build("TIMESTAMPLTZ"))
    micros = exp.Anonymous(this="UNIX_MICROS", expressions=[utc])
    return exp.paren(exp.Div(this=micros, expression=exp.Literal.number("1e6")), copy=False)  # a DOUBLE, as in DuckDB


def full_day_and_month_names(node: exp.Expr) -> exp.Expr:
    pattern = NAME_FORMATS.get(type(node))
    if pattern is None:
        return node
    return exp.Anonymous(this="DATE_FORMAT", expressions=[node.this, exp.Literal.string(pattern)])


def qualify_before_order(node: exp.Expr) -> exp.Expr:
    if not (isinstance(node, exp.Select) and node.args.get("qualify")):
        return node
    order, limit, offset = node.args.get("order"), node.args.get("limit"), node.args.get("offset")
    if (order is None and limit is None and offset is None) or any(isinstance(e, exp.Star) for e in node.expressions):
        return node
    inner, condition = node.copy(), node.args["qualify"].this.copy()
    for arg in ("order", "limit", "offset", "qualify"):
        inner.set(arg, None)
    if condition.find(exp.Window):  # a window in the filter itself is computed in the inner query
        inner.select(exp.alias_(condition, "__q"), copy=False)
        condition = exp.column("__q")
    ordered = order.expressions if order else []
    names = [exp.column(e.alias_or_name) for e in node.expressions]
    keys: list[exp.Expr] = []
    for i, o in enumerate(ordered):
        position = int(o.this.name) if isinstance(o.this, exp.Literal) and o.this.is_int else 0
        if not position:
            inner.select(exp.alias_(o.this.copy(), f"__o{i}"), copy=False)
        key: exp.Expr = names[position - 1].copy() if position else exp.column(f"__o{i}")
        keys.append(exp.Ordered(this=key, desc=o.args.get("desc"), nulls_first=o.args.get("nulls_first")))
    outer = exp.select(*names).from_(inner.subquery("__qualified")).where(condition)
    outer.set("order", exp.Order(expressions=keys) if keys else None)
    outer.set("limit", limit.copy() if limit else None)
    outer.set("offset", offset.copy() if offset else None)
    return outer


TRANSFORMS: tuple[Callable[[exp.Expr], exp.Expr], ...] = (
    unqualify_main,
    qualify_before_order,
    epoch_seconds,
    safe_division,
    sunday_zero_weekday,
    java_regex,
    duckdb_date_diff,
    exact_percentiles,
    full_day_and_month_names,
)


def spark_tree(expression: exp.Expr) -> exp.Expr:
    tree = expression.copy()
    for transform in TRANSFORMS:
        tree = tree.transform(transform, copy=False)
    return tree


def to_spark_sql(expression: exp.Expr) -> str:
    """The Spark SQL text of a canonical tree, with DuckDB's semantics kept (see the module docstring)."""
    return spark_tree(expression).sql(dialect="spark", comments=False)  # a comment could become a hint
