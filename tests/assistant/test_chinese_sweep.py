"""A Chinese question gets a Chinese answer everywhere a user reads it: the narrative, the
interpretation, notices, clarification options, follow-up buttons, step titles, chart titles,
table headers and cells. Asked through the real service (tiny warehouse with its feedback index)
as every role; the only ASCII words allowed are listed, with their reasons, in chinese_sweep.yml,
plus words that are data as stored (brand names, customer quotes, a spelling the value labels do not
know) or that the user typed. The privacy-budget refusal is checked on a fresh CDM_HOME whose
budget is spent.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from assistant.answer import Answer
from assistant.labels import Labels
from assistant.notice_words import budget, error_summary, worded
from assistant.resources import load_resources
from assistant.role_names import role_label
from assistant.service import ask
from cdm.ui.messages import text
from data.errors import CdmError
from engines.duckdb_engine import error_figures
from engines.notice_figures import (
    BudgetSpent,
    ByteBudget,
    DimensionFit,
    GroupLeftOut,
    MetricSubstitution,
    PeriodsWithheld,
    Threshold,
    Timeless,
    WordsUnused,
)
from engines.notices import Notice
from engines.status import Status
from feedback.index import IndexReport
from guards.policy import load_policies
from guards.principal import Principal
from semantic_layer.errors import CatalogError
from semantic_layer.value_labels import load_value_labels

SWEEP = yaml.safe_load((Path(__file__).parent / "chinese_sweep.yml").read_text(encoding="utf-8"))
ALLOWED = frozenset(SWEEP["allowed"])
DATA_COLUMNS = frozenset(SWEEP["data_columns"])
ROLES: dict[str, dict[str, str]] = SWEEP["roles"]
QUESTIONS = [(kind, q) for kind, asked in SWEEP["questions"].items() for q in asked]
STEPS = ("step_interpretation", "step_query_json", "step_sql", "step_privacy")
WORD = re.compile(r"[A-Za-z]+")
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sweep_home(feedback_index: tuple[Path, Path, IndexReport]) -> Iterator[Path]:
    """The session's warehouse copy with its pain-point tables, and its chroma as CDM_HOME's."""
    warehouse, _, _ = feedback_index
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CDM_HOME", str(warehouse.parent))
        yield warehouse


@pytest.fixture(scope="module")
def answers(sweep_home: Path) -> dict[tuple[str, str], Answer]:
    asked = {}
    for role, attributes in ROLES.items():
        principal = Principal(f"sweep-{role}", role, attributes)
        for _, question in QUESTIONS:
            asked[role, question] = ask(question, principal, warehouse=sweep_home)
    return asked


@pytest.fixture(scope="module")
def zh(sweep_home: Path) -> Labels:
    return load_resources(sweep_home).labels("zh")


def _stored(column: str, value: Any, labels: Labels) -> bool:
    """A cell shown as the data stores it: a name, a quote, or a value the labels do not know."""
    if column in DATA_COLUMNS:
        return True
    return labels.has_value_labels(column) and labels.values.label(column, value, "zh") is None


def cells(answer: Answer, labels: Labels) -> Iterator[tuple[str, str, bool]]:
    """(column, shown text, shown as stored) for every text cell."""
    for row in answer.rows:
        for column, value in zip(answer.columns, row, strict=False):
            if isinstance(value, str):
                yield column, str(labels.value(column, value)), _stored(column, value, labels)


def visible(answer: Answer, labels: Labels) -> Iterator[tuple[str, str]]:
    yield "summary", answer.summary
    yield "interpretation", answer.interpretation
    yield from ((f"notice {n.code}", n.message) for n in answer.notices)
    yield from (("option", o.label) for o in answer.options)
    yield from (("follow-up", s.label) for s in answer.suggestions)
    yield from (("suggested metric", m) for m in answer.suggested_metrics)
    yield "chart title", answer.chart.title if answer.chart else ""
    yield from ((f"header {c}", labels.column(c)) for c in answer.columns)
    yield from ((f"cell {c}", shown) for c, shown, stored in cells(answer, labels) if not stored)


def english_words(answer: Answer, labels: Labels) -> list[str]:
    """Every ASCII word a user reads that is neither allowed, nor data as stored, nor typed by the user."""
    own = {w.lower() for _, shown, stored in cells(answer, labels) if stored for w in WORD.findall(shown)}
    own |= {w.lower() for w in WORD.findall(answer.question)}  # typed by the user
    return [
        f"{where}: {shown!r}"
        for where, shown in visible(answer, labels)
        if any(w not in ALLOWED and w.lower() not in own for w in WORD.findall(shown))
    ]


@pytest.mark.parametrize("role", list(ROLES))
def test_every_text_of_a_chinese_answer_is_chinese(
    answers: dict[tuple[str, str], Answer], zh: Labels, role: str
) -> None:
    found = []
    for kind, question in QUESTIONS:
        answer = answers[role, question]
        assert answer.status != Status.ERROR, (question, answer.summary)
        assert answer.language == "zh" or answer.status == Status.CLARIFY, (question, answer.language)
        found += [f"[{kind}] {question} -> {problem}" for problem in english_words(answer, zh)]
    assert not found, "\n".join(found)


def test_the_sweep_reaches_every_kind_of_answer(answers: dict[tuple[str, str], Answer]) -> None:
    """The questions really produce what they stand for (a sweep of refusals only would prove nothing)."""
    analyst = {q: answers["analyst", q] for _, q in QUESTIONS}
    statuses = {a.status for a in analyst.values()}
    assert {Status.ANSWERED, Status.CLARIFY, Status.UNSUPPORTED} <= statuses
    assert {"pain_points", "feedback_search", "comparison", "sql"} <= {a.kind.value for a in analyst.values()}
    assert any(n.code == "substitution" for n in analyst["各品类的销售额"].notices)
    assert analyst["各商品的销量"].options and analyst["各商品的销量"].status == Status.CLARIFY
    assert any(n.code == "approximate" for n in answers["viewer", "各地区的销售额"].notices)
    assert any(n.code == "small_groups_suppressed" for n in answers["marketing", "各城市的销售额"].notices)
    refused = {q: answers["analyst", q] for q in SWEEP["questions"]["typed_sql"][1:]}
    codes = [next(n.code for n in a.notices if a.status == Status.BLOCKED) for a in refused.values()]
    assert codes == ["column_denied", "function_not_allowed", "one_statement"]
    assert answers["viewer", SWEEP["questions"]["typed_sql"][1]].notices[-1].code == "no_free_sql"


def test_labelled_values_read_in_chinese(answers: dict[tuple[str, str], Answer], zh: Labels) -> None:
    shown = {q: {s for _, s, _ in cells(answers["analyst", q], zh)} for q in ("各城市的销售额", "各门店的销售额")}
    assert {"北京", "上海", "乌鲁木齐"} <= shown["各城市的销售额"]
    assert {"武汉标准店 001", "线上（无门店）"} <= shown["各门店的销售额"]
    pains = answers["analyst", "客户的痛点是什么"]
    assert "配送延迟" in {s for _, s, _ in cells(pains, zh)} and "最常见的痛点是" in pains.summary


def test_the_step_titles_are_chinese() -> None:
    for key in STEPS:
        title = text(key, "zh")
        assert set(WORD.findall(title)) <= ALLOWED and re.search(r"[\u4e00-\u9fff]", title), title


def test_every_value_the_generator_makes_has_a_chinese_label() -> None:
    """Cities and provinces (data/geography.yml), pain points (feedback/pain_point_names.yml) and
    the coded values of the warehouse; a value without one would be shown in English."""
    geography = yaml.safe_load((ROOT / "data" / "geography.yml").read_text(encoding="utf-8"))
    names = yaml.safe_load((ROOT / "feedback" / "pain_point_names.yml").read_text(encoding="utf-8"))
    wanted = [("city", c["city"]) for c in geography["cities"]] + [
        ("province", c["province"]) for c in geography["cities"]
    ]
    wanted += [("region", r) for r in geography["regions"]] + [
        ("pain_point", p["name"]) for p in names["pain_points"].values()
    ]
    values = load_value_labels()
    missing = [(d, v) for d, v in wanted if not re.search(r"[\u4e00-\u9fff]", values.label(d, v, "zh") or "")]
    assert not missing


def test_coded_values_in_the_warehouse_have_chinese_labels(tiny_warehouse: Path) -> None:
    import duckdb

    asked = {"channel": "SELECT DISTINCT channel FROM orders", "return_reason": "SELECT DISTINCT return_reason FROM returns",
             "store_name": "SELECT DISTINCT store_name FROM stores", "store_format": "SELECT DISTINCT store_format FROM stores",
             "payment_method": "SELECT DISTINCT payment_method FROM orders",
             "ticket_category": "SELECT DISTINCT ticket_category FROM support_tickets",
             "ticket_channel": "SELECT DISTINCT ticket_channel FROM support_tickets"}  # fmt: skip
    values = load_value_labels()
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        found = [(d, v) for d, sql in asked.items() for (v,) in con.execute(sql).fetchall() if v is not None]
    missing = [(d, v) for d, v in found if values.label(d, v, "zh") in (None, v)]
    assert found and not missing


def test_a_value_without_a_label_is_shown_as_stored() -> None:
    values = load_value_labels()
    assert values.show("city", "Changsha Shi", "zh") == "Changsha Shi"  # an unstandardized spelling
    assert values.show("store_name", "Lhasa Pop-up 099", "zh") == "Lhasa Pop-up 099"  # no pattern part matches
    assert values.show("store_name", "Lhasa Standard 099", "zh") == "Lhasa标准店 099"  # an unknown city as stored
    assert values.show("pain_point", "Noisy neighbours", "zh") == "Noisy neighbours"  # a newly discovered one
    assert values.show("city", None, "zh") is None


def test_a_substitution_carries_its_figures_and_is_worded_in_both_languages(sweep_home: Path) -> None:
    analyst = Principal("sweep-sub", "analyst")
    chinese = next(n for n in ask("各品类的销售额", analyst, warehouse=sweep_home).notices if n.code == "substitution")
    english = next(
        n for n in ask("revenue by category", analyst, warehouse=sweep_home).notices if n.code == "substitution"
    )
    assert chinese.figures == english.figures == MetricSubstitution("fan_out", "revenue", "item_revenue", "category")
    assert chinese.message == "销售额不能按品类拆分（否则会重复计算），所以改用商品销售额。"
    assert (
        english.message
        == "Revenue cannot be split by category without counting it twice, so I used Item revenue instead."
    )


def test_a_spent_privacy_budget_is_refused_in_chinese(
    tiny_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh CDM_HOME (its own budget ledger) with room for one viewer question."""
    settings = load_policies().roles["viewer"].privacy
    assert settings is not None
    monkeypatch.setenv("CDM_HOME", str(tmp_path))
    monkeypatch.setenv("CDM_PRIVACY_BUDGET", str(settings.epsilon_per_query))
    viewer = Principal("sweep-budget", "viewer")
    assert ask("各地区的销售额", viewer, warehouse=tiny_warehouse).status == Status.ANSWERED
    refused = ask("各渠道的订单数", viewer, warehouse=tiny_warehouse)
    english = ask("orders by member tier", viewer, warehouse=tiny_warehouse)
    notice = next(n for n in refused.notices if n.code == "privacy_budget_spent")
    total = budget(settings.epsilon_per_query)
    assert refused.status == english.status == Status.BLOCKED
    assert notice.figures == BudgetSpent(settings.epsilon_per_query, settings.epsilon_per_query, settings.budget_period)
    assert notice.message.startswith("本日的隐私预算已用完") and f"共 {total}" in notice.message
    assert refused.summary == notice.message and not english_words(refused, Labels(language="zh"))
    spent = f"your privacy budget for this day is spent ({total} of {total})"
    assert english.summary.startswith(spent) and english.notices[-1].message == english.summary


