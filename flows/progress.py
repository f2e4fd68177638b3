"""A progress bar on stderr for a run's files, silent for a few."""

from __future__ import annotations

import sys

PROGRESS_MIN_FILES = 20


class Progress:
    """A progress bar on stderr for long batches; silent for short ones. Yields ``advance(n)``."""

    def __init__(self, total: int, label: str):
        self.total, self.label, self._bar = total, label, None

    def __enter__(self):
        if self.total < PROGRESS_MIN_FILES:
            return lambda n: None
        import click

        self._bar = click.progressbar(length=self.total, label=self.label, file=sys.stderr).__enter__()
        return self._bar.update

    def __exit__(self, *exc):
        if self._bar is not None:
            self._bar.__exit__(*exc)
