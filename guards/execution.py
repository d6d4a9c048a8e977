"""Moved to engines/ (duckdb_engine, duckdb_pool, values); this alias lasts only while other
packages change their imports."""

from engines.base import QueryOutput
from engines.duckdb_engine import error_message, execute
from engines.duckdb_pool import hardened_cursor as hardened_connection
from engines.values import json_safe

__all__ = ["QueryOutput", "error_message", "execute", "hardened_connection", "json_safe"]
