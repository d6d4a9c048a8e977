"""Policy-enforcing SQL rewriting, hardened execution and the audit log."""
