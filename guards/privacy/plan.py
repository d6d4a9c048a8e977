"""The noise plan: which parts of a guarded statement release customer values, and how.

Every SELECT that aggregates customer-linked policy views (the fact CTEs of a compiled query, or the
root) becomes a *stage* that runs on the engine in a per-customer shape:

    SELECT keys, SUM(v * least(1, high / t)) AS raw ...                      -- one row per group
    FROM (SELECT *, SUM(v) OVER (PARTITION BY __cdm_key) AS t                  -- customer's total
          FROM (SELECT keys, __cdm_key, SUM(x) AS v ... GROUP BY keys, __cdm_key)) -- customer x group
    GROUP BY keys HAVING count(DISTINCT __cdm_key) >= N AND <each value's own population> >= N

so each customer's contributions over all groups of the answer together are scaled down to the
bound declared for the measure (bounds.yml): an L1 bound, so one customer moves the whole released
vector by at most the bound, however many months or stores they appear in. The stage's raw sums and counts never leave the guard: release.py adds seeded
Laplace noise and runs the rest of the statement (ratios, derived metrics, key spine, ORDER BY,
LIMIT) over the noisy values, so ranks and shares follow the noisy numbers. Shapes the plan cannot
express are refused, never released without noise.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from guards.decision import GuardRejection, Notice
from guards.policy import PrivacySettings
from guards.privacy.bounds import Bounds, ContributionBound, load_bounds
from guards.privacy.calibrate import composed_epsilon, laplace_scale
from guards.views import ENTITY_KEY, VIEW_META, has_entity_key

ROOT_STAGE = "__cdm_root"
PER_CUSTOMER = "__per_customer"
PER_GROUP = "__per_group"
AGGREGATES = {exp.Sum: "sum", exp.Count: "count", exp.Avg: "average"}


@dataclass(frozen=True)
class ReleasedValue:
    name: str
    bound: ContributionBound
    scales: tuple[float, ...]  # Laplace scale of each raw part: (sum,) (count,) or (sum, count)

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(f"__raw_{self.name}_{i}" for i in range(len(self.scales)))


@dataclass(frozen=True)
class Stage:
    table: str  # the name the rest of the statement reads it by
    expression: exp.Query  # runs on the engine
    keys: tuple[str, ...]
    values: tuple[ReleasedValue, ...]  # empty: a stage over tables without customers (no noise)


@dataclass(frozen=True)
class NoisePlan:
    stages: tuple[Stage, ...]
    outer: exp.Query  # runs in the guard over the stage tables
    epsilon: float  # what the whole answer costs (OpenDP composition)


def refuse(message: str) -> GuardRejection:
    return GuardRejection(Notice("privacy_shape", message))


def from_and_joins(select: exp.Select) -> list[exp.Expr]:
    """What a SELECT reads directly: its FROM source, then each JOIN's."""
    sources = [select.args["from_"].this] if select.args.get("from_") else []
    return sources + [j.this for j in select.args.get("joins") or ()]


def _views(select: exp.Select) -> list[exp.Subquery]:
    return [s for s in from_and_joins(select) if isinstance(s, exp.Subquery) and s.meta_get(VIEW_META) is not None]


def _entity_views(select: exp.Select) -> list[exp.Subquery]:
    return [v for v in _views(select) if has_entity_key(v)]


def _text(node: exp.Expr) -> str:
    return node.sql(dialect="duckdb")


def output_name(projection: exp.Expr) -> str:
    """A projection's column name: its alias, a column's name, else its SQL (`COUNT(*)`)."""
    if isinstance(projection, (exp.Alias, exp.Column)) and projection.alias_or_name:
        return projection.alias_or_name
    return _text(projection)


@dataclass(frozen=True)
class _Shape:
    keys: list[tuple[exp.Expr, str]]  # group expression, output name
    values: list[tuple[exp.AggFunc, str]]


def _group_expressions(select: exp.Select, projections: list[exp.Expr]) -> list[exp.Expr]:
    group = select.args.get("group")
    if group is None:
        return []
    if group.args.get("all"):
        return [p.unalias() for p in projections if not p.unalias().find(exp.AggFunc)]
    by_alias = {p.alias_or_name: p.unalias() for p in projections}
    resolved = []
    for item in group.expressions:
        if isinstance(item, exp.Literal) and item.is_int and 0 < int(item.this) <= len(projections):
            item = projections[int(item.this) - 1].unalias()
        elif isinstance(item, exp.Column) and not item.table and item.name in by_alias:
            item = by_alias[item.name] if not by_alias[item.name].find(exp.AggFunc) else item
        resolved.append(item)
    return resolved


