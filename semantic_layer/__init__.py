"""Governed metric definitions and the fan-out-safe compiler from semantic queries to SQL.

Entry points: `catalog.load_catalog()`, `query.SemanticQuery`, `compiler.compile_query()`,
`validate.validate_catalog()`, `values.distinct_values()`; see README.md in this folder.
"""
