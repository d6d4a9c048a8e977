"""Small lookup tables the SQL generators join against, built from the reference YAML files.

Weighted choices become "slot tables": a categorical distribution spread over N equal slots, so a
fact row picks a value with an equality join on floor(u * N) instead of a per-row Python loop.
Everything here is deterministic: no randomness, only the reference data and the seed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import duckdb
import numpy as np

from data.dictionary import load_dictionary
from data.reference import PAIN_THEMES, load_reference

START_DATE = date(2023, 10, 1)
AS_OF_DATE = date(2026, 9, 30)
N_MONTHS = 36


def load_table(con: duckdb.DuckDBPyConnection, name: str, columns: Mapping[str, Sequence[Any]]) -> None:
    """Materialise Python columns as a temporary table (strings become VARCHAR)."""
    arrays = {k: np.asarray(v, dtype=object if isinstance(v[0], str) else None) for k, v in columns.items()}
    con.register(f"_{name}_src", arrays)
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _{name}_src")
    con.unregister(f"_{name}_src")


def slots(weights: Sequence[float], n_slots: int) -> np.ndarray:
    """Index of the value owning each of n_slots equal slots of the cumulative weight line."""
    cumulative = np.cumsum(np.asarray(weights, dtype=np.float64))
    centres = (np.arange(n_slots) + 0.5) / n_slots * cumulative[-1]
    return np.searchsorted(cumulative, centres, side="right").clip(0, len(weights) - 1)


def build_lookups(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """Every lookup table and the products table (the catalogue does not depend on scale)."""
    for builder in (_geography, _categories, _channels, _tiers, _people, _calendar, _texts, _themes, _rfm):
        builder(con)
    _products(con, seed)


def _geography(con: duckdb.DuckDBPyConnection) -> None:
    geo = load_reference("geography")
    cities, regions = geo["cities"], geo["regions"]
    cols: dict[str, list[Any]] = {k: [c[k] for c in cities] for k in ("city", "province", "region", "id_area")}
    cols["city_idx"] = list(range(len(cities)))
    cols["weight"] = [float(c["weight"]) for c in cities]
    cols["region_spend"] = [float(regions[c["region"]]["spend"]) for c in cities]
    load_table(con, "city", cols)
    load_table(con, "city_slot", {"slot": list(range(10_000)), "city_idx": slots(cols["weight"], 10_000).tolist()})


def _categories(con: duckdb.DuckDBPyConnection) -> None:
    cats = load_reference("catalog")["categories"]
    names = list(cats)
    load_table(
        con,
        "category",
        {
            "cat_idx": list(range(len(names))),
            "category": names,
            "noun": [cats[n]["noun"] for n in names],
            "return_rate": [float(cats[n]["return_rate"]) for n in names],
            "max_qty": [int(cats[n]["max_qty"]) for n in names],
            "n_products": [len(cats[n]["brands"]) * len(cats[n]["types"]) for n in names],
        },
    )
    picks = slots([cats[n]["affinity"] for n in names], 1000)
    load_table(con, "category_slot", {"slot": list(range(1000)), "cat_idx": picks.tolist()})
    reasons = load_reference("catalog")["return_reasons"]
    pool = [(c, r) for c in names for r, allowed in reasons.items() if allowed == "all" or c in allowed]
    ranks = [sum(1 for c2, _ in pool[:i] if c2 == c) for i, (c, _) in enumerate(pool)]
    load_table(con, "return_reason", {"category": [c for c, _ in pool], "k": ranks, "reason": [r for _, r in pool]})


def _channels(con: duckdb.DuckDBPyConnection) -> None:
    """Channel labels, payment methods, and the month x region channel mix (live stream grows)."""
    catalog, geo = load_reference("catalog"), load_reference("geography")
    channels = catalog["channels"]
    names = list(channels)
    load_table(
        con,
        "channel",
        {
            "channel": names,
            "label": [channels[c]["label"] for c in names],
            "n_payments": [len(channels[c]["payments"]) for c in names],
        },
    )
    pays = [(c, k, p) for c in names for k, p in enumerate(channels[c]["payments"])]
    load_table(
        con, "payment", {"channel": [p[0] for p in pays], "k": [p[1] for p in pays], "method": [p[2] for p in pays]}
    )
    rows: dict[str, list[Any]] = {"month_idx": [], "region": [], "slot": [], "channel": []}
    for month in range(N_MONTHS):
        t = month / (N_MONTHS - 1)
        for region, spec in geo["regions"].items():
            weights = [channels[c]["mix_start"] * (1 - t) + channels[c]["mix_end"] * t for c in names]
            weights[names.index("live_stream")] *= float(spec["live_stream"])
            picks = slots(weights, 1000)
            rows["month_idx"] += [month] * 1000
            rows["region"] += [region] * 1000
            rows["slot"] += list(range(1000))
            rows["channel"] += [names[i] for i in picks]
    load_table(con, "channel_slot", rows)


def _tiers(con: duckdb.DuckDBPyConnection) -> None:
    tiers = load_reference("catalog")["member_tiers"]
    names = list(tiers)
    upper = np.cumsum([tiers[n]["share"] for n in names])
    upper[-1] = 1.0 + 1e-9
    lower = np.concatenate([[0.0], upper[:-1]])
    load_table(
        con,
        "tier",
        {
            "tier": names,
            "lo": lower.tolist(),
            "hi": upper.tolist(),
            "spend": [float(tiers[n]["spend"]) for n in names],
        },
    )


def _people(con: duckdb.DuckDBPyConnection) -> None:
    people = load_reference("people")
    surnames = people["surnames"]
    load_table(
        con,
        "surname",
        {
            "idx": list(range(len(surnames))),
            "hanzi": [s[0] for s in surnames],
            "pinyin": [s[1] for s in surnames],
        },
    )
    given = [(g, k, pair[0], pair[1]) for g, pairs in people["given_names"].items() for k, pair in enumerate(pairs)]
    load_table(
        con,
        "given_name",
        {
            "gender": [g[0] for g in given],
            "idx": [g[1] for g in given],
            "hanzi": [g[2] for g in given],
            "pinyin": [g[3] for g in given],
        },
    )
    domains = list(people["email_domains"])
    picks = slots([people["email_domains"][d] for d in domains], 100)
    load_table(con, "email_domain", {"slot": list(range(100)), "domain": [domains[i] for i in picks]})


def _day_weights(days: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Relative order volume per day: growth, weekends, double-11 and 618, Spring Festival lull."""
    years = (days - days[0]).astype(np.int64) / 365.25
    month = (days.astype("datetime64[M]").astype(np.int64) % 12) + 1
    dom = (days - days.astype("datetime64[M]")).astype(np.int64) + 1
    weekday = (days.astype(np.int64) + 3) % 7  # 0 = Monday
    weight = (1.0 + 0.2 * years) * np.where(weekday >= 5, 1.15, 1.0)
    nov, jun = month == 11, month == 6
    weight *= np.where(nov & (dom == 11), 9.0, np.where(nov & (dom == 10), 3.0, np.where(nov & (dom == 12), 2.5, 1.0)))
    weight *= np.where(nov & (dom < 10), 1.6, 1.0)
    weight *= np.where(jun & (dom == 18), 6.0, np.where(jun & (dom == 17), 2.5, np.where(jun & (dom == 19), 2.0, 1.0)))
    weight *= np.where(jun & (dom < 17), 1.35, 1.0)
    weight *= np.where((month == 12) & (dom == 12), 2.5, 1.0)
    weight *= np.where((month == 2) & (dom <= 14), 0.6, 1.0)
    peak = (nov & (dom <= 17)) | (jun & (dom <= 22))
    return weight, peak