def test_notices_without_a_chinese_question_in_the_sweep_are_worded_from_their_figures(zh: Labels) -> None:
    """Withheld growth (no Chinese question reaches it yet) and the planner's notices that carry no
    figures yet, worded in Chinese; the withheld periods by their grain, the English by their first day."""
    withheld = Notice("partial_period_growth", "", figures=PeriodsWithheld(("2026-09-28",), "week"))
    assert worded(withheld, zh).message.startswith("2026年9月28日当周的增长未显示")
    assert "2026-09-28" in worded(withheld, Labels(language="en")).message
    fit = Notice("dimension_substituted", "I read “category” as ticket_category, the one that applies to ticket_count.")
    assert worded(fit, zh).message == "我把“category”理解为工单类型，即适用于工单数的那一个。"
    left = Notice("empty_group_left_out", "Rows with no store (online, no store) are left out of this ranking.")
    assert worded(left, zh).message == "线上（无门店）的行不参与此排名。"
    rows = Notice("row_limit", "only the first 200 rows are shown", figures=Threshold(200))
    assert worded(rows, zh).message == "只显示前 200 行"
    unknown = Notice("something_new", "a notice nobody worded yet")
    assert worded(unknown, zh) == unknown  # never dropped


def test_the_planners_notices_are_worded_from_figures_when_they_carry_them(zh: Labels) -> None:
    """The figures the planner can attach (engines/notice_figures.py) win over its English text."""
    fit = Notice("dimension_substituted", "", figures=DimensionFit("类别", "ticket_category", ("ticket_count",)))
    assert worded(fit, zh).message == "我把“类别”理解为工单类型，即适用于工单数的那一个。"
    left = Notice("empty_group_left_out", "", figures=GroupLeftOut("store_name", "online, no store"))
    assert worded(left, zh).message == "线上（无门店）的行不参与此排名。"
    unused = Notice("ignored_words", "", figures=WordsUnused(("大概", "左右")))
    assert worded(unused, zh).message == "我没有使用这些词：大概，左右。"
    timeless = Notice("no_time_dimension", "", figures=Timeless(("repeat_purchase_rate",)))
    assert worded(timeless, zh).message.startswith(f"{zh.column('repeat_purchase_rate')}按数据截止日期计算")


