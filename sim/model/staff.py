"""Staff at the desk: a first-come-first-served queue with `on_shift` servers, and their morale.

Why not a `simpy.Resource`: every store visit needs a server, and waits are minutes in a model
whose effects play out over days. A Resource costs a process and three events per visit; the
Kiefer-Wolfowitz recursion below gives the same waits for the same first-come-first-served
c-server queue (the arriving customer takes the server that is free first, at
max(arrival, free time)) with no events at all. A visit's rental and the rest of its day happen
at its arrival time; only the wait, the server and its morale come from the queue.

Customers whose wait exceeds their patience are annoyed, and past a multiple of it they leave
the queue unserved (Erlang-A's abandonment: with first come first served, a customer who leaves
never changes anyone else's wait, so the recursion stays exact).

The desk is open `open_hours` a day from `opening_hour`. Visits and calls arrive over the day
in model time; the desk's clock maps each day onto its opening hours (a monotone map, so a
Poisson arrival stream stays Poisson, at 24 / open_hours times the daily rate per hour). A
miniature of the business (quick mode) has one shift every `days_per_shift` days: the desk's
clock maps those days onto one shift's hours, so each shift meets the queue, the hostile calls
and the night's rest of a full-sized desk's day, with a fraction of the customers.

Handle times are drawn in blocks from one world-level stream: cheap, and they never touch a
customer's own draws. Each hostile complaint lowers the handling server's morale; morale
recovers overnight; low morale slows service, makes visits unfriendly and raises the chance
that the server quits (replaced at once, at a hiring cost, by a newcomer at full morale).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from heapq import heapreplace
from typing import TYPE_CHECKING, Any

from sim.clock import MONTH
from sim.model.waits import MonthWaits
from sim.counter_names import (
    GAVE_UP, HOSTILE_COMPLAINTS, LONG_WAITS, STAFF_BUSY_MINUTES, STAFF_MORALE_SUM,
    STAFF_OPEN_MINUTES, STAFF_POSITION_DAYS, STAFF_QUITS, UNFRIENDLY_VISITS,
)

if TYPE_CHECKING:
    from sim.model.customer import Customer
    from sim.model.firm import Firm

MINUTES_PER_DAY = 1440.0
BLOCK = 4096


class HandleTimes:
    """Standard handle-time variates (unit mean) drawn in blocks from one stream."""

    __slots__ = ("rng", "exponential", "buffer")

    def __init__(self, rng: Any, exponential: bool) -> None:
        self.rng = rng
        self.exponential = exponential
        self.buffer: list[float] = []

    def draw(self, mean: float, sigma: float) -> float:
        """One handle time with this mean: lognormal(sigma) or exponential."""
        if not self.buffer:
            block = self.rng.standard_exponential(BLOCK) if self.exponential else self.rng.standard_normal(BLOCK)
            self.buffer = block.tolist()
        z = self.buffer.pop()
        if self.exponential:
            return mean * z
        return mean * math.exp(sigma * z - 0.5 * sigma * sigma)


class Staff:
    """The desk queue, the servers' morale, wages and turnover of one replication."""

    def __init__(self, firm: "Firm") -> None:
        cfg = firm.scenario.staff
        self.firm = firm
        self.cfg = cfg
        self.opening = cfg.opening_hour / 24.0
        self.span = cfg.open_hours / 24.0
        self.shift_days = cfg.days_per_shift
        self.free_at = [(0.0, i) for i in range(cfg.on_shift)]  # heap of (free from, server)
        self.morale = [1.0] * cfg.on_shift
        self.mean_morale = 1.0
        self.months = firm.months
        self.waits = [MonthWaits() for _ in range(firm.months)]
        self.busy_today = 0.0
        self.staffed = 1.0  # staff paid for the last shift per desk server (the stores, or the work)
        self.handle = HandleTimes(firm.streams.stream("staff.handle"), cfg.distribution == "exponential")
        self.quits = firm.streams.stream("staff.turnover")

    def start(self) -> None:
        self.firm.env.process(self.days())

    def desk_time(self, t: float) -> float:
        """The moment of day t on the desk's clock (in shifts): the shift's days squeezed into its
        opening hours."""
        shifts = t / self.shift_days
        shift = math.floor(shifts)
        return shift + self.opening + (shifts - shift) * self.span

    def first_free(self, t: float) -> tuple[int, float]:
        """The server free first (the lowest-numbered of a tie) and when it can start on an arrival
        at desk time t. A heap: a large store has a hundred servers and a visit every few seconds."""
        free, i = self.free_at[0]
        return i, (t if free < t else free)

    def assign(self, i: int, start: float, t: float, mean_minutes: float, sigma: float) -> float:
        """Server i, the one first_free gave, takes the arrival at desk time t from `start`;
        returns the wait in minutes."""
        m = int(self.firm.env.now / MONTH + 1e-9)  # month_of written out: every visit passes here
        minutes = self.handle.draw(mean_minutes, sigma) * (1.0 + self.cfg.slowdown * (1.0 - self.morale[i]))
        heapreplace(self.free_at, (start + minutes / MINUTES_PER_DAY, i))
        wait = (start - t) * MINUTES_PER_DAY
        self.waits[m if m < self.months else self.months - 1].add(wait)
        self.busy_today += minutes
        return wait

    def queue(self, c: "Customer", mean_minutes: float, sigma: float,
              unit_patience: float | None = None) -> tuple[int, bool]:
        """A customer queues: (server, or -1 if it gave up; whether the wait tried its patience).

        Patience is exponential per visit or call; a wait beyond it annoys, beyond give_up_factor
        times it the customer leaves the queue before being served (and takes no server time).
        A store visit brings its unit patience from its plan; a complaint call draws one from the
        customer's service stream, and only if it has to wait.
        """
        shifts = self.firm.env.now / self.shift_days  # desk_time and first_free written out: every visit
        shift = math.floor(shifts)
        t = shift + self.opening + (shifts - shift) * self.span
        free, i = self.free_at[0]
        start = t if free < t else free
        wait = (start - t) * MINUTES_PER_DAY
        annoyed = False
        if wait > 0.0:
            if unit_patience is None:
                unit_patience = self.firm.rng_for(c, "service").standard_exponential()
            patience = unit_patience * self.cfg.wait_tolerance_minutes
            annoyed = patience < wait
            if patience * self.cfg.give_up_factor < wait:
                self.firm.count(GAVE_UP)
                return -1, True
        self.assign(i, start, t, mean_minutes, sigma)
        return i, annoyed

    def checkout(self, c: "Customer", unit_patience: float) -> bool:
        """A store visit at the desk, with the unit patience of its plan; False if the customer
        gave up waiting and left with nothing."""
        firm = self.firm
        i, annoyed = self.queue(c, self.cfg.checkout_minutes, self.cfg.checkout_sigma, unit_patience)
        if annoyed:
            firm.count(LONG_WAITS)
            firm.experience(c, "long_wait")
            firm.bad_experience(c, "long_wait", business_fault=True, at_stake=0.0)
        if i < 0:
            return False
        low = self.cfg.low_morale
        if self.morale[i] < low:
            firm.count(UNFRIENDLY_VISITS)
            firm.experience(c, "unfriendly_visit", (low - self.morale[i]) / low)
        return True

    def call(self, c: "Customer") -> int:
        """A complaint at the desk or on the phone; the server, or -1 if the customer gave up."""
        i, annoyed = self.queue(c, self.cfg.complaint_minutes, self.cfg.complaint_sigma)
        if annoyed:
            self.firm.count(LONG_WAITS)
            self.firm.experience(c, "long_wait")
        return i

    def call_back(self) -> int:
        """Staff call a customer back (no queue to give up on); the server who did it."""
        t = self.desk_time(self.firm.env.now)
        i, start = self.first_free(t)
        self.assign(i, start, t, self.cfg.complaint_minutes, self.cfg.complaint_sigma)
        return i

    def wear(self, i: int, hostile: bool) -> None:
        """A hostile complaint takes its toll on the server who handled it."""
        if hostile:
            self.firm.count(HOSTILE_COMPLAINTS)
            self.morale[i] = max(0.0, self.morale[i] - self.cfg.hostile_morale_hit)
            self.morale_changed()

    def morale_changed(self) -> None:
        """Recompute the mean morale that every friendly greeting reads (a hundred servers in a
        large store: summed when morale moves, not at each of the day's thousands of visits)."""
        self.mean_morale = sum(self.morale) / len(self.morale)

    def days(self) -> Generator[Any, Any, None]:
        """Before each shift (each midnight at one day a shift): the shift's wages and hours, then
        the last shift's morale recorded, quits, and recovery."""
        first = number = math.ceil(self.firm.env.now / self.shift_days - 1e-9)  # a rival may open later
        while number * self.shift_days < self.firm.spec.horizon_days:
            yield self.firm.env.timeout(number * self.shift_days - self.firm.env.now)
            if number > first:
                self.night()
            self.shift()
            number += 1

    def shift(self) -> None:
        """A shift's wages and opening minutes, and the last one's busy minutes (counted once a shift: cheap)."""
        cfg = self.cfg
        busy, self.busy_today = self.busy_today, 0.0
        self.firm.count(STAFF_BUSY_MINUTES, busy)
        paid = self.paid_hours(busy)
        self.staffed = paid / (cfg.on_shift * cfg.open_hours)
        self.firm.spend("staff_wages", paid * cfg.wage_per_hour)
        self.firm.count(STAFF_OPEN_MINUTES, cfg.on_shift * cfg.open_hours * 60.0)

    def paid_hours(self, busy_minutes: float) -> float:
        """Hours paid for a shift, following the work: each store open is staffed for its opening
        hours (a shift serving `days_per_shift` days pays that many store-days); a firm with no
        store open pays its desk only for the minutes it worked (the last shift's calls), so a
        business by mail or streaming pays no store's desk."""
        cfg = self.cfg
        stores = self.firm.stores_now
        if stores > 0:
            return cfg.on_shift * cfg.open_hours * stores * self.shift_days
        return busy_minutes / 60.0

    def night(self) -> None:
        """The last shift's closing morale is recorded; some quit; the rest recover part of what they
        lost. A desk server stands for the staff paid per server (`staffed`), so replacing it costs as
        many hirings: a chain's stores each replace their own, a desk paid for its work little."""
        cfg = self.cfg
        firm = self.firm
        firm.count(STAFF_MORALE_SUM, sum(self.morale))
        firm.count(STAFF_POSITION_DAYS, len(self.morale))
        base = cfg.quits_per_year / 365.0
        for i, m in enumerate(self.morale):
            if self.quits.random() < 1.0 - math.exp(-base * math.exp(cfg.quit_morale_sensitivity * (1.0 - m))):
                firm.count(STAFF_QUITS)
                firm.spend("hiring", cfg.hiring_cost * self.staffed)
                self.morale[i] = 1.0
            else:
                self.morale[i] = 1.0 - (1.0 - m) * (1.0 - cfg.overnight_recovery)
        self.morale_changed()
