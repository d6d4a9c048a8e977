"""How well the shipped embedding model maps words the lexicon lacks to catalog terms, English vs Chinese.

Usage: python benchmarks/measure_term_recall.py
Embeds every metric and dimension name, label and synonym, then for paraphrases that are not in the
lexicon (each with the catalog name it means) and for words the catalog has nothing for, prints
top-1 accuracy per language and the similarity of right, wrong and unrelated nearest terms, so a
threshold can be chosen from data (or the recall switched off for a language).
"""

from __future__ import annotations

import statistics

import numpy as np

from feedback.embeddings import embed
from semantic_layer.catalog import load_catalog

PARAPHRASES = {
    "en": {
        "takings": "revenue",
        "money we made": "revenue",
        "basket value": "aov",
        "cancellation-free orders": "order_count",
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
        "省份": "province",
        "差评比例": "negative_review_share",
        "退货比例": "return_rate",
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
    ],
    "zh": ["毛利率", "库存", "天气", "销售员", "网站流量", "转化率", "员工人数", "坪效"],
}


def _terms() -> tuple[list[str], list[str]]:
    catalog = load_catalog()
    texts, targets = [], []
    for item in [*catalog.metrics.values(), *catalog.dimensions.values()]:
        for text in {item.name.replace("_", " "), item.label, *item.synonyms}:
            texts.append(text)
            targets.append(item.name)
    return texts, targets


def main() -> None:
    texts, targets = _terms()
    vectors = embed(texts)
    for language in ("en", "zh"):
        probes = PARAPHRASES[language]
        scores = embed(list(probes)) @ vectors.T
        best = np.argmax(scores, axis=1)
        right = [float(scores[i, j]) for i, j in enumerate(best) if targets[j] == list(probes.values())[i]]
        wrong = [float(scores[i, j]) for i, j in enumerate(best) if targets[j] != list(probes.values())[i]]
        unrelated = (embed(UNRELATED[language]) @ vectors.T).max(axis=1)
        print(
            f"{language}: top-1 {len(right)}/{len(probes)}; similarity right median "
            f"{statistics.median(right) if right else 0:.2f}, wrong median {statistics.median(wrong) if wrong else 0:.2f}, "
            f"unrelated median {float(np.median(unrelated)):.2f} max {float(unrelated.max()):.2f}"
        )
        for threshold in (0.5, 0.6, 0.7, 0.8):
            kept_right = sum(s >= threshold for s in right)
            kept_wrong = sum(s >= threshold for s in wrong) + int((unrelated >= threshold).sum())
            print(f"   threshold {threshold:.1f}: right kept {kept_right}, wrong or unrelated kept {kept_wrong}")


if __name__ == "__main__":
    main()
