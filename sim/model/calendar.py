"""SimPy's environment with a bucketed event calendar: the same order of events, at scale cheaper.

SimPy keeps every scheduled event in one binary heap. A large run has a pending event or three
per customer (the next visit, a return, the next monthly review): hundreds of thousands of heap
entries, so each pop walks some eighteen levels of tuples scattered over memory, and the heap
alone costs more per event than a whole event of a small run. Here events wait unsorted in
per-slice lists (a slice is a sixty-fourth of a day); when the clock reaches a slice, its list is
sorted once (a C sort that compares the times as floats) and consumed from the end. An event
filed into the current slice after it began goes into a small heap, and the next event is the
earlier of the heap's first and the list's last. Events come out in exactly SimPy's order
(time, priority, insertion) because slices partition time monotonically, so results are the same
to the byte; only the cost of ordering changes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from heapq import heappop, heappush
from operator import attrgetter
from typing import Any

import simpy
from simpy.core import EmptySchedule, Infinity
from simpy.events import NORMAL

SLICES_PER_DAY = 64
SCAN_LIMIT = 1024  # empty slices walked before jumping straight to the earliest one in use


class CalendarEnvironment(simpy.Environment):
    """A drop-in simpy.Environment: the current slice sorted, a heap for late arrivals in it,
    lists for later slices."""

    # The current time, read in C: the model reads it a few times per event.
    now = property(attrgetter("_now"), doc="The current simulation time.")

    def __init__(self, slices_per_day: int = SLICES_PER_DAY) -> None:
        super().__init__()
        self._per_day = float(slices_per_day)
        self._slice = 0
        self._sorted: list[tuple] = []  # the current slice's events, the next one last
        self._later: dict[int, list[tuple]] = {}  # slice -> its events (SimPy's and deeds), unsorted

    def schedule(self, event: simpy.Event, priority: Any = NORMAL, delay: float = 0) -> None:
        """As SimPy's, but an event beyond the current slice waits in its slice's list."""
        self._file((self._now + delay, priority, next(self._eid), event))

    def after(self, delay: float, action: Callable[..., Any], args: tuple) -> None:
        """Call `action(*args)` in `delay` days: a deed, which is to a SimPy timeout with one
        callback what a plain tuple is to an object. The model schedules one for nearly every
        event, and a large run holds hundreds of thousands of them for weeks: a tuple on the
        calendar is half the memory (and half the cache misses) of a Timeout with its dict and
        callback list. It takes its place in the order like any event (time, priority, id)."""
        if delay < 0:
            raise ValueError(f"negative delay {delay}")
        # _file written out: nearly every event passes here (a frame less per event)
        at = self._now + delay
        entry = (at, NORMAL, next(self._eid), action, args)
        try:
            key = int(at * self._per_day)
        except OverflowError:  # at infinity: after everything else
            key = 1 << 62
        if key <= self._slice:
            heappush(self._queue, entry)  # type: ignore[misc]  # a deed: a 5-tuple among SimPy's 4-tuples
        else:
            self._later.setdefault(key, []).append(entry)

    def _file(self, entry: tuple) -> None:
        """Into the heap if due in the current slice (or earlier), else into its slice's list."""
        at = entry[0]
        try:
            key = int(at * self._per_day)
        except OverflowError:  # at infinity: after everything else
            key = -1 if at < 0 else 1 << 62
        if key <= self._slice:
            heappush(self._queue, entry)
        else:
            self._later.setdefault(key, []).append(entry)

    def _advance(self) -> None:
        """The current slice is done: the next slice in use is sorted, the next event last."""
        later = self._later
        if not later:
            return
        key = self._slice + 1
        while key not in later:
            key += 1
            if key - self._slice > SCAN_LIMIT:
                key = min(later)
                break
        self._slice = key
        entries = later.pop(key)
        entries.sort(reverse=True)
        self._sorted = entries

    def pending(self) -> int:
        """Events scheduled and not yet processed."""
        return len(self._queue) + len(self._sorted) + sum(len(later) for later in self._later.values())

    def peek(self) -> float:
        if not self._queue and not self._sorted:
            self._advance()
        first = min(self._queue[:1] + self._sorted[-1:], default=None)
        return first[0] if first else Infinity

    def step(self) -> None:
        """Process the next event (see `_steps`)."""
        self._steps(True)

    def run(self, until: Any = None) -> Any:
        """SimPy's run, whose loop calls `step` until the run stops (StopSimulation, from the
        `until` event) or nothing is left (EmptySchedule). Here `step` loops itself for the run's
        length, ending by the same exceptions: a call less per event."""
        self.step = partial(self._steps, False)  # type: ignore[method-assign]
        try:
            return super().run(until)
        finally:
            del self.step

    def _steps(self, once: bool) -> None:
        """Process the next event (the earlier of the late arrivals' first and the sorted slice's
        last; the next slice once both are empty), then its callbacks or its deed; again, unless
        `once`.

        Written out rather than calling SimPy's step (a frame less on every event). One thing is
        left out: SimPy re-schedules the callbacks still to come after one that stops the run,
        which matters only for `run(until=an_event)` with several callbacks; runs here stop at a
        time, whose `until` event has the stop as its only callback. A failed event that no one
        handled ends the run with its exception, as in SimPy.
        """
        queue = self._queue
        while True:
            entries = self._sorted
            if queue and (not entries or queue[0] < entries[-1]):
                entry = heappop(queue)
            elif entries:
                entry = entries.pop()
            else:
                self._advance()
                if not self._sorted:
                    raise EmptySchedule()
                entry = self._sorted.pop()
            self._now = entry[0]
            if len(entry) == 5:  # a deed (see `after`)
                entry[3](*entry[4])
            else:
                event = entry[3]
                callbacks, event.callbacks = event.callbacks, None  # type: ignore[assignment]  # processed, as SimPy marks it
                for callback in callbacks:
                    callback(event)
                if not event._ok and not hasattr(event, "_defused"):
                    raise event._value
            if once:
                return
