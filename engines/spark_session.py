"""The Spark side of the warehouse: one session per export, seeing only temp views over its Parquet.

Imported only when CDM_ENGINE=spark (pyspark and the JVM are heavy). The session is hardened for
statements the guards let through (`spark_engine.py` runs them): files cannot be read as tables
(`spark.sql.runSQLOnFiles=false`), the functions the guards' policy denies (JVM reflection, files,
the session: `guards/sql_functions.yml`) are removed from this session's function registry
(`drop_functions`), and every view projects exactly the columns the export's manifest lists (the
partition column stays hidden). Nothing is downloaded at run
time: no packages, no Ivy.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlglot import exp

from data.errors import CdmError
from data.export import MANIFEST, ExportedTable, load_manifest
from data.settings import cdm_home, setting
from engines.spark_sql import to_spark_sql

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

APP_NAME = "cdm-assistant"
BASE_CONF = {
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.sql.shuffle.partitions": "2",
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.sources.parallelPartitionDiscovery.threshold": "512",
    "spark.sql.parquet.inferTimestampNTZ.enabled": "true",
    "spark.driver.memory": "2g",
}
SESSION_CONF = {
    "spark.sql.runSQLOnFiles": "false",
    "spark.sql.ansi.enabled": "true",
    "spark.sql.timestampType": "TIMESTAMP_NTZ",  # DuckDB's TIMESTAMP has no time zone either
}


def java_available() -> bool:
    return shutil.which("java") is not None


def _master_description() -> str:
    remote = setting("CDM_SPARK_REMOTE")
    return f"Spark Connect at {remote}" if remote else f"Spark master {setting('CDM_SPARK_MASTER')}"


def extra_conf(text: str) -> tuple[tuple[str, str], ...]:
    """CDM_SPARK_CONF as pairs; the session's hardening (SESSION_CONF) is applied after and wins."""
    pairs = []
    for item in (part.strip() for part in text.split(",")):
        key, equals, value = item.partition("=")
        if item and (not equals or not key.strip().startswith("spark.")):
            raise CdmError(f"CDM_SPARK_CONF: expected spark.key=value pairs separated by commas, got {item!r}")
        if item:
            pairs.append((key.strip(), value.strip()))
    return tuple(pairs)


@lru_cache(maxsize=2)
def _root_session(master: str, remote: str, conf: tuple[tuple[str, str], ...] = ()) -> SparkSession:
    """The process's Spark application (one JVM or one Connect channel), started on first use."""
    try:
        from pyspark.sql import SparkSession
    except ImportError as error:
        raise CdmError("CDM_ENGINE=spark needs pyspark; run `make install`") from error
    _quiet_python_loggers()
    if remote:
        return _connect_session(SparkSession, remote, conf)
    if not java_available():
        raise CdmError("Spark needs Java 17 or newer and `java` is not on PATH; run scripts/ensure_java.sh")
    context = _start_context(master, conf)
    try:
        return SparkSession(context)
    except Exception as error:
        raise CdmError(f"cannot use Spark master {master}: {_first_line(error)} (see {spark_log_path()})") from error


def _start_context(master: str, extra: tuple[tuple[str, str], ...]) -> Any:
    """A SparkContext whose JVM writes its console to CDM_HOME/spark.log (the CLI prints one line)."""
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    conf = SparkConf().setMaster(master).setAppName(APP_NAME).setAll(list(BASE_CONF.items()))
    if master.startswith("local"):
        conf.setAll([("spark.driver.host", "127.0.0.1"), ("spark.driver.bindAddress", "127.0.0.1")])
    conf.setAll(list(extra))
    log = spark_log_path()
    log.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(log, "ab") as console:
            gateway = launch_gateway(conf, popen_kwargs={"stdout": console, "stderr": console})
        context = SparkContext(conf=conf, gateway=gateway)
    except Exception as error:
        raise CdmError(f"Spark could not start with master {master}: {_first_line(error)} (see {log})") from error
    context.setLogLevel("ERROR")
    return context


def spark_log_path() -> Path:
    return cdm_home() / "spark.log"


