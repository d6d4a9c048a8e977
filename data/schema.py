"""DDL for the warehouse, built as sqlglot trees from the data dictionary's column types."""

from __future__ import annotations

from sqlglot import exp

from data.dictionary import DataDictionary, TableDoc


def create_table(table: TableDoc) -> exp.Create:
    """CREATE TABLE with the pinned types; NOT NULL unless the dictionary says nullable."""
    columns = [
        exp.ColumnDef(
            this=exp.to_identifier(column.name, quoted=True),
            kind=exp.DataType.build(column.type, dialect="duckdb"),
            constraints=[] if column.nullable else [exp.ColumnConstraint(kind=exp.NotNullColumnConstraint())],
        )
        for column in table.columns
    ]
    return exp.Create(this=exp.Schema(this=exp.to_table(table.name), expressions=columns), kind="TABLE")


def schema_sql(dictionary: DataDictionary) -> list[str]:
    return [create_table(table).sql(dialect="duckdb") for table in dictionary.tables]
