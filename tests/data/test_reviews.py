"""Negative reviews carry exactly one fitting pain theme; the wording data supports semantic search."""

from __future__ import annotations

import re

import pytest

from data.reference import PAIN_THEMES, load_reference

THEMES = load_reference("themes")
BEAUTY = {"Skincare", "Makeup", "Haircare", "Fragrance", "Baby Care"}


@pytest.fixture(scope="module")
def negatives(wh):
    return wh.rows(
        "SELECT t.theme, p.category, o.channel, r.review_text FROM truth_review_theme t "
        "JOIN reviews r USING (review_id) JOIN orders o USING (order_id) JOIN products p ON p.product_id = r.product_id"
    )


def test_truth_covers_every_negative_review_and_only_those(wh):
    negative = {r for (r,) in wh.rows("SELECT review_id FROM reviews WHERE rating <= 2")}
    truth = [r for (r,) in wh.rows("SELECT review_id FROM truth_review_theme")]
    assert negative and sorted(truth) == sorted(negative)


def test_all_twelve_themes_occur(negatives):
    assert {theme for theme, *_ in negatives} == set(PAIN_THEMES)


@pytest.mark.parametrize(
    ("theme", "allowed"),
    [
        ("live_stream_mismatch", lambda cat, ch: ch == "live_stream"),
        ("app_crash_checkout", lambda cat, ch: ch in {"app", "mini_program", "web"}),
        ("skin_irritation", lambda cat, ch: cat in BEAUTY),
        ("shade_size_mismatch", lambda cat, ch: cat in {"Makeup", "Baby Care", "Home"}),
        ("late_delivery", lambda cat, ch: ch != "store"),
        ("expired_product", lambda cat, ch: cat != "Home"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_themes_fit_the_product_and_channel(negatives, theme, allowed):
    rows = [(cat, ch) for t, cat, ch, _ in negatives if t == theme]
    assert rows and all(allowed(cat, ch) for cat, ch in rows)


def test_review_text_comes_from_its_theme(negatives):
    for theme, _, _, text in negatives:
        patterns = [_pattern(w) for w in THEMES["pain_themes"][theme]["wordings"]]
        assert any(p.match(text) for p in patterns), (theme, text)


def test_positive_reviews_carry_no_pain_wording(wh):
    pain = [_pattern(w) for t in PAIN_THEMES for w in THEMES["pain_themes"][t]["wordings"]]
    for (text,) in wh.rows("SELECT review_text FROM reviews WHERE rating >= 3"):
        assert not any(p.match(text) for p in pain), text


def test_each_theme_has_at_least_six_distinct_wordings():
    for theme in PAIN_THEMES:
        wordings = THEMES["pain_themes"][theme]["wordings"]
        assert len(set(wordings)) >= 6, theme
        vocab = [set(re.findall(r"[a-z]+", w.lower())) for w in wordings]
        shared = set.intersection(*vocab) - {"the", "a", "i", "my", "it", "and", "of", "to", "was", "is"}
        assert not shared, f"{theme}: every wording shares {shared}, one keyword would find them all"
        mentions = sum("{product}" in w or "{category}" in w or "{channel}" in w for w in wordings)
        assert mentions >= 2, theme


def test_tickets_follow_their_category(wh):
    for category, text in wh.rows("SELECT ticket_category, description FROM support_tickets"):
        patterns = [_pattern(w) for w in THEMES["ticket_wordings"][category]]
        assert any(p.match(text) for p in patterns), (category, text)


def _pattern(template: str) -> re.Pattern[str]:
    """A template as a regex: placeholders match anything, an optional pasted contact may follow."""
    parts = re.split(r"\{(?:product|category|channel)\}", template)
    return re.compile(".+?".join(re.escape(p) for p in parts) + r"( .*)?$")
