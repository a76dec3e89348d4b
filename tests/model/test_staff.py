"""The staff desk: same waits as a SimPy Resource, opening hours, patience, morale, wages, turnover."""

from __future__ import annotations

import math

import pytest
import simpy

from sim.config import parse_experiment
from sim.model.staff import MINUTES_PER_DAY, Staff
from sim.model.world import RunSpec, World
from sim.rng import generator

BASE = """
[scenario.customers]
initial = {initial}
marketing_prospects_per_month = 0
[scenario.staff]
{staff}
[variants.v]
baseline = true
"""


def world(staff: str = "", initial: int = 0, horizon: float = 100.0) -> World:
    cfg = parse_experiment(BASE.format(staff=staff, initial=initial)).config
    return World(RunSpec(cfg.scenario, cfg.variants["v"], 5, 0, horizon))


class Given:
    """Handle times given in advance, in order (the same ones a SimPy run gets)."""

    def __init__(self, minutes: list[float]) -> None:
        self.minutes = iter(minutes)

    def draw(self, mean: float, sigma: float) -> float:
        return next(self.minutes)


def resource_waits(arrivals: list[float], services: list[float], servers: int) -> list[float]:
    """Waits (minutes) of the same customers through a simpy.Resource, first come first served."""
    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=servers)
    waits = [0.0] * len(arrivals)

    def customer(k: int):
        yield env.timeout(arrivals[k] - env.now)
        with desk.request() as req:
            yield req
            waits[k] = env.now - arrivals[k]
            yield env.timeout(services[k])

    def source():
        for k in range(len(arrivals)):
            yield env.timeout(arrivals[k] - env.now)
            env.process(customer(k))

    env.process(source())
    env.run()
    return waits


@pytest.mark.parametrize("servers", [1, 3])
def test_same_waits_as_a_simpy_resource(servers: int) -> None:
    rng = generator(3)
    arrivals = rng.exponential(2.0, 2000).cumsum().tolist()
    services = rng.exponential(1.6 * servers, 2000).tolist()
    w = world(f"on_shift = {servers}\nopening_hour = 0\nopen_hours = 24\nslowdown = 0")
    w.ours.staff.handle = Given(services)  # type: ignore[assignment]
    ours = []
    for t in arrivals:
        i, start = w.ours.staff.first_free(t / MINUTES_PER_DAY)
        ours.append(w.ours.staff.assign(i, start, t / MINUTES_PER_DAY, 1.0, 0.0))
    assert ours == pytest.approx(resource_waits(arrivals, services, servers), abs=1e-6)


def test_the_day_is_squeezed_into_opening_hours() -> None:
    staff = world("opening_hour = 10\nopen_hours = 12").ours.staff
    assert staff.desk_time(3.0) == pytest.approx(3.0 + 10 / 24)
    assert staff.desk_time(3.5) == pytest.approx(3.0 + 16 / 24)
    assert staff.desk_time(3.999999) < 3.0 + 22 / 24 + 1e-6


def test_hostile_complaints_wear_down_and_night_restores_part() -> None:
    w = world("hostile_morale_hit = 0.25\novernight_recovery = 0.6\nquits_per_year = 0")
    w.start()
    w.ours.staff.wear(0, hostile=True)
    w.ours.staff.wear(0, hostile=True)
    w.ours.staff.wear(0, hostile=False)
    assert w.ours.staff.morale[0] == pytest.approx(0.5)
    w.env.run(until=1.5)
    assert w.ours.staff.morale[0] == pytest.approx(1 - 0.5 * 0.4)
    assert sum(w.ours.counters.series("staff_morale_sum")) == pytest.approx(0.5)


def test_low_morale_slows_service() -> None:
    staff = world("slowdown = 0.5\ndistribution = 'exponential'").ours.staff
    staff.handle = Given([10.0])  # type: ignore[assignment]
    staff.morale[0] = 0.2
    staff.assign(0, 0.0, 0.0, 10.0, 0.0)
    assert staff.free_at[0][0] * MINUTES_PER_DAY == pytest.approx(10.0 * (1 + 0.5 * 0.8))


def test_wages_every_day_and_quits_cost_a_hire() -> None:
    w = world("on_shift = 2\nopen_hours = 10\nwage_per_hour = 8\nquits_per_year = 50\nhiring_cost = 700",
              horizon=60.0)
    w.run()
    assert sum(w.ours.ledger.costs["staff_wages"]) == pytest.approx(60 * 2 * 10 * 8)
    quits = sum(w.ours.counters.series("staff_quits"))
    assert quits > 5 and sum(w.ours.ledger.costs["hiring"]) == pytest.approx(700 * quits)


def test_morale_raises_turnover() -> None:
    def quits(hit: float) -> float:
        w = world(f"quits_per_year = 2\nhostile_morale_hit = {hit}\novernight_recovery = 0", horizon=400.0)
        w.start()
        w.ours.staff.wear(0, hostile=True)
        w.env.run(until=400.0)
        return sum(w.ours.counters.series("staff_quits"))

    assert quits(0.9) > quits(0.0)


def test_an_impatient_customer_leaves_unserved() -> None:
    w = world("wait_tolerance_minutes = 1\ngive_up_factor = 1\nopening_hour = 0\nopen_hours = 24", initial=1)
    w.start()
    c = w.ours.customers[0]
    c.complaint_propensity = 0.0  # annoyed, but does not also queue to complain
    w.ours.staff.free_at[0] = (10.0, 0)  # the only server is busy for days
    assert w.ours.staff.checkout(c, unit_patience=1.0) is False
    assert sum(w.ours.counters.series("gave_up")) == 1 and sum(w.ours.counters.series("long_waits")) == 1
    assert w.ours.staff.free_at[0] == (10.0, 0) and math.isclose(c.goodwill.value, w.ours.effects["long_wait"])


def test_staff_is_its_own_module() -> None:
    assert Staff.__module__ == "sim.model.staff"


def test_wait_bins_give_the_exact_mean_and_p95_to_a_bin() -> None:
    from sim.model.waits import MonthWaits, mean, percentile

    values = [0.0] * 50 + [0.05, 1.23, 2.5, 7.77, 12.0] * 10
    w = MonthWaits()
    for v in values:
        w.add(v)
    assert mean(w) == pytest.approx(sum(values) / len(values))
    exact = sorted(values)[math.ceil(0.95 * len(values)) - 1]
    assert exact <= percentile(w, 0.95) <= exact + 0.1 + 1e-9
    assert percentile(MonthWaits(), 0.5) != percentile(MonthWaits(), 0.5)  # NaN when empty
