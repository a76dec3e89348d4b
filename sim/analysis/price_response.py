"""A price-response curve: the share of the base a price rise loses against the steady business,
some months after the rise, by the size of the rise and the way it is made.

A study is a price-response study when it is recognised from its variants, with no key of its own:
at least two variants differ from the baseline by exactly one dated change that sets only the
subscription's `pricing.monthly_fee`, above the baseline's fee. The size of a rise is that fee over
the baseline's, less one; its way is what the change says about who pays when (at once, with
notice, grandfathered). configs/price_response.toml is such a study (so is configs/price_increase.toml).

Replication r of every variant meets the same customers, so the share lost is paired per
replication, 1 - active_r(variant) / active_r(baseline) at the start of the month `months` after
the change takes effect, and its interval is a t interval over replications. When the run drew a
parameter set per replication (`policysim run --posterior`), the replications differ in their
parameters too, so the interval includes parameter uncertainty.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.analysis.intervals import Interval, t_interval
from sim.analysis.results import Results
from sim.analysis.series import series_grid
from sim.config import Experiment, parse_experiment
from sim.config.levers import Variant
from sim.config.timeline import MONTH, Change

FEE = "pricing.monthly_fee"
MONTHS_AFTER = (3, 12)


@dataclass(frozen=True)
class Rise:
    """One variant's price rise: its size (0.2 is +20%), the way it is made, the month it takes effect."""

    variant: str
    size: float
    way: str
    month: float


@dataclass(frozen=True)
class Point:
    """The share of the base lost by one rise, `months` after it takes effect (positive: fewer customers)."""

    rise: Rise
    months: int
    lost: Interval


def way_of(change: Change) -> str:
    """How a rise reaches the existing customers, in words a pricing team uses."""
    parts = []
    if change.existing_customers == "after_grandfathering":
        parts.append(f"grandfathered {change.grandfather_months:g} months")
    elif change.existing_customers == "never":
        parts.append("new customers only")
    if change.notice_days > 0:
        parts.append(f"{change.notice_days:g} days' notice")
    return ", ".join(parts) or "at once"


def price_rises(config: Experiment) -> list[Rise]:
    """The variants that are single monthly-fee rises against the baseline; empty unless two or more."""
    baseline = next(v for v in config.variants.values() if v.baseline)
    fee = getattr(baseline.pricing, "monthly_fee", None)
    if not isinstance(fee, (int, float)) or fee <= 0:
        return []
    rises = [r for name, v in config.variants.items() if not v.baseline
             for r in [_rise(name, v, baseline, float(fee))] if r is not None]
    return rises if len(rises) >= 2 else []


def _rise(name: str, variant: Variant, baseline: Variant, fee: float) -> Rise | None:
    own = [c for c in variant.changes if c not in baseline.changes]
    if len(own) != 1 or set(own[0].set) != {FEE} or type(variant.pricing) is not type(baseline.pricing):
        return None
    new = own[0].set[FEE]
    if not isinstance(new, (int, float)) or new <= fee:
        return None
    return Rise(name, float(new) / fee - 1.0, way_of(own[0]), own[0].day / MONTH)


def share_lost(results: Results, rise: Rise, months: int, point: int = 0) -> Interval:
    """Paired share of the baseline's active customers the rise has lost `months` after it takes effect
    (nan when that month is past the horizon)."""
    month = math.ceil(rise.month - 1e-9) + months
    base = series_grid(results, "active_customers", results.baseline, point)
    ours = series_grid(results, "active_customers", rise.variant, point)
    if month >= min(base.shape[1], ours.shape[1]):
        return t_interval([])
    reps = min(base.shape[0], ours.shape[0])
    b, v = base[:reps, month], ours[:reps, month]
    with np.errstate(divide="ignore", invalid="ignore"):
        lost = np.where(b > 0, 1.0 - v / b, np.nan)
    return t_interval(lost)


def curve(results: Results, rises: list[Rise], months_after: tuple[int, ...] = MONTHS_AFTER,
          point: int = 0) -> list[Point]:
    """Every rise at every delay, in order of way, then size."""
    ordered = sorted(rises, key=lambda r: (ways(rises).index(r.way), r.size))
    return [Point(r, m, share_lost(results, r, m, point)) for m in months_after for r in ordered]


def ways(rises: list[Rise]) -> list[str]:
    """The ways of raising, in the order the study first names them."""
    return list(dict.fromkeys(r.way for r in rises))


def stored_rises(results: Results) -> list[Rise]:
    """The rises of the study as run (from its stored config.toml); empty when it is not one."""
    if not results.config_text:
        return []
    return price_rises(parse_experiment(results.config_text, str(results.path / "config.toml")).config)


def posterior_note(results: Results) -> str:
    """Whether the bands include parameter uncertainty, from the manifest."""
    posterior = results.manifest.get("posterior")
    if isinstance(posterior, dict):
        return f"with parameter uncertainty ({posterior.get('sets')} parameter sets)"
    return "one parameter set (no --posterior)"
