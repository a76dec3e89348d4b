"""The staff desk against Erlang C: Poisson complaints, exponential handle times, c staff.

A desk open around the clock (its clock is then the
model's), no checkouts, no morale slowdown; Poisson arrivals are fed to the model's own queue
(Staff.first_free / Staff.assign). Expected: Erlang C's P(wait > 0) and mean wait
P(wait) / (c mu - lambda). Observed: both after a warm-up, 99% t interval over replications.
"""

from __future__ import annotations

import math

import numpy as np

from sim.model.staff import MINUTES_PER_DAY
from sim.model.world import RunSpec, World
from sim.rng import generator
from sim.validation.check import Check, point, replication_interval
from sim.validation.runs import VARIANT, experiment
from sim.validation.work import SERIAL, Work

NAME = "Erlang C, staff desk"
C, MEAN_MINUTES, RHO = 3, 15.0, 0.8
LAMBDA = RHO * C / MEAN_MINUTES  # arrivals per minute
SEED = 11
TOML = f"""
[scenario.customers]
initial = 0
marketing_prospects_per_month = 0
[scenario.staff]
on_shift = {C}
opening_hour = 0
open_hours = 24
distribution = "exponential"
complaint_minutes = {MEAN_MINUTES}
slowdown = 0
[variants.v]
baseline = true
"""


def erlang_c(c: int, offered: float) -> float:
    """P(wait > 0) in M/M/c with offered load a = lambda / mu."""
    top = offered**c / math.factorial(c) * c / (c - offered)
    below = sum(offered**k / math.factorial(k) for k in range(c))
    return top / (below + top)


def one_replication(rep: int, arrivals: int, warmup: int) -> tuple[float, float]:
    """Mean wait (minutes) and share who waited, after a warm-up, in one run of the desk."""
    cfg = experiment(TOML)
    staff = World(RunSpec(cfg.scenario, cfg.variants[VARIANT], SEED, rep, 10_000.0)).ours.staff
    gaps = generator(1000 + rep).exponential(1.0 / LAMBDA, arrivals) / MINUTES_PER_DAY
    waits = []
    for t in np.cumsum(gaps).tolist():
        i, start = staff.first_free(t)
        waits.append(staff.assign(i, start, t, MEAN_MINUTES, 0.0))
    kept = np.array(waits[warmup:])
    return float(kept.mean()), float((kept > 0).mean())


def run(quick: bool, p_wait: float | None = None, mean_wait: float | None = None,
        work: Work = SERIAL) -> list[Check]:
    reps, arrivals = (10, 20_000) if quick else (20, 50_000)
    p = erlang_c(C, LAMBDA * MEAN_MINUTES) if p_wait is None else p_wait
    w = p / (C / MEAN_MINUTES - LAMBDA) if mean_wait is None else mean_wait
    runs = np.array(work.map(one_replication, range(reps), [arrivals] * reps, [2_000] * reps))
    how = f"M/M/{C}, load {RHO:g}, {MEAN_MINUTES:g}-minute calls; {arrivals:,} arrivals less 2,000 warm-up; " \
          f"99% t over {reps} replications"
    checks = []
    for k, (label, expected) in enumerate((("mean wait (minutes)", w), ("P(wait > 0)", p))):
        mean, low, high = replication_interval(runs[:, k])
        checks.append(point(f"{NAME}: {label}", expected, mean, low, high, how))
    return checks
