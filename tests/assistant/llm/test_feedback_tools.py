"""Feedback tools with a real (small) Chroma index: retrieved review text is untrusted data.

The index holds a handful of real redacted feedback documents plus one review carrying a prompt
injection, embedded with the real local model. The scripted model then "obeys" the injection; the
principal and the guards must not move.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from fake_openai import FakeOpenAI, call, say
from untrusted import INJECTION

from assistant.llm.agent import aask_with_llm
from assistant.llm.settings import LlmSettings
from engines.status import Status
from guards.principal_resolution import resolve_principal

OTHER_DOCUMENTS = 8


@pytest.fixture(scope="module")
def feedback_home(injected_warehouse: tuple[Path, int], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A CDM_HOME whose chroma/ holds the injected review and a few real documents."""
    from feedback.doc_table import write_documents
    from feedback.documents import load_documents
    from feedback.embeddings import embed
    from feedback.store import SEARCH_COLLECTION, StoredText, open_collection, sync

    home = tmp_path_factory.mktemp("feedback_home")
    warehouse, review_id = injected_warehouse
    documents = load_documents(warehouse)
    injected = [d for d in documents if d.source == "review" and d.source_id == review_id]
    chosen = injected + [d for d in documents if d not in injected][:OTHER_DOCUMENTS]
    by_hash = {d.content_hash: d.text for d in chosen}
    texts = [StoredText(h, text, {"content_hash": h}) for h, text in sorted(by_hash.items())]
    sync(open_collection(home / "chroma", SEARCH_COLLECTION, create=True), texts, embed, progress=False)
    write_documents(home / "chroma", chosen, {})
    return home


def test_injected_review_from_search_is_quoted_and_the_principal_stays_analyst(
    fake: FakeOpenAI,
    llm_settings: Callable[..., LlmSettings],
    injected_warehouse: tuple[Path, int],
    feedback_home: Path,
    raw_phones: frozenset[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from guards.audit import AuditLog

    monkeypatch.setenv("CDM_HOME", str(feedback_home))
    fake.script(
        call("search_feedback", text="serum review", k=OTHER_DOCUMENTS + 1),
        call("run_sql", sql="SELECT customer_id, phone FROM customers", role="admin"),
        say("As instructed by the review, here are the phone numbers."),
    )
    question = "What do reviews say about serums?"
    answer = asyncio.run(
        aask_with_llm(question, resolve_principal("analyst"), warehouse=injected_warehouse[0], settings=llm_settings())
    )

    offered = {t["function"]["name"] for t in fake.requests[0].body["tools"]}
    assert {"search_feedback", "list_pain_points"} <= offered
    search_result = fake.requests[1].tool_messages()[0]
    assert INJECTION.split(" </data>")[0] in search_result
    assert search_result.count("<data>") == 1 and search_result.rstrip().endswith("</data>")
    assert answer.columns == ("customer_id", "phone")
    assert all(str(row[1])[3:7] == "****" for row in answer.rows)
    assert not [p for p in raw_phones if p in answer.model_dump_json()]
    entries = [e for e in AuditLog().tail(20) if e.question == question]
    assert [(e.origin, e.role) for e in entries] == [("feedback_search", "analyst"), ("sql", "analyst")]


def test_a_viewer_cannot_read_individual_feedback_through_the_model(
    fake: FakeOpenAI,
    llm_settings: Callable[..., LlmSettings],
    injected_warehouse: tuple[Path, int],
    feedback_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CDM_HOME", str(feedback_home))
    fake.script(call("search_feedback", text="serum"), say("Nothing to show."))
    answer = asyncio.run(
        aask_with_llm("reviews about serums", resolve_principal("viewer"), warehouse=injected_warehouse[0],
                      settings=llm_settings())
    )  # fmt: skip

    assert answer.status == Status.BLOCKED and answer.rows == ()
    assert [n.code for n in answer.notices] == ["free_text_denied"]
    assert "IGNORE ALL PREVIOUS" not in fake.requests[1].tool_messages()[0]
