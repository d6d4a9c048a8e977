"""The guard's view of the warehouse: tables, column types, privacy classes, foreign keys.

Read once from the data dictionary (`data.dictionary`, owned by the data layer) and reduced to
the few frozen facts the passes need, so no pass knows the dictionary's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from data.dictionary import DataDictionary, TableDoc, load_dictionary

TEXT_TYPES = ("VARCHAR", "TEXT", "STRING", "CHAR", "UUID", "BLOB", "JSON")


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    privacy: str

    @property
    def is_text(self) -> bool:
        return self.type.upper().startswith(TEXT_TYPES)


@dataclass(frozen=True)
class ForeignKey:
    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[ColumnSpec, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    hidden: bool = False

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name.lower()), None)


@dataclass(frozen=True)
class WarehouseSchema:
    tables: tuple[TableSpec, ...]

    def table(self, name: str) -> TableSpec | None:
        return next((t for t in self.tables if t.name == name.lower()), None)


def _table(doc: TableDoc) -> TableSpec:
    return TableSpec(
        name=doc.name.lower(),
        columns=tuple(ColumnSpec(c.name.lower(), c.type, c.privacy_class) for c in doc.columns),
        foreign_keys=tuple(
            ForeignKey(fk.column.lower(), fk.ref_table.lower(), fk.ref_column.lower()) for fk in doc.foreign_keys
        ),
        hidden=doc.hidden,
    )


def schema_from_dictionary(dictionary: DataDictionary) -> WarehouseSchema:
    return WarehouseSchema(tuple(_table(t) for t in dictionary.tables))


@cache
def load_schema() -> WarehouseSchema:
    return schema_from_dictionary(load_dictionary())
