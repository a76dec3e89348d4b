"""The calibration targets of the headline study (configs/blockbuster_vs_netflix.toml).

Expected: late fees 12-20% of revenue in `late_fees` (Blockbuster around 2000: about 16%) and
monthly churn 4-7% in `subscription` (Netflix 2003-2005 reported 4.3-5.6%, about 7% in 2002).
Observed: the KPI's mean over replications run by sim.runner.execute, with its 99% t interval.
The targets are ranges of reported figures, so the pass rule is the mean inside the range.
"""

from __future__ import annotations

from sim.validation.check import Check, pct, replication_interval, span
from sim.validation.runs import run_kpis, shipped_config
from sim.validation.work import SERIAL, Work

NAME = "Calibration target"
TARGETS = {("late_fees", "late_fee_share"): (0.12, 0.20), ("subscription", "monthly_churn_rate"): (0.04, 0.07)}


def run(quick: bool, targets: dict[tuple[str, str], tuple[float, float]] = TARGETS,
        work: Work = SERIAL) -> list[Check]:
    cfg = shipped_config("blockbuster_vs_netflix.toml").config
    reps = 3 if quick else cfg.experiment.replications
    runs = {variant: work.map(run_kpis, work.configs(cfg, reps), [variant] * reps, range(reps))
            for variant in dict.fromkeys(v for v, _ in targets)}
    checks = []
    for (variant, kpi), (lo, hi) in targets.items():
        values = [k[kpi] for k in runs[variant]]
        mean, low, high = replication_interval(values)
        checks.append(Check(f"{NAME}: {kpi} of {variant}", f"{pct(lo, 0)}-{pct(hi, 0)}", pct(mean, 2),
                            span(low, high, "pct", 2), lo <= mean <= hi,
                            f"blockbuster_vs_netflix, {reps} replications of {cfg.experiment.horizon_days:g} days; "
                            "99% t interval; pass when the mean is inside the reported range" + work.behaviour_note()))
    return checks
