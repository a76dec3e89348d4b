"""One behaviour fitted to every documented case at once.

The shared behavioural parameters (how a price is felt against the price a customer is used to,
price sensitivity, what leavers tell prospects, ...) are set by dotted path in every documented
case's study alike, and the cases' figures are read from one replication each: Netflix 2011 (net
change of subscribers in the quarter of the change, DVD subscribers the next), Netflix 2014 and
2016 (the net additions a price change cost, paired against its counterfactual), and the headline
study's targets (late fees' share of a late-fee store's revenue, a subscription's monthly churn).
The figures of a point's replications make its synthetic likelihood against the documented values,
with each case's tolerance as the model error allowed, and the adaptive importance sampler of
sim.calibration.importance spends the budget, as `calibrate study` does.

Replication r of every case at every point uses the streams of replication r (common random
numbers), so points differ by their parameters, not by luck. The history replay (Blockbuster
against Netflix, 2000-2004) is not among the figures: one replication at full size costs as much as
all the others together many times over; it stays a validation case, checked after the fit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any

import numpy as np
from pydantic import Field, field_validator

from sim.calibration import importance, summary
from sim.calibration.points import run_jobs
from sim.config.base import Strict, param
from sim.config.calibration import MAX_BUDGET, MAX_REPLICATIONS, Prior, flatten_parameters
from sim.config.experiment import Experiment
from sim.config.load import check_path, with_values
from sim.validation import netflix_2011, netflix_2014, netflix_2016
from sim.validation.net_adds import DocumentedEffect, paired_effect
from sim.validation.runs import run_kpis, shipped_config


class JointFit(Strict):
    """The [calibration] table of a joint fit: priors of the shared parameters, runs to spend."""

    replications: int = param(2, "Replications per parameter point and case (common random numbers).",
                              ge=2, le=MAX_REPLICATIONS)
    budget: int = param(120, "Points x replications the fit may spend (each runs every case).", ge=2, le=MAX_BUDGET)
    seed: int = param(29, "Seed of the sampler's draws of parameter points.", ge=0, le=2**63 - 1)
    parameters: dict[str, Prior] = Field(
        min_length=1, description="Priors by dotted path, each set in every case's study alike.")

    @field_validator("parameters", mode="before")
    @classmethod
    def _flat(cls, value: Any) -> Any:
        return flatten_parameters(value)


@dataclass(frozen=True)
class Figure:
    """One documented figure: what it is, its value, and the model error allowed (relative)."""

    case: str
    what: str
    value: float
    tolerance: float


@dataclass(frozen=True)
class Case:
    """A documented case: its study and the figures one replication of it gives."""

    key: str
    config: str
    figures: tuple[Figure, ...]
    read: Callable[[Experiment, int], list[float]]


def read_2011(cfg: Experiment, replication: int) -> list[float]:
    figures = netflix_2011.replay(cfg, replication)
    return [figures["net"], figures["dvd"]]


def read_effect(case: DocumentedEffect, cfg: Experiment, replication: int) -> list[float]:
    return [paired_effect(cfg, replication, case.variant, case.counterfactual, case.months)]


def read_2014(cfg: Experiment, replication: int) -> list[float]:
    return read_effect(netflix_2014.CASE, cfg, replication)


def read_2016(cfg: Experiment, replication: int) -> list[float]:
    return read_effect(netflix_2016.CASE, cfg, replication)


def read_targets(cfg: Experiment, replication: int) -> list[float]:
    return [run_kpis(cfg, "late_fees", replication)["late_fee_share"],
            run_kpis(cfg, "subscription", replication)["monthly_churn_rate"]]


def mid(lo: float, hi: float) -> tuple[float, float]:
    """A documented range as a value and a relative tolerance: its middle, and half its width over it."""
    value = (lo + hi) / 2
    return value, abs((hi - lo) / 2 / value)


CASES = (
    Case("netflix_2011", "qwikster_2011.toml", (
        Figure("Netflix 2011", "net change of subscribers in the quarter of the change", -0.033, 0.45),
        Figure("Netflix 2011", "change of DVD subscribers in the next quarter", -0.20, 0.45)), read_2011),
    Case("netflix_2014", "netflix_2014.toml", (
        Figure("Netflix 2014", netflix_2014.CASE.what, netflix_2014.CASE.effect, 0.40),), read_2014),
    Case("netflix_2016", "netflix_2016.toml", (
        Figure("Netflix 2016", netflix_2016.CASE.what, netflix_2016.CASE.effect, 0.40),), read_2016),
    Case("targets", "blockbuster_vs_netflix.toml", (
        Figure("Calibration target", "late fees' share of revenue, late_fees", *mid(0.12, 0.20)),
        Figure("Calibration target", "monthly churn, subscription", *mid(0.04, 0.07))), read_targets),
)
FIGURES = tuple(f for case in CASES for f in case.figures)


@dataclass(frozen=True)
class Setup:
    """What the joint fit fits, to what, with how many runs."""

    priors: dict[str, Prior]
    replications: int
    points: int
    seed: int
    configs: dict[str, Experiment]  # each case's study, by case key

    @property
    def names(self) -> list[str]:
        return list(self.priors)

    @property
    def integers(self) -> tuple[bool, ...]:
        return tuple(False for _ in self.priors)

    def values(self, units: np.ndarray) -> np.ndarray:
        return np.column_stack([p.quantile(units[:, i]) for i, p in enumerate(self.priors.values())])


@dataclass(frozen=True)
class Posterior:
    """Every point run, its weight, and each replication's figures (points x replications x figures)."""

    setup: Setup
    units: np.ndarray
    values: np.ndarray
    weights: np.ndarray
    sims: np.ndarray
    stages: list[int]


