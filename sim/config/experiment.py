"""An experiment: a scenario, named variants, replications, seed, horizon, warm-up and a sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field, field_validator, model_validator

from sim.config.base import DAYS_MAX, Name, Strict, param
from sim.config.calibration import Calibration
from sim.config.levers import Variant
from sim.config.observed import Observed
from sim.config.scenario import Scenario
from sim.config.timeline import MONTH, first_problem
from sim.config.uncertainties import Uncertainty

MAX_REPLICATIONS = 100_000


class Meta(Strict):
    """The [experiment] table."""

    name: Name = param("experiment", "Name of the experiment; results go to results/<name>/.")
    description: str = param("", "What the experiment asks.")
    replications: int = param(
        10, "Independent replications per variant, the same at every sweep point (--replications overrides it "
        "within the same limits).", ge=1, le=MAX_REPLICATIONS,
    )
    seed: int = param(12345, "Root seed of every random stream.", ge=0, le=2**63 - 1)
    horizon_days: float = param(1095.0, "Simulated days (3 years).", gt=0.0, le=DAYS_MAX)
    warmup_days: float = param(0.0, "Days left out of the statistics.", ge=0.0, le=DAYS_MAX)
    start_date: dt.date | None = param(
        None, "Calendar date of day 0 (YYYY-MM-DD): observed series are matched to simulated days by it.")
    scale: float = param(
        1.0, "Real households per simulated household: simulated counts and money are reported times this "
        "beside observed series (rates as they are).", gt=0.0, le=1e9)

    @model_validator(mode="after")
    def _warmup_inside_horizon(self) -> "Meta":
        if self.warmup_days >= self.horizon_days:
            raise ValueError(
                f"warmup_days ({self.warmup_days:g}) must be less than horizon_days ({self.horizon_days:g})"
            )
        return self


class Experiment(Strict):
    """A whole experiment file, validated."""

    experiment: Meta = Field(default_factory=Meta)
    scenario: Scenario = Field(default_factory=Scenario)
    variants: dict[Name, Variant] = Field(min_length=1)
    sweep: dict[str, list[Any]] = Field(
        default_factory=dict,
        description="Grid over dotted parameter paths, e.g. variants.subscription.pricing.monthly_fee.",
    )
    uncertainties: dict[str, Uncertainty] = Field(
        default_factory=dict,
        description="Ranges of uncertain parameters by dotted path (list items by index), for sensitivity.",
    )
    observed: Observed | None = Field(
        default=None, description="Observed series to lay the run over (sim/config/observed.py).")
    calibration: Calibration | None = Field(
        default=None, description="Parameters to fit to the observed series, with priors (sim/config/calibration.py).")

    @field_validator("variants")
    @classmethod
    def _one_baseline(cls, variants: dict[str, Variant]) -> dict[str, Variant]:
        baselines = [n for n, v in variants.items() if v.baseline]
        if len(baselines) != 1:
            found = ", ".join(baselines) if baselines else "none"
            raise ValueError(f"exactly one variant must have baseline = true (found: {found})")
        return variants

    @field_validator("sweep")
    @classmethod
    def _non_empty_lists(cls, sweep: dict[str, list[Any]]) -> dict[str, list[Any]]:
        for path, values in sweep.items():
            if not values:
                raise ValueError(f"sweep '{path}' needs at least one value")
        return sweep

    @model_validator(mode="after")
    def _observed_has_a_calendar(self) -> "Experiment":
        if self.observed is not None and self.experiment.start_date is None:
            raise ValueError("experiment.start_date: an [observed] file needs the calendar date of day 0 "
                             "(start_date = YYYY-MM-DD)")
        return self

    @model_validator(mode="after")
    def _calibration_has_targets(self) -> "Experiment":
        if self.calibration is not None and self.observed is None:
            raise ValueError("calibration: a [calibration] table fits the study to observed series: name them in "
                             "an [observed] table (file = \"...csv\")")
        return self

    @model_validator(mode="after")
    def _timelines_fit(self) -> "Experiment":
        """Each variant's changes take effect within the horizon, name levers, and set values they accept."""
        for name, variant in self.variants.items():
            problem = first_problem(variant, self.experiment.horizon_days)
            if problem:
                raise ValueError(f"variants.{name}.{problem[0]}: {problem[1]}")
        for name, rival in self.scenario.rivals.items():
            problem = first_problem(rival, self.experiment.horizon_days)
            if problem:
                raise ValueError(f"scenario.rivals.{name}.{problem[0]}: {problem[1]}")
            early = [c for c in rival.changes if c.announced < rival.enters_month * MONTH]
            if early:
                raise ValueError(f"scenario.rivals.{name}.changes: a change announced on day {early[0].announced:g}, "
                                 f"before the rival opens (month {rival.enters_month:g})")
            if rival.enters_month * MONTH >= self.experiment.horizon_days:
                raise ValueError(f"scenario.rivals.{name}.enters_month: the rival would open on or after the "
                                 f"horizon (day {self.experiment.horizon_days:g})")
        return self

    @property
    def baseline(self) -> str:
        """Name of the baseline variant."""
        return next(n for n, v in self.variants.items() if v.baseline)