def _calendar(con: duckdb.DuckDBPyConnection) -> None:
    """Days with cumulative volume bounds: an order's day is an ASOF lookup of a uniform draw."""
    days = np.arange(np.datetime64(START_DATE), np.datetime64(AS_OF_DATE) + 2, dtype="datetime64[D]")
    weight, peak = _day_weights(days)
    weight[-1] = 0.0  # the day after the as-of date only closes the last interval
    upper = np.cumsum(weight) / weight.sum()
    lower = np.concatenate([[0.0], upper[:-1]])
    load_table(
        con,
        "day_raw",
        {
            "day_text": [str(d) for d in days],
            "cum_lo": lower.tolist(),
            "cum_hi": upper.tolist(),
            "is_peak": peak.tolist(),
        },
    )
    con.execute("CREATE OR REPLACE TEMP TABLE day AS SELECT day_text::DATE AS day, * EXCLUDE (day_text) FROM day_raw")


def _texts(con: duckdb.DuckDBPyConnection) -> None:
    """All wording templates in one table keyed by (kind, key, idx)."""
    themes = load_reference("themes")
    rows: list[tuple[str, str, int, str]] = []
    for theme in PAIN_THEMES:
        rows += [("pain", theme, i, w) for i, w in enumerate(themes["pain_themes"][theme]["wordings"])]
    rows += [("review", "positive", i, w) for i, w in enumerate(themes["positive_wordings"])]
    rows += [("review", "neutral", i, w) for i, w in enumerate(themes["neutral_wordings"])]
    for category, wordings in themes["ticket_wordings"].items():
        rows += [("ticket", category, i, w) for i, w in enumerate(wordings)]
    for kind, wordings in themes["contact_suffixes"].items():
        rows += [("contact", kind, i, w) for i, w in enumerate(wordings)]
    load_table(
        con,
        "wording",
        {
            "kind": [r[0] for r in rows],
            "key": [r[1] for r in rows],
            "idx": [r[2] for r in rows],
            "text": [r[3] for r in rows],
        },
    )
    con.execute(
        "CREATE OR REPLACE TEMP TABLE wording_count AS SELECT kind, key, count(*) AS n FROM wording GROUP BY ALL"
    )


