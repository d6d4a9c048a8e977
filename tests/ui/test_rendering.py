"""What the chat shows, without a browser: cells, table pages, SQL diff, CSV, charts, per-status
text, the offline page, starters per role and login. Answers come from the real assistant on the
tiny warehouse wherever the shape matters."""

from __future__ import annotations

import asyncio
import csv
import importlib.util
import io
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import sqlglot

from assistant.answer import Answer, AnswerKind, ChartKind, ChartSpec
from assistant.feedback_details import PainPoint, PainPointDetails, SearchDetails, SearchHit, TrendPoint
from assistant.service import ask
from cdm.ui.asking import ask_in_chat
from cdm.ui.auth import SignedInUser, check_login
from cdm.ui.cells import cell_text, column_format, column_label, escape_markdown
from cdm.ui.charts import build_figure
from cdm.ui.content import Presentation, answer_markdown, first_page
from cdm.ui.csv_export import csv_bytes, csv_filename
from cdm.ui.details import privacy_text, sql_diff
from cdm.ui.feedback_view import quotes_markdown, trend_figure
from cdm.ui.offline_page import strip_external_assets
from cdm.ui.starters import starters_for
from cdm.ui.state import ChatState
from cdm.ui.tables import PAGE_SIZE, table_page
from engines.notices import Notice
from engines.status import Status
from guards.principal import Principal
from guards.principal_resolution import resolve_principal

LABELS = {"revenue": "Revenue", "region": "Region", "channel": "Sales channel"}
FORMATS = {"revenue": "currency", "return_rate": "percent", "order_count": "integer"}
SHOWN = Presentation(labels=LABELS, formats=FORMATS)


@pytest.fixture(scope="module")
def presentation(tiny_warehouse: Path) -> Presentation:
    from assistant.resources import load_resources

    resources = load_resources(tiny_warehouse)
    return Presentation(labels=dict(resources.lexicon.labels), formats=resources.formats())


@pytest.mark.parametrize(
    ("column", "label"),
    [
        ("revenue", "Revenue"),
        ("metric_time__month", "Month"),
        ("revenue_previous", "Revenue (previous)"),
        ("revenue_change_pct", "Revenue (change %)"),
        ("full_name", "Full name"),
    ],
)
def test_column_labels(column: str, label: str) -> None:
    assert column_label(column, LABELS) == label


@pytest.mark.parametrize(
    ("column", "kind"),
    [("revenue", "currency"), ("revenue_previous", "currency"), ("revenue_change_pct", "percent"), ("units", "number")],
)
def test_column_formats_follow_their_metric(column: str, kind: str) -> None:
    assert column_format(column, FORMATS) == kind


def test_cells_are_formatted_for_readers() -> None:
    assert cell_text(6290493.56, "currency") == "¥6.29M"
    assert cell_text(0.109, "percent") == "10.9%"
    assert cell_text(2489, "number") == "2,489"
    assert cell_text(None, "number") == "–"


def test_data_never_becomes_markup() -> None:
    assert escape_markdown("林**") == "林\\*\\*"
    assert escape_markdown("a|b\nc") == "a\\|b c"
    assert escape_markdown("[x](javascript:alert(1))") == "\\[x\\]\\(javascript:alert\\(1\\)\\)"


def test_tables_are_paginated_with_all_rows_reachable() -> None:
    rows = [(f"r{i}", float(i * 1000)) for i in range(45)]
    pages = [table_page(("region", "revenue"), rows, labels=LABELS, formats=FORMATS, start=s) for s in (0, 20, 40)]
    assert [p.end - p.start for p in pages] == [PAGE_SIZE, PAGE_SIZE, 5]
    assert [p.has_more for p in pages] == [True, True, False]
    assert pages[0].markdown.splitlines()[:2] == ["| Region | Revenue |", "| --- | ---: |"]
    assert "r44" not in pages[0].markdown and "| r44 | ¥44.00K |" in pages[2].markdown


