"""Data stewardship: quality scorecards and standardization, retention and erasure, access grants."""
