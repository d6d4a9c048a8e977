"""The planner's rules, one module each, applied in order by planner.py (PLANNER_RULES).

Each rule takes the frozen Draft (draft.py) and returns either a new Draft, to go on, or a Plan, which
ends planning: a clarification, a refusal, or the finished query.
"""