def test_sql_diff_shows_what_the_guards_added() -> None:
    generated = "SELECT phone FROM customers"
    executed = "SELECT phone FROM (SELECT LEFT(phone, 3) || '****' AS phone FROM main.customers) AS customers"
    diff = sql_diff(generated, executed)
    assert diff.startswith("--- generated\n+++ executed")
    assert any(line.startswith("+") and "****" in line for line in diff.splitlines())
    assert sql_diff(generated, "SELECT   phone\nFROM customers") == ""


def test_privacy_text_lists_notices_diff_and_audit_id() -> None:
    answer = Answer(
        status=Status.ANSWERED,
        sql="SELECT region FROM t WHERE region = 'East'",
        generated_sql="SELECT region FROM t",
        notices=(Notice(code="row_filter", message="Rows limited to region East"),),
        audit_id="abc123",
    )
    text = privacy_text(answer)
    assert "- Rows limited to region East" in text and "```diff" in text and "`abc123`" in text


def test_csv_has_every_row_and_defuses_formulas() -> None:
    data = csv_bytes(("name", "value"), [("=HYPERLINK(1)", 1.5), ("李四", None)])
    assert data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [["name", "value"], ["'=HYPERLINK(1)", "1.5"], ["李四", ""]]
    assert csv_filename("Revenue by region, Q3?") == "revenue-by-region-q3.csv"


def test_bar_chart_from_a_real_answer(tiny_warehouse: Path, presentation: Presentation) -> None:
    answer = ask("revenue by region", resolve_principal(role="viewer"), warehouse=tiny_warehouse)
    figure = build_figure(answer, presentation.labels, presentation.formats)
    assert figure is not None and [t.type for t in figure.data] == ["bar"]
    assert len(figure.data[0].x) == len(answer.rows) == 7


def test_line_chart_has_one_trace_per_series(tiny_warehouse: Path, presentation: Presentation) -> None:
    answer = ask("monthly revenue by region this year", resolve_principal(role="viewer"), warehouse=tiny_warehouse)
    assert answer.chart is not None and answer.chart.kind == ChartKind.LINE
    figure = build_figure(answer, presentation.labels, presentation.formats)
    assert figure is not None and {t.type for t in figure.data} == {"scatter"}
    assert len(figure.data) == len({row[list(answer.columns).index("region")] for row in answer.rows})


def test_comparison_charts_current_against_previous(tiny_warehouse: Path, presentation: Presentation) -> None:
    viewer = resolve_principal(role="viewer")
    single = build_figure(ask("revenue Q3 2026 vs Q2 2026", viewer, warehouse=tiny_warehouse), {}, {})
    assert single is not None and single.data[0].type == "indicator" and single.data[0].delta.reference > 0
    grouped = ask("revenue by region Q3 vs Q2", viewer, warehouse=tiny_warehouse)
    figure = build_figure(grouped, presentation.labels, presentation.formats)
    assert figure is not None and [t.name for t in figure.data] == ["Previous period", "Current period"]


def test_kpi_and_no_chart_cases() -> None:
    kpi = Answer(
        status=Status.ANSWERED,
        columns=("revenue",),
        rows=((1234.5,),),
        chart=ChartSpec(kind=ChartKind.KPI, y=("revenue",)),
    )
    figure = build_figure(kpi, LABELS, FORMATS)
    assert figure is not None and figure.data[0].number.prefix == "¥"
    assert build_figure(kpi.model_copy(update={"status": Status.BLOCKED}), LABELS, FORMATS) is None
    table_only = kpi.model_copy(update={"chart": ChartSpec(kind=ChartKind.TABLE)})
    assert build_figure(table_only, LABELS, FORMATS) is None


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        (
            Answer(status=Status.BLOCKED, summary="role viewer may not run free SQL"),
            "**Not allowed:** role viewer",
        ),
        (Answer(status=Status.UNSUPPORTED, summary="no", suggested_metrics=("csat",)), "metrics: csat"),
        (Answer(status=Status.CLARIFY, summary="Which one?"), "Pick one of the options"),
        (Answer(status=Status.ERROR, summary="boom"), "**Sorry:** boom"),
        (Answer(status=Status.ANSWERED, summary="Nothing", columns=("a",)), "No rows matched"),
    ],
)
def test_each_status_says_what_to_try_next(answer: Answer, expected: str) -> None:
    assert expected in answer_markdown(answer, first_page(answer, SHOWN))


