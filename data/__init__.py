"""Warehouse generator, data dictionary and settings: the bottom layer."""