def _shape(select: exp.Select) -> _Shape:
    projections = list(select.expressions)
    groups = _group_expressions(select, projections)
    by_text: dict[exp.Expr, exp.Expr] = {g: g for g in groups}  # structural equality, no SQL generated
    keys: list[tuple[exp.Expr, str]] = []
    values: list[tuple[exp.AggFunc, str]] = []
    for projection in projections:
        inner, name = projection.unalias(), output_name(projection)
        if inner in by_text:
            keys.append((by_text.pop(inner), name))
        elif type(inner) in AGGREGATES and not inner.find_ancestor(exp.Window):
            values.append((inner, name))  # type: ignore[arg-type]
        else:
            raise refuse("approximate answers release only governed sums, counts and averages per group")
    keys += [(g, f"__key_{i}") for i, g in enumerate(by_text.values())]
    return _Shape(keys, values)


def _bound(aggregate: exp.AggFunc, name: str, bounds: Bounds) -> ContributionBound:
    kind = AGGREGATES[type(aggregate)]
    bound = bounds.measures.get(name) or (bounds.unnamed_count if kind == "count" else None)
    if bound is None or bound.kind != kind:
        raise refuse(f"no contribution bound is declared for {name}, so it cannot be released with privacy noise")
    return bound


def _least(value: exp.Expr, other: exp.Expr) -> exp.Expr:
    """`least(value, other)` built directly: `exp.func` looks the name up in the dialect and copies its arguments."""
    return exp.Least(this=value, expressions=[other], ignore_nulls=True)


def _greatest(value: exp.Expr, other: exp.Expr) -> exp.Expr:
    return exp.Greatest(this=value, expressions=[other], ignore_nulls=True)


def _clamp(value: exp.Expr, low: float, high: float) -> exp.Expr:
    return _least(_greatest(value, exp.convert(low)), exp.convert(high))


def _per_customer_values(aggregate: exp.AggFunc, bound: ContributionBound, index: int) -> list[exp.Expr]:
    """The customer's own aggregate(s) per group in the inner query (rows clamped to the bounds)."""
    argument = aggregate.this.copy()
    if bound.kind == "average":
        clamped = _clamp(argument.copy(), bound.low, bound.high)
        return [
            exp.Sum(this=clamped).as_(f"__v{index}", copy=False),
            exp.Count(this=argument).as_(f"__n{index}", copy=False),
        ]
    if bound.kind == "sum":
        return [exp.Sum(this=_greatest(argument, exp.convert(bound.low))).as_(f"__v{index}", copy=False)]
    return [aggregate.copy().as_(f"__v{index}", copy=False)]


def _totals(bound: ContributionBound, index: int) -> exp.Expr:
    """A customer's total over all groups of the answer (what the L1 bound limits)."""
    column = exp.column(f"__n{index}" if bound.kind == "average" else f"__v{index}")
    return exp.Window(this=exp.Sum(this=column), partition_by=[exp.column(ENTITY_KEY)]).as_(f"__t{index}", copy=False)


def _share(bound: ContributionBound, index: int) -> exp.Expr:
    """The factor that scales a customer's contributions down so their total fits the bound."""
    limit = exp.convert(bound.rows if bound.kind == "average" else bound.high)
    total = exp.Nullif(this=exp.column(f"__t{index}"), expression=exp.convert(0))
    return _least(exp.convert(1), exp.Div(this=limit, expression=total))


def _released(bound: ContributionBound, index: int) -> tuple[list[exp.Expr], exp.Expr]:
    """The group's bounded raw parts in the stage, and the population that contributes to them."""
    v, n, share = exp.column(f"__v{index}"), exp.column(f"__n{index}"), _share(bound, index)
    if bound.kind == "average":
        parts: list[exp.Expr] = [
            exp.Sum(this=exp.Mul(this=v, expression=share)),
            exp.Sum(this=exp.Mul(this=n, expression=share.copy())),
        ]
        return parts, exp.Count(this=exp.Nullif(this=n.copy(), expression=exp.convert(0)))
    population = (
        exp.Count(this=v.copy())
        if bound.kind == "sum"
        else exp.Count(this=exp.Nullif(this=v.copy(), expression=exp.convert(0)))
    )
    return [exp.Sum(this=exp.Mul(this=v, expression=share))], population


def _user_having(select: exp.Select) -> None:
    having = select.args.get("having")
    if having is None:
        return
    if not having.this.meta_get("cdm_size_check"):  # the whole HAVING is the guard's size check, nothing of the user's
        raise refuse("approximate answers cannot filter groups by their values (HAVING)")


