"""The engines layer: where SQL runs, and nothing about what SQL is allowed.

Owns the execution protocol and its output and error types (`base.py`), the one renderer per SQL
dialect (`render.py`, used both to show SQL and to run it), the DuckDB engine (a pool of hardened
read-only connections, DuckDB's parser check, budgeted fetches) and the Spark engine (session,
dialect transforms, Spark's parser check). May import `data` only; `semantic_layer`, `guards` and
everything above import it. What a statement may touch (allowed tables, denied functions) is guard
policy: the guards pass it in as an `EnginePolicy`.
"""
