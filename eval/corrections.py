"""The corrections loop: an analyst's corrected query waits for an owner, then becomes a verified query.

A correction is stored as pending under CDM_HOME (nothing the assistant reads changes). When an
owner approves it (`cdm metrics verify`), it is appended to `verified_corrections.yml` in the
semantic-layer definitions folder, which the catalog loads like any other verified-queries file:
from then on the planner answers that question with the checked query and the eval suite runs it
as a case (tag `verified`). The catalog is re-validated after the append; a correction that would
break it is rolled back.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from data.errors import CdmError
from data.settings import cdm_home
from semantic_layer.catalog import DEFINITIONS, Catalog, load_catalog, load_catalog_with_issues
from semantic_layer.compiler import compile_query
from semantic_layer.errors import SemanticQueryError
from semantic_layer.query import SemanticQuery

APPROVED_FILE = "verified_corrections.yml"
HEADER = (
    "# Verified queries approved from analysts' corrections (`cdm eval correct`, then `cdm metrics verify`).\n"
    "# Appended by eval.corrections.approve; review the diff like any other definition change.\n"
)


class Correction(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    question: str
    query: dict[str, Any]
    submitted_by: str
    role: str
    submitted_at: str
    status: Literal["pending", "approved", "rejected"] = "pending"
    decided_by: str | None = None
    decided_at: str | None = None


def store_path() -> Path:
    return cdm_home() / "eval" / "corrections.json"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _read(path: Path) -> list[Correction]:
    if not path.exists():
        return []
    return [Correction.model_validate(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def _write(path: Path, corrections: list[Correction]) -> None:
    """Write to a temporary file then rename, so a crash never leaves half a store."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp")
    payload = [c.model_dump(mode="json") for c in corrections]
    temporary.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(temporary, path)


def parse_query(query: str | dict[str, Any], catalog: Catalog | None = None) -> SemanticQuery:
    """The corrected query must be a valid semantic query that compiles against the catalog."""
    try:
        data = json.loads(query) if isinstance(query, str) else query
        parsed = SemanticQuery.model_validate(data)
        compile_query(parsed, catalog or load_catalog())
    except json.JSONDecodeError as error:
        raise CdmError(f"--json-query is not valid JSON: {error.msg}") from error
    except ValidationError as error:
        first = error.errors()[0]
        raise CdmError(f"not a semantic query: {'.'.join(map(str, first['loc']))}: {first['msg']}") from error
    except SemanticQueryError as error:
        raise CdmError(f"the corrected query does not compile: {error.message}") from error
    return parsed


def submit(
    question: str, query: str | dict[str, Any], *, user: str | None, role: str, store: Path | None = None
) -> Correction:
    """Record a pending correction; the same question and query submitted twice is stored once."""
    if not question.strip():
        raise CdmError("the question of a correction cannot be empty")
    parsed = parse_query(query).model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    digest = hashlib.sha256(json.dumps([question.strip(), parsed], sort_keys=True).encode()).hexdigest()[:10]
    path = store or store_path()
    corrections = _read(path)
    existing = next((c for c in corrections if c.id == digest), None)
    if existing is not None:
        return existing
    correction = Correction(
        id=digest, question=question.strip(), query=parsed, submitted_by=user or role, role=role, submitted_at=_now()
    )
    _write(path, [*corrections, correction])
    return correction


def list_corrections(store: Path | None = None, status: str | None = None) -> list[Correction]:
    return [c for c in _read(store or store_path()) if status is None or c.status == status]


def list_pending(store: Path | None = None) -> list[Correction]:
    return list_corrections(store, "pending")


def _find_pending(correction_id: str, corrections: list[Correction]) -> Correction:
    matches = [c for c in corrections if c.id.startswith(correction_id)]
    if len(matches) != 1:
        raise CdmError(f"no single correction with id {correction_id!r}; see `cdm metrics verify --list`")
    if matches[0].status != "pending":
        raise CdmError(f"correction {matches[0].id} is already {matches[0].status}")
    return matches[0]


def _decide(correction_id: str, status: str, by: str, store: Path | None) -> tuple[Correction, list[Correction], Path]:
    path = store or store_path()
    corrections = _read(path)
    decided = _find_pending(correction_id, corrections).model_copy(
        update={"status": status, "decided_by": by, "decided_at": _now()}
    )
    return decided, [decided if c.id == decided.id else c for c in corrections], path


def append_verified(correction: Correction, approved_by: str, definitions: Path) -> Path:
    """Append to the approved-corrections file; roll back if the catalog no longer loads cleanly."""
    target = definitions / APPROVED_FILE
    before = target.read_text(encoding="utf-8") if target.exists() else None
    document = (yaml.safe_load(before) if before else None) or {"verified_queries": []}
    entry = {"question": correction.question, "verified_by": approved_by, "query": correction.query}
    document["verified_queries"] = [*document.get("verified_queries", []), entry]
    target.write_text(HEADER + yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")
    _, issues = load_catalog_with_issues(definitions)
    if issues:
        target.unlink() if before is None else target.write_text(before, encoding="utf-8")
        raise CdmError(f"approving {correction.id} would break the catalog: {issues[0]}")
    return target


def approve(
    correction_id: str, approved_by: str, *, definitions: Path | None = None, store: Path | None = None
) -> Correction:
    """Owner approval: the correction becomes a verified query the planner and the eval suite use."""
    decided, corrections, path = _decide(correction_id, "approved", approved_by, store)
    append_verified(decided, approved_by, definitions or DEFINITIONS)
    _write(path, corrections)
    return decided


def reject(correction_id: str, rejected_by: str, *, store: Path | None = None) -> Correction:
    decided, corrections, path = _decide(correction_id, "rejected", rejected_by, store)
    _write(path, corrections)
    return decided