def _copy_without(node: exp.Expr, args: tuple[str, ...]) -> exp.Expr:
    """A copy of `node` without some of its args (they are not copied at all: copying is most of
    the plan's cost), leaving `node` as it was."""
    saved = {arg: node.args.get(arg) for arg in args}
    for arg in args:
        node.set(arg, None)
    try:
        return node.copy()
    finally:
        for arg, value in saved.items():
            node.set(arg, value)


def _inner(select: exp.Select, shape: _Shape, bounds: list[ContributionBound]) -> exp.Select:
    key_column = exp.column(ENTITY_KEY, table=_entity_views(select)[0].alias_or_name)
    inner = _copy_without(select, ("expressions", "group", "having", "order", "limit", "offset", "with_"))
    assert isinstance(inner, exp.Select)
    keys = [key.copy().as_(f"__k{i}", copy=False) for i, (key, _) in enumerate(shape.keys)]
    values = [e for i, ((agg, _), b) in enumerate(zip(shape.values, bounds, strict=True))
              for e in _per_customer_values(agg, b, i)]  # fmt: skip
    inner.set("expressions", [*keys, key_column.copy().as_(ENTITY_KEY, copy=False), *values])
    inner.set("group", exp.Group(expressions=[key.copy() for key, _ in shape.keys] + [key_column.copy()]))
    return inner


def _stage_select(select: exp.Select, shape: _Shape, bounds: list[ContributionBound], minimum: int) -> exp.Select:
    totals = [_totals(bound, i) for i, bound in enumerate(bounds)]
    inner = _inner(select, shape, bounds).subquery(PER_GROUP, copy=False)
    per_customer = exp.select(exp.Star(), *totals, copy=False).from_(inner, copy=False)
    keys = [exp.column(f"__k{i}").as_(name, copy=False) for i, (_, name) in enumerate(shape.keys)]
    parts: list[exp.Expr] = []
    populations: list[exp.Expr] = [exp.Count(this=exp.Distinct(expressions=[exp.column(ENTITY_KEY)]))]
    for index, ((_, name), bound) in enumerate(zip(shape.values, bounds, strict=True)):
        released, population = _released(bound, index)
        parts += [part.as_(f"__raw_{name}_{i}", copy=False) for i, part in enumerate(released)]
        populations.append(population)
    stage = exp.select(*keys, *parts, copy=False).from_(per_customer.subquery(PER_CUSTOMER, copy=False), copy=False)
    if shape.keys:
        stage = stage.group_by(*[exp.column(f"__k{i}") for i in range(len(shape.keys))], copy=False)
    checks = [exp.GTE(this=p, expression=exp.Literal.number(minimum)) for p in populations]  # `>=` would copy p
    return stage.having(exp.and_(*checks, copy=False), copy=False)


@dataclass(frozen=True)
class _Draft:
    table: str
    select: exp.Select
    shape: _Shape | None  # None: no customer behind the rows, runs as it is
    bounds: tuple[ContributionBound, ...] = ()


def _draft(select: exp.Select, table: str, bounds: Bounds) -> _Draft | None:
    if not _views(select):
        return None
    if not _entity_views(select):
        return _Draft(table, select, None)
    _user_having(select)
    shape = _shape(select)
    return _Draft(table, select, shape, tuple(_bound(agg, name, bounds) for agg, name in shape.values))


def _calibrate(drafts: list[_Draft], settings: PrivacySettings, minimum: int) -> tuple[list[Stage], float]:
    """Splits the query's epsilon evenly over its released parts (an average has two: sum, count).
    Groups need no split: the L1 bound holds over all groups of one stage together."""
    statistics = sum(2 if b.kind == "average" else 1 for d in drafts for b in d.bounds)
    each = settings.epsilon_per_query / max(statistics, 1)
    stages, scales, sensitivities = [], [], []
    for draft in drafts:
        if draft.shape is None:
            stages.append(Stage(draft.table, draft.select.copy(), (), ()))
            continue
        values = []
        for (_, name), bound in zip(draft.shape.values, draft.bounds, strict=True):
            parts = [bound.sensitivity] + ([float(bound.rows)] if bound.kind == "average" else [])
            value_scales = tuple(laplace_scale(s, each) for s in parts)
            values.append(ReleasedValue(name, bound, value_scales))
            scales += list(value_scales)
            sensitivities += parts
        expression = _stage_select(draft.select, draft.shape, list(draft.bounds), minimum)
        keys = tuple(name for _, name in draft.shape.keys)
        stages.append(Stage(draft.table, expression, keys, tuple(values)))
    return stages, composed_epsilon(tuple(scales), tuple(sensitivities))


