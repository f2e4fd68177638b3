"""The home folder: inbox, archive, quarantine, the warehouse files and Prefect's state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "BAOGAO_HOME"
DEFAULT_HOME = Path("~/baogao")


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def processing(self) -> Path:
        """Files claimed by the running ingest; moved back to the inbox if a run dies."""
        return self.root / "processing"

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def warehouse(self) -> Path:
        """The DuckDB file ingest writes; only the process holding the ingest lock opens it."""
        return self.root / "warehouse.duckdb"

    @property
    def published(self) -> Path:
        """The DuckDB file readers and BI tools open, read-only."""
        return self.root / "published.duckdb"

    @property
    def data_docs(self) -> Path:
        """Great Expectations Data Docs, one folder per run."""
        return self.root / "data_docs"

    @property
    def prefect(self) -> Path:
        return self.root / "prefect"

    @property
    def cache(self) -> Path:
        return self.root / "cache"

    @property
    def lock(self) -> Path:
        return self.root / ".ingest.lock"

    def ensure(self) -> Home:
        for folder in (self.inbox, self.processing, self.archive, self.quarantine, self.prefect, self.cache):
            folder.mkdir(parents=True, exist_ok=True)
        return self

    def paths(self) -> dict[str, str]:
        return {name: str(getattr(self, name)) for name in
                ("root", "inbox", "archive", "quarantine", "warehouse", "published", "data_docs", "prefect")}


def resolve(home: str | os.PathLike | None = None) -> Home:
    """``home``, else $BAOGAO_HOME, else ~/baogao, as an absolute path."""
    raw = home or os.environ.get(HOME_ENV) or DEFAULT_HOME
    return Home(Path(raw).expanduser().resolve())


def configure_prefect(home: Home, quiet: bool = True) -> None:
    """Point Prefect at the home folder. Must run before prefect is imported."""
    os.environ["PREFECT_HOME"] = str(home.prefect)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
    if quiet:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
