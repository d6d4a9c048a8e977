"""The data dictionary (`data/dictionary.yml`) as typed, frozen objects.

The generator creates tables from these column types, and the semantic layer and guards read the
descriptions, keys and privacy classes, so there is exactly one place that says what a column is.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import yaml

from data.errors import CdmError

PrivacyClass = Literal["public", "quasi_identifier", "direct_identifier", "sensitive"]
PRIVACY_CLASSES: tuple[PrivacyClass, ...] = ("public", "quasi_identifier", "direct_identifier", "sensitive")
DICTIONARY_PATH = Path(__file__).with_name("dictionary.yml")


@dataclass(frozen=True)
class ColumnDoc:
    name: str
    type: str
    description: str
    privacy_class: PrivacyClass
    nullable: bool = False
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class ForeignKey:
    table: str
    column: str
    ref_table: str
    ref_column: str


@dataclass(frozen=True)
class TableDoc:
    name: str
    description: str
    primary_key: tuple[str, ...]
    columns: tuple[ColumnDoc, ...]
    foreign_keys: tuple[ForeignKey, ...] = ()
    hidden: bool = False

    def column(self, name: str) -> ColumnDoc:
        for column in self.columns:
            if column.name == name:
                return column
        raise CdmError(f"unknown column {self.name}.{name}")


@dataclass(frozen=True)
class RfmRule:
    """One row of the RFM rule table: inclusive quintile ranges for R, F and M."""

    segment: str
    r: tuple[int, int]
    f: tuple[int, int]
    m: tuple[int, int]

    def matches(self, r: int, f: int, m: int) -> bool:
        return self.r[0] <= r <= self.r[1] and self.f[0] <= f <= self.f[1] and self.m[0] <= m <= self.m[1]


@dataclass(frozen=True)
class DataDictionary:
    tables: tuple[TableDoc, ...]
    rfm_rules: tuple[RfmRule, ...]

    def table(self, name: str) -> TableDoc:
        for table in self.tables:
            if table.name == name:
                return table
        raise CdmError(f"unknown table {name}")

    def columns(self, table: str) -> tuple[ColumnDoc, ...]:
        return self.table(table).columns

    def privacy_class(self, table: str, column: str) -> PrivacyClass:
        return self.table(table).column(column).privacy_class

    @property
    def foreign_keys(self) -> tuple[ForeignKey, ...]:
        return tuple(fk for table in self.tables for fk in table.foreign_keys)

    def visible_tables(self) -> tuple[TableDoc, ...]:
        """Tables the semantic layer may expose (not the hidden ground truth)."""
        return tuple(t for t in self.tables if not t.hidden)

    def rfm_segment(self, r: int, f: int, m: int) -> str:
        """The segment of the first matching rule (the same rule the generator applies in SQL)."""
        return next(rule.segment for rule in self.rfm_rules if rule.matches(r, f, m))


def _column(name: str, raw: dict[str, Any]) -> ColumnDoc:
    privacy = raw["privacy_class"]
    if privacy not in PRIVACY_CLASSES:
        raise ValueError(f"dictionary: {name} has unknown privacy_class {privacy!r}")
    values = tuple(str(v) for v in raw.get("values", ()))
    return ColumnDoc(
        name,
        str(raw["type"]),
        str(raw["description"]),
        cast(PrivacyClass, privacy),
        bool(raw.get("nullable", False)),
        values,
    )


def _table(name: str, raw: dict[str, Any]) -> TableDoc:
    fks = tuple(ForeignKey(name, fk["column"], *fk["references"].split(".", 1)) for fk in raw.get("foreign_keys", ()))
    columns = tuple(_column(col, spec) for col, spec in raw["columns"].items())
    return TableDoc(name, raw["description"], tuple(raw["primary_key"]), columns, fks, bool(raw.get("hidden", False)))


def _rule(raw: dict[str, Any]) -> RfmRule:
    return RfmRule(raw["segment"], tuple(raw["r"]), tuple(raw["f"]), tuple(raw["m"]))  # type: ignore[arg-type]


def parse_dictionary(raw: dict[str, Any]) -> DataDictionary:
    tables = tuple(_table(name, spec) for name, spec in raw["tables"].items())
    return DataDictionary(tables, tuple(_rule(rule) for rule in raw["rfm_rules"]))


@cache
def load_dictionary() -> DataDictionary:
    """The dictionary shipped with the package (parsed once per process)."""
    with DICTIONARY_PATH.open(encoding="utf-8") as handle:
        return parse_dictionary(yaml.safe_load(handle))
