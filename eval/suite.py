"""Loads the golden suite: YAML case files plus the catalog's verified queries.

Tags that can be derived are derived (the metric and dimension names of an expected semantic query,
`follow-up` for conversations, `split:heldout`), so coverage checks cannot drift from the cases.
Verified queries (including approved corrections) become cases tagged `verified`: the assistant's
examples are scored with everything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from data.errors import CdmError
from eval.cases import EvalCase, Expected
from semantic_layer.catalog import Catalog

SUITES = Path(__file__).resolve().parent / "suites"


def suite_files(path: Path | None = None) -> list[Path]:
    folder_or_file = path or SUITES
    if folder_or_file.is_dir():
        return sorted(folder_or_file.glob("*.yml"))
    if not folder_or_file.exists():
        raise CdmError(f"no eval suite at {folder_or_file}")
    return [folder_or_file]


def _read_file(path: Path) -> list[EvalCase]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise CdmError(f"{path.name}: not valid YAML: {str(error).splitlines()[0]}") from error
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        raise CdmError(f"{path.name}: an eval suite file holds a top-level `cases:` list")
    cases = []
    for index, raw in enumerate(document["cases"], start=1):
        try:
            cases.append(EvalCase.model_validate(raw))
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise CdmError(f"{path.name}: case {index} ({_id_of(raw)}): {where}: {first['msg']}") from error
    return cases


def _id_of(raw: Any) -> str:
    return str(raw.get("id", "?")) if isinstance(raw, dict) else "?"


def derived_tags(case: EvalCase) -> tuple[str, ...]:
    tags: list[str] = []
    query = case.expect.semantic_query or {}
    tags += list(query.get("metrics", ()))
    for name in [*query.get("group_by", ()), *(f.get("dimension", "") for f in query.get("filters", ()))]:
        tags += [name.split("__")[0], name] if name.startswith("metric_time__") else [name]
    if query.get("time_range") or any(g.startswith("metric_time") for g in query.get("group_by", ())):
        tags.append("time")
    if len(case.turns) > 1:
        tags.append("follow-up")
    if re.search(r"[\u4e00-\u9fff]", " ".join(case.turns)):
        tags.append("chinese")
    if case.expect.protected:
        tags.append("security")
    return tuple(tags)


def verified_cases(catalog: Catalog) -> list[EvalCase]:
    """Each verified query, asked as admin, must give the rows of its own checked query."""
    cases = []
    for number, verified in enumerate(catalog.verified_queries, start=1):
        query = verified.query.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        expect = Expected(semantic_query=query, ordered=False)
        cases.append(
            EvalCase(id=f"verified.{number:03d}", turns=(verified.question,), tags=("verified",), expect=expect)
        )
    return cases


def load_suite(
    path: Path | None = None, *, catalog: Catalog | None = None, tags: Sequence[str] = (), include_verified: bool = True
) -> list[EvalCase]:
    """Every case (with derived tags), optionally only those carrying one of `tags`."""
    cases = [case for file in suite_files(path) for case in _read_file(file)]
    if include_verified and catalog is not None:
        cases += verified_cases(catalog)
    _check_unique(cases)
    cases = [case.with_tags(derived_tags(case)) for case in cases]
    return filter_tags(cases, tags)


def filter_tags(cases: Iterable[EvalCase], tags: Sequence[str]) -> list[EvalCase]:
    wanted = {t.strip() for tag in tags for t in tag.split(",") if t.strip()}
    if not wanted:
        return list(cases)
    return [case for case in cases if wanted & {*case.tags, case.split, case.id}]


def _check_unique(cases: list[EvalCase]) -> None:
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CdmError(f"duplicate eval case id {case.id}")
        seen.add(case.id)
