"""Class-based TF-IDF (as in BERTopic): the terms that set one cluster apart from the others.

All texts of a cluster form one class document; a term scores by its frequency in the class
times log(1 + average class size / its frequency over all classes).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

TOP_TERMS = 8


def ctfidf_terms(texts: Sequence[str], labels: Sequence[int], *, top: int = TOP_TERMS) -> dict[int, tuple[str, ...]]:
    from sklearn.feature_extraction.text import CountVectorizer

    classes = sorted(set(labels))
    joined = [" ".join(t for t, label in zip(texts, labels, strict=True) if label == c) for c in classes]
    vectorizer = CountVectorizer(stop_words="english", token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z-]+\b")
    counts = vectorizer.fit_transform(joined).toarray().astype(float)
    if counts.size == 0:
        return {c: () for c in classes}
    tf = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)
    idf = np.log(1.0 + counts.sum(axis=1).mean() / np.maximum(counts.sum(axis=0), 1.0))
    scores = tf * idf
    vocabulary = vectorizer.get_feature_names_out()
    return {c: tuple(str(vocabulary[i]) for i in np.argsort(-scores[row])[:top]) for row, c in enumerate(classes)}
