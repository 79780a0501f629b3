"""A progress bar on standard error for long runs, shown only to a person at a terminal.

`lint --jobs` and `batch` count finished documents with `Progress.advance`. The
bar appears only after `delay` seconds (short runs print nothing), only when
standard error is a terminal, and never in CI (`CI` set to anything but
`0`/`false`) or with `TERM=dumb`. rich is imported only when the bar appears,
so start-up does not pay for it.
"""

from __future__ import annotations

import os
import sys
import time

DEFAULT_DELAY = 2.0


def progress_wanted(stream=None) -> bool:
    """Return True when a progress bar may be drawn on `stream` (default: stderr)."""
    stream = stream or sys.stderr
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        return False
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class Progress:
    """Count finished work; draw a rich bar on stderr once the run has lasted `delay` seconds.

    `total` is the amount of work (None when unknown, as for a streamed
    archive); `unit` names what is counted. Use as a context manager so the bar
    is removed at the end.
    """

    def __init__(self, total: int | None, description: str = "linting", unit: str = "files",
                 delay: float = DEFAULT_DELAY, enabled: bool | None = None) -> None:
        self.total = total
        self.description = description
        self.unit = unit
        self.delay = delay
        self.enabled = progress_wanted() if enabled is None else enabled
        self.done = 0
        self._started = time.monotonic()
        self._bar = None
        self._task = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def advance(self, n: int = 1) -> None:
        """Record `n` more finished items and refresh (or start) the bar."""
        self.done += n
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self._started < self.delay:
                return
            self._start()
        self._bar.update(self._task, completed=self.done)

    def _start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn
        from rich.progress import TimeElapsedColumn, TimeRemainingColumn

        columns = [TextColumn("[progress.description]{task.description}")]
        if self.total:
            columns += [BarColumn(), MofNCompleteColumn(), TextColumn(self.unit), TimeRemainingColumn()]
        else:
            columns += [TextColumn("{task.completed} " + self.unit), TimeElapsedColumn()]
        self._bar = RichProgress(*columns, console=Console(stderr=True), transient=True)
        self._task = self._bar.add_task(self.description, total=self.total, completed=self.done)
        self._bar.start()

    def close(self) -> None:
        """Remove the bar, if it was drawn."""
        if self._bar is not None:
            self._bar.stop()
            self._bar = None
