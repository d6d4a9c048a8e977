"""`cdm quality check` and `cdm quality standardize` on a copy of the tiny warehouse."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cdm.cli import app
from data.errors import CdmError

RUNNER = CliRunner()


def _cdm(*args: str) -> tuple[int, str]:
    """Exit code and output; a CdmError (main() prints it as one line) counts as its message."""
    result = RUNNER.invoke(app, list(args))
    if isinstance(result.exception, CdmError):
        return result.exception.exit_code, result.exception.message
    return result.exit_code, result.output


def _truth(home: Path, defect: str) -> int:
    with duckdb.connect(str(home / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM truth_quality_defects WHERE defect = ?", [defect]).fetchone()
    return int(row[0]) if row else 0


def test_scorecard_counts_the_planted_problems_and_fails_below_threshold(steward_home):
    code, output = _cdm("quality", "check", "--json", "--user", "admin")
    card = json.loads(output)
    rules = {r["rule"]: r for r in card["rules"]}
    assert rules["phone_complete"]["failed"] == _truth(steward_home, "phone_missing") + _truth(
        steward_home, "phone_placeholder"
    )
    assert rules["order_customer_exists"]["failed"] == _truth(steward_home, "order_orphan_customer")
    assert set(card["failing"]) == {"order_customer_exists", "refund_within_order"}  # thresholds 100%
    assert code == 1
    assert card["audit_id"]  # read through the guards, audited


def test_second_run_shows_the_trend_against_the_first(steward_home):
    _cdm("quality", "check", "--user", "admin")
    _, output = _cdm("quality", "check", "--json", "--user", "admin")
    card = json.loads(output)
    assert card["previous_run_at"] is not None
    assert all(r["trend"] == 0.0 for r in card["rules"])


def test_thresholds_come_from_the_rules_file(steward_home, tmp_path):
    rules = Path("data/quality.yml").read_text(encoding="utf-8")
    lenient = rules.replace("threshold: 1.0", "threshold: 0.99")
    (tmp_path / "q.yml").write_text(lenient, encoding="utf-8")
    code, output = _cdm("quality", "check", "--rules", str(tmp_path / "q.yml"), "--user", "admin")
    assert code == 0, output
    assert "0 rule(s) below threshold" in output


def test_a_regional_manager_scores_only_their_region(steward_home):
    _, output = _cdm("quality", "check", "--json", "--user", "erin")
    card = json.loads(output)
    assert card["previous_run_at"] is None  # admin's runs saw every region: no trend against them
    rules = {r["rule"]: r for r in card["rules"]}
    with duckdb.connect(str(steward_home / "warehouse.duckdb"), read_only=True) as con:
        row = con.execute("SELECT count(*) FROM customers WHERE region = 'East'").fetchone()
    assert row is not None and rules["phone_complete"]["checks"] == row[0]
    assert rules["order_customer_exists"]["failed"] == 0  # orphan orders belong to no region


def test_standardize_dry_run_changes_nothing(steward_home):
    before = (steward_home / "warehouse.duckdb").read_bytes()
    code, output = _cdm("quality", "standardize", "--dry-run", "--json")
    assert code == 0
    changes = json.loads(output)["changes"]
    assert changes["city"] == _truth(steward_home, "city_variant")
    assert changes["province"] == _truth(steward_home, "province_variant")
    assert (steward_home / "warehouse.duckdb").read_bytes() == before


def test_standardize_apply_needs_a_steward(steward_home):
    code, output = _cdm("quality", "standardize", "--apply", "--user", "alice")
    assert code != 0 and "steward role" in output


def test_standardize_apply_backs_up_then_fixes_the_variants(steward_home):
    warehouse = steward_home / "warehouse.duckdb"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        variants = dict(
            con.execute(
                "SELECT c.customer_id, c.city FROM customers c JOIN truth_quality_defects t ON t.record_id = c.customer_id "
                "WHERE t.defect = 'city_variant'"
            ).fetchall()
        )
    code, output = _cdm("quality", "standardize", "--apply", "--json", "--user", "admin")
    assert code == 0, output
    backup = Path(json.loads(output)["backup"])
    with duckdb.connect() as con:
        mapping = con.execute(
            "SELECT customer_id, original FROM read_parquet(?) WHERE column_name = 'city'",
            [str(backup / "mapping.parquet")],
        ).fetchall()
    assert set(mapping) == set(variants.items())
    assert oct((backup / "mapping.parquet").stat().st_mode & 0o777) == "0o600"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        failing = dict(
            con.execute("SELECT quality_rule, count(*) FROM quality_checks WHERE NOT passed GROUP BY ALL").fetchall()
        )
        phones = con.execute("SELECT count(*) FROM customers WHERE phone LIKE '+86%' OR phone LIKE '%-%'").fetchone()
    assert "city_standard" not in failing and "province_standard" not in failing
    assert phones == (0,)
    assert failing["customer_unique"] == 6  # duplicates are reported, never merged automatically
    code, output = _cdm("quality", "standardize", "--dry-run", "--json")
    assert sum(json.loads(output)["changes"].values()) == 0
