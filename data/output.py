"""Where the generator and the export write: checked before any work starts."""

from __future__ import annotations

import os
from pathlib import Path

from data.errors import CdmError


def writable_target(path: Path, force: bool) -> Path:
    """`path` made absolute; refused when it exists without `force`; its folder created and writable."""
    path = Path(path).expanduser().absolute()
    if path.exists() and not force:
        raise CdmError(f"{path} already exists; pass --force to replace it")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CdmError(f"cannot create folder {path.parent}: {error.strerror}") from error
    if not os.access(path.parent, os.W_OK):
        raise CdmError(f"cannot write to {path.parent}: permission denied")
    return path
