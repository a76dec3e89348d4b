"""Running the validation scenarios: TOML text -> records or KPIs, through the model's own entry
points (sim.model.world.simulate and sim.runner.execute), never a shortcut around them."""

from __future__ import annotations

from pathlib import Path

from sim.config import Experiment, LoadedExperiment, load_experiment, parse_experiment
from sim.errors import UserError
from sim.model.world import RunRecords, RunSpec, simulate
from sim.runner import Task, execute
from sim.validation.work import SERIAL, Work

VARIANT = "v"
CONFIGS = Path(__file__).resolve().parents[2] / "configs"
# Behaviour effects off: no goodwill in churn, no referrals, no reputation, no billing errors, no queue.
QUIET = """
[scenario.goodwill]
kappa = 0.0
[scenario.word_of_mouth]
referrals_per_month = 0.0
reputation_hit = 0.0
price_reputation_hit = 0.0
[scenario.complaints]
billing_error_rate = 0.0
[scenario.staff]
on_shift = 50
wait_tolerance_minutes = 1e9
"""


def experiment(toml: str) -> Experiment:
    return parse_experiment(toml, "<validation>").config


def records(toml: str, seed: int, replication: int, horizon_days: float) -> RunRecords:
    """One replication of the scenario's variant `v`, as raw records."""
    cfg = experiment(toml)
    return simulate(RunSpec(cfg.scenario, cfg.variants[VARIANT], seed, replication, horizon_days))


def run_kpis(cfg: Experiment, variant: str, replication: int) -> dict[str, float]:
    """KPIs of one replication of a variant, with the experiment's seed and horizon."""
    return execute(cfg, Task(0, replication, variant), cfg.experiment.seed).kpis


def kpis(toml: str, variant: str, replications: int, work: Work = SERIAL) -> list[dict[str, float]]:
    """KPIs of `replications` replications of one variant, run on `work`."""
    cfg = experiment(toml)
    return work.map(run_kpis, [cfg] * replications, [variant] * replications, range(replications))


def shipped_config(name: str) -> LoadedExperiment:
    """One of the project's configs/ (the headline study, the TARP scenario)."""
    path = CONFIGS / name
    if not path.is_file():
        raise UserError(f"{path}: validation needs the project's configs/ folder (run from a source checkout)")
    return load_experiment(path)
