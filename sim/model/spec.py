"""What one replication of one variant needs: its own module, so that the pre-history
(sim.model.prehistory) can describe a run without importing the World that runs it."""

from __future__ import annotations

from dataclasses import dataclass

from sim.config.levers import Variant
from sim.config.scenario import Scenario

@dataclass(frozen=True)
class RunSpec:
    """Everything one replication of one variant needs."""

    scenario: Scenario
    variant: Variant
    root_seed: int
    replication: int
    horizon_days: float
    warmup_days: float = 0.0
    change_window: tuple[float, float] | None = None  # the study's first change: (announced, in force)
    stream_space: str = ""  # a namespace of random streams apart from the main run's (a pre-history's)
    cohort_joined_over_month: bool = False  # a fresh base joined over the month before day 0 (a pre-history's)