def test_answer_message_has_narrative_table_and_notes() -> None:
    answer = Answer(
        status=Status.ANSWERED,
        summary="East leads.",
        columns=("region", "revenue"),
        rows=tuple((f"R{i}", 1000.0 * i) for i in range(25)),
        notices=(Notice(code="suppressed", message="2 groups under 10 customers hidden"),),
    )
    text = answer_markdown(answer, first_page(answer, SHOWN))
    assert text.startswith("East leads.") and "Rows 1–20 of 25:" in text
    assert "| R19 |" in text and "| R20 |" not in text and "- 2 groups under 10 customers hidden" in text


def test_feedback_quotes_are_escaped_and_trend_is_drawn() -> None:
    answer = Answer(
        status=Status.ANSWERED,
        kind=AnswerKind.PAIN_POINTS,
        feedback=PainPointDetails(
            pain_points=(
                PainPoint(pain_point="late", label="Late delivery", size=12, quotes=("**3 weeks** late",) * 2),
                PainPoint(pain_point="refunds", label="Refunds", quotes=("<script>x</script> refund slow",)),
            ),
            trend=(
                TrendPoint(pain_point="Late delivery", month="2026-07", mentions=3),
                TrendPoint(pain_point="Late delivery", month="2026-08", mentions=5),
            ),
        ),
    )
    quotes = quotes_markdown(answer)
    assert quotes.count("3 weeks") == 1 and "\\*\\*3 weeks\\*\\*" in quotes and "\\<script\\>" in quotes
    figure = trend_figure(answer)
    assert figure is not None and list(figure.data[0].y) == [3, 5]
    refunds = tuple(TrendPoint(pain_point="Refunds", month=m, mentions=n) for m, n in (("2026-07", 1), ("2026-08", 4)))
    nested = answer.model_copy(update={"feedback": PainPointDetails(trend=refunds)})
    assert trend_figure(nested) is not None and trend_figure(answer.model_copy(update={"feedback": None})) is None


def test_the_served_page_names_no_external_host() -> None:
    spec = importlib.util.find_spec("chainlit")
    assert spec is not None and spec.submodule_search_locations
    index = Path(next(iter(spec.submodule_search_locations))) / "frontend" / "dist" / "index.html"
    original = index.read_text(encoding="utf-8")
    assert "https://" in original  # Chainlit's own page links CDNs; if not, this guard can go
    stripped = strip_external_assets(original)
    for tag in ("<link", "<script"):
        for line in stripped.split(tag)[1:]:
            assert "https://" not in line.split(">")[0], line
    assert "/assets/index-" in stripped


@pytest.mark.parametrize("user", ["victor", "alice", "erin", "mia", "admin"])
def test_every_starter_is_answered_for_its_role(tiny_warehouse: Path, user: str) -> None:
    principal = resolve_principal(user=user)
    for starter in starters_for(principal.role):
        answer = ask(starter.message, principal, warehouse=tiny_warehouse)
        assert answer.status == Status.ANSWERED and answer.rows, (user, starter.message, answer.summary)


def test_login_checks_the_password_and_takes_the_role_from_users_yml() -> None:
    assert check_login("erin", "wrong") is None and check_login("nobody", "east-demo-pw") is None
    erin = check_login(" erin ", "east-demo-pw")
    assert erin is not None and erin.principal.role == "regional_manager"
    assert erin.badge.endswith("regional_manager · region East")