def _themes(con: duckdb.DuckDBPyConnection) -> None:
    """For each (category, channel), a slot table of the pain themes that can happen there."""
    specs = load_reference("themes")["pain_themes"]
    categories = list(load_reference("catalog")["categories"])
    channels = list(load_reference("catalog")["channels"])
    rows: dict[str, list[Any]] = {"category": [], "channel": [], "slot": [], "theme": []}
    for category in categories:
        for channel in channels:
            eligible = [t for t in PAIN_THEMES if _theme_fits(specs[t], category, channel)]
            picks = slots([float(specs[t]["weight"]) for t in eligible], 1000)
            rows["category"] += [category] * 1000
            rows["channel"] += [channel] * 1000
            rows["slot"] += list(range(1000))
            rows["theme"] += [eligible[i] for i in picks]
    load_table(con, "theme_slot", rows)


def _theme_fits(spec: dict[str, Any], category: str, channel: str) -> bool:
    return category in spec.get("categories", [category]) and channel in spec.get("channels", [channel])


def _rfm(con: duckdb.DuckDBPyConnection) -> None:
    """The dictionary's RFM rule table, expanded to all 125 score combinations."""
    dictionary = load_dictionary()
    combos = [(r, f, m) for r in range(1, 6) for f in range(1, 6) for m in range(1, 6)]
    load_table(
        con,
        "rfm_segment_map",
        {
            "r": [c[0] for c in combos],
            "f": [c[1] for c in combos],
            "m": [c[2] for c in combos],
            "segment": [dictionary.rfm_segment(*c) for c in combos],
        },
    )


def _products(con: duckdb.DuckDBPyConnection, seed: int) -> None:
    """The catalogue: every brand x type of each category, priced inside the category's range."""
    cats = load_reference("catalog")["categories"]
    rng = np.random.default_rng(seed)
    rows: dict[str, list[Any]] = {
        "product_id": [],
        "product_name": [],
        "category": [],
        "brand": [],
        "price": [],
        "rank": [],
    }
    for category, spec in cats.items():
        pairs = [(b, t) for t in spec["types"] for b in spec["brands"]]
        low, high = spec["price"]
        prices = np.floor(low + (high - low) * rng.random(len(pairs)) ** 1.6) + 0.9
        for rank, ((brand, kind), price) in enumerate(zip(pairs, prices, strict=True)):
            rows["product_id"].append(len(rows["product_id"]) + 1)
            rows["product_name"].append(f"{brand} {kind}")
            rows["category"].append(category)
            rows["brand"].append(brand)
            rows["price"].append(float(price))
            rows["rank"].append(rank)
    load_table(con, "product_raw", rows)
