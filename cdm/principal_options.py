"""The `--role/--user/--attr` options shared by every command that reads data."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from data.errors import CdmError

if TYPE_CHECKING:
    from guards.principal import Principal

RoleOption = Annotated[str | None, typer.Option("--role", help="Role to act as (default: viewer, or the user's role).")]
UserOption = Annotated[
    str | None, typer.Option("--user", help="User from the users file (demo users until one exists).")
]
AttrOption = Annotated[list[str] | None, typer.Option("--attr", help="User attribute, e.g. region=East (repeatable).")]


def parse_attributes(pairs: list[str] | None) -> dict[str, str]:
    attributes: dict[str, str] = {}
    for pair in pairs or []:
        key, separator, value = pair.partition("=")
        if not separator or not key.strip() or not value.strip():
            raise CdmError(f"--attr takes key=value, got {pair!r}")
        attributes[key.strip()] = value.strip()
    return attributes


def principal_from_options(role: str | None, user: str | None, attrs: list[str] | None) -> Principal:
    """Resolve the options to a guards Principal (imports the guards only when a command runs)."""
    from guards.principal_resolution import resolve_principal

    return resolve_principal(role=role, user=user, attrs=parse_attributes(attrs))