def test_typed_sql_names_the_role_by_its_label(answers: dict[tuple[str, str], Answer]) -> None:
    typed = SWEEP["questions"]["typed_sql"][0]
    assert answers["analyst", typed].summary.startswith("按分析师角色的策略返回")
    assert "区域经理" in answers["regional_manager", typed].interpretation
    assert role_label("someone_new", "zh") == "someone_new" and role_label("analyst") == "analyst"


def test_engine_refusals_are_worded_from_their_figures(tiny_warehouse: Path, zh: Labels) -> None:
    """A statement stopped by its time limit (a real DuckDB interrupt), an unknown column, and an
    answer cut at its byte budget, worded in Chinese from the figures the engine attached."""
    import duckdb

    with duckdb.connect() as con:
        threading.Timer(0.05, con.interrupt).start()
        with pytest.raises(duckdb.InterruptException) as stopped:
            con.execute("SELECT count(*) FROM range(1000000000) a, range(1000) b").fetchall()
    timeout = Notice("db_error", "the query took longer than 2.5 s", figures=error_figures(stopped.value, 2.5))
    assert worded(timeout, zh).message == "查询运行超过 2.5 秒，已被停止。"
    alice = Principal("sweep-engine", "analyst")
    unknown = ask("SELECT nope FROM customers WHERE city = '北京'", alice, warehouse=tiny_warehouse)
    assert unknown.summary == "列 nope 不存在，或您的角色不能查看。" and not english_words(unknown, zh)


def test_an_answer_cut_at_its_byte_budget_says_so_in_chinese(
    tiny_warehouse: Path, zh: Labels, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CDM_ANSWER_BYTES", "2000")
    cut = ask("SELECT customer_id, city FROM customers WHERE city <> '北京'", Principal("sweep-bytes", "analyst"),
              warehouse=tiny_warehouse)  # fmt: skip
    notice = next(n for n in cut.notices if n.code == "answer_budget")
    assert notice.figures == ByteBudget(len(cut.rows), 2000)
    assert notice.message == f"只显示前 {len(cut.rows)} 行：答案已达到 2,000 字节。" and not english_words(cut, zh)


def test_a_cdm_error_refusal_is_worded_in_the_reply_language() -> None:
    missing = CdmError("no warehouse at /tmp/x.duckdb; run `cdm data build` first")
    assert error_summary(missing, "zh") == "无法回答这个问题：no warehouse at /tmp/x.duckdb; run `cdm data build` first"
    assert error_summary(missing, "en") == missing.message
    assert error_summary(CatalogError(()), "zh").startswith("无法回答这个问题：指标定义有误")
