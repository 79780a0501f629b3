"""`LintOptions`: everything that changes what a lint run checks or reports.

The CLI and the config file both produce one of these; rules read it from the
context they are given and never from globals.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

# The default of `--max-figure-run`: no article has a thousand figures in a row
# with no word between any two of them (a table of numbers has its labels), while
# a data dump ("$1,$1,$1,…", a table of 10,000 numeric columns) has hundreds of
# thousands, and no check can relate figures that no word describes.
DEFAULT_MAX_FIGURE_RUN = 1000


class LintOptions(BaseModel):
    """Options of one lint run (CLI flags merged over the config file)."""

    model_config = ConfigDict(frozen=True)

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    strict: bool = False
    tolerance: float = Field(0.0, ge=0.0)
    rules: tuple[str, ...] = ()
    show_passed: bool = False
    date: str | None = None
    dollar: str = "USD"
    facts: str | None = None
    max_bytes: int = 20 * 1024 * 1024
    time_budget: float = 60.0
    # Figures read in a row with no word between them before the rest of the run is skipped (CC908); 0: no limit.
    max_figure_run: int = Field(DEFAULT_MAX_FIGURE_RUN, ge=0)