def test_an_exception_in_ask_becomes_a_friendly_answer(tiny_warehouse: Path) -> None:
    broken = ChatState(user=SignedInUser(Principal(user="ghost", role="no_such_role"), "Ghost"))
    with ThreadPoolExecutor(max_workers=1) as pool:  # its own event loop, whatever else runs here
        answer = pool.submit(asyncio.run, ask_in_chat("revenue by region", broken)).result()
    assert answer.status == Status.ERROR and "reference:" in answer.summary


def test_the_last_page_is_never_a_single_row() -> None:
    from cdm.ui.tables import first_page_size

    assert first_page_size(21) == 21 and first_page_size(41) == 21 and first_page_size(25) == PAGE_SIZE
    rows = tuple((f"R{i}", float(i)) for i in range(21))
    answer = Answer(status=Status.ANSWERED, columns=("region", "revenue"), rows=rows)
    page = first_page(answer, SHOWN)
    assert page is not None and page.end == 21 and not page.has_more


def test_csv_shows_labels_and_keeps_codes_in_an_extra_column() -> None:
    from assistant.labels import Labels

    data = csv_bytes(("channel", "aov"), [("live_stream", 617.7), ("app", 698.7)], Labels(LABELS))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows == [
        ["channel", "aov", "channel_code"],
        ["Live stream", "617.7", "live_stream"],
        ["App", "698.7", "app"],
    ]
    same = csv_bytes(("region", "revenue"), [("East", 1.0)], Labels(LABELS))
    assert next(csv.reader(io.StringIO(same.decode("utf-8-sig")))) == ["region", "revenue"]


def test_tables_show_labels_periods_and_to_date_markers() -> None:
    columns, rows = ("metric_time__week", "order_count"), (("2026-09-21", 217), ("2026-09-28", 123))
    page = table_page(
        columns, rows, labels={"order_count": "Orders"}, formats=FORMATS, partial={"2026-09-28": "to_date"}
    )
    assert "| Week | Orders |" in page.markdown
    assert "week of 21 Sep" in page.markdown and "week of 28 Sep \\(to date\\)" in page.markdown  # escaped markdown
    zh = table_page(("channel", "aov"), (("live_stream", 1.0),), labels={"channel": "渠道"}, formats={}, language="zh")
    assert "| 渠道 |" in zh.markdown and "直播" in zh.markdown


def test_an_incomplete_period_is_drawn_dashed() -> None:
    from assistant.answer import PartialPeriod

    answer = Answer(
        status=Status.ANSWERED,
        columns=("metric_time__week", "order_count"),
        rows=(("2026-09-14", 195), ("2026-09-21", 217), ("2026-09-28", 123)),
        chart=ChartSpec(kind=ChartKind.LINE, x="metric_time__week", y=("order_count",)),
        partial_periods=(PartialPeriod(value="2026-09-28", marker="to_date", covered_days=3, days=7),),
    )
    figure = build_figure(answer, LABELS, FORMATS)
    assert figure is not None and len(figure.data) == 2
    solid, dashed = figure.data
    assert list(solid.x) == ["week of 14 Sep", "week of 21 Sep"] and dashed.line.dash == "dash"
    assert list(dashed.x) == ["week of 21 Sep", "week of 28 Sep"] and figure.layout.paper_bgcolor == "rgba(0,0,0,0)"


