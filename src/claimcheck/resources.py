"""Locate the data files shipped with claimcheck (the top-level `rules/` folder).

In a wheel the folder is installed as `claimcheck/packs`; in a source checkout
(editable install, tests) it is the repository's `rules/` folder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def packs_dir() -> Path:
    """Return the folder holding the shipped rule packs and lexicon."""
    here = Path(__file__).resolve().parent
    installed = here / "packs"
    if installed.is_dir():
        return installed
    checkout = here.parent.parent / "rules"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError("claimcheck's rule packs are missing from this installation")


def data_path(name: str) -> Path:
    """Return the path of shipped data file `name` (e.g. 'lexicon.toml')."""
    return packs_dir() / name
