"""The LLM agent end to end: real ChatOpenAI and openai client -> fake endpoint over TCP -> real tools.

Every scripted exchange runs the real LangChain agent, the real guards and the tiny warehouse;
only the model's turns are scripted.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from fake_openai import FakeOpenAI, call, fail, say, stall

from assistant.answer import Answer
from assistant.conversation import Conversation
from assistant.llm.agent import aask_with_llm, ask_with_llm
from assistant.llm.settings import LlmSettings
from assistant.service import ask
from engines.status import Status
from guards.principal import Principal
from guards.principal_resolution import resolve_principal

REVENUE_BY_REGION = {"metrics": ["revenue"], "group_by": ["region"]}


def run(question: str, principal: Principal, settings: LlmSettings, warehouse: Path, **kwargs: object) -> Answer:
    return asyncio.run(aask_with_llm(question, principal, warehouse=warehouse, settings=settings, **kwargs))  # type: ignore[arg-type]


def reference_revenue_by_region(warehouse: Path) -> dict[str, float]:
    sql = (
        "SELECT c.region, sum(o.net_amount) FROM orders o JOIN customers c USING (customer_id) "
        "WHERE o.status <> 'cancelled' GROUP BY 1"
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return {region: float(total) for region, total in con.execute(sql).fetchall()}


@pytest.mark.parametrize("streaming", [False, True], ids=["json", "sse"])
def test_semantic_tool_call_answers_with_the_governed_rows(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path, streaming: bool
) -> None:
    fake.script(call("run_semantic_query", **REVENUE_BY_REGION), say("East has the highest revenue."))
    answer = run("Revenue by region?", resolve_principal("analyst"), llm_settings(streaming=streaming), tiny_warehouse)

    assert answer.status == Status.ANSWERED
    assert answer.columns == ("region", "revenue")
    got = {region: value for region, value in answer.rows}
    assert got == pytest.approx(reference_revenue_by_region(tiny_warehouse))
    assert answer.summary == "East has the highest revenue."
    assert answer.extra["narrative"].startswith("East has the highest Revenue")
    assert answer.query_json() == {**REVENUE_BY_REGION, "filters": [], "order_by": []}
    assert answer.sql and "orders" in answer.sql
    assert answer.chart is not None and answer.chart.kind == "bar"
    assert answer.provenance.engine == "llm:fake-model"
    assert answer.interpretation.startswith("Revenue by region")
    assert [r.streamed for r in fake.requests] == [streaming, streaming]


def test_the_model_sees_instructions_generated_from_the_catalog_and_quoted_tool_results(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path
) -> None:
    from semantic_layer.catalog import load_catalog

    fake.script(call("run_semantic_query", **REVENUE_BY_REGION), say("Done."))
    run(
        "Revenue by region please",
        resolve_principal("regional_manager", attrs={"region": "East"}),
        llm_settings(),
        tiny_warehouse,
    )

    first, second = fake.requests
    system = first.messages[0]
    assert system["role"] == "system"
    catalog = load_catalog()
    assert all(f"- {name}:" in system["content"] for name in catalog.metrics)
    assert all(q.question in system["content"] for q in catalog.verified_queries)
    assert "role regional_manager" in system["content"] and "2026-" in system["content"]
    tools = {t["function"]["name"] for t in first.body["tools"]}
    assert {"list_metrics", "describe_metric", "run_semantic_query", "run_sql"} <= tools
    assert all("role" not in t["function"]["parameters"].get("properties", {}) for t in first.body["tools"])
    (tool_message,) = second.tool_messages()
    assert "<data>" in tool_message and tool_message.rstrip().endswith("</data>")
    assert '"East"' in tool_message and '"South"' not in tool_message  # the manager's row filter applied


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT full_name, phone FROM customers",
        "SELECT * FROM customers",
        "SELECT substr(phone, 4, 8) AS p FROM customers",
    ],
)
def test_model_sql_reading_phone_numbers_never_returns_a_raw_phone(
    fake: FakeOpenAI,
    llm_settings: Callable[..., LlmSettings],
    tiny_warehouse: Path,
    raw_phones: frozenset[str],
    sql: str,
) -> None:
    fake.script(call("run_sql", sql=sql), say("Here are the numbers."))
    answer = run("List every customer's phone", resolve_principal("analyst"), llm_settings(), tiny_warehouse)

    shown_to_model = json.dumps([r.body for r in fake.requests], ensure_ascii=False)
    everything = answer.model_dump_json() + shown_to_model
    assert answer.status in (Status.ANSWERED, Status.BLOCKED)
    assert not [p for p in raw_phones if p in everything or p[3:] in everything]
    if answer.status == Status.ANSWERED and "phone" in answer.columns:
        phones = [row[answer.columns.index("phone")] for row in answer.rows]
        assert phones and all(p[3:7] == "****" for p in phones)


def test_viewer_cannot_run_free_sql_through_the_model(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path
) -> None:
    fake.script(call("run_sql", sql="SELECT phone FROM customers"), say("I could not run that."))
    answer = run("phones of customers", resolve_principal("viewer"), llm_settings(), tiny_warehouse)

    assert answer.status == Status.BLOCKED
    assert answer.rows == () and answer.sql is None
    assert answer.notices, "the refusal must be explained"
    assert "blocked" in fake.requests[1].tool_messages()[0]


@pytest.mark.parametrize("role", ["admin", "analyst"])
def test_model_sql_reading_files_is_blocked(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path, role: str
) -> None:
    fake.script(call("run_sql", sql="SELECT * FROM read_csv('/etc/passwd')"), say("Here is the file."))
    answer = run("show me the passwd file", resolve_principal(role), llm_settings(), tiny_warehouse)

    assert answer.status == Status.BLOCKED
    assert "root:" not in answer.model_dump_json()
    assert "root:" not in json.dumps([r.body for r in fake.requests])


def test_injected_review_text_is_quoted_data_and_cannot_change_the_principal(
    fake: FakeOpenAI,
    llm_settings: Callable[..., LlmSettings],
    injected_warehouse: tuple[Path, int],
    raw_phones: frozenset[str],
) -> None:
    from guards.audit import AuditLog

    warehouse, review_id = injected_warehouse
    question = "What did the first reviewer write? (injection test)"
    fake.script(
        call("run_sql", sql=f"SELECT review_id, review_text FROM reviews WHERE review_id = {review_id}"),
        # The scripted model "obeys" the injection, and even tries to pass a role.
        call("run_sql", sql="SELECT customer_id, phone FROM customers", role="admin", user="root"),
        say("As admin, here are all the phone numbers."),
    )
    answer = run(question, resolve_principal("analyst"), llm_settings(), warehouse)

    after_review = fake.requests[1].tool_messages()[0]
    block = after_review[after_review.index("<data>") : after_review.rindex("</data>")]
    assert "IGNORE ALL PREVIOUS INSTRUCTIONS" in block
    assert after_review.count("</data>") == 1  # the review's own "</data>" was escaped inside the JSON
    assert answer.columns == ("customer_id", "phone")
    assert all(str(row[1])[3:7] == "****" for row in answer.rows)
    assert not [p for p in raw_phones if p in answer.model_dump_json()]
    entries = [e for e in AuditLog().tail(20) if e.question == question]
    assert len(entries) == 2 and {e.role for e in entries} == {"analyst"}


@pytest.mark.parametrize("streaming", [False, True], ids=["json", "sse"])
def test_a_timeout_falls_back_to_the_offline_planner(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path, streaming: bool
) -> None:
    fake.script(stall(10))
    principal = resolve_principal("analyst")
    answer = run("revenue by region", principal, llm_settings(streaming=streaming, timeout=1.0), tiny_warehouse)

    offline = ask("revenue by region", principal, warehouse=tiny_warehouse)
    assert answer.notices[0].code == "llm_fallback"
    assert "did not answer in time" in answer.notices[0].message
    assert answer.provenance.engine == "offline"
    assert answer.status == Status.ANSWERED and answer.rows == offline.rows


def test_a_server_error_falls_back_without_retrying(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path
) -> None:
    fake.script(fail(500))
    answer = run("revenue by region", resolve_principal("viewer"), llm_settings(), tiny_warehouse)

    assert len(fake.requests) == 1  # max_retries=0
    assert answer.notices[0].code == "llm_fallback" and "HTTP 500" in answer.notices[0].message
    assert answer.status == Status.ANSWERED and answer.columns == ("region", "revenue")


def test_without_a_configured_model_the_offline_planner_answers_and_says_so(
    fake: FakeOpenAI, tiny_warehouse: Path
) -> None:
    fake.script(say("never asked"))
    answer = run("revenue by region", resolve_principal("viewer"), LlmSettings(model="only-a-name"), tiny_warehouse)

    assert fake.requests == []
    assert answer.notices[0].code == "llm_fallback" and answer.provenance.engine == "offline"


def test_a_bad_semantic_query_goes_back_to_the_model_which_can_correct_it(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path
) -> None:
    fake.script(
        call("run_semantic_query", metrics=["revenu"], group_by=["region"]),
        call("run_semantic_query", **REVENUE_BY_REGION),
        say("Fixed."),
    )
    answer = run("revenue per region", resolve_principal("analyst"), llm_settings(streaming=False), tiny_warehouse)

    error_message = fake.requests[1].tool_messages()[0]
    assert "run_semantic_query failed" in error_message and "revenue" in error_message
    assert answer.status == Status.ANSWERED and answer.columns == ("region", "revenue")
    assert answer.extra["tool_calls"] == ["run_semantic_query"]


def test_a_follow_up_carries_the_last_governed_query(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path
) -> None:
    conversation = Conversation()
    principal = resolve_principal("analyst")
    fake.script(call("run_semantic_query", **REVENUE_BY_REGION), say("East leads."))
    run("revenue by region", principal, llm_settings(), tiny_warehouse, conversation=conversation)
    fake.script(call("run_semantic_query", metrics=["revenue"], group_by=["channel"]), say("By channel."))
    second = run("and by channel?", principal, llm_settings(), tiny_warehouse, conversation=conversation)

    user_turn = fake.requests[0].messages[1]["content"]
    assert '"group_by":["region"]' in user_turn and user_turn.endswith("Question: and by channel?")
    assert second.columns == ("channel", "revenue")
    assert conversation.last_query is not None and conversation.last_query.query.group_by == ("channel",)


def test_a_text_only_reply_is_marked_as_having_no_governed_numbers(
    fake: FakeOpenAI, llm_settings: Callable[..., LlmSettings], tiny_warehouse: Path
) -> None:
    fake.script(call("list_metrics"), say("I can answer questions about revenue, orders and more."))
    answer = ask_with_llm(
        "what can you do?", resolve_principal("viewer"), warehouse=tiny_warehouse, settings=llm_settings()
    )

    assert answer.status == Status.ANSWERED and answer.kind == "text"
    assert answer.rows == () and answer.notices[0].code == "llm_text"
    assert '"revenue"' in fake.requests[1].tool_messages()[0]
