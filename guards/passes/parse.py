"""Pass 0: text to exactly one sqlglot tree (DuckDB dialect); anything else is rejected.

Inputs the parser or later passes cannot handle are refused here with one line, never a crash:
longer than MAX_SQL_CHARS, parentheses nested deeper than MAX_DEPTH (checked on the tokens, before
the recursive-descent parser), a tree deeper than MAX_DEPTH (a sum of 700 terms, 400 nested CASEs:
checked without recursion), or anything that still exhausts Python's stack.
"""

from __future__ import annotations

import sqlglot
from sqlglot import exp
from sqlglot.tokens import TokenType

from engines.notice_figures import SqlName, Threshold
from guards.passes.context import reject

MAX_SQL_CHARS = 20_000
MAX_DEPTH = 150  # compiled semantic queries reach about 25, policy views add about 10
TOO_COMPLEX = "the query is nested too deeply or has too many terms to be checked safely; simplify it"


def parse_statement(sql: str) -> exp.Expr:
    if len(sql) > MAX_SQL_CHARS:
        raise reject(
            "too_long", f"the query is longer than {MAX_SQL_CHARS} characters", figures=Threshold(MAX_SQL_CHARS)
        )
    try:
        _check_parentheses(sql)
        statements = [s for s in sqlglot.parse(sql, read="duckdb") if s is not None]
    except sqlglot.errors.SqlglotError as error:
        first = (str(error).splitlines() or ["syntax error"])[0][:200]
        raise reject("parse_error", f"the query could not be parsed: {first}", figures=SqlName(first)) from None
    except RecursionError:
        raise reject("too_complex", TOO_COMPLEX) from None
    if len(statements) != 1:
        got = len(statements)
        raise reject("one_statement", f"exactly one statement is allowed, got {got}", figures=Threshold(got))
    check_depth(statements[0])
    return statements[0]


def _check_parentheses(sql: str) -> None:
    depth = 0
    for token in sqlglot.Dialect.get_or_raise("duckdb").tokenize(sql):
        if token.token_type in (TokenType.L_PAREN, TokenType.L_BRACKET, TokenType.L_BRACE):
            depth += 1
            if depth > MAX_DEPTH:
                raise reject("too_complex", TOO_COMPLEX)
        elif token.token_type in (TokenType.R_PAREN, TokenType.R_BRACKET, TokenType.R_BRACE):
            depth -= 1


def tree_depth(tree: exp.Expr) -> int:
    """The deepest node's depth, counted with an explicit stack (no recursion)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.iter_expressions())
    return deepest


def check_depth(tree: exp.Expr, limit: int = MAX_DEPTH) -> None:
    if tree_depth(tree) > limit:
        raise reject("too_complex", TOO_COMPLEX)
