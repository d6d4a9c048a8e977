"""Differential privacy for aggregate-only roles: bounds, calibration, seeded noise, budgets, release."""