def setup(fit: JointFit, budget: int | None, source: str) -> Setup:
    """The cases' studies, each checked to take every parameter path (a ConfigError names the path)."""
    configs = {case.key: shipped_config(case.config).config for case in CASES}
    for cfg in configs.values():
        tree = cfg.model_dump()
        for path, prior in fit.parameters.items():
            check_path(tree, path, source, "calibration.parameters")
            for end in (prior.low, prior.high):  # both ends of the prior are values the study takes
                with_values(cfg, {path: end}, source, "calibration.parameters")
    spend = fit.budget if budget is None else budget
    return Setup(fit.parameters, fit.replications, max(spend // fit.replications, 2), fit.seed, configs)


def run_key(case: str, values: dict[str, float], replication: int) -> str:
    return json.dumps([case, values, replication], sort_keys=True)


def read_case(key: str, cfg: Experiment, values: dict[str, float], replication: int) -> list[float]:
    """One replication of one case at one parameter set (top level, so a process pool can pickle it)."""
    case = next(c for c in CASES if c.key == key)
    return case.read(with_values(cfg, values, "<joint fit>", "calibration.parameters"), replication)


def calibrate(s: Setup, pool: tuple[Executor | None, int], done: dict[str, list[float]],
              record: Callable[[str, list[float]], None], planned: Callable[[int], None]) -> Posterior:
    """Spend the budget stage by stage; `done` holds runs already made, `record` files each new one."""
    observed = np.array([f.value for f in FIGURES])
    tolerance = np.array([f.tolerance for f in FIGURES])

    def evaluate(units: np.ndarray) -> np.ndarray:
        return _simulate(s, s.values(units), pool, done, record, planned)

    found = importance.sample(s.points, len(s.priors), s.seed, observed, tolerance, np.ones(len(FIGURES)), evaluate)
    return Posterior(s, found.units, s.values(found.units), found.weights, found.sims, found.stages)


def _simulate(s: Setup, values: np.ndarray, pool: tuple[Executor | None, int], done: dict[str, list[float]],
              record: Callable[[str, list[float]], None], planned: Callable[[int], None]) -> np.ndarray:
    sets = [dict(zip(s.names, map(float, row))) for row in values]
    keys = [[[run_key(c.key, v, r) for c in CASES] for r in range(s.replications)] for v in sets]
    jobs = {}
    for v, per_rep in zip(sets, keys):
        for r, row in enumerate(per_rep):
            for case, key in zip(CASES, row):
                if key not in done and key not in jobs:
                    jobs[key] = (case.key, s.configs[case.key], v, r)
    planned(len(jobs))

    def sink(key: str, figures: list[float]) -> None:
        done[key] = figures
        record(key, figures)

    run_jobs(pool, read_case, list(jobs.items()), sink)
    return np.array([[sum((done[key] for key in row), []) for row in per_rep] for per_rep in keys], dtype=float)


def diagnostics(post: Posterior, wall_seconds: float, runs_now: int) -> dict[str, Any]:
    """diagnostics.json: the parameters' intervals, each documented figure beside its predictive band,
    and how far to trust the sample."""
    band = summary.predictive(post.sims, post.weights)
    errors = summary.mc_error(post.sims, post.weights)
    figures = [{"case": f.case, "what": f.what, "documented": f.value, "tolerance": f.tolerance,
                "mean": float(np.average(post.sims[:, :, k].mean(axis=1), weights=post.weights)),
                "mc_error": float(errors[k]),
                **{f"p{round(q * 100):02d}": float(v) for q, v in zip(summary.QUANTILES, band[k])}}
               for k, f in enumerate(FIGURES)]
    return {
        "method": "adaptive importance sampling, synthetic likelihood (sim/calibration/importance.py)",
        "runs_used": int(post.sims.shape[0] * post.sims.shape[1]) * len(CASES),
        "runs_simulated_this_session": runs_now, "wall_time_seconds": round(wall_seconds, 1),
        "parameter_points": int(len(post.weights)), "replications_per_point": post.setup.replications,
        "stages": post.stages, "effective_sample_size": importance.effective_sample_size(post.weights),
        "acceptance": float(summary.kept(post.weights).mean()),
        "parameters": summary.parameters(post), "correlations": summary.correlations(post), "figures": figures,
    }
