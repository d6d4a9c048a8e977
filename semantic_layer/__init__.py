"""Governed metric definitions and the fan-out-safe compiler from semantic queries to SQL."""
