"""LLM agent fixtures: one fake OpenAI-compatible server per session, settings pointing at it."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from fake_openai import FakeOpenAI
from untrusted import INJECTION

from assistant.llm.settings import LlmSettings

MODEL = "fake-model"


@pytest.fixture(scope="session")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture
def llm_settings(fake: FakeOpenAI) -> Callable[..., LlmSettings]:
    """Settings for the fake endpoint; tests pick streaming and the timeout."""

    def make(*, streaming: bool = True, timeout: float = 20.0) -> LlmSettings:
        return LlmSettings(
            model=MODEL, base_url=fake.base_url, api_key="test", timeout=timeout, streaming=streaming, max_retries=0
        )

    return make


@pytest.fixture(scope="session")
def raw_phones(tiny_warehouse: Path) -> frozenset[str]:
    """Every customer's raw phone number, read directly as the test (never through the assistant).
    Blanks and placeholders the generator planted (data/README.md) are not phone numbers."""
    real = "SELECT record_id FROM quality_checks WHERE quality_rule = 'phone_valid' AND passed"
    with duckdb.connect(str(tiny_warehouse), read_only=True) as con:
        rows = con.execute(f"SELECT phone FROM customers WHERE customer_id IN ({real})").fetchall()
        return frozenset(row[0] for row in rows)


@pytest.fixture(scope="session")
def injected_warehouse(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """A copy of the tiny warehouse where one review carries a prompt injection (untrusted customer text)."""
    path = tmp_path_factory.mktemp("injected") / "warehouse.duckdb"
    shutil.copyfile(tiny_warehouse, path)
    with duckdb.connect(str(path)) as con:
        (review_id,) = con.execute("SELECT min(review_id) FROM reviews").fetchone() or (None,)
        con.execute("UPDATE reviews SET review_text = ? WHERE review_id = ?", [INJECTION, review_id])
    return path, int(review_id)
