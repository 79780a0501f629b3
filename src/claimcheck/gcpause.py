"""Pause Python's cyclic garbage collector while one document is linted.

NOTE: linting builds tens of thousands of small objects per long article
(figures, readings, findings) that all stay alive until the document is done.
With the collector running, every collection of the older generations walks
that whole heap, so a 20× longer article took about 29× the time
(benchmarks/bench_scaling.py); with the collector paused the run is linear
(10×: 10.2×, 20×: 19×). Reference counting still frees everything that is not
in a cycle; the few cycles left are collected when the collector resumes.
"""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic GC inside the `with` block and restore its state after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def gc_paused(fn: Callable[..., T]) -> Callable[..., T]:
    """Return `fn` wrapped so that the cyclic GC is paused during each call (and restored after)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs) -> T:
        with collector_paused():
            return fn(*args, **kwargs)

    return wrapper
