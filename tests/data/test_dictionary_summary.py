"""The data dictionary's accessors and privacy classes, and the warehouse summary."""

from __future__ import annotations

import pytest

from data.dictionary import PRIVACY_CLASSES, load_dictionary
from data.errors import CdmError
from data.summary import render_plain, summarize

DICTIONARY = load_dictionary()


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        ("customers", "full_name", "direct_identifier"),
        ("customers", "phone", "direct_identifier"),
        ("customers", "email", "direct_identifier"),
        ("customers", "id_number", "direct_identifier"),
        ("customers", "birth_date", "sensitive"),
        ("customers", "city", "quasi_identifier"),
        ("customers", "province", "quasi_identifier"),
        ("customers", "region", "quasi_identifier"),
        ("customers", "gender", "quasi_identifier"),
        ("customer_profile", "age_band", "quasi_identifier"),
        ("reviews", "review_text", "sensitive"),
        ("support_tickets", "description", "sensitive"),
        ("orders", "net_amount", "public"),
    ],
)
def test_privacy_classes(table, column, expected):
    assert DICTIONARY.privacy_class(table, column) == expected


def test_every_column_documented():
    for table in DICTIONARY.tables:
        assert table.description and table.primary_key
        for column in table.columns:
            assert column.description and column.privacy_class in PRIVACY_CLASSES


def test_hidden_truth_table():
    assert DICTIONARY.table("truth_review_theme").hidden
    assert "truth_review_theme" not in {t.name for t in DICTIONARY.visible_tables()}


def test_unknown_names_are_user_errors():
    with pytest.raises(CdmError):
        DICTIONARY.table("nope")
    with pytest.raises(CdmError):
        DICTIONARY.privacy_class("customers", "nope")


def test_summary(tiny_warehouse):
    summary = summarize(tiny_warehouse)
    counts = {t.table: t.rows for t in summary.tables}
    assert counts["customers"] == 2000 and "truth_review_theme" not in counts
    assert (summary.first_order_date, summary.last_order_date) == ("2023-10-01", "2026-09-30")
    assert abs(sum(m.share for m in summary.channel_mix) - 1) < 1e-9 and len(summary.region_mix) == 7
    assert "channel mix" in render_plain(summary)


def test_summary_of_a_missing_warehouse(tmp_path):
    with pytest.raises(CdmError, match=r"no warehouse at .*; run `cdm data build`"):
        summarize(tmp_path / "missing.duckdb")
