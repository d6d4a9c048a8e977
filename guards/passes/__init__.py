"""Guard passes: small functions from `GuardContext` to `GuardContext`, listed in `guards.pipeline`."""