def _quiet_python_loggers() -> None:
    """PySpark logs every failed query's message, values included, to stderr; errors are ours to word."""
    from pyspark.logger import PySparkLogger

    for name in ("SQLQueryContextLogger", "DataFrameQueryContextLogger"):
        PySparkLogger.getLogger(name).setLevel(logging.CRITICAL + 10)


def _connect_session(session_class: Any, remote: str, conf: tuple[tuple[str, str], ...]) -> SparkSession:
    try:
        builder = session_class.builder.remote(remote).appName(APP_NAME)
        for key, value in conf:
            builder = builder.config(key, value)
        return builder.getOrCreate()
    except ImportError as error:
        raise CdmError(
            "Spark Connect needs the pyspark connect extras (pandas, pyarrow, grpcio, grpcio-status, zstandard); "
            "install them or unset CDM_SPARK_REMOTE"
        ) from error
    except Exception as error:
        raise CdmError(f"cannot reach Spark Connect at {remote}: {_first_line(error)}") from error


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0][:200] if lines else type(error).__name__


def is_classic(session: SparkSession) -> bool:
    """A local or cluster session with a JVM gateway in this process (not Spark Connect)."""
    return hasattr(session, "_jsparkSession")


def _harden(session: SparkSession) -> None:
    for key, value in SESSION_CONF.items():
        session.conf.set(key, value)


_DROPPED: dict[int, frozenset[str]] = {}
_DROP_LOCK = threading.Lock()


def drop_functions(session: SparkSession, names: Iterable[str]) -> None:
    """Removes builtins from this session's registry (once per session and name)."""
    if not is_classic(session):
        return  # Spark Connect: the server's registry is not ours to change; the guards still apply
    with _DROP_LOCK:
        missing = frozenset(names) - _DROPPED.get(id(session), frozenset())
        if not missing:
            return
        jvm = session.sparkContext._jvm
        assert jvm is not None
        registry = session._jsparkSession.sessionState().functionRegistry()
        builtin, system = jvm.scala.Option.apply("builtin"), jvm.scala.Option.apply("system")
        for name in sorted(missing):
            registry.dropFunction(jvm.org.apache.spark.sql.catalyst.FunctionIdentifier(name, builtin, system))
        _DROPPED[id(session)] = _DROPPED.get(id(session), frozenset()) | missing


@dataclass(frozen=True)
class SparkWarehouse:
    """An export folder mounted as temp views in a session of its own."""

    folder: Path
    session: Any
    tables: tuple[str, ...]
    engine: str = "spark"

    @property
    def location(self) -> Path:
        return self.folder

    def stamp(self) -> float:
        return (self.folder / MANIFEST).stat().st_mtime

    def fetch(self, query: exp.Expr) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self.session.sql(to_spark_sql(query)).collect()]


def _mount(session: SparkSession, folder: Path, table: ExportedTable) -> None:
    frame = session.read.parquet(str(folder / table.path)).select(*[name for name, _ in table.columns])
    frame.createOrReplaceTempView(table.name)


@lru_cache(maxsize=4)
def _warehouse(folder: Path, stamp: float, master: str, remote: str, conf: str) -> SparkWarehouse:
    tables = load_manifest(folder)
    root = _root_session(master, remote, extra_conf(conf))
    session = root.newSession() if is_classic(root) else root
    _harden(session)
    try:
        for table in tables.values():
            _mount(session, folder, table)
    except Exception as error:
        raise CdmError(f"{_master_description()} cannot read the export at {folder}: {_first_line(error)}") from error
    return SparkWarehouse(folder, session, tuple(tables))


def spark_warehouse(folder: Path, dropped_functions: Iterable[str] = ()) -> SparkWarehouse:
    """The export at `folder` on the configured Spark (cached until the export changes), with the
    given builtins removed from its session."""
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise CdmError(f"no Parquet export at {folder}; run `cdm data export --format parquet`")
    master, remote, conf = setting("CDM_SPARK_MASTER"), setting("CDM_SPARK_REMOTE"), setting("CDM_SPARK_CONF")
    warehouse = _warehouse(folder, manifest.stat().st_mtime, master, remote, conf)
    drop_functions(warehouse.session, dropped_functions)
    return warehouse
