"""How well recall (assistant/planner/recall.py) maps words the lexicon lacks to catalog items.

Usage: python benchmarks/measure_term_recall.py
Uses the product's own index (catalog names, labels, synonyms and descriptions, embedded with the
shipped all-MiniLM-L6-v2) and gate (recall.yml: minimum score, items within a distance of the best,
at most `max_options`). For paraphrases the lexicon does not know (each with the catalog item it
means) and for words the catalog has nothing for, it prints, per language and method and for a
range of thresholds, how often the right item is among the options offered and how often an
unrelated word is offered anything, then the cost of one query embedding. English uses the model;
Chinese is measured both with the model and with character bigrams (what the product uses).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from functools import cache

import numpy as np

from assistant.planner.recall import (
    Phrase,
    Recalled,
    catalog_terms,
    chinese_scores,
    english_scores,
    recall_settings,
    warm_recall,
)
from feedback.embeddings import embed
from semantic_layer.catalog import Catalog, load_catalog

PARAPHRASES = {
    "en": {
        "takings": "revenue",
        "money we made": "revenue",
        "basket value": "aov",
        "purchase count": "order_count",
        "customer attrition": "churn_rate",
        "repeat buyers share": "repeat_purchase_rate",
        "satisfaction rating": "csat",
        "stars given": "avg_rating",
        "help desk tickets": "ticket_count",
        "money returned to customers": "refund_amount",
        "pieces sold": "units_sold",
        "markdown rate": "discount_rate",
        "buyer count": "active_customers",
        "lifetime spend": "avg_clv",
        "marketing permission rate": "consent_rate",
        "province of the customer": "province",
        "loyalty level": "member_tier",
        "kind of product": "category",
        "means of payment": "payment_method",
        "shop type": "store_format",
        "complaint type": "ticket_category",
        "why returned": "return_reason",
        "time to resolve": "avg_resolution_hours",
        "client base": "customer_count",
    },
    "zh": {
        "营业额": "revenue",
        "成交额": "gmv",
        "平均客单": "aov",
        "下单量": "order_count",
        "流失比例": "churn_rate",
        "回头客比例": "repeat_purchase_rate",
        "顾客满意度": "csat",
        "星级评分": "avg_rating",
        "客服单量": "ticket_count",
        "退款总额": "refund_amount",
        "卖出件数": "units_sold",
        "优惠比例": "discount_rate",
        "购买人数": "active_customers",
        "终身价值": "avg_clv",
        "会员级别": "member_tier",
        "商品类目": "category",
        "付款渠道": "payment_method",
        "差评比例": "negative_review_share",
        "退货比例": "return_rate",
        "门店类型": "store_format",
    },
}
UNRELATED = {
    "en": [
        "profit margin",
        "inventory",
        "weather",
        "salesperson",
        "website traffic",
        "conversion rate",
        "headcount",
        "nps",
        "employee turnover",
        "stock price",
        "ad spend",
        "server uptime",
        "tax",
        "budget",
        "warehouse capacity",
        "commission",
    ],
    "zh": [
        "毛利率",
        "库存",
        "天气",
        "销售员",
        "网站流量",
        "转化率",
        "员工人数",
        "坪效",
        "广告费",
        "税额",
        "预算",
        "佣金",
    ],
}
Scorer = Callable[[Phrase, Catalog], list[Recalled]]


@cache
def _chinese_vectors() -> np.ndarray:  # type: ignore[type-arg]
    return embed([t.text for t in catalog_terms(load_catalog(), chinese=True)])


def model_on_chinese(phrase: Phrase, catalog: Catalog) -> list[Recalled]:
    """What the product does not do: the model against the catalog's Chinese labels and synonyms."""
    terms = catalog_terms(catalog, chinese=True)
    scores = _chinese_vectors() @ embed([phrase.text])[0]
    best: dict[str, Recalled] = {}
    for term, score in zip(terms, scores, strict=True):
        if term.target not in best or score > best[term.target].score:
            best[term.target] = Recalled(phrase, term.target, term.kind, float(score))
    return sorted(best.values(), key=lambda r: -r.score)


def _offered(scored: list[Recalled], minimum: float, within: float, limit: int) -> list[str]:
    if not scored or scored[0].score < minimum:
        return []
    return [r.target for r in scored if r.score >= minimum and scored[0].score - r.score <= within][:limit]


def _report(language: str, method: str, scorer: Scorer, within: float, thresholds: tuple[float, ...]) -> None:
    catalog = load_catalog()
    probes = PARAPHRASES[language]
    right = {text: scorer(Phrase(text, 0, len(text)), catalog) for text in probes}
    unrelated = {text: scorer(Phrase(text, 0, len(text)), catalog) for text in UNRELATED[language]}
    top1 = sum(bool(s) and s[0].target == probes[t] for t, s in right.items())
    best_right = [next((r.score for r in s if r.target == probes[t]), 0.0) for t, s in right.items()]
    best_unrelated = [s[0].score if s else 0.0 for s in unrelated.values()]
    print(
        f"{language} {method}: top-1 {top1}/{len(probes)}; score of the right item median "
        f"{statistics.median(best_right):.2f}; best score of unrelated words median "
        f"{statistics.median(best_unrelated):.2f}, max {max(best_unrelated):.2f}"
    )
    limit = recall_settings().max_options
    for threshold in thresholds:
        among = sum(probes[t] in _offered(s, threshold, within, limit) for t, s in right.items())
        offered = [t for t, s in unrelated.items() if _offered(s, threshold, within, limit)]
        print(
            f"   threshold {threshold:.2f}: right item among the options {among}/{len(probes)}, "
            f"unrelated offered something {len(offered)}/{len(unrelated)} {offered}"
        )


def _query_cost() -> None:
    catalog = load_catalog()
    timings = []
    for index, text in enumerate(list(PARAPHRASES["en"]) * 2):
        started = time.perf_counter()
        english_scores(Phrase(f"{text} {index}", 0, 1), catalog)  # a new text each time: no cache hit
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    print(f"one query embedding + scoring, uncached: p50 {timings[len(timings) // 2]:.1f} ms, max {timings[-1]:.1f} ms")


def main() -> None:
    settings = recall_settings()
    started = time.perf_counter()
    print(f"model and catalog index: {warm_recall(load_catalog())} in {time.perf_counter() - started:.1f} s")
    english = settings.english
    steps = (0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
    _report("en", "MiniLM", english_scores, english.within_best, steps)
    _report("zh", "MiniLM", model_on_chinese, english.within_best, (0.8, 0.9, 0.95))
    _report("zh", "char bigrams", chinese_scores, settings.chinese.within_best, (0.3, 0.4, 0.5, 0.6))
    print(f"in force (recall.yml): English {english.min_similarity}, Chinese {settings.chinese.min_dice}")
    _query_cost()


if __name__ == "__main__":
    main()
