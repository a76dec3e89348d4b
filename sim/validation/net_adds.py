"""What a dated price change did to net additions: the paired effect of a variant against its
counterfactual in the same replication (the same households and draws), over the months a company
reported, as a share of the base at the first of them. The documented cases of 2014 and 2016 are
read this way, so a base that grows or shrinks on its own does not count as the change's effect.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import Experiment
from sim.runner import Task, execute
from sim.validation.check import Check, pct, replication_interval, span
from sim.validation.runs import shipped_config
from sim.validation.work import SERIAL, Work

TOLERANCE = 0.40  # a documented net effect is an estimate against a counterfactual of its own


def monthly(cfg: Experiment, replication: int, variant: str) -> dict[str, dict[int, float]]:
    """The monthly series of one replication of a variant, by name and month."""
    out: dict[str, dict[int, float]] = {}
    for month, series, value in execute(cfg, Task(0, replication, variant), cfg.experiment.seed).series:
        out.setdefault(series, {})[month] = value
    return out


def paired_effect(cfg: Experiment, replication: int, variant: str, counterfactual: str,
                  months: range) -> float:
    """Net additions over `months` as it happened less those of the counterfactual, over the
    counterfactual's customers at the start of the first month."""
    happened, instead = monthly(cfg, replication, variant), monthly(cfg, replication, counterfactual)
    base = instead["active_customers"][months.start]
    return sum(happened["net_adds"][m] - instead["net_adds"][m] for m in months) / base


@dataclass(frozen=True)
class DocumentedEffect:
    """A documented case: a study, the variant as it happened and its counterfactual, the months
    the company reported, and the net additions the change cost as a share of the base."""

    name: str
    config: str
    variant: str
    counterfactual: str
    months: range
    effect: float
    what: str
    source: str
    digits: int = 1

    def run(self, quick: bool, work: Work = SERIAL) -> list[Check]:
        """One line: the mean paired effect over replications; not counted until the joint fit."""
        cfg = shipped_config(self.config).config
        reps = 3 if quick else cfg.experiment.replications
        effects = work.map(paired_effect, work.configs(cfg, reps), range(reps), [self.variant] * reps,
                           [self.counterfactual] * reps, [self.months] * reps)
        mean, low, high = replication_interval(effects)
        lo, hi = sorted((self.effect * (1 - TOLERANCE), self.effect * (1 + TOLERANCE)))
        d = self.digits
        return [Check(f"{self.name}: {self.what}", f"{pct(lo, d)} to {pct(hi, d)}", pct(mean, d),
                      span(low, high, "pct", d), lo <= mean <= hi,
                      f"{self.config.removesuffix('.toml')}, {reps} replications, paired against "
                      f"{self.counterfactual}; 99% t interval ({self.source}){work.behaviour_note()}",
                      fitted=work.behaviour is not None)]
