"""Pass 2: the root must be a read-only query and every node a construct on the allowlist; comments go.

An allowlist, not a denylist: sqlglot turns unknown statements into opaque `Command` nodes and
parses some keywords (a bare CHECKPOINT) as columns, so only known query syntax passes.
"""

from __future__ import annotations

from sqlglot import exp

from engines.notice_figures import SqlName
from guards.passes.context import RESERVED_PREFIX, GuardContext, reject
from guards.positions import forget_positions

ROOT_TYPES: tuple[type[exp.Expr], ...] = (exp.Select, exp.Union, exp.Intersect, exp.Except)

NODE_TYPES: frozenset[type[exp.Expr]] = frozenset(
    {
        *ROOT_TYPES,
        exp.Subquery,
        exp.From,
        exp.Join,
        exp.Where,
        exp.Group,
        exp.Having,
        exp.Qualify,
        exp.Order,
        exp.Ordered,
        exp.Limit,
        exp.Offset,
        exp.With,
        exp.CTE,
        exp.TableAlias,
        exp.Table,
        exp.Identifier,
        exp.Column,
        exp.Star,
        exp.Alias,
        exp.Aliases,
        exp.Literal,
        exp.Boolean,
        exp.Null,
        exp.Paren,
        exp.Tuple,
        exp.Window,
        exp.WindowSpec,
        exp.Lambda,
        exp.Interval,
        exp.IntervalSpan,
        exp.DataType,
        exp.DataTypeParam,
        exp.Distinct,
        exp.Values,
        exp.Unnest,
        exp.Lateral,
        exp.Pivot,
        exp.PivotAlias,
        exp.In,
        exp.Between,
        exp.Is,
        exp.Not,
        exp.Neg,
        exp.Exists,
        exp.Any,
        exp.All,
        exp.Slice,
        exp.PropertyEQ,
        exp.Kwarg,
        exp.Var,
        exp.IgnoreNulls,
        exp.RespectNulls,
        exp.Filter,
        exp.WithinGroup,
        exp.Cube,
        exp.Rollup,
        exp.GroupingSets,
        exp.PositionalColumn,
        exp.Collate,
        exp.Escape,
        exp.Dot,
        exp.AtTimeZone,
        exp.TableSample,
        exp.Tuple,
        exp.JSONPath,
        exp.JSONPathKey,
        exp.JSONPathRoot,
        exp.JSONPathSubscript,
        exp.JSONPathWildcard,
        exp.Bracket,
        exp.Array,
        exp.Struct,
        exp.Fetch,
        exp.Semicolon,
        exp.Check,
    }
)
OPERATOR_BASES: tuple[type[exp.Expr], ...] = (exp.Binary, exp.Unary, exp.Predicate)
DENIED_TYPES: tuple[type[exp.Expr], ...] = (exp.Command, exp.Placeholder, exp.Parameter, exp.SessionParameter)


def _node_allowed(node: exp.Expr) -> bool:
    if isinstance(node, DENIED_TYPES):
        return False
    if isinstance(node, exp.Func):
        return True  # checked by the functions pass
    return type(node) in NODE_TYPES or isinstance(node, OPERATOR_BASES)


def _check_identifier(node: exp.Identifier) -> None:
    if node.name.startswith(RESERVED_PREFIX):
        message = f"names starting with {RESERVED_PREFIX} are reserved: {node.name}"
        raise reject("reserved_name", message, figures=SqlName(node.name))


def check_statement(ctx: GuardContext) -> GuardContext:
    root = ctx.expression
    if not isinstance(root, ROOT_TYPES):
        kind = type(root).__name__.upper()
        message = f"only read-only queries (SELECT, WITH, UNION) are allowed, not {kind}"
        raise reject("not_a_query", message, figures=SqlName(kind))
    for node in root.walk():
        node.comments = None  # only the guard's SQL runs; user comments never reach the database
        forget_positions(node)
        if isinstance(node, exp.Identifier):
            _check_identifier(node)
        if node.args.get("into") is not None:
            raise reject("not_a_query", "SELECT ... INTO is not allowed", figures=SqlName("SELECT ... INTO"))
        if not _node_allowed(node):
            construct = type(node).__name__
            raise reject("unsupported_syntax", f"unsupported SQL construct: {construct}", figures=SqlName(construct))
    return ctx