def test_privacy_is_explained_in_words(tiny_warehouse: Path) -> None:
    erin = resolve_principal(user="erin")
    answer = ask("revenue by channel", erin, warehouse=tiny_warehouse)
    text = privacy_text(answer, erin)
    assert text.startswith("You see region East only.") and "```diff" in text
    alice = resolve_principal(user="alice")
    masked = ask("SELECT full_name, phone FROM customers LIMIT 3", alice, warehouse=tiny_warehouse)
    assert "Full name and Phone are masked." in privacy_text(masked, alice)
    zh = ask("各渠道的销售额", erin, warehouse=tiny_warehouse)
    assert privacy_text(zh, erin).startswith("您只能看到 华东地区 的数据。")
    masked_zh = ask(
        "SELECT full_name, phone FROM customers WHERE city = '北京' LIMIT 3", alice, warehouse=tiny_warehouse
    )
    words = privacy_text(masked_zh, alice).split("```")[0]
    assert words.startswith("姓名和手机号 已脱敏显示。") and set(re.findall(r"[A-Za-z]+", words)) <= {"SQL"}, words
    mia = resolve_principal(user="mia")  # marketing: a row filter without attributes, said in words
    consenting = privacy_text(ask("各渠道的客单价", mia, warehouse=tiny_warehouse), mia).split("隐私规则改了什么")[0]
    assert consenting.startswith("只统计同意接收营销信息的客户。") and not re.search(r"[A-Za-z]", consenting), (
        consenting
    )
    assert "数值不显示）。" in consenting  # a notice ends as a Chinese sentence


def test_a_chinese_feedback_answer_labels_its_pain_points_and_sources() -> None:
    """Quotes and trend legends show the pain point's label in the reply language (value_labels.yml)."""
    details = PainPointDetails(
        pain_points=(PainPoint(pain_point="late", label="Late delivery", size=3, quotes=("三周才到",)),),
        trend=(TrendPoint(pain_point="Late delivery", month="2026-08", mentions=5),),
    )
    answer = Answer(status=Status.ANSWERED, kind=AnswerKind.PAIN_POINTS, feedback=details, language="zh",
                    columns=("pain_point", "current_count"), rows=(("Late delivery", 3),))  # fmt: skip
    assert quotes_markdown(answer) == "> **配送延迟**: 三周才到"
    figure = trend_figure(answer)
    assert figure is not None and [t.name for t in figure.data] == ["配送延迟"]
    assert figure.layout.title.text == "痛点提及趋势" and figure.layout.yaxis.title.text == "提及次数"
    english = answer.model_copy(update={"language": "en"})
    assert quotes_markdown(english).startswith("> **Late delivery**:")
    hits = SearchDetails(results=(SearchHit(source="ticket", id=1, text="退款太慢", score=0.9),))
    search = Answer(status=Status.ANSWERED, kind=AnswerKind.FEEDBACK_SEARCH, feedback=hits, language="zh")
    assert quotes_markdown(search) == "> **客服工单**: 退款太慢"
    rows = Answer(status=Status.ANSWERED, kind=AnswerKind.PAIN_POINTS, language="zh",
                  columns=("pain_point", "month", "current_count"), rows=(("Slow refund", "2026-08", 4),))  # fmt: skip
    legend = trend_figure(rows)
    assert legend is not None and [t.name for t in legend.data] == ["退款太慢"]


def test_a_chinese_answer_has_chinese_hints_and_step_titles() -> None:
    from cdm.ui.messages import text

    blocked = Answer(status=Status.BLOCKED, summary="不允许", language="zh")
    assert answer_markdown(blocked, None).startswith("**不允许：**")
    assert text("step_privacy", "zh") == "隐私" and text("step_privacy") == "Privacy"


def test_a_spark_diff_compares_trees_of_one_dialect() -> None:
    """The semantic layer writes DuckDB; on Spark the diff shows the guards' changes, not the spelling."""
    generated = "SELECT STRFTIME(order_ts, '%Y-%m') AS month, COUNT(*) FROM orders GROUP BY 1"
    executed = sqlglot.transpile(generated, read="duckdb", write="spark")[0]
    assert "STRFTIME" not in executed.upper()  # the two texts really are spelled differently
    assert sql_diff(generated, executed, "spark") == ""
    guarded = executed.replace("FROM orders", "FROM (SELECT * FROM orders WHERE region = 'East') AS orders")
    assert "region = 'East'" in sql_diff(generated, guarded, "spark")
