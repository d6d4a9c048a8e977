"""The `cdm` command line: one root Typer app composed from `cdm/commands/*`.

Each command module exposes `register(app)` and imports heavy libraries only inside its
commands, so `cdm --help` and the data/metric commands stay fast. Users see a one-line
message for a `CdmError` and for anything unexpected; CDM_DEBUG=1 shows the traceback.
"""

from __future__ import annotations

import importlib
import os
import sys

import typer

from data.errors import CdmError

COMMAND_MODULES: tuple[str, ...] = (
    "cdm.commands.data",
    "cdm.commands.metrics",
    "cdm.commands.guard",
    "cdm.commands.query",
    "cdm.commands.feedback",
    "cdm.commands.ask",
    "cdm.commands.chat",
    "cdm.commands.users",
    "cdm.commands.eval",
    "cdm.commands.api",
    "cdm.commands.mcp",
    "cdm.commands.quality",
    "cdm.commands.privacy",
    "cdm.commands.access",
)

app = typer.Typer(
    name="cdm",
    help="cdm-assistant: governed answers over customer data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register_all() -> None:
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name == module_name:
                continue  # that part of the product has not landed yet
            raise
        module.register(app)


_register_all()


def fail(message: str, exit_code: int = 2) -> None:
    """Print a one-line error to stderr and exit."""
    typer.echo(f"error: {message}", err=True)
    raise SystemExit(exit_code)


def main() -> None:
    try:
        app(standalone_mode=True)
    except CdmError as error:
        fail(error.message, error.exit_code)
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except Exception as error:
        if os.environ.get("CDM_DEBUG"):
            raise
        first_line = (str(error).splitlines() or [""])[0]
        fail(f"internal error ({type(error).__name__}): {first_line} (set CDM_DEBUG=1 for details)", 1)


if __name__ == "__main__":
    main()
    sys.exit(0)
