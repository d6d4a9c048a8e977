"""Over real HTTP: an aggregate-only user's answer carries the privacy margins as data, in English
and in Chinese alike, and an exact role's average gets its overall value in the narrative."""

from __future__ import annotations

from collections.abc import Callable

import httpx


def approximate(answer: dict) -> dict:  # type: ignore[type-arg]
    return next(n for n in answer["notices"] if n["code"] == "approximate")


def test_the_margins_are_json_data_in_every_language(client_for: Callable[[str], httpx.Client]) -> None:
    english = client_for("victor").post("/ask", json={"question": "revenue by region"}).json()
    chinese = client_for("victor").post("/ask", json={"question": "各地区的销售额"}).json()
    for answer in (english, chinese):
        released = approximate(answer)["privacy"]
        (margin,) = released["margins"]
        assert margin["column"] == "revenue" and margin["plus_minus"] > 1_000
        assert released["budget_total"] >= released["budget_left"] >= 0 and released["budget_period"] == "day"
    assert "± about" in approximate(english)["message"] and "± 约" in approximate(chinese)["message"]


def test_an_analysts_average_by_groups_has_its_overall_value(client_for: Callable[[str], httpx.Client]) -> None:
    answer = client_for("alice").post("/ask", json={"question": "average order value by channel"}).json()
    assert answer["summary"].startswith("Average order value overall: ¥") and answer["columns"] == ["channel", "aov"]
