"""Reading typed fields out of YAML mappings, collecting `file:line` issues instead of raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from semantic_layer.errors import Issue
from semantic_layer.model import Where
from semantic_layer.yaml_lines import line_of


@dataclass
class IssueLog:
    """Issues found while loading; the loader keeps going so an author sees every problem at once."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, code: str, message: str, where: Where | str) -> None:
        self.issues.append(Issue(code, message, str(where)))


@dataclass(frozen=True)
class Node:
    """One YAML mapping with its location, and typed accessors that log problems."""

    data: dict[str, Any]
    where: Where
    log: IssueLog

    @classmethod
    def of(cls, raw: Any, file: str, parent_line: int, log: IssueLog) -> Node | None:
        where = Where(file, line_of(raw) or parent_line)
        if not isinstance(raw, dict):
            log.add("bad_structure", f"expected a mapping, got {type(raw).__name__}", where)
            return None
        return cls(raw, where, log)

    def text(self, key: str, default: str | None = None) -> str:
        value = self.data.get(key, default)
        if value is None:
            self.log.add("missing_field", f"missing required field '{key}'", self.where)
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.log.add("bad_field", f"field '{key}' must be text", self.where)
            return ""
        return str(value)

    def optional(self, key: str) -> str | None:
        return self.text(key) if self.data.get(key) is not None else None

    def choice(self, key: str, allowed: tuple[str, ...], default: str | None = None) -> str:
        value = self.text(key, default)
        if value and value not in allowed:
            self.log.add("bad_field", f"'{key}' is {value!r}; expected one of {', '.join(allowed)}", self.where)
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str | int | float) for v in value):
            self.log.add("bad_field", f"field '{key}' must be a list of text", self.where)
            return ()
        return tuple(str(v) for v in value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.log.add("bad_field", f"field '{key}' must be true or false", self.where)
            return default
        return value

    def children(self, key: str) -> list[Node]:
        value = self.data.get(key) or []
        if not isinstance(value, list):
            self.log.add("bad_structure", f"'{key}' must be a list", self.where)
            return []
        nodes = (Node.of(item, self.where.file, self.where.line, self.log) for item in value)
        return [node for node in nodes if node is not None]

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in sorted(set(self.data) - allowed):
            self.log.add("unknown_field", f"unknown field '{key}' (allowed: {', '.join(sorted(allowed))})", self.where)
