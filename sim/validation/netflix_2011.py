"""Netflix's 2011 price change (configs/qwikster_2011.toml, variant `price_split_2011`).

The DVD + streaming plan rose 60% ($9.99 to $15.98), announced on 12 July and in force for
existing members on 1 September. Expected, scaled to the simulated base: in that quarter (July to
September) total subscribers fell about 3.3% net (24.59M to 23.79M) while about 4.7M gross
additions went on; the next quarter DVD subscribers fell about 20% (13.93M to 11.17M) as many
moved to streaming only. Pass rule: the mean over replications inside the stated ranges, -5% to
-2% and -30% to -12%, with gross additions of at least 5% of the base in the quarter.
Observed: the monthly series of active customers, joins and customers per plan at month starts.
"""

from __future__ import annotations

from collections.abc import Callable

from sim.config import Experiment
from sim.runner import Task, execute
from sim.validation.check import Check, pct, replication_interval, span
from sim.validation.runs import shipped_config
from sim.validation.work import SERIAL, Work

NAME = "Netflix 2011"
VARIANT = "price_split_2011"
DVD_PLANS = ("plan_dvd", "plan_dvd_and_streaming")
Q3, Q4, END = 6, 9, 12  # month starts: 1 July, 1 October and 1 January (day 0 is 1 January 2011)
TARGETS = {"net": (-0.05, -0.02), "dvd": (-0.30, -0.12), "gross_adds": (0.05, 1.0)}


def quarter_figures(series: list[tuple[int, str, float]]) -> dict[str, float]:
    """Net change of subscribers over the third quarter, gross additions in it (both against the
    base on 1 July), and the change of DVD subscribers over the fourth."""
    by_name: dict[str, dict[int, float]] = {}
    for month, name, value in series:
        by_name.setdefault(name, {})[month] = value
    active = by_name["active_customers"]

    def dvd(month: int) -> float:
        return sum(by_name.get(plan, {}).get(month, 0.0) for plan in DVD_PLANS)

    return {
        "net": active[Q4] / active[Q3] - 1.0,
        "dvd": dvd(END) / dvd(Q4) - 1.0,
        "gross_adds": sum(by_name["joined"][m] for m in range(Q3, Q4)) / active[Q3],
    }


WHAT: dict[str, tuple[str, Callable[[float], str]]] = {
    "net": ("net change of subscribers in the quarter of the change", pct),
    "dvd": ("change of DVD subscribers in the next quarter", pct),
    "gross_adds": ("gross additions in the quarter of the change, share of the base", pct),
}


def replay(cfg: Experiment, replication: int) -> dict[str, float]:
    """The quarter figures of one replication (top-level, so an executor can run it)."""
    return quarter_figures(execute(cfg, Task(0, replication, VARIANT), cfg.experiment.seed).series)


def run(quick: bool, targets: dict[str, tuple[float, float]] = TARGETS, work: Work = SERIAL) -> list[Check]:
    cfg = shipped_config("qwikster_2011.toml").config
    reps = 3 if quick else cfg.experiment.replications
    figures = work.map(replay, work.configs(cfg, reps), range(reps))
    checks = []
    for key, (lo, hi) in targets.items():
        mean, low, high = replication_interval([f[key] for f in figures])
        what, fmt = WHAT[key]
        expected = f"{fmt(lo)} to {fmt(hi)}" if hi < 1.0 else f"at least {fmt(lo)}"
        checks.append(Check(f"{NAME}: {what}", expected, pct(mean), span(low, high, "pct", 1), lo <= mean <= hi,
                            f"qwikster_2011, {reps} replications; 99% t interval; pass when the mean is in range "
                            "(Netflix: -3.3% net with 4.7M gross additions; DVD -20% the next quarter)"
                            + work.behaviour_note()))
    return checks
