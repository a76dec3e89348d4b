"""Fewer cyclic garbage collections while a replication runs.

A run allocates millions of short-lived events and keeps a large, long-lived population of
customers. The default gen-0 threshold (700 allocations) makes CPython scan that population over
and over: a third of a 10,000-customer run's time. The model leaves almost no cyclic garbage, so
collecting a hundred times less often costs no memory (measured: same peak RSS).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (100_000, 50, 100)


@contextmanager
def sparse_gc() -> Iterator[None]:
    """Raise the collector's thresholds for the duration, then restore them."""
    before = gc.get_threshold()
    gc.set_threshold(*THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
