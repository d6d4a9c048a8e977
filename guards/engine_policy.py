"""What the engines' own final checks allow, from the guard policies: tables and denied functions.

The engines (engines/) know how to check and run text; which tables a statement may name and which
functions no statement may reach are policy, kept with the other policies (`policies.yml`,
`sql_functions.yml`) and handed to the engine with each statement.
"""

from __future__ import annotations

from functools import cache

import yaml

from engines.base import EnginePolicy
from guards.functions import FUNCTIONS_FILE
from guards.policy import allowed_tables
from guards.views import SOURCE_ALIAS


@cache
def denied_functions(engine: str) -> tuple[str, ...]:
    raw = yaml.safe_load(FUNCTIONS_FILE.read_text(encoding="utf-8"))
    return tuple(str(name) for name in raw["engine_denied_functions"][engine])


def engine_policy(engine: str) -> EnginePolicy:
    return EnginePolicy(allowed_tables(), denied_functions(engine), view_alias=SOURCE_ALIAS)
