"""How big a study is, measured before any of it is done, and the limits it must stay within.

A study is points x replications x variants runs, each simulating some customers. Measuring that
before the sweep grid is expanded (each point is a validated experiment: about 30 kB and 0.7-1.8 ms)
keeps a mistyped grid or replication count from eating the machine's memory or days of time.
The soft limits are what a working day on a few cores can do; `--force` lifts them. The grid's
hard limit does not move: beyond it expanding the grid alone costs gigabytes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.config.base import ConfigError
from sim.config.experiment import MAX_REPLICATIONS, Experiment

if TYPE_CHECKING:
    from sim.config.load import LoadedExperiment

MAX_GRID_POINTS = 10_000  # hard: a grid of this many points takes ~0.3 GB and ~7 s to expand
MAX_RUNS = 100_000  # soft
MAX_CUSTOMERS_PER_RUN = 1_000_000  # soft: ~3 kB a customer, so ~3 GB in each worker
MAX_CUSTOMERS = 100_000_000  # soft: ~12 hours on one core
MAX_VARIANTS = 30  # soft: every plot and table of the report draws each variant (13 in the largest example)
SECONDS_PER_CUSTOMER = 0.00045  # docs/performance.md: 271,000 customers in 122 s
DAYS_PER_MONTH = 365.25 / 12


@dataclass(frozen=True)
class WorkSize:
    """Points x replications x variants runs of about `customers_per_run` customers each."""

    points: int
    replications: int
    variants: int
    customers_per_run: float

    @property
    def runs(self) -> int:
        return self.points * self.replications * self.variants

    @property
    def customers(self) -> float:
        return self.runs * self.customers_per_run

    def describe(self) -> str:
        sizes = " x ".join(_count(n, noun) for n, noun in
                           ((self.points, "point"), (self.replications, "replication"), (self.variants, "variant")))
        return (f"{self.runs:,} runs ({sizes}) of about {_number(self.customers_per_run)} customers, "
                f"{_number(self.customers)} in all: {_duration(self.customers * SECONDS_PER_CUSTOMER)} on one core")

    def over_limits(self) -> list[str]:
        """The soft limits this work exceeds, each as 'what > limit'."""
        checks = ((self.variants, MAX_VARIANTS, "variants"),
                  (self.runs, MAX_RUNS, "runs"),
                  (self.customers_per_run, MAX_CUSTOMERS_PER_RUN, "customers a run"),
                  (self.customers, MAX_CUSTOMERS, "customers in all"))
        return [f"{_number(value)} {what} > {limit:,}" for value, limit, what in checks if value > limit]


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _duration(seconds: float) -> str:
    """Rough time in words: the estimate is good to a factor of two at best."""
    if seconds < 60:
        return "under a minute"
    if seconds < 7200:
        return f"about {_count(round(seconds / 60), 'minute')}"
    return f"about {_number(seconds / 3600)} hours"


def _number(x: float) -> str:
    """1,234,567 up to a trillion, then 1.2e+15: a count nobody will run needs no digits."""
    return f"{x:,.0f}" if x < 1e12 else f"{x:.2g}"


def grid_points(sweep: dict[str, list[Any]]) -> int:
    """Points of a sweep grid: the product of its list lengths (1 without a sweep)."""
    return math.prod(len(values) for values in sweep.values())


def check_grid(sweep: dict[str, list[Any]], source: str) -> None:
    """Refuse a grid beyond the hard limit, before any point of it is made."""
    points = grid_points(sweep)
    if points > MAX_GRID_POINTS:
        sizes = " x ".join(f"{len(values):,}" for values in sweep.values())
        raise ConfigError(source, "sweep", f"the grid has {points:,} points ({sizes}); at most "
                          f"{MAX_GRID_POINTS:,}, even with --force: split it into several studies")


def expected_customers(config: Experiment) -> float:
    """Customers one run simulates, estimated from above: the initial base and marketing's joiners
    over the horizon (every firm's: ours, each rival's, and a Bass diffusion's whole potential),
    times what referrals add: each customer referring for the whole horizon, or, where referrals
    outrun the mean baseline churn, compound growth at the difference (a base that grows like that
    never finishes). A swept parameter counts at its largest value."""
    dump = config.model_dump()

    def largest(path: str) -> float:
        node: Any = dump
        for part in path.split("."):
            node = node[part]
        swept = [v for v in config.sweep.get(path, [])
                 if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]
        return float(max([node, *swept]))

    months = largest("experiment.horizon_days") / DAYS_PER_MONTH
    join = largest("scenario.customers.base_join_probability")
    marketing = largest("scenario.customers.marketing_prospects_per_month") * months * join
    for name, rival in config.scenario.rivals.items():
        marketing += rival.initial_customers
        marketing += largest(f"scenario.rivals.{name}.marketing_prospects_per_month") * months * join
    if config.scenario.market.arrivals == "bass":
        marketing += largest("scenario.market.diffusion.potential") * join
    referred = largest("scenario.word_of_mouth.referrals_per_month") * min(
        1.0, join * largest("scenario.word_of_mouth.referral_join_boost"))
    growth = min((referred - _mean_churn(config)) * months, 700.0)  # math.exp overflows past 709
    return (largest("scenario.customers.initial") + marketing) * max(1.0 + referred * months, math.exp(growth))


def _mean_churn(config: Experiment) -> float:
    """Mean baseline churn a month over the segment mixture (the mean of each beta)."""
    segments = config.scenario.customers.segments
    total = sum(s.share for s in segments)
    return sum(s.share * s.churn_alpha / (s.churn_alpha + s.churn_beta) for s in segments) / total


def measure(config: Experiment, points: int, replications: int, variants: int | None = None) -> WorkSize:
    """The work of running `config` at `points` points (all its variants unless told)."""
    return WorkSize(points, replications, len(config.variants) if variants is None else variants,
                expected_customers(config))


def refuse_too_big(work: WorkSize, source: str, force: bool = False) -> None:
    """Refuse work beyond a soft limit unless forced; the message says how big it is."""
    over = work.over_limits()
    if over and not force:
        raise ConfigError(source, "", f"the study is too big: {work.describe()}; over the limit: "
                          f"{', '.join(over)}; give --force to run it anyway")


def check_replications(replications: int, source: str) -> int:
    """Replications asked for on the command line obey experiment.replications' limit."""
    if not 1 <= replications <= MAX_REPLICATIONS:
        raise ConfigError(source, "experiment.replications",
                          f"{replications:,} replications asked for; allowed: 1 to {MAX_REPLICATIONS:,}")
    return replications


def check_work(loaded: "LoadedExperiment", replications: int | None = None, force: bool = False) -> WorkSize:
    """The size of running `loaded` (its sweep grid, `replications` or the config's, every
    variant), checked before anything is expanded or run. Replications beyond the limit of
    experiment.replications are refused even with `force`."""
    reps = check_replications(
        loaded.config.experiment.replications if replications is None else replications, loaded.source)
    work = measure(loaded.config, loaded.point_count, reps)
    refuse_too_big(work, loaded.source, force)
    return work
