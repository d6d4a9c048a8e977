"""A YAML loader that remembers the line of every mapping, so definition problems read `file:line`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from semantic_layer.errors import CatalogError, Issue


class LineDict(dict[str, Any]):
    """A mapping from YAML that knows the 1-based line it started on."""

    line: int = 0


class _LineLoader(yaml.SafeLoader):
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        keys = [self.construct_object(key_node, deep=deep) for key_node, _ in node.value]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {sorted(map(str, duplicates))[0]!r}", node.start_mark
            )
        mapping = LineDict({str(k): v for k, v in super().construct_mapping(node, deep=True).items()})
        mapping.line = node.start_mark.line + 1
        return mapping


def _construct_line_dict(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = loader.construct_mapping(node)
    assert isinstance(mapping, LineDict)
    return mapping


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_line_dict)


def load_yaml(path: Path) -> Any:
    """Parse one definitions file; a syntax error becomes a CatalogError with file:line."""
    text = path.read_text(encoding="utf-8")
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        message = f"YAML syntax: {error.problem or error.context}"
        raise CatalogError([Issue("yaml_syntax", message, f"{path.name}:{line}")]) from error


def line_of(node: Any) -> int:
    return node.line if isinstance(node, LineDict) else 0
