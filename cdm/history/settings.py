"""Where the history lives and how long it is kept, from the declared settings."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from data.errors import CdmError
from data.settings import cdm_home, setting

SQLITE_FILE = "history.sqlite3"
FILES_FOLDER = "history-files"
ASYNC_DRIVERS = {"postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg", "sqlite": "sqlite+aiosqlite"}


@dataclass(frozen=True)
class HistorySettings:
    database_url: str
    files_dir: Path
    retention_days: int

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def async_url(url: str) -> str:
    """`postgresql://...` becomes `postgresql+asyncpg://...`; an explicit driver is kept."""
    scheme, separator, rest = url.partition("://")
    if not separator:
        raise CdmError(f"CDM_DATABASE_URL is not a database URL: {url[:40]!r}")
    return f"{ASYNC_DRIVERS.get(scheme, scheme)}://{rest}"


def retention_days() -> int:
    raw = setting("CDM_HISTORY_DAYS")
    try:
        days = int(raw)
    except ValueError:
        raise CdmError(f"CDM_HISTORY_DAYS must be a whole number of days, not {raw!r}") from None
    if days < 1:
        raise CdmError(f"CDM_HISTORY_DAYS must be at least 1, not {days}")
    return days


def history_settings() -> HistorySettings:
    home = cdm_home()
    explicit = setting("CDM_DATABASE_URL")
    url = async_url(explicit) if explicit else f"sqlite+aiosqlite:///{(home / SQLITE_FILE).resolve()}"
    return HistorySettings(database_url=url, files_dir=home / FILES_FOLDER, retention_days=retention_days())
