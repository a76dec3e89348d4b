"""No cyclic garbage collection while a replication runs.

A run allocates millions of short-lived events and keeps a large, long-lived population of
customers. CPython's cyclic collector scans that population over and over (its full collections
come each time the heap has grown by a quarter): a third of a 10,000-customer run's time at the
default thresholds, and still 30 s of a 100,000-customer run at thresholds raised a hundredfold.
The model makes no cyclic garbage (reference counting frees everything; a test checks that every
example study collects nothing after four months), so the collector is paused for the run and resumed
after it.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic collector for the duration (if it was running), then resume it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
