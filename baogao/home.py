"""The home folder: inbox, archive, quarantine, the warehouse files and Prefect's state."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HOME_ENV = "BAOGAO_HOME"
CACHE_ENV = "BAOGAO_CACHE"
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
    def learned_phrases(self) -> Path:
        """Phrases several of the warehouse's reports quote, one a line: kept one term in every later parse.

        Written anew at the end of each run (``baogao.warehouse.query.corpus_phrases``).
        """
        return self.root / "learned_phrases.txt"

    @property
    def data_docs(self) -> Path:
        """Great Expectations Data Docs, one folder per run."""
        return self.root / "data_docs"

    @property
    def prefect(self) -> Path:
        return self.root / "prefect"

    @property
    def cache(self) -> Path:
        """Dictionary caches: the user's (``user_cache``), shared by every home; the home's own where none can be written."""
        return user_cache() or self.root / "cache"

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


@cache
def user_cache() -> Path | None:
    """$BAOGAO_CACHE, else $XDG_CACHE_HOME/baogao (~/.cache/baogao); None when it cannot be made or written.

    What is kept there is made from the installed packages alone and named after what it is made
    from (jieba's dictionary cache, the segmenter's words), so every home can share it.
    """
    raw = os.environ.get(CACHE_ENV) or Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache") / "baogao"
    folder = Path(raw).expanduser()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder.resolve() if os.access(folder, os.W_OK | os.X_OK) else None


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