def _references(node: exp.Expr) -> set[str]:
    return {t.name for t in node.find_all(exp.Table) if not t.db}


def _with_ctes(stage: exp.Query, kept: list[exp.CTE]) -> exp.Query:
    references = _references(stage) if kept else set()
    needed = [cte.copy() for cte in kept if cte.alias_or_name in references]
    if needed:
        stage.set("with_", exp.With(expressions=needed))
    return stage


def _output_name(item: exp.Expr, names: list[str], projections: list[exp.Expr]) -> str:
    if isinstance(item, exp.Literal) and item.is_int and 0 < int(item.this) <= len(names):
        return names[int(item.this) - 1]
    if isinstance(item, exp.Column) and not item.table and item.name in names:
        return item.name
    for projection in projections:
        if projection.unalias() == item:
            return output_name(projection)
    raise refuse("approximate answers can be ordered only by their output columns")


def _root_outer(root: exp.Select) -> exp.Query:
    projections = list(root.expressions)
    names = [output_name(p) for p in projections]
    outer = exp.select(*[exp.column(n) for n in names]).from_(exp.to_table(ROOT_STAGE))
    order = root.args.get("order")
    if order is not None:
        items = [exp.Ordered(this=exp.column(_output_name(o.this, names, projections)), desc=o.args.get("desc"),
                             nulls_first=o.args.get("nulls_first")) for o in order.expressions]  # fmt: skip
        outer = outer.order_by(*items)
    for arg in ("limit", "offset"):
        if root.args.get(arg) is not None:
            outer.set(arg, root.args[arg].copy())
    return outer


def _reads_views(node: exp.Expr) -> bool:
    return any(s.meta_get(VIEW_META) is not None for s in node.find_all(exp.Subquery))


def _reads_customers(node: exp.Expr) -> bool:
    return any(s.meta_get(VIEW_META) is not None and has_entity_key(s) for s in node.find_all(exp.Subquery))


def _lift_nested_ctes(root: exp.Query) -> exp.Query:
    """A compiled share joins two subqueries that each carry their own WITH (`shown` and `all_rows`):
    their CTEs move to the root's WITH, so each aggregation becomes a planned, noisy stage."""
    if not isinstance(root, exp.Select):
        return root
    if not any(isinstance(s, exp.Subquery) and s.this.args.get("with_") for s in from_and_joins(root)):
        return root
    lifted = root.copy()
    existing = lifted.args.get("with_")
    ctes = list(existing.expressions) if existing else []
    for source in from_and_joins(lifted):
        with_ = source.this.args.get("with_") if isinstance(source, exp.Subquery) else None
        if with_ is not None:
            ctes += list(with_.expressions)  # after the root's own: a nested CTE may read them, never the reverse
            source.this.set("with_", None)
    if len({cte.alias_or_name for cte in ctes}) < len(ctes):
        raise refuse("this question combines customer values in a way that cannot be released with privacy noise")
    lifted.set("with_", exp.With(expressions=ctes))
    return lifted


def plan_noise(tree: exp.Expr, settings: PrivacySettings, minimum: int) -> NoisePlan | None:
    """The plan for a guarded tree, or None when nothing in it is about customers."""
    assert isinstance(tree, exp.Query)
    bounds, root = (
        load_bounds(),
        _lift_nested_ctes(tree),
    )  # read only: stages and the outer query are new trees or copies
    with_ = root.args.get("with_")
    drafts, kept = [], []
    for cte in list(with_.expressions) if with_ else []:
        draft = _draft(cte.this, cte.alias_or_name, bounds) if isinstance(cte.this, exp.Select) else None
        (drafts.append(draft) if draft else kept.append(cte))  # type: ignore[func-returns-value]
    root_draft = _draft(root, ROOT_STAGE, bounds) if isinstance(root, exp.Select) else None
    if root_draft is None and not any(d.shape for d in drafts) and not _reads_customers(root):
        return None  # no customer values anywhere; customer views in a shape not planned are refused below
    if root_draft is not None:
        drafts.append(root_draft)
        assert isinstance(root, exp.Select)
        outer: exp.Query = _root_outer(root)
    else:
        outer = _copy_without(root, ("with_",))  # type: ignore[assignment]
        outer.set("with_", exp.With(expressions=[c.copy() for c in kept]) if kept else None)
    if _reads_views(outer):
        raise refuse("this question combines customer values in a way that cannot be released with privacy noise")
    stages, epsilon = _calibrate(drafts, settings, minimum)
    stages = [Stage(s.table, _with_ctes(s.expression, kept), s.keys, s.values) for s in stages]
    return NoisePlan(tuple(stages), outer, epsilon)
