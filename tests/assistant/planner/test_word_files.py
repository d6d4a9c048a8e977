"""The planner's word files load into typed models: an unknown key fails loading, and a key no planner
code reads fails here (a list nobody reads is a rule someone believes is on)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from assistant.planner.meaning_words import WORDS_FILE as MEANING_FILE
from assistant.planner.meaning_words import MeaningWords
from assistant.planner.word_file import WORDS_FILE, PlannerWords

PLANNER_CODE = Path(__file__).parents[3] / "assistant"


def _field_paths(model: type[BaseModel], prefix: str = "") -> list[tuple[str, str]]:
    """(dotted path, attribute name) for every field, nested models included."""
    paths = []
    for name, info in model.model_fields.items():
        paths.append((prefix + name, name))
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            paths += _field_paths(annotation, f"{prefix}{name}.")
    return paths


def _code_reading(attribute: str, skip: set[str]) -> bool:
    pattern = re.compile(rf"\.{re.escape(attribute)}\b")
    return any(
        pattern.search(path.read_text(encoding="utf-8")) for path in PLANNER_CODE.rglob("*.py") if path.name not in skip
    )


@pytest.mark.parametrize(("model", "loader_file"), [(PlannerWords, "word_file.py"), (MeaningWords, "meaning_words.py")])
def test_every_key_is_read_by_planner_code(model: type[BaseModel], loader_file: str) -> None:
    unread = [path for path, name in _field_paths(model) if not _code_reading(name, {loader_file})]
    assert unread == [], f"keys no code reads: {unread}"


@pytest.mark.parametrize(("model", "path"), [(PlannerWords, WORDS_FILE), (MeaningWords, MEANING_FILE)])
def test_an_unknown_or_misspelt_key_fails_loading(model: type[BaseModel], path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    model.model_validate(data)  # the shipped file loads
    first = next(iter(data))
    misspelt = {(f"{first}s" if k == first else k): v for k, v in data.items()}
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        model.model_validate(misspelt)


def test_yaml_booleans_cannot_hide_in_a_word_list() -> None:
    """An unquoted `false` or `no` in a list is a YAML boolean, never matched as a word: loading refuses it."""
    data = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    data["stopwords"] = [*data["stopwords"], False]
    with pytest.raises(ValidationError):
        PlannerWords.model_validate(data)
