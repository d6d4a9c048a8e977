"""Privacy classes of warehouse columns, from the data dictionary (`data.dictionary`).

The guards decide what a role may see; the catalog only carries each column's class so that the
planner, the UI and the guards can tell which metrics and dimensions touch sensitive data.
"""

from __future__ import annotations

from data.dictionary import load_dictionary
from data.errors import CdmError

UNKNOWN = "unknown"


def privacy_class(table: str, column: str) -> str:
    """The column's class, or 'unknown' when the dictionary does not describe it (validate reports that)."""
    try:
        return str(load_dictionary().privacy_class(table, column))
    except CdmError:
        return UNKNOWN
