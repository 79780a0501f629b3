"""Extra CLI command modules (`facts`, `batch`): each defines `COMMAND`, a click command or group.

`claimcheck.cli` adds every module listed in `COMMAND_MODULES`; a test asserts
they all load, so a missing module fails the suite rather than vanishing.
"""

import click

from claimcheck.options import DEFAULT_MAX_FIGURE_RUN

COMMAND_MODULES = ("facts", "batch")


def max_figure_run_option(default: int | None):
    """Return the `--max-figure-run` option of `lint`, `batch` (default None: the configuration's) and `extract`."""
    return click.option(
        "--max-figure-run", type=click.IntRange(min=0), default=default, show_default=default is not None,
        help=f"Figures read in a row with no word between them before the rest of the run is skipped "
             f"with CC908 (default {DEFAULT_MAX_FIGURE_RUN}; 0: no limit).")
